import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { addDays, addMonths, sqlDayOf, sqlOnDays, today, ZONE } from '../../core/dates.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Profile, Segment } from '../catalogue/catalogue.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import type { Provider } from '../provider/provider.entity.js';
import {
  compareIntensityWithPeers,
  OUTLIER_THRESHOLDS,
  type IntensityCell,
  type IntensityComparison,
} from './intensity.rules.js';
import { consortiumPerformanceCsv } from './performance.csv.js';
import type { ConsortiumPerformanceArgs, PeriodArgs, ProviderOutcomesArgs } from './performance.inputs.js';
import {
  assertCalendarPeriod,
  lastCompleteYear,
  MIN_YOUTHS,
  NO_FACTS,
  perturbComparison,
  publishBreakdown,
  publishTotal,
  sumsOf,
  type Cell,
  type Figures,
} from './performance.rules.js';
import {
  toPerformanceFigures,
  type ConsortiumPerformanceResult,
  type IntensityOutlierReport,
  type OutcomeFigures,
  type PeriodPerformance,
  type PublishedOutcomes,
} from './performance.types.js';

/** Facts `f` closed on the days $from..$to; a range on closed_at, so the (…, closed_at) indexes serve it. */
const closedBetween = (from: string, to: string) => sqlOnDays('f.closed_at', `${from}::date`, `${to}::date`);

/** The sums `Cell` names (with the cell key and largest contributions), over rows `x` of facts joined with their intensity. */
const SUMS = `count(*)::int AS trajectories,
  count(DISTINCT x.youth_key)::int AS youths,
  count(DISTINCT x.youth_key) FILTER (WHERE x.treatment_goals > 0)::int AS "goalYouths",
  coalesce(sum(x.treatment_goals), 0)::int AS goals,
  coalesce(sum(x.goals_achieved), 0)::int AS "goalsAchieved",
  coalesce(sum(x.goals_partly), 0)::int AS "goalsPartly",
  count(DISTINCT x.youth_key) FILTER (WHERE x.satisfaction_youth IS NOT NULL)::int AS "satisfactionYouthYouths",
  coalesce(sum(x.satisfaction_youth), 0)::int AS "satisfactionYouthSum",
  count(x.satisfaction_youth)::int AS "satisfactionYouthCount",
  count(DISTINCT x.youth_key) FILTER (WHERE x.satisfaction_parent IS NOT NULL)::int AS "satisfactionParentYouths",
  coalesce(sum(x.satisfaction_parent), 0)::int AS "satisfactionParentSum",
  count(x.satisfaction_parent)::int AS "satisfactionParentCount",
  count(*) FILTER (WHERE x.dropout)::int AS dropouts,
  count(*) FILTER (WHERE x.ended_as_planned)::int AS "endedAsPlanned",
  count(*) FILTER (WHERE x.repeat_use)::int AS "repeatUse",
  coalesce(sum(x.waiting_days), 0)::float8 AS "waitingDaysSum",
  coalesce(sum(x.tariff_cents), 0)::float8 AS "tariffSum",
  count(DISTINCT x.youth_key) FILTER (WHERE x.cost_cents IS NOT NULL)::int AS "costYouths",
  count(x.cost_cents)::int AS "costCount",
  coalesce(sum(x.cost_cents), 0)::float8 AS "costSum",
  coalesce(sum(x.tariff_cents) FILTER (WHERE x.cost_cents IS NOT NULL), 0)::float8 AS "costTariffSum",
  count(*) FILTER (WHERE x.level = 'HIGH')::int AS high,
  count(*) FILTER (WHERE x.duration = 'LONG')::int AS long,
  coalesce(sum(x.record_key), 0)::float8 AS "cellKey",
  coalesce(max(x.treatment_goals), 0)::int AS "maxGoals",
  coalesce(max(x.waiting_days), 0)::float8 AS "maxWaitingDays",
  coalesce(max(x.tariff_cents), 0)::float8 AS "maxTariff",
  coalesce(max(x.cost_cents), 0)::float8 AS "maxCost"`;

const EMPTY_CELL: Cell = { ...NO_FACTS, cellKey: 0, maxGoals: 0, maxWaitingDays: 0, maxTariff: 0, maxCost: 0 };

type Breakdown = 'total' | 'provider' | 'profile' | 'area' | 'month' | 'quarter';

interface GroupRow extends Cell {
  breakdown: Breakdown;
  providerId: string | null;
  providerName: string | null;
  agbCode: string | null;
  kvkNumber: string | null;
  profileId: string | null;
  profileCode: string | null;
  profileName: string | null;
  segment: Segment | null;
  areaId: string | null;
  areaName: string | null;
  areaMunicipalityId: string | null;
  areaMunicipalityCode: string | null;
  monthStart: string | null;
  quarterStart: string | null;
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

  async consortiumPerformance(args: ConsortiumPerformanceArgs): Promise<ConsortiumPerformanceResult> {
    const municipalityId = this.judgedMunicipality();
    const consortiumId = assertId(args.consortiumId, 'consortiumId');
    this.checkPeriod(args);
    const consortium = await this.db.one<{ id: string; name: string }>(
      `SELECT c.id, c.name FROM consortium c WHERE c.id = $1`,
      [consortiumId],
    );
    if (!consortium) throw new NotFoundError('Consortium');

    const params: unknown[] = [consortiumId, args.from, args.to];
    const ofMunicipality = municipalityId ? `AND f.municipality_id = $${params.push(municipalityId)}` : '';
    // One statement for the total and every breakdown (GROUPING SETS), with the groups' names.
    const rows = await this.db.query<GroupRow>(
      `WITH facts AS (
         SELECT f.*, i.level, i.duration,
                date_trunc('month', f.closed_at AT TIME ZONE '${ZONE}')::date AS month_start,
                date_trunc('quarter', f.closed_at AT TIME ZONE '${ZONE}')::date AS quarter_start
           FROM trajectory_fact f JOIN intensity i ON i.id = f.intensity_id
          WHERE ${closedBetween('$2', '$3')} ${ofMunicipality}
            AND EXISTS (SELECT 1 FROM consortium_membership cm
                         WHERE cm.consortium_id = $1 AND cm.provider_id = f.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER')
                           AND ${sqlDayOf('f.closed_at')} BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity'))
       ), groups AS (
         SELECT CASE WHEN grouping(x.responsible_provider_id) = 0 THEN 'provider' WHEN grouping(x.profile_id) = 0 THEN 'profile'
                     WHEN grouping(x.area_id) = 0 THEN 'area' WHEN grouping(x.month_start) = 0 THEN 'month'
                     WHEN grouping(x.quarter_start) = 0 THEN 'quarter' ELSE 'total' END AS breakdown,
                x.responsible_provider_id, x.profile_id, x.area_id, x.month_start, x.quarter_start, ${SUMS}
           FROM facts x
          GROUP BY GROUPING SETS ((), (x.responsible_provider_id), (x.profile_id), (x.area_id), (x.month_start), (x.quarter_start))
       )
       SELECT g.*, g.responsible_provider_id AS "providerId", p.name AS "providerName", p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber",
              g.profile_id AS "profileId", pr.code AS "profileCode", pr.name AS "profileName", pr.segment,
              g.area_id AS "areaId", a.name AS "areaName", a.municipality_id AS "areaMunicipalityId", am.cbs_code AS "areaMunicipalityCode",
              g.month_start AS "monthStart", g.quarter_start AS "quarterStart"
         FROM groups g
         LEFT JOIN provider p ON p.id = g.responsible_provider_id
         LEFT JOIN profile pr ON pr.id = g.profile_id
         LEFT JOIN area a ON a.id = g.area_id
         LEFT JOIN municipality am ON am.id = a.municipality_id
        ORDER BY p.name, pr.code, am.name, a.name NULLS LAST, g.month_start, g.quarter_start`,
      params,
    );

    const total = rows.find((r) => r.breakdown === 'total') ?? EMPTY_CELL;
    const breakdown = (kind: Breakdown) => {
      const group = rows.filter((r) => r.breakdown === kind);
      const figures = publishBreakdown(group, sumsOf(total));
      return group.map((row, i) => ({ row, figures: toPerformanceFigures(figures[i]) }));
    };
    return {
      consortium,
      from: args.from,
      to: args.to,
      municipality: await this.municipality(municipalityId),
      figures: toPerformanceFigures(publishTotal(total)),
      byProvider: breakdown('provider').map(({ row, figures }) => ({
        provider: { id: row.providerId!, name: row.providerName!, agbCode: row.agbCode!, kvkNumber: row.kvkNumber },
        figures,
      })),
      byProfile: breakdown('profile').map(({ row, figures }) => ({
        profile: {
          id: row.profileId!,
          code: row.profileCode!,
          name: row.profileName!,
          segment: row.segment!,
        } satisfies Profile,
        figures,
      })),
      byArea: breakdown('area').map(({ row, figures }) => ({
        area: row.areaId ? { id: row.areaId, name: row.areaName!, municipalityId: row.areaMunicipalityId! } : null,
        municipalityCode: row.areaMunicipalityCode,
        figures,
      })),
      byMonth: breakdown('month').map(({ row, figures }) => ({ ...period(row.monthStart!, 1), figures })),
      byQuarter: breakdown('quarter').map(({ row, figures }) => ({ ...period(row.quarterStart!, 3), figures })),
    };
  }

  async consortiumPerformanceCsv(args: ConsortiumPerformanceArgs): Promise<string> {
    return consortiumPerformanceCsv(await this.consortiumPerformance(args));
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
