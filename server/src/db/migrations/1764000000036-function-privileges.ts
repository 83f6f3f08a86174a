import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs `statement` (with %s for the function) for each function of schema access matching `where` (over pg_proc p). */
const forEachFunction = (where: string, statement: string) => `
  DO $$
  DECLARE f regprocedure;
  BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'access'::regnamespace AND ${where} LOOP
      EXECUTE format('${statement}', f);
    END LOOP;
  END $$;`;

const DEFINER = 'p.prosecdef';
const NOT_A_TRIGGER = `p.prorettype <> 'trigger'::regtype`;

/**
 * Function privileges. A SECURITY DEFINER function runs as the table owner, so:
 * - its search path is pinned with pg_temp last: with `search_path = public` PostgreSQL still
 *   looks in the caller's temporary schema first, and a temporary table named `outcome_report`
 *   would let the caller feed forged rows into the facts the function writes;
 * - PUBLIC may not execute it (PostgreSQL grants EXECUTE on every new function to PUBLIC).
 * The application role executes the functions it calls, directly or inside a policy (trigger
 * functions need no grant), and nothing else. Functions the migrating role creates later start
 * without EXECUTE for PUBLIC: a migration grants what the application needs.
 */
export class FunctionPrivileges1764000000036 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${forEachFunction(DEFINER, 'ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp')}
      REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA access FROM PUBLIC;
      ${forEachFunction(NOT_A_TRIGGER, 'GRANT EXECUTE ON FUNCTION %s TO samenspel_app')}
      ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
      -- PostgreSQL 15 and later no longer grant this; older servers (DATABASE_URL) still do.
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      -- Nor does the application need temporary tables, the usual way to shadow a table.
      DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // CREATE on schema public stays revoked: nothing ever needed it.
    await db.query(`
      DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database()); END $$;
      ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
      REVOKE EXECUTE ON FUNCTION access.setting_uuid(text), access.viewer_user_id(), access.viewer_provider_id(),
        access.viewer_municipality_id(), access.viewer_has_role(text) FROM samenspel_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA access TO PUBLIC;
      REVOKE EXECUTE ON FUNCTION access.published_outcome_sums(date, date, uuid) FROM PUBLIC;
      ${forEachFunction(DEFINER, 'ALTER FUNCTION %s SET search_path = public')}
    `);
  }
}
