import { CARE_ROLES } from '../../core/auth/roles.js';
import { isUuid } from '../../core/graphql/ids.js';
import type { SelectionSetNode } from 'graphql';
import { planJson, type JsonPlan, type JsonShape } from '../../core/graphql/json-answer.js';
import type { PlannedField } from '../../core/graphql/known-operations.js';
import { selectPage } from './trajectory.page.js';

/** A column of a table row (snake_case) or of the page's rows (camelCase, quoted). */
const column = (name: string) => ({ scalar: (row: string) => `${row}.${name}` });
const field = (name: string) => ({ scalar: (row: string) => `${row}."${name}"` });
const byId = (table: string, reference: string) => (row: string, child: string) =>
  `${table} ${child} WHERE ${child}.id = ${row}.${reference}`;

const PROVIDER: JsonShape = {
  id: column('id'),
  name: column('name'),
  agbCode: column('agb_code'),
  kvkNumber: column('kvk_number'),
};
const PROFILE: JsonShape = { id: column('id'), code: column('code'), name: column('name'), segment: column('segment') };
const INTENSITY: JsonShape = {
  id: column('id'),
  code: column('code'),
  duration: column('duration'),
  level: column('level'),
};
const PIC: JsonShape = {
  id: column('id'),
  tariffCents: column('tariff_cents'),
  validFrom: column('valid_from'),
  validUntil: column('valid_until'),
  profile: { one: byId('profile', 'profile_id'), shape: () => PROFILE },
  intensity: { one: byId('intensity', 'intensity_id'), shape: () => INTENSITY },
};
const YOUTH: JsonShape = { id: column('id'), initials: column('initials'), birthDate: column('birth_date') };
const YOUTH_ROW: JsonShape = { id: field('id'), initials: field('initials'), birthDate: field('birthDate') };
const GOAL: JsonShape = {
  id: column('id'),
  kind: column('kind'),
  description: column('description'),
  targetDate: column('target_date'),
  lifeDomain: column('life_domain'),
  contributesTo: { one: byId('goal', 'contributes_to_id'), shape: () => GOAL },
};
const goals = (owner: string, key: string) => ({
  many: (row: string, child: string) => `goal ${child} WHERE ${child}.${owner} = ${row}.${key}`,
  orderBy: (child: string) => `${child}.position, ${child}.id`,
  shape: () => GOAL,
});
const FAMILY_PLAN: JsonShape = {
  id: column('id'),
  version: column('version'),
  question: column('question'),
  context: column('context'),
  updatedAt: column('updated_at'),
  // the family's youths the viewer may see: selectPage's `youths` (camelCase columns)
  youths: {
    many: (_row: string, child: string) => `youths ${child}`,
    orderBy: (child: string) => `${child}."birthDate", ${child}.id`,
    shape: () => YOUTH_ROW,
    uses: 'familyYouths',
  },
  goals: goals('family_plan_id', 'id'),
};
const HELP_PLAN: JsonShape = {
  id: column('trajectory_id'),
  version: column('version'),
  effortDescription: column('effort_description'),
  endDate: column('end_date'),
  updatedAt: column('updated_at'),
  goals: goals('help_plan_id', 'trajectory_id'),
};
/** A row of selectPage's `requests` (the viewer's own requests, camelCase columns). */
export const EXPERTISE_REQUEST: JsonShape = {
  id: field('id'),
  status: field('status'),
  mode: field('mode'),
  question: field('question'),
  relation: field('relation'),
  declineReason: field('declineReason'),
  requestedAt: field('requestedAt'),
  respondedAt: field('respondedAt'),
  endedAt: field('endedAt'),
  provider: { one: byId('provider', '"providerId"'), shape: () => PROVIDER },
  requestedBy: { one: byId('provider', '"requestedByProviderId"'), shape: () => PROVIDER },
};
const EVENT: JsonShape = {
  id: { scalar: (row) => `${row}.id::text` },
  at: column('at'),
  kind: column('kind'),
  // the timeline joins the acting user as `<event alias>_actor`
  actorName: { scalar: (row) => `${row}_actor.name` },
  detail: column('detail'),
};
/** The trajectory and its referral: selectPage's `page` (camelCase columns). */
const REFERRAL: JsonShape = {
  referrerType: field('referrerType'),
  referredAt: field('referredAt'),
  fundingVariant: field('fundingVariant'),
  pic: { one: byId('pic', '"picId"'), shape: () => PIC },
};
export const TRAJECTORY: JsonShape = {
  id: field('id'),
  status: field('status'),
  startedAt: field('startedAt'),
  closedAt: field('closedAt'),
  lastActivityAt: field('lastActivityAt'),
  declineReason: field('declineReason'),
  youth: { one: byId('youth', '"youthId"'), shape: () => YOUTH },
  referral: { self: () => REFERRAL },
  responsibleProvider: { one: byId('provider', '"responsibleProviderId"'), shape: () => PROVIDER },
  familyPlan: { one: byId('family_plan', '"familyPlanId"'), shape: () => FAMILY_PLAN },
  helpPlan: {
    one: (row: string, child: string) => `help_plan ${child} WHERE ${child}.trajectory_id = ${row}.id`,
    shape: () => HELP_PLAN,
  },
  expertiseRequests: {
    many: (_row: string, child: string) => `requests ${child}`,
    orderBy: (child: string) => `${child}."requestedAt", ${child}.id`,
    shape: () => EXPERTISE_REQUEST,
    uses: 'expertiseRequests',
  },
  timeline: {
    many: (row: string, child: string) =>
      `trajectory_event ${child} LEFT JOIN app_user ${child}_actor ON ${child}_actor.id = ${child}.actor_user_id
        WHERE ${child}.trajectory_id = ${row}.id`,
    orderBy: (child: string) => `${child}.at, ${child}.id`,
    shape: () => EVENT,
  },
};

/**
 * Each selection's plan (null: not planned). Apollo keeps a query's parsed document, so the page's
 * selection is the same object on every request and is planned once.
 */
const plans = new WeakMap<SelectionSetNode, JsonPlan | null>();

/**
 * `trajectory(id)` answered by PostgreSQL: the page's one statement (the same visibility and access
 * log as the resolvers' path) builds the JSON of the selection, when every field asked for is one
 * of the shapes above; otherwise the resolvers answer.
 */
export const trajectoryPageAnswer: PlannedField = {
  roles: CARE_ROLES,
  answer(ctx, args, type, selection, fragments) {
    const { id } = args;
    if (!isUuid(id)) return undefined;
    let plan = plans.get(selection);
    if (plan === undefined)
      plans.set(selection, (plan = planJson(type, TRAJECTORY, selection, fragments, 'page') ?? null));
    if (!plan) return undefined;
    const parts = {
      familyYouths: plan.uses.has('familyYouths'),
      expertiseRequests: plan.uses.has('expertiseRequests'),
      related: false,
    };
    return selectPage<{ json: string }>(ctx.services, ctx.db, id, parts, [`(${plan.sql})::text AS json`]).then(
      (row) => row?.json ?? 'null',
    );
  },
};
