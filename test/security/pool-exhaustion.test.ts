import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { refer } from '../integration/helpers/care.js';
import { subscribe, wsClient } from '../integration/helpers/subscriptions.js';
import { postGraphQL, startTestApp, type GqlResult, type TestApp } from '../integration/helpers/test-app.js';
import { createTestDatabase } from '../setup/test-database.js';

// The database pool is the scarcest thing a server instance has. No request may hold on to a
// connection it does not need, and when every connection is busy the caller hears so at once.

const ME = '{ me { id } }';
const NO_TRAJECTORY = '00000000-0000-4000-8000-000000000000';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The app role's statements waiting for a lock right now. */
async function waitingOnLocks(app: TestApp): Promise<number> {
  const { rows } = await app.admin.query(
    `SELECT count(*)::int n FROM pg_stat_activity
      WHERE datname = current_database() AND usename = 'samenspel_app' AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}

/** Holds every app_user row hostage: each signed-in request then waits inside its transaction. */
async function lockUsers(app: TestApp): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: app.db.adminUrl });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE');
  return blocker;
}

const timed = async <T>(work: Promise<T>) => {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
};

describe('database pool exhaustion', () => {
  it('a busy Monday morning on a pool of 10 (stale sessions, 200 reads, 100 idle subscriptions, 100 sign-ins of unknown addresses) gets every request answered, none with a server error', async () => {
    t = await startTestApp({ poolSize: 10 });
    const accounts = ['lokaalteam@denhaag.example', 'lokaalteam@delft.example', 'staff@jeugdformaat.example'];
    const tokens: string[] = [];
    for (let i = 0; i < 30; i++) tokens.push(await t.login(accounts[i % accounts.length]));
    const referrer = tokens[0];
    const trajectory = await refer((query, variables) => postGraphQL(t!.url, query, variables, { token: referrer }));
    // every session last used over a minute ago: each request also refreshes its session
    await t.admin.query(`UPDATE user_session SET last_seen_at = now() - interval '2 minutes'`);

    const timedRequest = async (work: () => Promise<GqlResult>) => {
      const started = Date.now();
      const result = await work();
      return { result, ms: Date.now() - started };
    };
    const UPDATED = `subscription($id: ID!) { trajectoryUpdated(id: $id) { familyPlan { version } } }`;
    const subscriptions = Array.from({ length: 100 }, () =>
      subscribe(t!.url, referrer, UPDATED, { id: trajectory.id }),
    );
    // a subscription that failed shows in its first value, below
    for (const sub of subscriptions) sub.completed.catch(() => undefined);
    const reads = Array.from({ length: 200 }, (_, i) =>
      timedRequest(() =>
        postGraphQL(t!.url, '{ me { id name } municipalities { id name } }', {}, { token: tokens[i % tokens.length] }),
      ),
    );
    const signIns = Array.from({ length: 100 }, (_, i) =>
      timedRequest(() =>
        postGraphQL(t!.url, 'mutation($input: LoginInput!) { login(input: $input) { token } }', {
          input: { email: `nobody-${i}@unknown.example`, password: 'guessing-123' },
        }),
      ),
    );
    const answers = await Promise.all([...reads, ...signIns]);

    const failures = answers.filter(
      ({ result }) =>
        result.status >= 500 || result.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR'),
    );
    expect(failures.map(({ result }) => [result.status, result.errors])).toEqual([]);
    for (const { result } of answers.slice(0, 200)) expect(result.data?.me.id).toBeTruthy();
    for (const { result } of answers.slice(200)) expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(5000);

    // the server keeps answering, and every subscription is still live
    expect((await postGraphQL(t.url, '{ me { id } }', {}, { token: referrer })).status).toBe(200);
    await t.admin.query(`SELECT pg_notify('trajectory_updated', $1)`, [trajectory.id]);
    const updates = await Promise.all(subscriptions.map((sub) => sub.next(10_000)));
    for (const update of updates) expect(update).toEqual({ trajectoryUpdated: { familyPlan: { version: 1 } } });
    await Promise.all(subscriptions.map((sub) => sub.close()));
  }, 120_000);

  it('requests that find every connection busy get a fast 503 with Retry-After and UNAVAILABLE, and the server recovers', async () => {
    t = await startTestApp({ poolSize: 2, poolWaitMs: 300 });
    const tokens = await Promise.all(['admin@h10.example', 'lokaalteam@denhaag.example'].map((e) => t!.login(e)));
    const ws = wsClient(t.url, tokens[1]);
    await ws.execute(ME); // connected and signed in before the pool runs dry
    const blocker = await lockUsers(t);
    let held: Promise<GqlResult>[] = [];
    try {
      held = tokens.map((token) => postGraphQL(t!.url, ME, {}, { token }));
      await until(async () => (await waitingOnLocks(t!)) === 2, 'both connections held');

      const http = await timed(postGraphQL(t.url, ME, {}, { token: tokens[0] }));
      expect(http.value.status).toBe(503);
      expect(http.value.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(http.value.errors).toEqual([
        { message: expect.any(String), extensions: { code: 'UNAVAILABLE', retryAfterSeconds: expect.any(Number) } },
      ]);
      expect(http.ms).toBeLessThan(5000); // answered, not left hanging
      const overWs = await ws.execute(ME);
      expect(overWs.errors![0].extensions!.code).toBe('UNAVAILABLE');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    for (const result of await Promise.all(held)) expect(result.status).toBe(200);
    expect((await postGraphQL(t.url, ME, {}, { token: tokens[0] })).status).toBe(200);
    expect((await ws.execute(ME)).data!.me.id).toBeTruthy();
    await ws.close();
  });

  it('subscriptions whose start fails give their connection back instead of draining the pool', async () => {
    // a lock wait ends in an error after 200 ms: each start fails while the users are locked
    const database = await createTestDatabase();
    const owner = new pg.Client({ connectionString: database.adminUrl });
    await owner.connect();
    await owner.query(`ALTER ROLE samenspel_app IN DATABASE ${database.name} SET lock_timeout = '200ms'`);
    await owner.end();
    t = await startTestApp({ database, poolSize: 2, poolWaitMs: 2000 });
    const token = await t.login('lokaalteam@denhaag.example');
    const sockets = [1, 2, 3, 4].map(() => wsClient(t!.url, token));
    for (const ws of sockets) await ws.execute(ME); // connected and signed in before the lock
    const blocker = await lockUsers(t);
    try {
      const starts = await Promise.all(
        sockets.map((ws) =>
          ws.execute(`subscription { trajectoryUpdated(id: "${NO_TRAJECTORY}") { id } }`).catch((e) => e),
        ),
      );
      for (const start of starts) expect(start.data ?? null).toBeNull();
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const after = await Promise.all([1, 2, 3].map(() => postGraphQL(t!.url, ME, {}, { token })));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const ws of sockets) await ws.close();
    await t.close();
    t = undefined;
    await database.drop();
  });
});
