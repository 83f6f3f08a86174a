import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../server/src/app.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../server/src/db/embedded.js';
import { prepareDatabase } from '../../../server/src/db/prepare.js';
import { accept, refer } from '../helpers/care.js';
import { DEMO_PASSWORD, postGraphQL, startTestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';
import { suiteLogger } from '../../setup/suite-log.js';

const logger = suiteLogger('database-faults');
const UPDATE_PLAN = `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`;

describe('a killed database connection mid-request', () => {
  it('fails that request cleanly with a masked error, writes nothing, and the next request succeeds', async () => {
    const t = await startTestApp();
    try {
      const referrer = t.as('lokaalteam@denhaag.example');
      const trajectory = await accept(t.as('staff@jeugdformaat.example'), (await refer(referrer)).id);
      const planId = trajectory.familyPlan.id;
      // hold the plan's row lock, so the update waits inside its transaction
      const blocker = new pg.Client({ connectionString: t.db.adminUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM family_plan WHERE id = $1 FOR UPDATE', [planId]);
      const pending = referrer(UPDATE_PLAN, { input: { id: planId, version: 1, question: 'Halverwege afgebroken' } });
      let backend = 0;
      await waitUntil(async () => {
        const { rows } = await t.admin.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = 'samenspel_app' AND wait_event_type = 'Lock'`,
        );
        backend = rows[0]?.pid;
        return !!backend;
      });
      await t.admin.query('SELECT pg_terminate_backend($1)', [backend]);
      const result = await pending;
      await blocker.query('ROLLBACK');
      await blocker.end();

      expect(result.data?.updateFamilyPlan ?? null).toBeNull();
      expect(result.errors).toEqual([
        { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      const { rows } = await t.admin.query(
        `SELECT f.version, f.question, (SELECT count(*)::int FROM plan_revision WHERE family_plan_id = f.id) AS revisions FROM family_plan f WHERE f.id = $1`,
        [planId],
      );
      expect(rows[0]).toEqual({ version: 1, question: 'Angstklachten; gaat niet naar school.', revisions: 0 });
      const next = await referrer(UPDATE_PLAN, { input: { id: planId, version: 1, question: 'Nu wel' } });
      expect(next.data!.updateFamilyPlan.version).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('the database stops and starts again', () => {
  let dir: string;
  let db: EmbeddedDatabase | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports unavailable meanwhile and recovers by itself', async () => {
    dir = await mkdtemp(join(tmpdir(), 'samenspel-restart-'));
    db = await startEmbeddedPostgres(dir, logger);
    const port = Number(new URL(db.url).port);
    const appUrl = await prepareDatabase(db.url, { logger });
    app = await createApp({ appUrl, logger, poolSize: 4 });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const token = (
      await postGraphQL<any>(
        url,
        `mutation { login(input: { email: "admin@h10.example", password: "${DEMO_PASSWORD}" }) { token } }`,
      )
    ).data.login.token;
    const ready = async () => (await fetch(`${url}/readyz`)).status === 200;
    expect(await ready()).toBe(true);

    await db.stop();
    await waitUntil(async () => !(await ready()));
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect((await fetch(`${url}/healthz`)).status).toBe(200); // the process is up
    const meanwhile = await postGraphQL<any>(url, '{ municipalities { id } }', {}, { token });
    expect(meanwhile.errors![0]).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });

    db = await startEmbeddedPostgres(dir, logger, { port });
    // no restart of the server: its pool and LISTEN connection reconnect by themselves
    await waitUntil(
      async () =>
        (await ready()) &&
        !!(await postGraphQL<any>(url, '{ municipalities { id } }', {}, { token })).data?.municipalities,
    );
  }, 120_000);
});
