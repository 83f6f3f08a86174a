import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { addDays, addMonths, sqlOnDays, today } from '../../core/dates.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Profile, Segment } from '../catalogue/catalogue.entity.js';
import type { Consortium } from '../consortium/consortium.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import { cbsEndCode, JZ588_TO_CBS } from '../outcome/jz588.js';
import type { Provider } from '../provider/provider.entity.js';
import {
  compareIntensityWithPeers,
  OUTLIER_THRESHOLDS,
  type IntensityCell,
  type IntensityComparison,
} from './intensity.rules.js';
import { consortiumPerformanceCsv } from './performance.csv.js';
import { rollUpRowsSql, SUMS } from './performance.queries.js';
import type { ReferrerType } from '../trajectory/trajectory.types.js';
import type {
  ConsortiumPerformanceArgs,
  MunicipalityPerformanceArgs,
  PeriodArgs,
  ProviderOutcomesArgs,
} from './performance.inputs.js';
import {
  assertCalendarPeriod,
  lastCompleteYear,
  MIN_YOUTHS,
  NO_FACTS,
  NO_INTAKE,
  perturbComparison,
  publishBreakdown,
  publishIntakeBreakdown,
  publishIntakeTotal,
  publishReasonCounts,
  publishTotal,
  sumsOf,
  type Cell,
  type Figures,
  type IntakeCell,
} from './performance.rules.js';
import {
  toPerformanceFigures,
  type ConsortiumBreakdowns,
  type ConsortiumPerformanceResult,
  type MunicipalityPerformanceResult,
  type PerformanceFigures,
  type ProviderPerformance,
  type ReasonCount,
  type ReferrerPerformance,
  type WaitingAtMonthEnd,
  type IntensityOutlierReport,
  type OutcomeFigures,
  type PeriodPerformance,
  type PublishedOutcomes,
} from './performance.types.js';

/** Facts `f` closed on the days $from..$to; a range on closed_at, so the (…, closed_at) indexes serve it. */
const closedBetween = (from: string, to: string) => sqlOnDays('f.closed_at', `${from}::date`, `${to}::date`);

const EMPTY_CELL: Cell = { ...NO_FACTS, cellKey: 0, maxGoals: 0, maxWaitingDays: 0, maxTariff: 0, maxCost: 0 };

/**
 * Which costlier figures a request reads: the waiting and referral figures, the early endings by
 * reason, a consortium's breakdowns by profile, area, month and quarter.
 */
export interface FigureSelection {
  intake: boolean;
  reasons: boolean;
  breakdowns: boolean;
}
export const ALL_FIGURES: FigureSelection = { intake: true, reasons: true, breakdowns: true };
const OUTCOMES: FigureSelection = { intake: false, reasons: false, breakdowns: true };

/** The dimensions a group of facts can have, and their columns in `facts`/`member_facts` rows `x` (performance.queries.ts). */
const DIMENSIONS = {
  consortium: ['x.consortium_id', 'uuid'],
  provider: ['x.responsible_provider_id', 'uuid'],
  profile: ['x.profile_id', 'uuid'],
  area: ['x.area_id', 'uuid'],
  month: ['x.month_start', 'date'],
  quarter: ['x.quarter_start', 'date'],
  reason: ['x.end_reason_code', 'text'],
} as const;
type Dimension = keyof typeof DIMENSIONS;

/**
 * SQL: the sums of rows `x` of `source` per grouping set, each row named by its dimensions
 * ("consortium+provider"; "" for the total), every dimension a column (null where not grouped).
 */
function groupsSql(source: 'facts' | 'member_facts', sets: Dimension[][]): string {
  const used = [...new Set(sets.flat())];
  const label = used.map((d) => `CASE WHEN grouping(${DIMENSIONS[d][0]}) = 0 THEN '${d}' END`).join(', ');
  const columns = (Object.keys(DIMENSIONS) as Dimension[])
    .map((d) => `${used.includes(d) ? DIMENSIONS[d][0] : `NULL::${DIMENSIONS[d][1]}`} AS ${d}`)
    .join(', ');
  const groupingSets = sets.map((set) => `(${set.map((d) => DIMENSIONS[d][0]).join(', ')})`).join(', ');
  return `SELECT concat_ws('+', ${label}) AS breakdown, ${columns}, ${SUMS}
            FROM ${source} x GROUP BY GROUPING SETS (${groupingSets})`;
}

/** SQL: the names of each group's provider, profile, area and consortium, over the rows of `groups`. */
const NAMED_GROUPS = `
  SELECT g.*, p.name AS "providerName", p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber",
         pr.code AS "profileCode", pr.name AS "profileName", pr.segment,
         a.name AS "areaName", a.municipality_id AS "areaMunicipalityId", am.cbs_code AS "areaMunicipalityCode",
         c.name AS "consortiumName"
    FROM groups g
    LEFT JOIN provider p ON p.id = g.provider
    LEFT JOIN profile pr ON pr.id = g.profile
    LEFT JOIN area a ON a.id = g.area
    LEFT JOIN municipality am ON am.id = a.municipality_id
    LEFT JOIN consortium c ON c.id = g.consortium
   ORDER BY c.name, p.name, pr.code, am.name, a.name NULLS LAST, g.month, g.quarter, g.reason`;

interface GroupRow extends Cell {
  breakdown: string;
  consortium: string | null;
  provider: string | null;
  profile: string | null;
  area: string | null;
  month: string | null;
  quarter: string | null;
  reason: string | null;
  providerName: string | null;
  agbCode: string | null;
  kvkNumber: string | null;
  profileCode: string | null;
  profileName: string | null;
  segment: Segment | null;
  areaName: string | null;
  areaMunicipalityId: string | null;
  areaMunicipalityCode: string | null;
  consortiumName: string | null;
}

/** A row of `access.intake_figure_sums`. */
interface IntakeRow extends IntakeCell {
  breakdown: 'total' | 'provider' | 'referrerType' | 'referrerOrganisation' | 'consortium' | 'consortiumProvider';
  consortiumId: string | null;
  providerId: string | null;
  referrerType: ReferrerType | null;
  referrerOrgId: string | null;
}

const INTAKE_SUMS = `s.breakdown, s.consortium_id AS "consortiumId", s.provider_id AS "providerId", s.referrer_type AS "referrerType",
  s.referrer_org_id AS "referrerOrgId", s.waiting, s.waiting_youths AS "waitingYouths", s.started, s.started_youths AS "startedYouths",
  s.prior_referrals AS "priorReferrals", s.pic_changed AS "picChanged", s.overdue_intakes AS "overdueIntakes",
  s.intake_youths AS "intakeYouths", s.cell_key AS "cellKey"`;

/** The early endings (not according to plan) among reason groups, published and labelled, most first. */
function dropoutByReason(rows: readonly GroupRow[]): ReasonCount[] {
  const early = rows.filter((r) => r.reason !== null && cbsEndCode(r.reason) !== '01');
  const published = publishReasonCounts(
    early.map((r) => ({ code: r.reason!, trajectories: r.trajectories, youths: r.youths, cellKey: r.cellKey })),
  );
  return published
    .map(({ code, count }) => ({ code, label: JZ588_TO_CBS[code]?.description ?? code, count }))
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.code.localeCompare(b.code));
}

const providerOf = (row: GroupRow): Provider => ({
  id: row.provider!,
  name: row.providerName!,
  agbCode: row.agbCode!,
  kvkNumber: row.kvkNumber,
});

/**
 * The published figures of one scope (a consortium, or a whole municipality): its total and its
 * providers, with the intake figures and the early endings by reason beside the facts' figures.
 * Fact rows are named `${prefix}`, `${prefix}+provider`, …; providers only in the intake figures
 * (someone waits, nothing closed) are listed too. Without `intake` those figures are null.
 */
function publishScope(
  rows: readonly GroupRow[],
  prefix: '' | 'consortium',
  intake: { total: IntakeCell; byProvider: ReadonlyMap<string, IntakeCell> } | null,
  providers: ReadonlyMap<string, Provider>,
): { figures: PerformanceFigures; byProvider: ProviderPerformance[] } {
  const named = (...dims: Dimension[]) => [prefix, ...dims].filter(Boolean).join('+');
  const total = rows.find((r) => r.breakdown === named()) ?? EMPTY_CELL;
  const factsByProvider = new Map(rows.filter((r) => r.breakdown === named('provider')).map((r) => [r.provider!, r]));
  const ids = [...new Set([...factsByProvider.keys(), ...(intake?.byProvider.keys() ?? [])])].sort((a, b) =>
    providers.get(a)!.name.localeCompare(providers.get(b)!.name, 'nl'),
  );
  const facts = publishBreakdown(
    ids.map((id) => factsByProvider.get(id) ?? EMPTY_CELL),
    sumsOf(total),
  );
  const intakeFigures =
    intake &&
    publishIntakeBreakdown(
      ids.map((id) => intake.byProvider.get(id) ?? NO_INTAKE),
      intake.total,
    );
  const reasonsOf = (provider: string | null) =>
    dropoutByReason(
      rows.filter(
        (r) =>
          r.breakdown === named(...(provider ? ['provider' as const] : []), 'reason') &&
          (!provider || r.provider === provider),
      ),
    );
  return {
    figures: toPerformanceFigures(
      publishTotal(total),
      intake ? publishIntakeTotal(intake.total) : undefined,
      reasonsOf(null),
    ),
    byProvider: ids.map((id, i) => ({
      provider: providers.get(id)!,
      figures: toPerformanceFigures(facts[i], intakeFigures?.[i], reasonsOf(id)),
    })),
  };
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function period(start: string, months: 1 | 3): Omit<PeriodPerformance, 'figures'> {
  const label =
    months === 1 ? start.slice(0, 7) : `${start.slice(0, 4)}-Q${Math.floor(Number(start.slice(5, 7)) / 3) + 1}`;
  return { period: label, start, end: addDays(addMonths(start, months), -1) };
}

function toOutcomeFigures(figures: Figures): OutcomeFigures {
  const v = figures.values;
  const shown = [
    'trajectoriesClosed', 'youthCount', 'goalRealisationRate', 'satisfactionYouthAvg', 'satisfactionParentAvg',
    'dropoutRate', 'endedAsPlannedRate', 'repeatUseRate', 'averageWaitingDays',
  ] as const; // prettier-ignore
  return {
    ...(Object.fromEntries(shown.map((name) => [name, v[name]])) as Omit<OutcomeFigures, 'suppressed'>),
    suppressed: figures.suppressed.filter((name) => (shown as readonly string[]).includes(name)),
  };
}

function roundComparison(c: IntensityComparison) {
  return {
    trajectories: c.trajectories,
    comparedProfiles: c.comparedProfiles,
    observedShare: round(c.observedShare, 3),
    expectedShare: round(c.expectedShare, 3),
    ratio: c.ratio === null ? null : round(c.ratio, 2),
    zScore: c.z === null ? null : round(c.z, 2),
    flagged: c.flagged,
  };
}

/**
 * Contract managers' figures: computed from `trajectory_fact` only (never from the care tables),
 * aggregated in the database, and published under domain rule 6 (performance.rules.ts). No
 * operation here returns anything about a single youth or trajectory.
 */
export class PerformanceService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  /** Whose facts the viewer judges: a contract manager its municipality's, the region all. */
  private judgedMunicipality(): string | null {
    const viewer = this.scope.requireRole(Role.CONTRACT_MANAGER, Role.REGION_ADMIN);
    if (viewer.roles.includes(Role.REGION_ADMIN)) return null;
    if (!viewer.municipalityId) throw new ForbiddenError();
    return viewer.municipalityId;
  }

  private checkPeriod({ from, to }: PeriodArgs): void {
    assertCalendarPeriod(from, to, today());
  }

  private async municipality(id: string | null): Promise<Municipality | null> {
    if (!id) return null;
    return (
      (await this.db.one<Municipality>(
        `SELECT m.id, m.name, m.cbs_code AS "cbsCode", m.region_id AS "regionId" FROM municipality m WHERE m.id = $1`,
        [id],
      )) ?? null
    );
  }

  async consortiumPerformance(
    args: ConsortiumPerformanceArgs,
    wanted: FigureSelection = ALL_FIGURES,
  ): Promise<ConsortiumPerformanceResult> {
    const municipalityId = this.judgedMunicipality();
    const consortiumId = assertId(args.consortiumId, 'consortiumId');
    this.checkPeriod(args);
    const consortium = await this.db.one<Consortium>(`SELECT c.id, c.name FROM consortium c WHERE c.id = $1`, [
      consortiumId,
    ]);
    if (!consortium) throw new NotFoundError('Consortium');
    return this.consortiumFigures(consortium, await this.municipality(municipalityId), args.from, args.to, wanted);
  }

  /** A consortium's breakdowns by profile, area and period, computed when first asked for (once per request). */
  breakdownsOf(result: ConsortiumPerformanceResult): Promise<ConsortiumBreakdowns> {
    if (result.byProfile && result.byArea && result.byMonth && result.byQuarter)
      return Promise.resolve(result as ConsortiumBreakdowns);
    const key = [result.consortium.id, result.municipality?.id, result.from, result.to].join('/');
    let breakdowns = this.breakdowns.get(key);
    if (!breakdowns) {
      breakdowns = this.consortiumFigures(
        result.consortium,
        result.municipality,
        result.from,
        result.to,
        OUTCOMES,
      ).then((all) => all as ConsortiumBreakdowns);
      this.breakdowns.set(key, breakdowns);
    }
    return breakdowns;
  }

  private readonly breakdowns = new Map<string, Promise<ConsortiumBreakdowns>>();

  /**
   * Who waited at the end of each month of the period, in a municipality or consortium as the
   * viewer may judge it; each month published on its own (perturbed, withheld under 5 youths).
   */
  async waitingByMonth(
    scope: { municipalityId: string | null; consortiumId: string | null },
    from: string,
    to: string,
  ): Promise<WaitingAtMonthEnd[]> {
    const rows = await this.db.query<{ start: string; waiting: number; waitingYouths: number; cellKey: number }>(
      `SELECT s.month_start AS start, s.waiting, s.waiting_youths AS "waitingYouths", s.cell_key AS "cellKey"
         FROM access.waiting_at_month_ends($1, $2, $3, $4) s`,
      [scope.municipalityId, scope.consortiumId, from, `${to.slice(0, 7)}-01`], // the first day of each month
    );
    return rows.map((row) => {
      const published = publishIntakeTotal({ ...NO_INTAKE, ...row });
      const { period: month, end } = period(row.start, 1);
      return { month, end, waitingNow: published.values.waitingNow, suppressed: published.suppressed.length > 0 };
    });
  }

  /** Sums per group of the waiting, referring and intake figures (`access.intake_figure_sums`); none when not wanted. */
  private async intakeSums(
    wanted: FigureSelection,
    municipalityId: string | null,
    consortiumId: string | null,
    from: string,
    to: string,
  ): Promise<IntakeRow[] | null> {
    if (!wanted.intake) return null;
    return this.db.query<IntakeRow>(`SELECT ${INTAKE_SUMS} FROM access.intake_figure_sums($1, $2, $3, $4) s`, [
      municipalityId,
      consortiumId,
      from,
      to,
    ]);
  }

  /** The providers, consortia and referring organisations named by id only, in one statement; nothing when all are known. */
  private async names(providerIds: string[], consortiumIds: string[], organisationIds: string[]) {
    const rows = providerIds.length + consortiumIds.length + organisationIds.length === 0 ? [] : await this.db.query<{
        kind: 'provider' | 'consortium' | 'organisation';
        id: string;
        name: string;
        agbCode: string | null;
        kvkNumber: string | null;
      }>(
        `SELECT 'provider' AS kind, p.id, p.name, p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber" FROM provider p WHERE p.id = ANY ($1)
         UNION ALL SELECT 'consortium', c.id, c.name, NULL, NULL FROM consortium c WHERE c.id = ANY ($2)
         UNION ALL SELECT 'organisation', p.id, p.name, NULL, NULL FROM provider p WHERE p.id = ANY ($3)
         UNION ALL SELECT 'organisation', m.id, m.name, NULL, NULL FROM municipality m WHERE m.id = ANY ($3)
         UNION ALL SELECT 'organisation', r.id, r.name, NULL, NULL FROM region r WHERE r.id = ANY ($3)`,
        [providerIds, consortiumIds, organisationIds],
      ); // prettier-ignore
    const of = (kind: string) => new Map(rows.filter((r) => r.kind === kind).map((r) => [r.id, r]));
    return { providers: of('provider'), consortia: of('consortium'), organisations: of('organisation') };
  }

  /** Providers by id: from the fact rows, the rest (only waiting, nothing closed) looked up. */
  private async providersOf(rows: readonly GroupRow[], intakeProviderIds: Iterable<string>) {
    const providers = new Map(rows.filter((r) => r.provider).map((r) => [r.provider!, providerOf(r)]));
    const missing = [...intakeProviderIds].filter((id) => !providers.has(id));
    for (const p of (await this.names(missing, [], [])).providers.values())
      providers.set(p.id, { id: p.id, name: p.name, agbCode: p.agbCode!, kvkNumber: p.kvkNumber });
    return providers;
  }

  private async consortiumFigures(
    consortium: Consortium,
    municipality: Municipality | null,
    from: string,
    to: string,
    wanted: FigureSelection,
  ): Promise<ConsortiumPerformanceResult> {
    const params: unknown[] = [consortium.id, from, to];
    const ofMunicipality = municipality ? `$${params.push(municipality.id)}` : null;
    const sets: Dimension[][] = [[], ['provider']];
    if (wanted.breakdowns) sets.push(['profile'], ['area'], ['month'], ['quarter']);
    if (wanted.reasons) sets.push(['reason'], ['provider', 'reason']);
    // One statement for the total and every breakdown asked for (GROUPING SETS) over the roll-up, with the groups' names.
    const rows = await this.db.query<GroupRow>(
      `WITH member_facts AS (${rollUpRowsSql('$2', '$3', ofMunicipality, { consortium: 'member', only: '$1' })}),
            groups AS (${groupsSql(
              'member_facts',
              sets.map((set) => ['consortium' as const, ...set]),
            )})
       ${NAMED_GROUPS}`,
      params,
    );
    const intake = await this.intakeSums(wanted, municipality?.id ?? null, consortium.id, from, to);
    const intakeByProvider = new Map(
      (intake ?? []).filter((r) => r.breakdown === 'consortiumProvider').map((r) => [r.providerId!, r as IntakeCell]),
    );
    const { figures, byProvider } = publishScope(
      rows,
      'consortium',
      intake && { total: intake.find((r) => r.breakdown === 'consortium') ?? NO_INTAKE, byProvider: intakeByProvider },
      await this.providersOf(rows, intakeByProvider.keys()),
    );

    const total = rows.find((r) => r.breakdown === 'consortium') ?? EMPTY_CELL;
    const breakdown = (dimension: Dimension) => {
      const group = rows.filter((r) => r.breakdown === `consortium+${dimension}`);
      const published = publishBreakdown(group, sumsOf(total));
      return group.map((row, i) => ({ row, figures: toPerformanceFigures(published[i]) }));
    };
    if (!wanted.breakdowns) return { consortium, from, to, municipality, figures, byProvider };
    return {
      consortium,
      from,
      to,
      municipality,
      figures,
      byProvider,
      byProfile: breakdown('profile').map(({ row, figures }) => ({
        profile: {
          id: row.profile!,
          code: row.profileCode!,
          name: row.profileName!,
          segment: row.segment!,
        } satisfies Profile,
        figures,
      })),
      byArea: breakdown('area').map(({ row, figures }) => ({
        area: row.area ? { id: row.area, name: row.areaName!, municipalityId: row.areaMunicipalityId! } : null,
        municipalityCode: row.areaMunicipalityCode,
        figures,
      })),
      byMonth: breakdown('month').map(({ row, figures }) => ({ ...period(row.month!, 1), figures })),
      byQuarter: breakdown('quarter').map(({ row, figures }) => ({ ...period(row.quarter!, 3), figures })),
    };
  }

  /**
   * All specialist youth care bought by one municipality: its total, per consortium and per provider
   * (those outside the consortia too), and the referral check per referrer type and organisation.
   * Four statements; a consortium's finer breakdowns only when asked for (`breakdownsOf`).
   */
  async municipalityPerformance(
    args: MunicipalityPerformanceArgs,
    wanted: FigureSelection = ALL_FIGURES,
  ): Promise<MunicipalityPerformanceResult> {
    const judged = this.judgedMunicipality();
    const municipalityId = assertId(args.municipalityId, 'municipalityId');
    if (judged && judged !== municipalityId) throw new ForbiddenError();
    this.checkPeriod(args);
    const municipality = await this.municipality(municipalityId);
    if (!municipality) throw new NotFoundError('Municipality');
    const { from, to } = args;

    const rows = await this.db.query<GroupRow>(
      `WITH facts AS (${rollUpRowsSql('$2', '$3', '$1', { consortium: 'none' })}),
            member_facts AS (${rollUpRowsSql('$2', '$3', '$1', { consortium: 'member' })}),
            groups AS (${groupsSql('facts', wanted.reasons ? [[], ['provider'], ['reason'], ['provider', 'reason']] : [[], ['provider']])}
                       UNION ALL
                       ${groupsSql('member_facts', wanted.reasons ? [['consortium'], ['consortium', 'provider'], ['consortium', 'reason'], ['consortium', 'provider', 'reason']] : [['consortium'], ['consortium', 'provider']])})
       ${NAMED_GROUPS}`,
      [municipalityId, from, to],
    ); // prettier-ignore
    const intake = await this.intakeSums(wanted, municipalityId, null, from, to);
    const intakeOf = (breakdown: IntakeRow['breakdown']) => (intake ?? []).filter((r) => r.breakdown === breakdown);
    const scopeOf = (total: IntakeCell | undefined, byProvider: IntakeRow[]) =>
      intake && {
        total: total ?? NO_INTAKE,
        byProvider: new Map(byProvider.map((r) => [r.providerId!, r as IntakeCell])),
      };

    // names of what only the intake figures mention: providers and consortia where someone waits, referring organisations
    const providers = new Map(rows.filter((r) => r.provider).map((r) => [r.provider!, providerOf(r)]));
    const consortia = new Map(rows.filter((r) => r.consortium).map((r) => [r.consortium!, r.consortiumName!]));
    const names = await this.names(
      [...new Set((intake ?? []).map((r) => r.providerId!).filter((id) => id && !providers.has(id)))],
      [...new Set((intake ?? []).map((r) => r.consortiumId!).filter((id) => id && !consortia.has(id)))],
      [...new Set(intakeOf('referrerOrganisation').map((r) => r.referrerOrgId!))],
    );
    for (const p of names.providers.values())
      providers.set(p.id, { id: p.id, name: p.name, agbCode: p.agbCode!, kvkNumber: p.kvkNumber });
    for (const c of names.consortia.values()) consortia.set(c.id, c.name);

    const intakeTotal = intakeOf('total')[0] ?? NO_INTAKE;
    const whole = publishScope(rows, '', scopeOf(intakeTotal, intakeOf('provider')), providers);
    const byConsortium = [...consortia]
      .sort(([, a], [, b]) => a.localeCompare(b, 'nl'))
      .map(([id, name]) => {
        const scope = publishScope(
          rows.filter((r) => r.consortium === id),
          'consortium',
          scopeOf(
            intakeOf('consortium').find((r) => r.consortiumId === id),
            intakeOf('consortiumProvider').filter((r) => r.consortiumId === id),
          ),
          providers,
        );
        return { consortium: { id, name }, from, to, municipality, ...scope };
      });

    const referrers = (list: IntakeRow[], describe: (row: IntakeRow) => Partial<ReferrerPerformance>) => {
      const published = publishIntakeBreakdown(list, intakeTotal);
      return list.map((row, i) => ({
        referrerType: null,
        organisationName: null,
        ...describe(row),
        picChangeRate: published[i].values.picChangeRate,
        referralsPerYouth: published[i].values.referralsPerYouth,
        suppressed: published[i].suppressed.filter((n) => n === 'picChangeRate' || n === 'referralsPerYouth'),
      }));
    };
    return {
      municipality,
      from,
      to,
      ...whole,
      byConsortium,
      byReferrerType: referrers(intakeOf('referrerType'), (r) => ({ referrerType: r.referrerType })).sort((a, b) =>
        a.referrerType!.localeCompare(b.referrerType!),
      ),
      byReferringOrganisation: referrers(intakeOf('referrerOrganisation'), (r) => ({
        organisationName: names.organisations.get(r.referrerOrgId!)?.name ?? null,
      })).sort((a, b) => (a.organisationName ?? '').localeCompare(b.organisationName ?? '', 'nl')),
    };
  }

  async consortiumPerformanceCsv(args: ConsortiumPerformanceArgs): Promise<string> {
    const result = await this.consortiumPerformance(args, OUTCOMES); // the CSV holds the outcomes and every breakdown
    return consortiumPerformanceCsv({ ...result, ...(await this.breakdownsOf(result)) });
  }

  /**
   * Each provider's published results over all municipalities in the last complete calendar year,
   * for a referrer choosing a provider (free choice on results). The year, not a window moving day
   * by day: two days' answers never differ by one day's trajectories. The database hands out sums
   * per provider and the region's total (access.published_outcome_sums), never a row per trajectory;
   * the total is what a provider compares its own figures with.
   */
  async providerOutcomes(args: ProviderOutcomesArgs): Promise<PublishedOutcomes> {
    this.scope.requireViewer();
    const profileId = args.profileId ? assertId(args.profileId, 'profileId') : null;
    const profile = profileId
      ? await this.db.one<Profile>(`SELECT pr.id, pr.code, pr.name, pr.segment FROM profile pr WHERE pr.id = $1`, [
          profileId,
        ])
      : null;
    if (profileId && !profile) throw BadUserInputError.field('profileId', 'UNKNOWN', { what: 'profile' });
    const { from, to } = lastCompleteYear(today());
    const rows = await this.db.query<
      Cell & { providerId: string | null; name: string; agbCode: string; kvkNumber: string | null }
    >(
      `SELECT s.provider_id AS "providerId", p.name, p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber",
              s.trajectories, s.youths, s.goal_youths AS "goalYouths", s.goals, s.goals_achieved AS "goalsAchieved", s.goals_partly AS "goalsPartly",
              s.satisfaction_youth_youths AS "satisfactionYouthYouths", s.satisfaction_youth_sum AS "satisfactionYouthSum",
              s.satisfaction_youth_count AS "satisfactionYouthCount", s.satisfaction_parent_youths AS "satisfactionParentYouths",
              s.satisfaction_parent_sum AS "satisfactionParentSum", s.satisfaction_parent_count AS "satisfactionParentCount",
              s.dropouts, s.ended_as_planned AS "endedAsPlanned", s.repeat_use AS "repeatUse", s.waiting_days_sum AS "waitingDaysSum",
              s.cell_key AS "cellKey", s.max_goals AS "maxGoals", s.max_waiting_days AS "maxWaitingDays"
         FROM access.published_outcome_sums($1, $2) s LEFT JOIN provider p ON p.id = s.provider_id
        ORDER BY p.name NULLS FIRST`,
      [Number(from.slice(0, 4)), profileId],
    );
    // the region's total (provider null) is published beside its providers, each suppressed against it
    const total = { ...EMPTY_CELL, ...rows.find((r) => r.providerId === null) };
    const providers = rows.filter((r) => r.providerId !== null);
    const figures = publishBreakdown(
      providers.map((r) => ({ ...EMPTY_CELL, ...r })),
      sumsOf(total),
    );
    return {
      from,
      to,
      profile: profile ?? null,
      region: toOutcomeFigures(publishTotal(total)),
      providers: providers.map((r, i) => ({
        provider: { id: r.providerId!, name: r.name, agbCode: r.agbCode, kvkNumber: r.kvkNumber },
        figures: toOutcomeFigures(figures[i]),
      })),
    };
  }

  /** High trust, high penalty: each provider's intensity mix against its peers (intensity.rules.ts). */
  async intensityOutliers(args: PeriodArgs): Promise<IntensityOutlierReport> {
    const municipalityId = this.judgedMunicipality();
    this.checkPeriod(args);
    const params: unknown[] = [args.from, args.to];
    const ofMunicipality = municipalityId ? `AND f.municipality_id = $${params.push(municipalityId)}` : '';
    const rows = await this.db.query<{
      providerId: string;
      profileId: string | null;
      trajectories: number;
      youths: number;
      high: number;
      long: number;
      cellKey: number;
      name: string;
      agbCode: string;
      kvkNumber: string | null;
    }>(
      `SELECT s.*, p.name, p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber"
         FROM (SELECT f.responsible_provider_id AS "providerId", f.profile_id AS "profileId",
                      count(*)::int AS trajectories, count(DISTINCT f.youth_key)::int AS youths,
                      count(*) FILTER (WHERE i.level = 'HIGH')::int AS high, count(*) FILTER (WHERE i.duration = 'LONG')::int AS long,
                      coalesce(sum(f.record_key), 0)::float8 AS "cellKey"
                 FROM trajectory_fact f JOIN intensity i ON i.id = f.intensity_id
                WHERE ${closedBetween('$1', '$2')} ${ofMunicipality}
                GROUP BY GROUPING SETS ((f.responsible_provider_id, f.profile_id), (f.responsible_provider_id))) s
         JOIN provider p ON p.id = s."providerId"
        ORDER BY p.name`,
      params,
    );
    const cells = rows.filter((r) => r.profileId !== null);
    const providers = rows.filter((r) => r.profileId === null);
    const cellsOf = (heavy: 'high' | 'long'): IntensityCell[] =>
      cells.map((c) => ({
        providerId: c.providerId,
        profileId: c.profileId!,
        trajectories: c.trajectories,
        heavy: c[heavy],
        cellKey: c.cellKey,
      }));
    const highLevel = compareIntensityWithPeers(cellsOf('high'));
    const longDuration = compareIntensityWithPeers(cellsOf('long'));
    const published = (c: IntensityComparison | null | undefined, measure: 'high' | 'long') =>
      c ? roundComparison(perturbComparison(c, measure)) : null;
    const assessments = providers.map((p) => {
      // domain rule 6: a provider's shares are figures about its youths
      const enough = p.youths >= MIN_YOUTHS;
      const high = enough ? published(highLevel.get(p.providerId), 'high') : null;
      const long = enough ? published(longDuration.get(p.providerId), 'long') : null;
      const provider: Provider = { id: p.providerId, name: p.name, agbCode: p.agbCode, kvkNumber: p.kvkNumber };
      return { provider, flagged: !!(high?.flagged || long?.flagged), highLevel: high, longDuration: long };
    });
    assessments.sort((a, b) => Number(b.flagged) - Number(a.flagged));
    return {
      from: args.from,
      to: args.to,
      municipality: await this.municipality(municipalityId),
      thresholds: { ...OUTLIER_THRESHOLDS },
      providers: assessments,
    };
  }
}
