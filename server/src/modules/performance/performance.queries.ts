import { sqlDayOf, sqlOnDays, ZONE } from '../../core/dates.js';

/*
 * The contract managers' figures over the maintained roll-ups (migration performance-cells):
 * `performance_cell` holds per (municipality, consortium or none, provider, month, profile, area,
 * reason for ending) the counts, sums, cell-key sums and largest contributions; sums and maxima
 * merge exactly into any group. Distinct youths do not: a group's youths are its facts, minus the
 * facts in it of youths with more than one fact closing in the same year
 * (`performance_repeat_fact`), plus those youths counted once.
 */

/** The measures of a `performance_cell` row, summed (or, for `max_…`, maximised) over a group. */
const MEASURES = [
  'trajectories', 'goal_trajectories', 'goals', 'goals_achieved', 'goals_partly', 'satisfaction_youth_sum',
  'satisfaction_youth_count', 'satisfaction_parent_sum', 'satisfaction_parent_count', 'dropouts', 'ended_as_planned',
  'repeat_use', 'waiting_days_sum', 'tariff_sum', 'cost_count', 'cost_sum', 'cost_tariff_sum', 'high', 'long',
  'cell_key', 'max_goals', 'max_waiting_days', 'max_tariff', 'max_cost',
] as const; // prettier-ignore
/** What a repeated fact counts toward the distinct-youth correction of each base (1 where it counts). */
const REPEATED = {
  repeated: '1',
  repeated_goal: '(f.treatment_goals > 0)::int',
  repeated_satisfaction_youth: '(f.satisfaction_youth IS NOT NULL)::int',
  repeated_satisfaction_parent: '(f.satisfaction_parent IS NOT NULL)::int',
  repeated_cost: '(f.cost_cents IS NOT NULL)::int',
};
const COUNTS = new Set(['trajectories', 'goal_trajectories', 'satisfaction_youth_count', 'satisfaction_parent_count',
  'dropouts', 'ended_as_planned', 'repeat_use', 'cost_count', 'high', 'long', 'cell_key']); // prettier-ignore

const sum = (column: string) => `coalesce(sum(x.${column}), 0)`;
/** Distinct youths of a base: its facts, less the repeated ones in the group, plus their distinct youths. */
const youths = (facts: string, repeated: keyof typeof REPEATED) =>
  `(${sum(facts)} - ${sum(repeated)} + count(DISTINCT x.youth_key) FILTER (WHERE x.${repeated} = 1))::int`;

/** The sums `Cell` names (with the cell key and largest contributions), over rows `x` of cells and repeated facts. */
export const SUMS = `${sum('trajectories')}::int AS trajectories,
  ${youths('trajectories', 'repeated')} AS youths,
  ${youths('goal_trajectories', 'repeated_goal')} AS "goalYouths",
  ${sum('goals')}::int AS goals,
  ${sum('goals_achieved')}::int AS "goalsAchieved",
  ${sum('goals_partly')}::int AS "goalsPartly",
  ${youths('satisfaction_youth_count', 'repeated_satisfaction_youth')} AS "satisfactionYouthYouths",
  ${sum('satisfaction_youth_sum')}::int AS "satisfactionYouthSum",
  ${sum('satisfaction_youth_count')}::int AS "satisfactionYouthCount",
  ${youths('satisfaction_parent_count', 'repeated_satisfaction_parent')} AS "satisfactionParentYouths",
  ${sum('satisfaction_parent_sum')}::int AS "satisfactionParentSum",
  ${sum('satisfaction_parent_count')}::int AS "satisfactionParentCount",
  ${sum('dropouts')}::int AS dropouts,
  ${sum('ended_as_planned')}::int AS "endedAsPlanned",
  ${sum('repeat_use')}::int AS "repeatUse",
  ${sum('waiting_days_sum')}::float8 AS "waitingDaysSum",
  ${sum('tariff_sum')}::float8 AS "tariffSum",
  ${youths('cost_count', 'repeated_cost')} AS "costYouths",
  ${sum('cost_count')}::int AS "costCount",
  ${sum('cost_sum')}::float8 AS "costSum",
  ${sum('cost_tariff_sum')}::float8 AS "costTariffSum",
  ${sum('high')}::int AS high,
  ${sum('long')}::int AS long,
  ${sum('cell_key')}::float8 AS "cellKey",
  coalesce(max(x.max_goals), 0)::int AS "maxGoals",
  coalesce(max(x.max_waiting_days), 0)::float8 AS "maxWaitingDays",
  coalesce(max(x.max_tariff), 0)::float8 AS "maxTariff",
  coalesce(max(x.max_cost), 0)::float8 AS "maxCost"`;

/** Which facts a source of rows counts: every fact once, or each fact per consortium its provider led or partnered in. */
export type Scope = { consortium: 'none' } | { consortium: 'member'; only?: string };

/**
 * SQL: rows `x` with the dimensions `groupsSql` reads, for the months of the days $from..$to
 * (a calendar period) and `municipality` (a parameter, or null for all): the roll-up's cells, and
 * the repeated facts (sums empty) that correct the distinct youths.
 */
export function rollUpRowsSql(from: string, to: string, municipality: string | null, scope: Scope): string {
  const consortium = scope.consortium === 'none' ? 'IS NULL' : scope.only ? `= ${scope.only}` : 'IS NOT NULL';
  const membership =
    scope.consortium === 'none'
      ? ''
      : `JOIN consortium_membership cm ON cm.provider_id = f.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER')
              AND ${sqlDayOf('f.closed_at')} BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')
              ${scope.only ? `AND cm.consortium_id = ${scope.only}` : ''}`;
  return `
  SELECT c.consortium_id, c.provider_id AS responsible_provider_id, c.profile_id, c.area_id, c.month_start,
         date_trunc('quarter', c.month_start)::date AS quarter_start, c.end_reason_code, NULL::uuid AS youth_key,
         ${MEASURES.map((m) => `c.${m}`).join(', ')}, ${Object.keys(REPEATED)
           .map((r) => `0 AS ${r}`)
           .join(', ')}
    FROM performance_cell c
   WHERE c.consortium_id ${consortium} AND c.month_start BETWEEN ${from}::date AND ${to}::date
         ${municipality ? `AND c.municipality_id = ${municipality}` : ''}
  UNION ALL
  SELECT ${scope.consortium === 'none' ? 'NULL::uuid' : 'cm.consortium_id'}, f.responsible_provider_id, f.profile_id, f.area_id,
         date_trunc('month', f.closed_at AT TIME ZONE '${ZONE}')::date, date_trunc('quarter', f.closed_at AT TIME ZONE '${ZONE}')::date,
         f.end_reason_code, f.youth_key, ${MEASURES.map((m) => (COUNTS.has(m) ? '0' : 'NULL')).join(', ')},
         ${Object.values(REPEATED).join(', ')}
    FROM performance_repeat_fact r JOIN trajectory_fact f ON f.trajectory_id = r.trajectory_id
    ${membership}
   WHERE ${sqlOnDays('r.closed_at', `${from}::date`, `${to}::date`)} ${municipality ? `AND r.municipality_id = ${municipality}` : ''}`;
}
