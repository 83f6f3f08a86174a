import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../server/src/schema.js';
import { consortiumId } from '../../seeds/organisations.js';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../integration/helpers/care.js';
import { subscribe } from '../integration/helpers/subscriptions.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/**
 * NEN 7513: every read of a youth's personal data is logged, whichever way the API leads to it.
 * The paths are not listed by hand: they are found in the schema, from Query and Subscription to
 * every field of type Youth, so a path added later is tested (and must be logged) without anyone
 * remembering to add it here. Each path is asked as a user who may see the family; every youth
 * in the answer must have an access-log entry of that very request.
 */

const schema = await createSchema();
const TARGET = 'Youth';
/** Fields from the root to the youth; deeper paths only repeat a shorter one's types. */
const MAX_DEPTH = 7;

interface Step {
  /** `... on Type` before the field, when the parent is a union or interface. */
  on?: string;
  parent: string;
  field: GraphQLField<unknown, unknown>;
}
type Path = Step[];

const named = (field: GraphQLField<unknown, unknown>) => getNamedType(field.type);
const describePath = (root: string, path: Path) =>
  `${root} ${path.map((s) => (s.on ? `(on ${s.on}) ` : '') + s.field.name).join('.')}`;

/** Every path from `root` to a field of type Youth: bounded depth, no object type twice (no cycles). */
function pathsFrom(root: GraphQLObjectType): Path[] {
  const paths: Path[] = [];
  const walk = (type: GraphQLNamedType, path: Path, seen: Set<string>, on?: string) => {
    if (isAbstractType(type)) {
      for (const possible of schema.getPossibleTypes(type)) walk(possible, path, seen, possible.name);
      return;
    }
    if (!isObjectType(type) || path.length >= MAX_DEPTH || seen.has(type.name)) return;
    for (const field of Object.values(type.getFields())) {
      const step: Step = { on, parent: type.name, field };
      if (named(field).name === TARGET) paths.push([...path, step]);
      else walk(named(field), [...path, step], new Set([...seen, type.name]));
    }
  };
  walk(root, [], new Set());
  return paths;
}

/** Every leaf field of Youth without arguments: all of its personal data. */
const YOUTH_SELECTION = Object.values((schema.getType(TARGET) as GraphQLObjectType).getFields())
  .filter((f) => isLeafType(named(f)) && f.args.length === 0)
  .map((f) => f.name)
  .join(' ');

/** The operation for a path; the root field's arguments come from `variables`. */
function documentFor(operation: 'query' | 'subscription', path: Path, variables: Record<string, unknown>): string {
  const [root, ...rest] = path;
  for (const step of rest) {
    if (step.field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined))
      throw new Error(`${step.parent}.${step.field.name} needs arguments: teach this test to pass them`);
  }
  const args = root.field.args.filter((a) => a.name in variables);
  const definitions = args.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const argList = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  let selection = `{ ${YOUTH_SELECTION} }`;
  for (const step of [...rest].reverse()) {
    const field = `${step.field.name} ${selection}`;
    selection = `{ ${step.on ? `... on ${step.on} { ${field} }` : field} }`;
  }
  return `${operation}${definitions ? `(${definitions})` : ''} { ${root.field.name}${argList ? `(${argList})` : ''} ${selection} }`;
}

/** The ids of the youths an answer holds at the end of the path. */
function youthsIn(value: unknown, path: Path): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => youthsIn(v, path));
  if (!path.length) return [(value as { id: string }).id];
  const [step, ...rest] = path;
  return youthsIn((value as Record<string, unknown>)[step.field.name], rest);
}

const STAFF = 'staff@jeugdformaat.example';
const RECEIVER = 'staff@duinzicht.example';
const REFERRER = 'lokaalteam@denhaag.example';

let t: TestApp;
/** A family: two children sharing one family plan, both with Jeugdformaat; Duinzicht adds expertise for the first. */
let family: { first: string; second: string; firstYouth: string; secondYouth: string };
/** Who asks each root field, and with which arguments: a user who may see the family. */
let callers: Record<string, { as: string; variables: Record<string, unknown> }>;

beforeAll(async () => {
  t = await startTestApp();
  const referrer = t.as(REFERRER);
  const first = await refer(referrer, { initials: 'Q.A.', birthDate: '2011-02-03' });
  const second = await refer(referrer, {
    initials: 'Q.B.',
    birthDate: '2014-06-07',
    familyPlanId: first.familyPlan.id,
  });
  await accept(t.as(STAFF), first.id);
  const requested = await t.as(STAFF)(REQUEST_EXPERTISE, {
    input: { trajectoryId: first.id, providerId: providerId('duinzicht'), mode: 'CONSULTATION', question: 'Consult?' },
  });
  // the receiver sees a family only once it accepted: answer the demo requests still open, accept ours
  const receiver = t.as(RECEIVER);
  const inbox = await receiver(`{ expertiseRequestsInbox { id status } }`);
  for (const r of inbox.data!.expertiseRequestsInbox.filter((r: any) => r.status === 'REQUESTED')) {
    const accepting = r.id === requested.data!.requestExpertise.id;
    const answer = await receiver(RESPOND, {
      input: { id: r.id, accept: accepting, ...(accepting ? {} : { reason: 'Geen capaciteit.' }) },
    });
    expect(answer.errors).toBeUndefined();
  }
  family = { first: first.id, second: second.id, firstYouth: first.youth.id, secondYouth: second.youth.id };
  callers = {
    'Query.trajectory': { as: STAFF, variables: { id: first.id } },
    'Query.trajectories': { as: STAFF, variables: { first: 20, filter: { search: 'Q' } } },
    'Query.sentExpertiseRequests': { as: STAFF, variables: { toProviderId: providerId('duinzicht') } },
    'Query.expertiseRequestsInbox': { as: RECEIVER, variables: {} },
    // the seeded youths in RondomJou's intake, and the PIC proposals the local team decides
    'Query.waitingList': { as: STAFF, variables: { consortiumId: consortiumId('rondomjou') } },
    'Query.picProposals': { as: REFERRER, variables: {} },
    'Subscription.trajectoryUpdated': { as: STAFF, variables: { id: first.id } },
  };
}, 120_000);
afterAll(() => t?.close());

const QUERY_PATHS = pathsFrom(schema.getQueryType()!);
const SUBSCRIPTION_PATHS = pathsFrom(schema.getSubscriptionType()!);
const rootOf = (operation: 'Query' | 'Subscription', path: Path) => `${operation}.${path[0].field.name}`;

const loggedIn = async (requestId: string): Promise<Set<string>> =>
  new Set(
    (await t.admin.query(`SELECT youth_id FROM access_log WHERE request_id = $1`, [requestId])).rows.map(
      (r) => r.youth_id as string,
    ),
  );

/** The newest access-log entry of a user. */
const lastEntry = async (email: string): Promise<number> =>
  Number(
    (await t.admin.query(`SELECT coalesce(max(id), 0) AS id FROM access_log WHERE user_email = $1`, [email])).rows[0]
      .id,
  );

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('every path of the schema to a youth', () => {
  it('is found in the schema, and each root that leads to a youth has someone to ask it', () => {
    const described = QUERY_PATHS.map((p) => describePath('Query', p));
    // the paths known when this test was written; new ones are found (and tested) without listing them
    expect(described).toEqual(
      expect.arrayContaining([
        'Query trajectory.youth',
        'Query trajectory.familyPlan.youths',
        'Query trajectories.edges.node.youth',
        'Query sentExpertiseRequests.trajectory.familyPlan.youths',
        'Query expertiseRequestsInbox.trajectory.youth',
      ]),
    );
    const roots = new Set([
      ...QUERY_PATHS.map((p) => rootOf('Query', p)),
      ...SUBSCRIPTION_PATHS.map((p) => rootOf('Subscription', p)),
    ]);
    expect([...roots].filter((r) => !callers[r])).toEqual([]);
  });

  QUERY_PATHS.forEach((path) => {
    it(`${describePath('Query', path)}: every youth it returns is in the access log of that request`, async () => {
      const caller = callers[rootOf('Query', path)];
      const r = await t.as(caller.as)(documentFor('query', path, caller.variables), caller.variables);
      expect(r.errors).toBeUndefined();
      const youths = [...new Set(youthsIn(r.data, path))];
      expect(youths.length, 'the path returns a youth').toBeGreaterThan(0);
      const requestId = r.headers.get('x-request-id')!;
      const logged = await loggedIn(requestId);
      expect(youths.filter((y) => !logged.has(y))).toEqual([]);
    });
  });

  SUBSCRIPTION_PATHS.forEach((path) => {
    it(`${describePath('Subscription', path)}: every youth of an update is in the access log`, async () => {
      const caller = callers[rootOf('Subscription', path)];
      const before = await lastEntry(caller.as);
      const sub = subscribe(
        t.url,
        await t.login(caller.as),
        documentFor('subscription', path, caller.variables),
        caller.variables,
      );
      try {
        // subscribed once its first read (logged, like every read) is in
        await until(async () => (await lastEntry(caller.as)) > before);
        const since = await lastEntry(caller.as);
        // a change by someone else: what the subscriber then reads is its own
        const plan = await t.as(REFERRER)(`query($id: ID!) { trajectory(id: $id) { familyPlan { id version } } }`, {
          id: family.first,
        });
        const { id, version } = plan.data!.trajectory.familyPlan;
        await t.as(REFERRER)(
          `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`,
          {
            input: { id, version, context: `Bijgewerkt ${version}` },
          },
        );
        const update: any = await sub.next(10_000);
        expect(update.errors).toBeUndefined();
        const youths = [...new Set(youthsIn(update, path))];
        expect(youths.length, 'the update holds a youth').toBeGreaterThan(0);
        const { rows: logged } = await t.admin.query(
          `SELECT DISTINCT youth_id FROM access_log WHERE user_email = $1 AND id > $2`,
          [caller.as, since],
        );
        const ids = new Set(logged.map((r) => r.youth_id as string));
        expect(youths.filter((y) => !ids.has(y))).toEqual([]);
      } finally {
        await sub.close();
      }
    });
  });

  it('a sibling read through the shared family plan is logged (it was not)', async () => {
    const r = await t.as(STAFF)(`query($id: ID!) { trajectory(id: $id) { familyPlan { youths { id initials } } } }`, {
      id: family.first,
    });
    expect(r.data!.trajectory.familyPlan.youths.map((y: any) => y.id).sort()).toEqual(
      [family.firstYouth, family.secondYouth].sort(),
    );
    const logged = await loggedIn(r.headers.get('x-request-id')!);
    expect(logged).toEqual(new Set([family.firstYouth, family.secondYouth]));
    const { rows } = await t.admin.query(
      `SELECT action, purpose, organisation_name FROM access_log WHERE request_id = $1 AND youth_id = $2`,
      [r.headers.get('x-request-id'), family.secondYouth],
    );
    expect(rows).toEqual([{ action: 'READ', purpose: 'youth', organisation_name: 'Stichting Jeugdformaat' }]);
  });
});
