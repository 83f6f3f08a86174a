import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../core/errors/errors.js';
import { OUTLIER_THRESHOLDS, type IntensityComparison } from './intensity.rules.js';

/** Domain rule 6: a figure over fewer than this many distinct youths is withheld. */
export const MIN_YOUTHS = 5;

/*
 * Statistical disclosure control. Suppressing small groups table by table is not enough: two
 * published figures can be subtracted (two periods a day apart, a total minus its parts, a region
 * minus a municipality) to isolate a few youths. Three measures together stop that:
 * 1. a fixed period grid (`assertCalendarPeriod`): only complete calendar months, quarters and
 *    years, so two periods are nested or disjoint and a published period never changes by the day;
 * 2. the cell-key method of ONS and ABS (`perturbByCellKey`): every count and sum gets noise that
 *    follows from its records' fixed keys, the same in every table, never cancelled by subtraction;
 * 3. primary and complementary suppression within each table (`suppressSmallGroups`).
 */

export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The last day of the `months`-month period starting on the first day `start` (YYYY-MM-01). */
function periodEnd(start: string, months: number): string {
  const [y, m] = start.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, 0));
  return `${end.getUTCFullYear()}-${pad2(end.getUTCMonth() + 1)}-${pad2(end.getUTCDate())}`;
}

/** The grid: each kind of period, its length in months, and the months it can start in. */
const GRID: readonly [PeriodKind, number, (month: number) => boolean][] = [
  ['MONTH', 1, () => true],
  ['QUARTER', 3, (month) => month % 3 === 1],
  ['YEAR', 12, (month) => month === 1],
];

/**
 * Figures are published for a fixed grid of periods only: one whole calendar month, quarter or
 * year (closing dates in Europe/Amsterdam) that is over (`to` before `today`). Two such periods are
 * either nested or disjoint, so no two of them differ by a day or a few; and a period's figures
 * do not move from one day to the next.
 */
export function assertCalendarPeriod(from: string, to: string, today: string): PeriodKind {
  const [, month, day] = from.split('-').map(Number);
  if (day !== 1) throw BadUserInputError.field('from', 'NOT_A_PERIOD_START');
  const kind = GRID.find(([, months, startsIn]) => startsIn(month) && periodEnd(from, months) === to)?.[0];
  if (!kind) throw BadUserInputError.field('to', 'NOT_A_PERIOD_END');
  if (to >= today) throw BadUserInputError.field('to', 'PERIOD_NOT_OVER');
  return kind;
}

/** The last complete calendar year before `today`: what is published when no period is chosen. */
export function lastCompleteYear(today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * Domain rule 6 for one breakdown: which groups of a partition of a published total to withhold,
 * given each group's number of distinct youths.
 * - primary: every group with 1–4 youths;
 * - secondary (complementary): while the withheld groups could be recovered as total minus the
 *   published groups — only one group withheld, or the withheld groups together fewer than 5
 *   youths — also withhold the smallest group still published.
 * A group with 0 youths holds nothing (and so protects nothing). When the total itself has fewer
 * than 5 youths, every group is withheld.
 */
export function suppressSmallGroups(groupYouths: readonly number[], totalYouths = Infinity): boolean[] {
  if (totalYouths < MIN_YOUTHS) return groupYouths.map((n) => n > 0);
  const withheld = groupYouths.map((n) => n > 0 && n < MIN_YOUTHS);
  for (;;) {
    const hidden = groupYouths.filter((_, i) => withheld[i]);
    if (hidden.length === 0) break;
    if (hidden.length >= 2 && hidden.reduce((a, b) => a + b, 0) >= MIN_YOUTHS) break;
    let next = -1;
    groupYouths.forEach((n, i) => {
      if (!withheld[i] && n > 0 && (next < 0 || n < groupYouths[next])) next = i;
    });
    if (next < 0) break;
    withheld[next] = true;
  }
  return withheld;
}

/** Sums over a set of trajectory facts, as the SQL aggregates return them. */
export interface FactSums {
  trajectories: number;
  youths: number;
  goalYouths: number;
  goals: number;
  goalsAchieved: number;
  goalsPartly: number;
  satisfactionYouthYouths: number;
  satisfactionYouthSum: number;
  satisfactionYouthCount: number;
  satisfactionParentYouths: number;
  satisfactionParentSum: number;
  satisfactionParentCount: number;
  dropouts: number;
  endedAsPlanned: number;
  repeatUse: number;
  waitingDaysSum: number;
  tariffSum: number;
  costYouths: number;
  costCount: number;
  costSum: number;
  costTariffSum: number;
  high: number;
  long: number;
}

export const NO_FACTS: FactSums = {
  trajectories: 0, youths: 0, goalYouths: 0, goals: 0, goalsAchieved: 0, goalsPartly: 0,
  satisfactionYouthYouths: 0, satisfactionYouthSum: 0, satisfactionYouthCount: 0,
  satisfactionParentYouths: 0, satisfactionParentSum: 0, satisfactionParentCount: 0,
  dropouts: 0, endedAsPlanned: 0, repeatUse: 0, waitingDaysSum: 0, tariffSum: 0,
  costYouths: 0, costCount: 0, costSum: 0, costTariffSum: 0, high: 0, long: 0,
}; // prettier-ignore

/** The sums of a row that has them (and more). */
export const sumsOf = (row: FactSums): FactSums =>
  Object.fromEntries(Object.keys(NO_FACTS).map((k) => [k, row[k as keyof FactSums]])) as unknown as FactSums;

/** A cell of a table: its sums, and what the cell-key method needs to perturb them. */
export interface Cell extends FactSums {
  /** The sum of the record keys of the cell's facts (`trajectory_fact.record_key`). */
  cellKey: number;
  /** The largest single contribution to each magnitude, the scale of its noise. */
  maxGoals: number;
  maxWaitingDays: number;
  maxTariff: number;
  maxCost: number;
}

/** The cell-key method's perturbation table: noise −2 … +2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1 (mean 0). */
const PTABLE: readonly (readonly [below: number, noise: number])[] = [
  [0.1, -2],
  [0.3, -1],
  [0.7, 0],
  [0.9, 1],
  [1, 2],
];

/**
 * The noise of one quantity of a cell, from the perturbation table, looked up by a hash of the cell
 * key, the quantity and its exact value: the same records and value always give the same noise;
 * a cell with one record more or less, or a value that changed, gets noise of its own.
 */
export function cellKeyNoise(cellKey: number, quantity: string, value: number): number {
  const digest = createHash('sha256').update(`${cellKey}/${quantity}/${value}`).digest();
  const position = digest.readUInt32BE(0) / 2 ** 32;
  return PTABLE.find(([below]) => position < below)![1];
}

/** A perturbed count or sum; a denominator that holds something never becomes 0 (a figure would vanish). */
function perturbed(value: number, noise: number, denominator: boolean): number {
  if (value <= 0) return value;
  return Math.max(denominator ? Math.min(value, 1) : 0, value + noise);
}

/** A count perturbed by the cell-key method (`quantity` names what is counted). */
export function perturbCount(value: number, cellKey: number, quantity: string, denominator = false): number {
  return perturbed(value, cellKeyNoise(cellKey, quantity, value), denominator);
}

const SATISFACTION_MAX = 10;
/** Counts and their noise name: trajectories and youths share one, so they stay equal when they are. */
const COUNTS: [keyof FactSums, string, boolean][] = [
  ['trajectories', 'records', true],
  ['youths', 'records', true],
  ['satisfactionYouthCount', 'satisfactionYouthCount', true],
  ['satisfactionParentCount', 'satisfactionParentCount', true],
  ['costCount', 'costCount', true],
  ['dropouts', 'dropouts', false],
  ['endedAsPlanned', 'endedAsPlanned', false],
  ['repeatUse', 'repeatUse', false],
  ['high', 'high', false],
  ['long', 'long', false],
];
/** Sums of magnitudes with their largest single contribution: the noise is a multiple of half of it. */
const MAGNITUDES: [keyof FactSums, (c: Cell) => number, boolean][] = [
  ['goals', (c) => c.maxGoals, true],
  ['goalsAchieved', (c) => c.maxGoals, false],
  ['goalsPartly', (c) => c.maxGoals, false],
  ['satisfactionYouthSum', () => SATISFACTION_MAX, false],
  ['satisfactionParentSum', () => SATISFACTION_MAX, false],
  ['waitingDaysSum', (c) => c.maxWaitingDays, false],
  ['tariffSum', (c) => c.maxTariff, false],
  ['costSum', (c) => c.maxCost, false],
  ['costTariffSum', (c) => c.maxTariff, true],
];

/**
 * The cell-key method (ONS, ABS) on one cell: each count gets noise −2 … +2, each sum of magnitudes
 * that noise times half its largest single contribution (so that one record's value is hidden in
 * the difference of two cells). Published rates and means are computed from these perturbed
 * numerators and denominators. A published group (5 or more youths) keeps at least 5 and never
 * more youths than trajectories. The suppression bases (youths per figure) are not published and
 * stay exact.
 */
export function perturbByCellKey(cell: Cell): FactSums {
  const sums = sumsOf(cell);
  for (const [name, quantity, denominator] of COUNTS)
    sums[name] = perturbCount(cell[name], cell.cellKey, quantity, denominator);
  for (const [name, unit, denominator] of MAGNITUDES)
    sums[name] = perturbed(cell[name], (cellKeyNoise(cell.cellKey, name, cell[name]) * unit(cell)) / 2, denominator);
  if (cell.youths >= MIN_YOUTHS) {
    sums.trajectories = Math.max(MIN_YOUTHS, sums.trajectories);
    sums.youths = Math.max(MIN_YOUTHS, sums.youths);
  }
  sums.youths = Math.min(sums.youths, sums.trajectories);
  return sums;
}

/**
 * An intensity comparison as published: the provider's trajectories and heavy trajectories are
 * counts like any other, perturbed by the cell-key method (never below the minimum to be assessed),
 * and the observed share and the ratio follow from them. The test itself (z, flagged) runs on the
 * exact counts, so a flag never rests on noise.
 */
export function perturbComparison(c: IntensityComparison, heavyQuantity: 'high' | 'long'): IntensityComparison {
  const trajectories = Math.max(
    OUTLIER_THRESHOLDS.minimumProviderTrajectories,
    perturbCount(c.trajectories, c.cellKey, 'records', true),
  );
  const heavy = Math.min(trajectories, perturbCount(c.heavy, c.cellKey, heavyQuantity));
  const observedShare = heavy / trajectories;
  return { ...c, trajectories, heavy, observedShare, ratio: c.ratio === null ? null : observedShare / c.expectedShare };
}

export const FIGURE_NAMES = [
  'trajectoriesClosed',
  'youthCount',
  'goalRealisationRate',
  'satisfactionYouthAvg',
  'satisfactionParentAvg',
  'dropoutRate',
  'endedAsPlannedRate',
  'repeatUseRate',
  'averageWaitingDays',
  'averageTariffCents',
  'averageCostCents',
  'costToTariffRatio',
  'highIntensityShare',
  'longDurationShare',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

/**
 * The youths each figure is computed over: a satisfaction mean only over youths who answered, a
 * cost only over trajectories with a per-client amount (TASK has none).
 */
const BASE: Record<FigureName, (s: FactSums) => number> = {
  trajectoriesClosed: (s) => s.youths,
  youthCount: (s) => s.youths,
  goalRealisationRate: (s) => s.goalYouths,
  satisfactionYouthAvg: (s) => s.satisfactionYouthYouths,
  satisfactionParentAvg: (s) => s.satisfactionParentYouths,
  dropoutRate: (s) => s.youths,
  endedAsPlannedRate: (s) => s.youths,
  repeatUseRate: (s) => s.youths,
  averageWaitingDays: (s) => s.youths,
  averageTariffCents: (s) => s.youths,
  averageCostCents: (s) => s.costYouths,
  costToTariffRatio: (s) => s.costYouths,
  highIntensityShare: (s) => s.youths,
  longDurationShare: (s) => s.youths,
};

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
/** part / whole within [low, high] (perturbed parts can stray past a bound), rounded; null without a whole. */
const ratio = (part: number, whole: number, decimals = 3, low = 0, high = Infinity) =>
  whole > 0 ? round(Math.min(high, Math.max(low, part / whole)), decimals) : null;
const share = (part: number, whole: number) => ratio(part, whole, 3, 0, 1);
const score = (sum: number, count: number) => ratio(sum, count, 1, 1, SATISFACTION_MAX);

/**
 * The figures of one group, unrounded inputs in, published values out: rates and shares as a
 * fraction with 3 decimals, means of scores and days with 1 decimal, money in whole cents.
 * Goal realisation counts a partly achieved goal as half achieved: (achieved + 0.5 × partly) /
 * treatment goals, so that partial progress counts but never as much as a goal reached.
 */
export function figureValues(s: FactSums): Record<FigureName, number | null> {
  return {
    trajectoriesClosed: s.trajectories,
    youthCount: s.youths,
    goalRealisationRate: share(s.goalsAchieved + 0.5 * s.goalsPartly, s.goals),
    satisfactionYouthAvg: score(s.satisfactionYouthSum, s.satisfactionYouthCount),
    satisfactionParentAvg: score(s.satisfactionParentSum, s.satisfactionParentCount),
    dropoutRate: share(s.dropouts, s.trajectories),
    endedAsPlannedRate: share(s.endedAsPlanned, s.trajectories),
    repeatUseRate: share(s.repeatUse, s.trajectories),
    averageWaitingDays: ratio(s.waitingDaysSum, s.trajectories, 1),
    averageTariffCents: ratio(s.tariffSum, s.trajectories, 0),
    averageCostCents: ratio(s.costSum, s.costCount, 0),
    costToTariffRatio: ratio(s.costSum, s.costTariffSum),
    highIntensityShare: share(s.high, s.trajectories),
    longDurationShare: share(s.long, s.trajectories),
  };
}

/** Published figures: withheld ones are null and named in `suppressed`. */
export interface Figures {
  values: Record<FigureName, number | null>;
  suppressed: FigureName[];
}

function publish(cell: Cell, withheld: (name: FigureName) => boolean): Figures {
  const values = figureValues(perturbByCellKey(cell));
  const suppressed = FIGURE_NAMES.filter(withheld);
  for (const name of suppressed) values[name] = null;
  return { values, suppressed };
}

/**
 * The figures of a total on its own (no breakdown published beside it): perturbed by the cell-key
 * method, each withheld when its base has 1–4 youths.
 */
export function publishTotal(total: Cell): Figures {
  return publish(total, (name) => BASE[name](total) > 0 && BASE[name](total) < MIN_YOUTHS);
}

/** Per figure, which groups of a breakdown to withhold: `suppressSmallGroups` on the figure's own base. */
function withheldPerFigure<N extends string, C>(
  names: readonly N[],
  base: Record<N, (cell: C) => number>,
  groups: readonly C[],
  total?: C,
): Map<N, boolean[]> {
  return new Map(
    names.map((name) => [name, suppressSmallGroups(groups.map(base[name]), total ? base[name](total) : undefined)]),
  );
}

/**
 * The figures of a breakdown of `total` (groups that together make up the total), perturbed by the
 * cell-key method and each suppressed on its own base with `suppressSmallGroups`. Without `total`
 * the partition is treated as if its total were published, which can only withhold more.
 */
export function publishBreakdown(groups: readonly Cell[], total?: FactSums): Figures[] {
  const withheld = withheldPerFigure(FIGURE_NAMES, BASE, groups, total);
  return groups.map((cell, i) => publish(cell, (name) => withheld.get(name)![i]));
}

/*
 * The figures of the 2023 model, about waiting and referring rather than about closed trajectories:
 * counted from the care tables by `access.intake_figure_sums`, published under the same rules.
 */

/** Sums over the trajectories of one group in a period, as `access.intake_figure_sums` returns them. */
export interface IntakeCell {
  /** Referred and not started (nor cancelled) at the end of the period. */
  waiting: number;
  waitingYouths: number;
  /** Started in the period. */
  started: number;
  startedYouths: number;
  /** Referrals of the same youth in the 365 days up to each start, summed over the starts. */
  priorReferrals: number;
  /** Starts whose PIC changed after the provider's check (an accepted PIC proposal). */
  picChanged: number;
  /** Intakes whose deadline fell in the period without a main contractor assigned by then. */
  overdueIntakes: number;
  intakeYouths: number;
  cellKey: number;
}

export const NO_INTAKE: IntakeCell = {
  waiting: 0, waitingYouths: 0, started: 0, startedYouths: 0, priorReferrals: 0, picChanged: 0,
  overdueIntakes: 0, intakeYouths: 0, cellKey: 0,
}; // prettier-ignore

export const INTAKE_FIGURE_NAMES = ['waitingNow', 'referralsPerYouth', 'picChangeRate', 'overdueIntakes'] as const;
export type IntakeFigureName = (typeof INTAKE_FIGURE_NAMES)[number];

const INTAKE_BASE: Record<IntakeFigureName, (c: IntakeCell) => number> = {
  waitingNow: (c) => c.waitingYouths,
  referralsPerYouth: (c) => c.startedYouths,
  picChangeRate: (c) => c.startedYouths,
  overdueIntakes: (c) => c.intakeYouths,
};

/**
 * The published values of one intake cell, from counts perturbed by the cell-key method:
 * referrals per start never below 1 (each start had its own referral), 2 decimals; an overdue
 * count only where there were intakes.
 */
export function intakeFigureValues(c: IntakeCell): Record<IntakeFigureName, number | null> {
  const started = perturbCount(c.started, c.cellKey, 'started', true);
  const referrals = Math.max(started, perturbCount(c.priorReferrals, c.cellKey, 'priorReferrals', true));
  return {
    waitingNow: perturbCount(c.waiting, c.cellKey, 'waiting'),
    referralsPerYouth: ratio(referrals, started, 2, 1),
    picChangeRate: share(perturbCount(c.picChanged, c.cellKey, 'picChanged'), started),
    overdueIntakes: c.intakeYouths > 0 ? perturbCount(c.overdueIntakes, c.cellKey, 'overdueIntakes') : null,
  };
}

export interface IntakeFigures {
  values: Record<IntakeFigureName, number | null>;
  suppressed: IntakeFigureName[];
}

function publishIntake(cell: IntakeCell, withheld: (name: IntakeFigureName) => boolean): IntakeFigures {
  const values = intakeFigureValues(cell);
  const suppressed = INTAKE_FIGURE_NAMES.filter(withheld);
  for (const name of suppressed) values[name] = null;
  return { values, suppressed };
}

/** The intake figures of a total on its own: each withheld when its base has 1–4 youths. */
export function publishIntakeTotal(total: IntakeCell): IntakeFigures {
  return publishIntake(total, (name) => INTAKE_BASE[name](total) > 0 && INTAKE_BASE[name](total) < MIN_YOUTHS);
}

/** The intake figures of a breakdown of `total`, suppressed per figure like `publishBreakdown`. */
export function publishIntakeBreakdown(groups: readonly IntakeCell[], total?: IntakeCell): IntakeFigures[] {
  const withheld = withheldPerFigure(INTAKE_FIGURE_NAMES, INTAKE_BASE, groups, total);
  return groups.map((cell, i) => publishIntake(cell, (name) => withheld.get(name)![i]));
}

/** The closed trajectories of one JZ588 reason for ending, within one group. */
export interface ReasonCell {
  code: string;
  trajectories: number;
  youths: number;
  cellKey: number;
}

/**
 * Counts per reason for ending, a breakdown like any other: perturbed by the cell-key method and
 * suppressed per reason (with complementary suppression, as if their total were published).
 */
export function publishReasonCounts(cells: readonly ReasonCell[]): { code: string; count: number | null }[] {
  const withheld = suppressSmallGroups(cells.map((c) => c.youths));
  return cells.map((c, i) => ({
    code: c.code,
    count: withheld[i] ? null : perturbCount(c.trajectories, c.cellKey, `reason ${c.code}`),
  }));
}
