import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The main contractor sees who read its youth's file ("Wie heeft dit dossier ingezien"), as the
 * family does through its access link. One function lists a youth's entries in that form; the
 * family's link function calls it, and the app calls it as the viewer, so row-level security decides:
 * the staff and administrators of the provider responsible for a trajectory of that youth.
 */
export class MainContractorAccessLog1764000000130 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- SECURITY INVOKER: called by the app, row-level security on access_log applies
      CREATE FUNCTION access.youth_access_log(youth uuid)
        RETURNS TABLE (at timestamptz, user_email text, organisation_name text, roles text[], youth_id uuid, action text, purpose text)
        LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
          SELECT a.at, a.user_email, a.organisation_name, u.roles::text[], a.youth_id, a.action, a.purpose
            FROM access_log a LEFT JOIN app_user u ON u.id = a.user_id
           WHERE a.youth_id = youth ORDER BY a.at, a.id
        $$;
      REVOKE EXECUTE ON FUNCTION access.youth_access_log(uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.youth_access_log(uuid) TO samenspel_app;

      CREATE OR REPLACE FUNCTION access.family_access_log(hash bytea)
        RETURNS TABLE (at timestamptz, user_email text, organisation_name text, roles text[], youth_id uuid, action text, purpose text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        youth uuid;
      BEGIN
        SELECT l.youth_id INTO youth FROM family_access_link l WHERE l.token_hash = hash AND l.expires_at > now();
        IF NOT FOUND THEN RAISE EXCEPTION 'unknown or expired access link' USING ERRCODE = 'no_data_found'; END IF;
        RETURN QUERY SELECT * FROM access.youth_access_log(youth);
      END $$;

      -- the administrator's policy widened to the staff of the main contractor
      DROP POLICY access_log_read_provider_admin ON access_log;
      CREATE POLICY access_log_read_main_contractor ON access_log FOR SELECT TO samenspel_app
        USING ((access.viewer_has_role('PROVIDER_STAFF') OR access.viewer_has_role('PROVIDER_ADMIN')) AND EXISTS (
          SELECT 1 FROM trajectory t WHERE t.youth_id = access_log.youth_id AND t.responsible_provider_id = access.viewer_provider_id()));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY access_log_read_main_contractor ON access_log;
      CREATE POLICY access_log_read_provider_admin ON access_log FOR SELECT TO samenspel_app
        USING (access.viewer_has_role('PROVIDER_ADMIN') AND EXISTS (
          SELECT 1 FROM trajectory t WHERE t.youth_id = access_log.youth_id AND t.responsible_provider_id = access.viewer_provider_id()));
      CREATE OR REPLACE FUNCTION access.family_access_log(hash bytea)
        RETURNS TABLE (at timestamptz, user_email text, organisation_name text, roles text[], youth_id uuid, action text, purpose text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        youth uuid;
      BEGIN
        SELECT l.youth_id INTO youth FROM family_access_link l WHERE l.token_hash = hash AND l.expires_at > now();
        IF NOT FOUND THEN RAISE EXCEPTION 'unknown or expired access link' USING ERRCODE = 'no_data_found'; END IF;
        RETURN QUERY
          SELECT a.at, a.user_email, a.organisation_name, u.roles::text[], a.youth_id, a.action, a.purpose
            FROM access_log a LEFT JOIN app_user u ON u.id = a.user_id
           WHERE a.youth_id = youth ORDER BY a.at, a.id;
      END $$;
      DROP FUNCTION access.youth_access_log(uuid);
    `);
  }
}
