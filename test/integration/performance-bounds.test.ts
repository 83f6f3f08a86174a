import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consortiumId, providerId } from '../../seeds/organisations.js';
import { createRandom } from '../../seeds/random.js';
import { CareGenerator } from '../bench/generator/care.js';
import { Chunk, loadChunk, TRIGGER_TABLES } from '../bench/generator/copy.js';
import { buildWorld } from '../bench/generator/organisations.js';
import { verify } from '../bench/generator/verify.js';
import { areaId, profileId } from '../../seeds/reference.js';
import {
  CAPACITY_QUERY,
  CASELOAD_QUERY,
  PERFORMANCE_QUERY,
  TRAJECTORY_QUERY,
  UPDATE_HELP_PLAN_MUTATION,
  WAITING_LIST_QUERY,
} from '../bench/operations.js';
import { buildCapacity } from '../bench/generator/capacity.js';
import { startTestApp, type Client, type TestApp } from './helpers/test-app.js';

/**
 * The benchmarked operations (test/bench) run a bounded number of SQL statements, whatever the
 * number of rows: measured on the seeded data, then again after the benchmark's data generator has
 * added 2,000 trajectories (with plans, goals, expertise requests, timelines and outcomes) behind the
 * API's back. A count, not a timing.
 */
// Counted is every statement the request sends on its connection, the transaction's own included:
// START TRANSACTION, the session (viewer and row-level security settings in one SELECT), the
// operation's statements, COMMIT; as the baselines count (4). The caseload, the trajectory page and
// the plan update are exact: the caseload is one statement (page, total, requests, access log), the
// page one statement; the update with goals reads and locks, then writes goals, plan, revision, event
// and log in one (5); with only the text (as the bench) it reads, locks and writes in one (4, as the
// baseline). The others: measured with DataLoaders, two to spare.
const BOUNDS = {
  caseload: 4,
  trajectory: 4,
  planUpdate: 5,
  planText: 4,
  performance: 8,
  waitingList: 11,
  capacity: 9,
};
const EXACT = new Set(['caseload', 'trajectory', 'planUpdate', 'planText']);

let t: TestApp;
let provider: Client;
let manager: Client;
let referrer: Client;
const JEUGDFORMAAT = providerId('jeugdformaat');

beforeAll(async () => {
  t = await startTestApp();
  provider = t.as('staff@jeugdformaat.example');
  manager = t.as('contractmanager@denhaag.example');
  referrer = t.as('lokaalteam@denhaag.example');
});
afterAll(() => t?.close());

/** Adds generated care data as the table owner, the way `npm run generate` does. */
async function generate(trajectories: number): Promise<void> {
  const client = await t.admin.connect();
  try {
    const random = createRandom(11);
    await client.query('BEGIN');
    const world = await buildWorld(client, random, 150);
    await buildCapacity(client, world, random, Date.now());
    await client.query('COMMIT');
    // the generator writes the rows the triggers would derive, so the triggers stay out of the load
    for (const table of TRIGGER_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      const generator = new CareGenerator(world, random, Date.now());
      const chunk = new Chunk();
      while (chunk.trajectories < trajectories) generator.family(chunk, trajectories - chunk.trajectories);
      await loadChunk(client, chunk);
    } finally {
      for (const table of TRIGGER_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  } finally {
    client.release();
  }
}

/**
 * A trajectory of Jeugdformaat's with the most rows behind its page (of the same shape before and
 * after: a help plan, expertise requests, a family plan of one youth), and an active one it may edit.
 */
async function targets() {
  const {
    rows: [page],
  } = await t.admin.query<{ id: string }>(
    `SELECT t.id FROM trajectory t WHERE t.responsible_provider_id = $1 AND EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = t.id)
        AND EXISTS (SELECT 1 FROM expertise_request r WHERE r.trajectory_id = t.id)
        AND (SELECT count(*) FROM family_plan_youth fy WHERE fy.family_plan_id = t.family_plan_id) = 1
      ORDER BY (SELECT count(*) FROM trajectory_event e WHERE e.trajectory_id = t.id) + (SELECT count(*) FROM expertise_request r WHERE r.trajectory_id = t.id) DESC LIMIT 1`,
    [JEUGDFORMAAT],
  );
  const {
    rows: [plan],
  } = await t.admin.query<{ id: string; version: number }>(
    `SELECT h.trajectory_id AS id, h.version FROM help_plan h JOIN trajectory t ON t.id = h.trajectory_id
      WHERE t.responsible_provider_id = $1 AND t.status = 'ACTIVE' ORDER BY h.updated_at DESC LIMIT 1`,
    [JEUGDFORMAAT],
  );
  return { page: page.id, plan };
}

interface Counts {
  caseload: number;
  trajectory: number;
  planUpdate: number;
  planText: number;
  performance?: number;
  waitingList: number;
  capacity: number;
  caseloadRows: number;
  caseloadTotal: number;
  timeline: number;
}

async function measure(performanceAvailable: boolean): Promise<Counts> {
  const { page, plan } = await targets();
  const caseload = await provider(CASELOAD_QUERY, { first: 50 });
  expect(caseload.errors).toBeUndefined();
  const trajectory = await provider(TRAJECTORY_QUERY, { id: page });
  expect(trajectory.errors).toBeUndefined();
  const goals = Array.from({ length: 6 }, (_, i) => ({ kind: 'TREATMENT', description: `Doel ${i + 1}` }));
  const update = await provider(UPDATE_HELP_PLAN_MUTATION, {
    input: { trajectoryId: plan.id, version: plan.version, effortDescription: 'Bijgesteld.', goals },
  });
  expect(update.errors).toBeUndefined();
  const text = await provider(UPDATE_HELP_PLAN_MUTATION, {
    input: { trajectoryId: plan.id, version: update.data!.updateHelpPlan.version, effortDescription: 'Nogmaals.' },
  });
  expect(text.errors).toBeUndefined();
  const waiting = await provider(WAITING_LIST_QUERY, { consortiumId: consortiumId('rondomjou'), first: 20 });
  expect(waiting.errors).toBeUndefined();
  const places = await referrer(CAPACITY_QUERY, { profileId: profileId('P02'), areaId: areaId('0518', 'Escamp') });
  expect(places.errors).toBeUndefined();
  const counts: Counts = {
    caseload: caseload.statements,
    trajectory: trajectory.statements,
    planUpdate: update.statements,
    planText: text.statements,
    waitingList: waiting.statements,
    capacity: places.statements,
    caseloadRows: caseload.data!.trajectories.edges.length,
    caseloadTotal: caseload.data!.trajectories.totalCount,
    timeline: trajectory.data!.trajectory.timeline.length,
  };
  if (performanceAvailable) {
    const year = new Date().getUTCFullYear() - 1;
    const performance = await manager(PERFORMANCE_QUERY, {
      consortiumId: consortiumId('rondomjou'),
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    });
    expect(performance.errors).toBeUndefined();
    counts.performance = performance.statements;
  }
  return counts;
}

describe('statement bounds of the benchmarked operations', () => {
  it('stay the same from the seeded data to 2,000 more trajectories, and within their bounds', async () => {
    const schema = await provider('{ __type(name: "Query") { fields { name } } }');
    const performanceAvailable = schema.data!.__type.fields.some(
      (f: { name: string }) => f.name === 'consortiumPerformance',
    );

    const small = await measure(performanceAvailable);
    await generate(2000);
    const large = await measure(performanceAvailable);

    // the second measurement really is on more rows
    expect(large.caseloadRows).toBe(50);
    expect(large.caseloadTotal).toBeGreaterThan(small.caseloadTotal + 100);
    expect(large.timeline).toBeGreaterThan(3);

    for (const op of [
      'caseload',
      'trajectory',
      'planUpdate',
      'planText',
      'performance',
      'waitingList',
      'capacity',
    ] as const) {
      if (small[op] === undefined) continue;
      expect({ op, statements: large[op] }).toEqual({ op, statements: small[op] });
      if (EXACT.has(op)) expect({ op, statements: large[op] }).toEqual({ op, statements: BOUNDS[op] });
      else expect(large[op], op).toBeLessThanOrEqual(BOUNDS[op]);
    }
  });

  it('counts the operation, not the clock: the once-a-minute session refresh runs after the request, uncounted', async () => {
    const fresh = await provider(CASELOAD_QUERY, { first: 50 });
    const stale = await t.admin.query(
      `UPDATE user_session SET last_seen_at = now() - interval '2 minutes'
        WHERE user_id = (SELECT id FROM app_user WHERE email = $1) AND revoked_at IS NULL RETURNING id`,
      ['staff@jeugdformaat.example'],
    );
    expect(stale.rowCount).toBe(1);
    const refreshed = await provider(CASELOAD_QUERY, { first: 50 });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.statements).toBe(fresh.statements);
    // the refresh did run (after the answer was counted)
    const {
      rows: [session],
    } = await t.admin.query<{ recent: boolean }>(
      `SELECT max(last_seen_at) > now() - interval '30 seconds' AS recent FROM user_session
        WHERE user_id = (SELECT id FROM app_user WHERE email = $1) AND revoked_at IS NULL`,
      ['staff@jeugdformaat.example'],
    );
    expect(session).toEqual({ recent: true });
  });

  it('the generated data satisfies the constraints, the domain rules and what the triggers derive', async () => {
    const client = await t.admin.connect();
    try {
      const results = await verify(client, { foreignKeys: false, factSample: 200 });
      expect(results.filter((r) => r.violations > 0)).toEqual([]);
    } finally {
      client.release();
    }
  });
});
