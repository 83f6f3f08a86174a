import type { GraphQLResolveInfo } from 'graphql';
import { assertId } from '../../core/graphql/ids.js';
import { selectsPath } from '../../core/graphql/selection.js';
import type { Context, Loaders, Services } from '../../context.js';
import { REQUEST_COLUMNS as REQUEST } from '../expertise/expertise.queries.js';
import type { ExpertiseRequestRow } from '../expertise/expertise.types.js';
import { FAMILY_PLAN, GOAL, HELP_PLAN } from '../plan/plan.service.js';
import type { FamilyPlanRow, GoalRow, HelpPlanRow } from '../plan/plan.types.js';
import { PROVIDER_COLUMNS } from '../provider/provider.service.js';
import type { Provider } from '../provider/provider.entity.js';
import { primeRelated } from './trajectory.loaders.js';
import { EVENT_COLUMNS, RELATED, RELATED_JOINS, TRAJECTORY_COLUMNS, YOUTH_COLUMNS } from './trajectory.service.js';
import type { TrajectoryEventRow, TrajectoryRow, YouthRow } from './trajectory.types.js';

/** The parts of a trajectory page the query asks for (each read only when asked). */
export interface PageParts {
  familyPlan: boolean;
  familyYouths: boolean;
  /** The family plan's goals: shown, or what the help plan's goals contribute to. */
  familyGoals: boolean;
  helpPlan: boolean;
  helpGoals: boolean;
  expertiseRequests: boolean;
  timeline: boolean;
  providers: boolean;
}

export function pagePartsOf(info: GraphQLResolveInfo): PageParts {
  const has = (...path: string[]) => selectsPath(info, path);
  return {
    familyPlan: has('familyPlan'),
    familyYouths: has('familyPlan', 'youths'),
    familyGoals: has('familyPlan', 'goals') || has('helpPlan', 'goals', 'contributesTo'),
    helpPlan: has('helpPlan'),
    helpGoals: has('helpPlan', 'goals'),
    expertiseRequests: has('expertiseRequests'),
    timeline: has('timeline'),
    providers:
      has('responsibleProvider') || has('expertiseRequests', 'provider') || has('expertiseRequests', 'requestedBy'),
  };
}

interface PageRow extends TrajectoryRow {
  familyPlan?: FamilyPlanRow | null;
  youths?: (YouthRow & { familyPlanId: string })[];
  familyGoals?: GoalRow[];
  helpPlan?: HelpPlanRow | null;
  helpGoals?: GoalRow[];
  requests?: ExpertiseRequestRow[];
  events?: TrajectoryEventRow[];
  providers?: Provider[];
}

/** JSON built by PostgreSQL carries moments as text: back to Dates, as the services' rows have them. */
function moments<T extends object>(row: T, ...keys: (keyof T)[]): T {
  for (const key of keys) if (row[key] != null) row[key] = new Date(row[key] as string) as T[keyof T];
  return row;
}

/**
 * A trajectory page in one statement: the visible trajectory (the services' visibility rule, which
 * row-level security enforces as well), the access-log rows for its youth and the family's youths
 * it shows, and the parts the query asks for as JSON built by PostgreSQL. The rows are handed to
 * the request's loaders, so the field resolvers send nothing more. Null when not visible.
 */
export async function readTrajectoryPage(
  services: Services,
  db: Context['db'],
  id: string,
  parts: PageParts,
): Promise<PageRow | null> {
  services.trajectory.requireCareViewer();
  const params: unknown[] = [assertId(id, 'id')];
  const ctes = [
    `page AS (SELECT ${TRAJECTORY_COLUMNS}, ${RELATED} FROM trajectory t ${RELATED_JOINS('t.youth_id', 't.pic_id', 't.responsible_provider_id')}
               WHERE t.id = $1 AND ${services.trajectory.visibility(params)})`,
  ];
  const columns: string[] = [];
  const json = (name: string, select: string, one = false) =>
    columns.push(
      one
        ? `(SELECT row_to_json(x) FROM (${select}) x) AS "${name}"`
        : `(SELECT coalesce(json_agg(x), '[]') FROM (${select}) x) AS "${name}"`,
    );
  if (parts.familyPlan)
    json('familyPlan', `SELECT ${FAMILY_PLAN} FROM family_plan f WHERE f.id = page."familyPlanId"`, true);
  if (parts.familyYouths) {
    ctes.push(`youths AS (SELECT ${YOUTH_COLUMNS}, fy.family_plan_id AS "familyPlanId"
                 FROM page JOIN family_plan_youth fy ON fy.family_plan_id = page."familyPlanId" JOIN youth y ON y.id = fy.youth_id
                WHERE ${services.plan.youthVisibility(params)})`);
    json('youths', `SELECT * FROM youths ORDER BY "birthDate"`);
  }
  if (parts.familyGoals)
    json(
      'familyGoals',
      `SELECT ${GOAL} FROM goal g WHERE g.family_plan_id = page."familyPlanId" ORDER BY g.position, g.id`,
    );
  if (parts.helpPlan) json('helpPlan', `SELECT ${HELP_PLAN} FROM help_plan h WHERE h.trajectory_id = page.id`, true);
  if (parts.helpGoals)
    json('helpGoals', `SELECT ${GOAL} FROM goal g WHERE g.help_plan_id = page.id ORDER BY g.position, g.id`);
  if (parts.expertiseRequests) {
    ctes.push(`requests AS (SELECT ${REQUEST} FROM page JOIN expertise_request er ON er.trajectory_id = page.id
                 JOIN trajectory t ON t.id = er.trajectory_id WHERE ${services.expertise.ownRequests(params)})`);
    json('requests', `SELECT * FROM requests ORDER BY "requestedAt"`);
  }
  if (parts.timeline)
    json(
      'events',
      `SELECT ${EVENT_COLUMNS} FROM trajectory_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.trajectory_id = page.id ORDER BY e.at, e.id`,
    );
  if (parts.providers) {
    const requested = parts.expertiseRequests
      ? ` UNION SELECT "providerId" FROM requests UNION SELECT "requestedByProviderId" FROM requests`
      : '';
    json(
      'providers',
      `SELECT ${PROVIDER_COLUMNS} FROM provider p WHERE p.id IN (SELECT page."responsibleProviderId"${requested})`,
    );
  }
  // the reads are logged as the loaders would log them: the trajectory's youth, then each other youth shown
  const { accessLog } = services;
  const row = await accessLog.inTurn(async () => {
    ctes.push(`logged AS (${accessLog.insertSql('SELECT "youthId" FROM page', 'READ', 'trajectory', params)})`);
    if (parts.familyYouths) {
      const others = 'SELECT id FROM youths WHERE id <> ALL (SELECT "youthId" FROM page)';
      ctes.push(`logged_youths AS (${accessLog.insertSql(others, 'READ', 'youth', params)})`);
    }
    const found = await db.one<PageRow>(
      `WITH ${ctes.join(', ')} SELECT page.*${columns.map((c) => `, ${c}`).join('')} FROM page`,
      params,
      { prepared: true },
    );
    if (found) accessLog.markLogged([found.youthId, ...(found.youths ?? []).map((y) => y.id)]);
    return found;
  });
  if (!row) return null;
  if (row.familyPlan) moments(row.familyPlan, 'updatedAt');
  if (row.helpPlan) moments(row.helpPlan, 'updatedAt');
  for (const r of row.requests ?? []) moments(r, 'requestedAt', 'respondedAt', 'endedAt');
  for (const e of row.events ?? []) moments(e, 'at');
  return row;
}

/** Hands what `readTrajectoryPage` read to the request's loaders; returns the trajectory itself. */
export function primeTrajectoryPage(loaders: Loaders, page: PageRow, parts: PageParts): TrajectoryRow {
  const { familyPlan, youths, familyGoals, helpPlan, helpGoals, requests, events, providers, ...trajectory } = page;
  loaders.trajectory.prime(trajectory.id, trajectory);
  primeRelated(loaders, [trajectory]);
  if (familyPlan) loaders.familyPlan.prime(familyPlan.id, familyPlan);
  if (youths) {
    loaders.youthIdsOfFamilyPlan.prime(
      trajectory.familyPlanId,
      youths.map(({ id, familyPlanId }) => ({ familyPlanId, youthId: id })),
    );
    for (const { familyPlanId: _, ...youth } of youths) loaders.youth.prime(youth.id, youth);
  }
  if (familyGoals) loaders.goalsOfFamilyPlan.prime(trajectory.familyPlanId, familyGoals);
  if (parts.helpPlan) loaders.helpPlanOf.prime(trajectory.id, helpPlan ? [helpPlan] : []);
  if (helpGoals) loaders.goalsOfHelpPlan.prime(trajectory.id, helpGoals);
  for (const goal of [...(familyGoals ?? []), ...(helpGoals ?? [])]) loaders.goal.prime(goal.id, goal);
  if (requests) loaders.expertiseRequestsOf.prime(trajectory.id, requests);
  if (events) loaders.eventsOf.prime(trajectory.id, events);
  for (const provider of providers ?? []) loaders.provider.prime(provider.id, provider);
  return trajectory;
}
