import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications read more than 90 days ago go: they only said that something waited. A nightly job
 * calls this (it sees no user's rows itself); the period is fixed here, not chosen by the caller.
 */
export class NotificationPurge1764000000171 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION access.purge_read_notifications()
        RETURNS integer LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        WITH gone AS (DELETE FROM public.notification WHERE read_at < now() - interval '90 days' RETURNING 1)
        SELECT count(*)::int FROM gone
      $$;
      REVOKE ALL ON FUNCTION access.purge_read_notifications() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.purge_read_notifications() TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION access.purge_read_notifications();`);
  }
}
