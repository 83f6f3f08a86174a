import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { providerId } from '../../seeds/organisations.js';
import { municipalityId } from '../../seeds/reference.js';
import { AccessScope } from '../../server/src/core/access/scope.js';
import type { Viewer } from '../../server/src/core/auth/roles.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

/**
 * What the application role may do in PostgreSQL besides reading and writing rows: which
 * functions it may call, what it owns, what it may create, and whether a function that runs as
 * the table owner can be turned against it.
 */

/** Every function the application role may execute outside the system schemas, and why. */
const APP_EXECUTES = [
  // the job queue: its clock, and the queue check each instance makes when it starts (SECURITY INVOKER)
  'pgboss.job_now()',
  'pgboss.create_queue(text,jsonb)',
  // the viewer's settings, read by every policy
  'access.setting_uuid(text)',
  'access.viewer_user_id()',
  'access.viewer_provider_id()',
  'access.viewer_municipality_id()',
  'access.viewer_has_role(text)',
  // who the viewer is to a record, read by the write policies
  'access.viewer_refers_in(uuid)',
  'access.viewer_is_responsible(uuid,text[])',
  'access.viewer_transfers(uuid,uuid,uuid)',
  'access.referral_within(uuid,uuid,uuid)',
  'access.viewer_edits_plan(uuid,uuid)',
  'access.viewer_records_event(uuid,uuid)',
  'access.relation_links(uuid,uuid,uuid,uuid,uuid)',
  'access.viewer_offers_transfer(uuid,uuid,text)',
  'access.viewer_reports_result(uuid,uuid)',
  'access.viewer_settles(uuid,uuid)',
  'access.viewer_administers(uuid)',
  'access.viewer_allocates(uuid,uuid)',
  'access.viewer_sees_budget(uuid,uuid)',
  // the 2023 model: a consortium's leads and partners, and handing a youth over during intake
  'access.viewer_consortia()',
  'access.consortium_lead(uuid)',
  'access.consortium_member(uuid,uuid)',
  'access.viewer_hands_over_in_intake(uuid,uuid)',
  // only the life domains an expertise request shares
  'access.viewer_shares_plan_part(uuid,text)',
  // erasure on the family's request, by a region administrator of the youth's region (SECURITY DEFINER)
  'access.erase_youth(uuid,text)',
  // the nightly retention run: only records older than 20 years, counted back from now, never a given date
  'access.erase_past_retention()',
  // aggregates over rows the viewer may not read one by one (SECURITY DEFINER)
  'access.population_budget_spend(uuid)',
  'access.refresh_trajectory_facts(uuid[])',
  'access.published_outcome_sums(integer,uuid)',
  // iJw: the provider receiving a JW301 assignment registers its referral, and finds the youth by BSN
  'access.viewer_receives_assignment(uuid)',
  'access.assigned_youth(uuid,bytea)',
  'access.within_municipality(uuid,uuid,uuid)',
  'access.intake_figure_sums(uuid,uuid,date,date)',
  'access.waiting_at_month_ends(uuid,uuid,date,date)',
  // notifications: a request tells one organisation's users that a kind of thing waits at a path (no
  // free text), which RLS on notification would refuse; the daily jobs find reminders and take digests
  'access.notify_organisation(uuid,text,text)',
  'access.intake_deadlines_on(date)',
  'access.improvement_plans_overdue_since(date)',
  'access.take_digests()',
  'access.purge_read_notifications()',
  // a queued invitation or reset mail gives its still-open link a fresh token when it is sent
  'access.renew_invitation_token(uuid,bytea)',
  'access.renew_reset_token(uuid,bytea)',
  // a family without an account: the one link whose token hash it is given
  'access.answer_questionnaire(bytea,integer,boolean,text)',
  'access.family_access_log(bytea)',
  // who read a youth's file, as the viewer (SECURITY INVOKER: row-level security decides)
  'access.youth_access_log(uuid)',
];

/**
 * The only writable tables without row-level security: sessions, sign-in bookkeeping, password
 * resets and recovery codes, written before a viewer is known.
 */
const SESSION_TABLES = ['idempotency_key', 'password_reset', 'recovery_code', 'sign_in_throttle', 'user_session'];

/** Tables holding a family's data (trajectory_access holds none: which provider works on which trajectory id). */
const FAMILY_TABLES = [
  'youth',
  'family_plan',
  'family_plan_youth',
  'trajectory',
  'responsibility_period',
  'help_plan',
  'goal',
  'plan_revision',
  'expertise_request',
  'responsibility_transfer',
  'trajectory_event',
  'outcome_report',
  'goal_result',
  'societal_goal_result',
  'delivered_units',
  'settlement',
  'trajectory_fact',
  'performance_repeat_fact',
  'access_log',
  'questionnaire_link',
  'family_access_link',
];

const OUR_FUNCTIONS = `
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`;

let db: TestDatabase;
let owner: pg.Client;
let app: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  app = new pg.Client({ connectionString: db.appUrl });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await db?.drop();
});

const rowsOf = async <T = Record<string, unknown>>(client: pg.Client, sql: string, params: unknown[] = []) =>
  (await client.query(sql, params)).rows as T[];

/** Runs `body` on the app connection inside a rolled-back transaction with the settings of `email`'s requests. */
async function asViewer<T>(email: string, body: () => Promise<T>): Promise<T> {
  const [viewer] = await rowsOf<Viewer>(
    owner,
    `SELECT id, roles, provider_id AS "providerId", municipality_id AS "municipalityId" FROM app_user WHERE email = $1`,
    [email],
  );
  const settings = Object.entries(new AccessScope(viewer).rlsSettings());
  await app.query('BEGIN');
  try {
    await app.query(
      `SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
      settings.flat(),
    );
    return await body();
  } finally {
    await app.query('ROLLBACK');
  }
}

describe('functions', () => {
  it('every SECURITY DEFINER function pins its search path (pg_temp last) and is not executable by PUBLIC', async () => {
    const definers = await rowsOf<{ fn: string; config: string[] | null; public: boolean }>(
      owner,
      `SELECT p.oid::regprocedure::text AS fn, p.proconfig AS config,
              CASE WHEN p.proacl IS NULL THEN true
                   ELSE EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') END AS public
       ${OUR_FUNCTIONS} AND p.prosecdef ORDER BY 1`,
    );
    expect(definers.length).toBeGreaterThan(0);
    for (const f of definers) {
      expect(f.config, f.fn).toContain('search_path=pg_catalog, public, pg_temp');
      expect(f.public, `${f.fn} is executable by PUBLIC`).toBe(false);
    }
  });

  it('the application role may execute exactly the functions it calls', async () => {
    const executable = await rowsOf<{ fn: string }>(
      owner,
      `SELECT p.oid::regprocedure::text AS fn ${OUR_FUNCTIONS} AND has_function_privilege('samenspel_app', p.oid, 'EXECUTE') ORDER BY 1`,
    );
    expect(executable.map((r) => r.fn).sort()).toEqual([...APP_EXECUTES].sort());
  });

  it('a provider cannot forge its published outcome figures by shadowing outcome_report with a temporary table', async () => {
    const [closed] = await rowsOf<{ id: string; satisfaction: number | null }>(
      owner,
      `SELECT f.trajectory_id AS id, f.satisfaction_youth AS satisfaction FROM trajectory_fact f
        WHERE f.responsible_provider_id = $1 AND f.satisfaction_youth IS DISTINCT FROM 10 ORDER BY 1 LIMIT 1`,
      [providerId('jeugdformaat')],
    );
    const forged = await asViewer('staff@jeugdformaat.example', async () => {
      // a temporary table the definer would find first with `search_path = public`, where the role may create one
      await app.query('SAVEPOINT shadow');
      await app
        .query(
          `CREATE TEMP TABLE outcome_report ON COMMIT DROP AS
           SELECT gen_random_uuid() AS id, '${closed.id}'::uuid AS trajectory_id, 99 AS version, 10 AS satisfaction_youth,
                  10 AS satisfaction_parent, false AS dropout, '01'::text AS cbs_end_code, 'NONE'::text AS continuation`,
        )
        .catch(async (error: { code: string }) => {
          if (error.code !== '42501') throw error;
          await app.query('ROLLBACK TO SAVEPOINT shadow');
        });
      await app.query(`SELECT access.refresh_trajectory_facts($1)`, [[closed.id]]);
      return (
        await app.query(`SELECT satisfaction_youth FROM public.trajectory_fact WHERE trajectory_id = $1`, [closed.id])
      ).rows[0].satisfaction_youth;
    });
    expect(forged).toBe(closed.satisfaction);
  });

  it('a provider cannot pass a write policy by shadowing trajectory with a temporary table', async () => {
    const [other] = await rowsOf<{ id: string }>(
      owner,
      `SELECT id FROM trajectory WHERE status = 'ACTIVE' AND responsible_provider_id <> $1 ORDER BY id LIMIT 1`,
      [providerId('duinzicht')],
    );
    const code = await asViewer('staff@duinzicht.example', async () => {
      await app.query(`CREATE TEMP TABLE trajectory ON COMMIT DROP AS
        SELECT '${other.id}'::uuid AS id, '${providerId('duinzicht')}'::uuid AS responsible_provider_id, 'ACTIVE'::text AS status`);
      return app
        .query(
          `INSERT INTO public.outcome_report (trajectory_id, version, continuation, end_reason_code, cbs_end_code, dropout, submitted_by)
           VALUES ($1, 1, 'NONE', '31', '01', false, access.viewer_user_id())`,
          [other.id],
        )
        .then(
          () => 'inserted',
          (error: { code: string }) => error.code,
        );
    });
    expect(code).toBe('42501');
  });
});

describe('ownership and row-level security', () => {
  it('the application role owns nothing; every table it may write, and every table with a family’s data, has row-level security', async () => {
    const owned = await rowsOf<{ name: string }>(
      owner,
      `SELECT c.oid::regclass::text AS name FROM pg_class c WHERE c.relowner = 'samenspel_app'::regrole
       UNION ALL SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proowner = 'samenspel_app'::regrole
       UNION ALL SELECT n.nspname::text FROM pg_namespace n WHERE n.nspowner = 'samenspel_app'::regrole`,
    );
    expect(owned).toEqual([]);

    const tables = await rowsOf<{ name: string; rls: boolean; writable: boolean }>(
      owner,
      `SELECT c.relname AS name, c.relrowsecurity AS rls,
              has_any_column_privilege('samenspel_app', c.oid, 'INSERT') OR has_any_column_privilege('samenspel_app', c.oid, 'UPDATE')
                OR has_table_privilege('samenspel_app', c.oid, 'DELETE') AS writable
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const withoutRls = tables.filter((t) => !t.rls);
    expect(withoutRls.filter((t) => t.writable).map((t) => t.name)).toEqual(SESSION_TABLES);
    expect(withoutRls.filter((t) => FAMILY_TABLES.includes(t.name)).map((t) => t.name)).toEqual([]);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(FAMILY_TABLES));
  });
});

describe('maintained caseload totals', () => {
  it('a provider cannot read how many trajectories another provider has from caseload_count', async () => {
    const seen = await asViewer('staff@parnassia.example', () =>
      rowsOf<{ provider: string }>(app, `SELECT DISTINCT provider_id AS provider FROM caseload_count`),
    );
    expect(seen).toEqual([{ provider: providerId('parnassia') }]);
    const [all] = await rowsOf<{ n: number }>(
      owner,
      `SELECT count(DISTINCT provider_id)::int AS n FROM caseload_count`,
    );
    expect(all.n).toBeGreaterThan(1);
    const referrer = await asViewer('lokaalteam@denhaag.example', () => rowsOf(app, `SELECT * FROM caseload_count`));
    expect(referrer).toEqual([]);
  });
});

describe('the roll-ups behind the contract managers’ figures', () => {
  it('another municipality’s contract manager or a provider reads none of a municipality’s roll-up rows, and no viewer writes one', async () => {
    const [denHaag] = await rowsOf<{ cells: number; repeats: number }>(
      owner,
      `SELECT (SELECT count(*) FROM performance_cell WHERE municipality_id = $1)::int AS cells,
              (SELECT count(*) FROM performance_repeat_fact WHERE municipality_id = $1)::int AS repeats`,
      [municipalityId('0518')],
    );
    expect(denHaag.cells).toBeGreaterThan(0);
    expect(denHaag.repeats).toBeGreaterThan(0);
    const readBy = (email: string) =>
      asViewer(email, async () => {
        const [row] = (
          await app.query(
            `SELECT (SELECT count(*) FROM performance_cell WHERE municipality_id = $1)::int AS cells,
                    (SELECT count(*) FROM performance_repeat_fact WHERE municipality_id = $1)::int AS repeats`,
            [municipalityId('0518')],
          )
        ).rows;
        return row;
      });
    expect(await readBy('contractmanager@denhaag.example')).toEqual(denHaag);
    expect(await readBy('contractmanager@delft.example')).toEqual({ cells: 0, repeats: 0 });
    expect(await readBy('staff@jeugdformaat.example')).toEqual({ cells: 0, repeats: 0 });
    const codes = await asViewer('contractmanager@denhaag.example', async () => {
      const attempt = (sql: string) =>
        app.query('SAVEPOINT w').then(() =>
          app.query(sql).then(
            () => 'written',
            async (error: { code: string }) => {
              await app.query('ROLLBACK TO SAVEPOINT w');
              return error.code;
            },
          ),
        );
      return [
        await attempt(`UPDATE performance_cell SET trajectories = trajectories + 1`),
        await attempt(`DELETE FROM performance_repeat_fact`),
        await attempt(`SELECT access.refresh_performance_cells(ARRAY[]::uuid[], ARRAY[]::uuid[], ARRAY[]::date[])`),
      ];
    });
    expect(codes).toEqual(['42501', '42501', '42501']);
  });
});

describe('what the application role may create', () => {
  it('no schema object, no temporary table in a migrated database, and new functions start without EXECUTE for PUBLIC', async () => {
    const [can] = await rowsOf<Record<string, boolean>>(
      owner,
      `SELECT has_schema_privilege('samenspel_app', 'public', 'CREATE') AS public,
              has_schema_privilege('samenspel_app', 'access', 'CREATE') AS access,
              has_database_privilege('samenspel_app', $1, 'TEMPORARY') AS temporary`,
      [inject('templateDatabase')],
    );
    expect(can).toEqual({ public: false, access: false, temporary: false });

    await owner.query('BEGIN');
    try {
      await owner.query(`CREATE FUNCTION access.added_later() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
      const [added] = await rowsOf<{ app: boolean }>(
        owner,
        `SELECT has_function_privilege('samenspel_app', 'access.added_later()', 'EXECUTE') AS app`,
      );
      expect(added.app).toBe(false);
    } finally {
      await owner.query('ROLLBACK');
    }
  });
});
