import { validateSync } from 'class-validator';
import type { SelectionSetNode } from 'graphql';
import { CARE_ROLES } from '../../core/auth/roles.js';
import { planJson, type JsonPlan, type JsonShape } from '../../core/graphql/json-answer.js';
import { cursorSql } from '../../core/graphql/keyset-cursor.js';
import type { PlannedField } from '../../core/graphql/known-operations.js';
import { TrajectoriesArgs } from './trajectory.inputs.js';
import { EXPERTISE_REQUEST, TRAJECTORY } from './trajectory.page-answer.js';

/** A trajectory of the list: the page's fields that a list row answers the same way (see listJson's `shown`). */
export const LIST_TRAJECTORY: JsonShape = {
  ...Object.fromEntries(
    [
      'id',
      'status',
      'startedAt',
      'closedAt',
      'lastActivityAt',
      'declineReason',
      'youth',
      'referral',
      'responsibleProvider',
    ].map((name) => [name, TRAJECTORY[name]]),
  ),
  // the viewer's requests of the rows shown: listJson's `requests`
  expertiseRequests: {
    many: (row: string, child: string) => `requests ${child} WHERE ${child}."trajectoryId" = ${row}.id`,
    orderBy: (child: string) => `${child}."requestedAt", ${child}.id`,
    shape: () => EXPERTISE_REQUEST,
    uses: 'requests',
  },
};
const EDGE: JsonShape = {
  node: { self: () => LIST_TRAJECTORY },
  cursor: { scalar: (row) => cursorSql(`${row}."activityKey"`, `${row}.id`) },
};
const PAGE_INFO: JsonShape = {
  hasNextPage: { scalar: (row) => `${row}."hasNextPage"` },
  // the last row shown, as `list` gives it
  endCursor: {
    scalar: () =>
      `(SELECT ${cursorSql('s."activityKey"', 's.id')} FROM shown s ORDER BY s."lastActivityAt", s.id LIMIT 1)`,
  },
};
/** The connection over listJson's row `c`. */
const CONNECTION: JsonShape = {
  totalCount: { scalar: (row) => `${row}.total`, uses: 'total' },
  pageInfo: { self: () => PAGE_INFO },
  edges: {
    many: (_row: string, child: string) => `shown ${child}`,
    orderBy: (child: string) => `${child}."lastActivityAt" DESC, ${child}.id DESC`,
    shape: () => EDGE,
  },
};

/** Each selection's plan (null: not planned); Apollo keeps a query's parsed document. */
const plans = new WeakMap<SelectionSetNode, JsonPlan | null>();

/**
 * The first page of `trajectories` (the caseload) answered by PostgreSQL: the list's one statement
 * (the same visibility, total and access log as the resolvers' path) builds the connection's JSON,
 * when every field asked for is one of the shapes above and the arguments are a valid page size
 * only; a filter, a cursor or any other field leaves the list to the resolvers.
 */
export const trajectoryListAnswer: PlannedField = {
  roles: CARE_ROLES,
  answer(ctx, args, type, selection, fragments) {
    if (Object.keys(args).some((name) => name !== 'first' || args[name] === null)) return undefined;
    const page = Object.assign(new TrajectoriesArgs(), args);
    if (validateSync(page, { forbidUnknownValues: false }).length) return undefined;
    let plan = plans.get(selection);
    if (plan === undefined)
      plans.set(selection, (plan = planJson(type, CONNECTION, selection, fragments, 'c') ?? null));
    return plan ? ctx.services.trajectory.listJson(page, plan) : undefined;
  },
};
