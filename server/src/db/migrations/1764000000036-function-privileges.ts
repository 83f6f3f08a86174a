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
/** What the application role may call today, through PUBLIC or its own grant (trigger functions are not called). */
const CALLED_BY_APP = `p.prorettype <> 'trigger'::regtype AND has_function_privilege('samenspel_app', p.oid, 'EXECUTE')`;

/**
 * Function privileges. A SECURITY DEFINER function runs as the table owner, so:
 * - its search path is pinned with pg_temp last: with `search_path = public` PostgreSQL still
 *   looks in the caller's temporary schema first, and a temporary table named `outcome_report`
 *   would let the caller feed forged rows into the facts the function writes;
 * - PUBLIC may not execute it (PostgreSQL grants EXECUTE on every new function to PUBLIC).
 * The application role keeps EXECUTE on the functions it calls, directly or inside a policy, now
 * granted to it by name; nobody else gets any (trigger functions need no grant). Functions the
 * migrating role creates later start without EXECUTE for PUBLIC: a migration grants what the
 * application needs.
 */
export class FunctionPrivileges1764000000036 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${forEachFunction(DEFINER, 'ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp')}
      ${forEachFunction(CALLED_BY_APP, 'GRANT EXECUTE ON FUNCTION %s TO samenspel_app')}
      REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA access FROM PUBLIC;
      ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
      -- PostgreSQL 15 and later no longer grant this; older servers (DATABASE_URL) still do.
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      -- Nor does the application need temporary tables, the usual way to shadow a table.
      DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // The definer functions stay pinned and closed to PUBLIC, CREATE on schema public revoked: nothing relied on them.
    await db.query(`
      DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database()); END $$;
      ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
      ${forEachFunction('NOT p.prosecdef', 'GRANT EXECUTE ON FUNCTION %s TO PUBLIC')}
    `);
  }
}
