/** Domain rule 6: a figure over fewer than this many distinct youths is withheld. */
export const MIN_YOUTHS = 5;

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
const ratio = (part: number, whole: number, decimals = 3) => (whole > 0 ? round(part / whole, decimals) : null);

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
    goalRealisationRate: ratio(s.goalsAchieved + 0.5 * s.goalsPartly, s.goals),
    satisfactionYouthAvg: ratio(s.satisfactionYouthSum, s.satisfactionYouthCount, 1),
    satisfactionParentAvg: ratio(s.satisfactionParentSum, s.satisfactionParentCount, 1),
    dropoutRate: ratio(s.dropouts, s.trajectories),
    endedAsPlannedRate: ratio(s.endedAsPlanned, s.trajectories),
    repeatUseRate: ratio(s.repeatUse, s.trajectories),
    averageWaitingDays: ratio(s.waitingDaysSum, s.trajectories, 1),
    averageTariffCents: ratio(s.tariffSum, s.trajectories, 0),
    averageCostCents: ratio(s.costSum, s.costCount, 0),
    costToTariffRatio: ratio(s.costSum, s.costTariffSum),
    highIntensityShare: ratio(s.high, s.trajectories),
    longDurationShare: ratio(s.long, s.trajectories),
  };
}

/** Published figures: withheld ones are null and named in `suppressed`. */
export interface Figures {
  values: Record<FigureName, number | null>;
  suppressed: FigureName[];
}

function publish(sums: FactSums, withheld: (name: FigureName) => boolean): Figures {
  const values = figureValues(sums);
  const suppressed = FIGURE_NAMES.filter(withheld);
  for (const name of suppressed) values[name] = null;
  return { values, suppressed };
}

/** The figures of a total on its own (no breakdown published beside it). */
export function publishTotal(total: FactSums): Figures {
  return publish(total, (name) => BASE[name](total) > 0 && BASE[name](total) < MIN_YOUTHS);
}

/**
 * The figures of a breakdown of `total` (groups that together make up the total), each figure
 * suppressed on its own base with `suppressSmallGroups`. Without `total` the partition is treated
 * as if its total were published, which can only withhold more.
 */
export function publishBreakdown(groups: readonly FactSums[], total?: FactSums): Figures[] {
  const withheld = new Map(
    FIGURE_NAMES.map((name) => [
      name,
      suppressSmallGroups(groups.map(BASE[name]), total ? BASE[name](total) : undefined),
    ]),
  );
  return groups.map((sums, i) => publish(sums, (name) => withheld.get(name)![i]));
}
