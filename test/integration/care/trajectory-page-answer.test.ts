import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAJECTORY_QUERY } from '../../bench/operations.js';
import { LIST_TRAJECTORY } from '../../../server/src/modules/trajectory/trajectory.list-answer.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The trajectory page written whole by PostgreSQL (`x-planned-answer`) must be byte for byte what
 * the resolvers write for the same selection: same keys in the same order, aliases, fragments,
 * `__typename`, moments, nulls and the same visibility. Each generated selection is asked twice:
 * alone (planned) and beside a second root field (executed by the resolvers).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const SEED = 20261205;

/** The planned fields, per type: a leaf is null, an object names its type and its fields. */
interface Node {
  type: string;
  fields: Record<string, Node | null>;
}
const leaves = (...names: string[]) => Object.fromEntries(names.map((n) => [n, null]));
const PROVIDER: Node = { type: 'Provider', fields: leaves('id', 'name', 'agbCode', 'kvkNumber') };
const YOUTH: Node = { type: 'Youth', fields: leaves('id', 'initials', 'birthDate') };
const GOAL_LEAVES = leaves('id', 'kind', 'description', 'targetDate', 'lifeDomain');
const GOAL: Node = {
  type: 'Goal',
  fields: { ...GOAL_LEAVES, contributesTo: { type: 'Goal', fields: GOAL_LEAVES } },
};
const TRAJECTORY: Node = {
  type: 'Trajectory',
  fields: {
    ...leaves('id', 'status', 'startedAt', 'closedAt', 'lastActivityAt', 'declineReason'),
    youth: YOUTH,
    referral: {
      type: 'Referral',
      fields: {
        ...leaves('referrerType', 'referredAt', 'fundingVariant'),
        pic: {
          type: 'Pic',
          fields: {
            ...leaves('id', 'tariffCents', 'validFrom', 'validUntil'),
            profile: { type: 'Profile', fields: leaves('id', 'code', 'name', 'segment') },
            intensity: { type: 'Intensity', fields: leaves('id', 'code', 'duration', 'level') },
          },
        },
      },
    },
    responsibleProvider: PROVIDER,
    familyPlan: {
      type: 'FamilyPlan',
      fields: { ...leaves('id', 'version', 'question', 'context', 'updatedAt'), youths: YOUTH, goals: GOAL },
    },
    helpPlan: {
      type: 'HelpPlan',
      fields: { ...leaves('id', 'version', 'effortDescription', 'endDate', 'updatedAt'), goals: GOAL },
    },
    expertiseRequests: {
      type: 'ExpertiseRequest',
      fields: {
        ...leaves(
          'id',
          'status',
          'mode',
          'question',
          'relation',
          'declineReason',
          'requestedAt',
          'respondedAt',
          'endedAt',
        ),
        provider: PROVIDER,
        requestedBy: PROVIDER,
      },
    },
    timeline: { type: 'TrajectoryEvent', fields: leaves('id', 'at', 'kind', 'actorName', 'detail') },
  },
};

/** A selection of `node`: some of its fields, some aliased, some in fragments, `__typename` now and then. */
function selectionOf(node: Node): fc.Arbitrary<string> {
  const field = (name: string, child: Node | null) =>
    fc
      .tuple(
        fc.oneof(
          { arbitrary: fc.constant(null), weight: 6 },
          { arbitrary: fc.constantFrom('a', 'b', 'shown'), weight: 1 },
        ),
        child ? selectionOf(child) : fc.constant(''),
      )
      .map(([alias, inner]) => `${alias ? `${alias}_${name}: ` : ''}${name}${inner ? ` { ${inner} }` : ''}`);
  const names = Object.keys(node.fields);
  return fc
    .tuple(fc.shuffledSubarray(names, { minLength: 1 }), fc.boolean(), fc.constantFrom('plain', 'inline', 'typed'))
    .chain(([chosen, typename, wrap]) =>
      fc.tuple(...chosen.map((name) => field(name, node.fields[name]))).map((parts) => {
        const body = [...(typename ? ['__typename'] : []), ...parts].join(' ');
        if (wrap === 'inline') return `... { ${body} }`;
        if (wrap === 'typed') return `... on ${node.type} { ${body} }`;
        return body;
      }),
    );
}

const VIEWERS = ['staff@jeugdformaat.example', 'staff@middin.example', 'lokaalteam@denhaag.example'];

async function ask(email: string, query: string, id: string) {
  const response = await t.as(email)(query, { id });
  expect(response.errors, `${query}\n${JSON.stringify(response.errors)}`).toBeUndefined();
  return { text: JSON.stringify(response.data), planned: response.headers.get('x-planned-answer') === 'true' };
}

describe('the trajectory page written by PostgreSQL', () => {
  it('is what the resolvers write, for any planned selection, viewer and trajectory (also one it may not see)', async () => {
    const { rows } = await t.admin.query<{ id: string }>(`SELECT id FROM trajectory ORDER BY id`);
    const ids = rows.map((r) => r.id);
    // mostly trajectories someone sees (with plans, requests and timelines), some no one of them does
    const { rows: shown } = await t.admin.query<{ id: string }>(
      `SELECT DISTINCT trajectory_id AS id FROM trajectory_access ORDER BY trajectory_id`,
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VIEWERS),
        fc.oneof({ arbitrary: fc.constantFrom(...shown.map((r) => r.id)), weight: 4 }, fc.constantFrom(...ids)),
        selectionOf(TRAJECTORY),
        fc.boolean(),
        async (email, id, selection, named) => {
          const body = named ? '...page' : selection;
          const fragment = named ? ` fragment page on Trajectory { ${selection} }` : '';
          const planned = await ask(email, `query($id: ID!) { trajectory(id: $id) { ${body} } }${fragment}`, id);
          const executed = await ask(
            email,
            `query($id: ID!) { trajectory(id: $id) { ${body} } __typename }${fragment}`,
            id,
          );
          expect(planned.planned, selection).toBe(true);
          if (!planned.text.includes('"trajectory":null')) answered++;
          expect(executed.planned).toBe(false);
          expect(planned.text, `${email} ${id} { ${selection} }`).toBe(
            executed.text.replace(/,"__typename":"Query"}$/, '}'),
          );
        },
      ),
      { seed: SEED, numRuns: 120, endOnFailure: true },
    );
    expect(answered).toBeGreaterThan(30);
  });

  it('leaves every other selection to the resolvers, with the same answer and the same errors', async () => {
    const provider = t.as('staff@jeugdformaat.example');
    const list = await provider(`{ trajectories(first: 1) { edges { node { id } } } }`);
    const id: string = list.data!.trajectories.edges[0].node.id;
    const bench = await provider(TRAJECTORY_QUERY, { id });
    expect(bench.headers.get('x-planned-answer')).toBe('true');
    for (const query of [
      // a field without a plan, a directive, an argument-taking field, the field asked twice
      `query($id: ID!) { trajectory(id: $id) { id signals } }`,
      `query($id: ID!) { trajectory(id: $id) { id youth { age } } }`,
      `query($id: ID!) { trajectory(id: $id) { id status @include(if: true) } }`,
      `query($id: ID!) { trajectory(id: $id) { id youth { id } youth { initials } } }`,
    ]) {
      const r = await provider(query, { id });
      expect(r.errors, query).toBeUndefined();
      expect(r.headers.get('x-planned-answer'), query).toBeNull();
      expect(r.data!.trajectory.id).toBe(id);
    }
    // the text is known now: another provider gets null for a trajectory of this caseload it may
    // not see (as from the resolvers), and its read is not logged
    const middin = t.as('staff@middin.example');
    const caseload = await provider(`{ trajectories(first: 20) { edges { node { id } } } }`);
    let unseen: string | undefined;
    for (const { node } of caseload.data!.trajectories.edges as { node: { id: string } }[]) {
      const executed = await middin(`query($id: ID!) { trajectory(id: $id) { id } __typename }`, { id: node.id });
      if (executed.data!.trajectory === null) unseen = node.id;
    }
    expect(unseen).toBeDefined();
    const logged = `SELECT count(*)::int AS n FROM access_log WHERE user_email = 'staff@middin.example'`;
    const before = (await t.admin.query<{ n: number }>(logged)).rows[0].n;
    const other = await middin(TRAJECTORY_QUERY, { id: unseen });
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ trajectory: null });
    expect(other.headers.get('x-planned-answer')).toBe('true');
    expect((await t.admin.query<{ n: number }>(logged)).rows[0].n).toBe(before);
    // the errors of the resolvers' path: a malformed id, no session, a role without care work
    const malformed = await provider(TRAJECTORY_QUERY, { id: 'not-an-id' });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.gql(TRAJECTORY_QUERY, { id });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const manager = await t.as('contractmanager@denhaag.example')(TRAJECTORY_QUERY, { id });
    expect(manager.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const r of [malformed, anonymous, manager]) expect(r.headers.get('x-planned-answer')).toBeNull();
  });
});

/** The caseload's connection: the fields of a list row that its planned answer knows. */
const LIST_NODE: Node = {
  type: 'Trajectory',
  fields: Object.fromEntries(Object.keys(LIST_TRAJECTORY).map((name) => [name, TRAJECTORY.fields[name]])),
};
const CONNECTION: Node = {
  type: 'TrajectoryConnection',
  fields: {
    totalCount: null,
    pageInfo: { type: 'PageInfo', fields: leaves('hasNextPage', 'endCursor') },
    edges: { type: 'TrajectoryEdge', fields: { cursor: null, node: LIST_NODE } },
  },
};

describe('the caseload written by PostgreSQL', () => {
  it('is what the resolvers write, for any planned selection, viewer and page size, access log included', async () => {
    const logged = (email: string) =>
      t.admin
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM access_log WHERE user_email = $1 AND purpose = 'caseload'`,
          [email],
        )
        .then((r) => r.rows[0].n);
    let edges = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VIEWERS),
        fc.constantFrom(1, 3, 20, 100, undefined),
        selectionOf(CONNECTION),
        async (email, first, selection) => {
          const variables = first === undefined ? {} : { first };
          const client = t.as(email);
          const before = await logged(email);
          const planned = await client(
            `query($first: Int) { trajectories(first: $first) { ${selection} } }`,
            variables,
          );
          const afterPlanned = await logged(email);
          const executed = await client(
            `query($first: Int) { trajectories(first: $first) { ${selection} } __typename }`,
            variables,
          );
          const afterExecuted = await logged(email);
          // a selection nested beyond the query limits is refused before either runs
          if (planned.errors?.[0].message.includes('nested too deeply')) {
            expect(executed.errors).toEqual(planned.errors);
            return;
          }
          expect(planned.errors).toBeUndefined();
          expect(executed.errors).toBeUndefined();
          expect(planned.headers.get('x-planned-answer'), selection).toBe('true');
          expect(executed.headers.get('x-planned-answer')).toBeNull();
          expect(JSON.stringify(planned.data), `${email} ${first} { ${selection} }`).toBe(
            JSON.stringify(executed.data).replace(/,"__typename":"Query"}$/, '}'),
          );
          // each path logs the youths it shows
          expect(afterPlanned - before).toBe(afterExecuted - afterPlanned);
          edges += JSON.stringify(planned.data).split('"node"').length - 1;
        },
      ),
      { seed: SEED, numRuns: 80, endOnFailure: true },
    );
    expect(edges).toBeGreaterThan(100);
  });

  it('leaves a filter, a cursor and other fields to the resolvers', async () => {
    const provider = t.as('staff@jeugdformaat.example');
    const first = await provider(`{ trajectories(first: 2) { pageInfo { endCursor } edges { node { id } } } }`);
    expect(first.headers.get('x-planned-answer')).toBe('true');
    const after = first.data!.trajectories.pageInfo.endCursor;
    for (const [query, variables] of [
      [`query($after: String) { trajectories(first: 2, after: $after) { edges { node { id } } } }`, { after }],
      [`{ trajectories(first: 2, filter: { status: ACTIVE }) { edges { node { id status } } } }`, {}],
      [`{ trajectories(first: 2) { edges { node { id signals } } } }`, {}],
      [`{ trajectories(first: 0) { edges { node { id } } } }`, {}],
    ] as const) {
      const r = await provider(query, variables);
      expect(r.headers.get('x-planned-answer'), query).toBeNull();
      if (query.includes('first: 0')) expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      else expect(r.errors, query).toBeUndefined();
    }
  });
});
