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
 * The one statement of a trajectory page: the visible trajectory `page` (the services' visibility
 * rule, which row-level security enforces as well), the family's visible youths `youths` and the
 * viewer's expertise requests `requests` when asked for, the access-log rows for the youth and the
 * family's youths it shows, and `columns` over `page`. Null when not visible.
 */
export async function selectPage<T extends object>(
  services: Services,
  db: Context['db'],
  id: string,
  parts: Pick<PageParts, 'familyYouths' | 'expertiseRequests'> & { related: boolean },
  columns: string[],
): Promise<T | null> {
  services.trajectory.requireCareViewer();
  const params: unknown[] = [assertId(id, 'id')];
  // `related`: the youth, PIC and responsible provider as JSON, for the loaders
  const related = parts.related
    ? `, ${RELATED} FROM trajectory t ${RELATED_JOINS('t.youth_id', 't.pic_id', 't.responsible_provider_id')}`
    : ' FROM trajectory t';
  const ctes = [
    `page AS (SELECT ${TRAJECTORY_COLUMNS}${related} WHERE t.id = $1 AND ${services.trajectory.visibility(params)})`,
  ];
  if (parts.familyYouths)
    ctes.push(`youths AS (SELECT ${YOUTH_COLUMNS}, fy.family_plan_id AS "familyPlanId"
                 FROM page JOIN family_plan_youth fy ON fy.family_plan_id = page."familyPlanId" JOIN youth y ON y.id = fy.youth_id
                WHERE ${services.plan.youthVisibility(params)})`);
  if (parts.expertiseRequests)
    ctes.push(`requests AS (SELECT ${REQUEST} FROM page JOIN expertise_request er ON er.trajectory_id = page.id
                 JOIN trajectory t ON t.id = er.trajectory_id WHERE ${services.expertise.ownRequests(params)})`);
  // the reads are logged as the loaders would log them: the trajectory's youth, then each other youth shown
  const { accessLog } = services;
  const shown = parts.familyYouths ? `ARRAY(SELECT id FROM youths)` : `ARRAY[]::uuid[]`;
  return accessLog.inTurn(async () => {
    ctes.push(`logged AS (${accessLog.insertSql('SELECT "youthId" FROM page', 'READ', 'trajectory', params)})`);
    if (parts.familyYouths) {
      const others = 'SELECT id FROM youths WHERE id <> ALL (SELECT "youthId" FROM page)';
      ctes.push(`logged_youths AS (${accessLog.insertSql(others, 'READ', 'youth', params)})`);
    }
    const found = await db.one<T & { loggedYouthIds: string[] }>(
      `WITH ${ctes.join(', ')} SELECT ${columns.join(', ')}, page."youthId" || ${shown} AS "loggedYouthIds" FROM page`,
      params,
      { prepared: true },
    );
    if (!found) return null;
    const { loggedYouthIds, ...row } = found;
    accessLog.markLogged(loggedYouthIds);
    return row as T;
  });
}

/**
 * A trajectory page in one statement (`selectPage`), with the parts the query asks for as JSON built
 * by PostgreSQL. The rows are handed to the request's loaders, so the field resolvers send nothing
 * more. Null when not visible.
 */
export async function readTrajectoryPage(
  services: Services,
  db: Context['db'],
  id: string,
  parts: PageParts,
): Promise<PageRow | null> {
  const columns = ['page.*'];
  const json = (name: string, select: string, one = false) =>
    columns.push(
      one
        ? `(SELECT row_to_json(x) FROM (${select}) x) AS "${name}"`
        : `(SELECT coalesce(json_agg(x), '[]') FROM (${select}) x) AS "${name}"`,
    );
  if (parts.familyPlan)
    json('familyPlan', `SELECT ${FAMILY_PLAN} FROM family_plan f WHERE f.id = page."familyPlanId"`, true);
  if (parts.familyYouths) json('youths', `SELECT * FROM youths ORDER BY "birthDate", id`);
  if (parts.familyGoals)
    json(
      'familyGoals',
      `SELECT ${GOAL} FROM goal g WHERE g.family_plan_id = page."familyPlanId" ORDER BY g.position, g.id`,
    );
  if (parts.helpPlan) json('helpPlan', `SELECT ${HELP_PLAN} FROM help_plan h WHERE h.trajectory_id = page.id`, true);
  if (parts.helpGoals)
    json('helpGoals', `SELECT ${GOAL} FROM goal g WHERE g.help_plan_id = page.id ORDER BY g.position, g.id`);
  if (parts.expertiseRequests) json('requests', `SELECT * FROM requests ORDER BY "requestedAt", id`);
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
  const row = await selectPage<PageRow>(services, db, id, { ...parts, related: true }, columns);
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
