import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links a family opens without an account: a one-time questionnaire per informant and a view of
 * who read the youth's file. Only a SHA-256 hash of each token is stored. The public path has no
 * viewer, so row-level security shows it nothing; it works only through the two SECURITY DEFINER
 * functions below, each of which touches the one link whose hash it is given.
 */
export class FamilyLinks1764000000100 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE questionnaire_link (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id uuid NOT NULL REFERENCES trajectory (id),
        informant     text NOT NULL CHECK (informant IN ('YOUTH', 'PARENT')),
        token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        expires_at    timestamptz NOT NULL,
        created_by    uuid NOT NULL REFERENCES app_user (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        -- the answer, once
        used_at       timestamptz,
        score         integer CHECK (score BETWEEN 1 AND 10),
        declined      boolean,
        remark        text CHECK (length(remark) BETWEEN 1 AND 1000),
        CHECK ((used_at IS NULL) = (declined IS NULL)),
        CHECK (NOT (declined AND score IS NOT NULL))
      );
      CREATE INDEX questionnaire_link_trajectory_idx ON questionnaire_link (trajectory_id);
      CREATE INDEX questionnaire_link_created_by_idx ON questionnaire_link (created_by);
      ALTER TABLE questionnaire_link ENABLE ROW LEVEL SECURITY;
      CREATE POLICY questionnaire_link_visible ON questionnaire_link FOR SELECT TO samenspel_app
        USING (access.viewer_is_responsible(trajectory_id));
      CREATE POLICY questionnaire_link_create ON questionnaire_link FOR INSERT TO samenspel_app
        WITH CHECK (created_by = access.viewer_user_id() AND used_at IS NULL
                    AND access.viewer_is_responsible(trajectory_id, ARRAY['ACTIVE']));
      GRANT SELECT, INSERT ON questionnaire_link TO samenspel_app;

      CREATE TABLE family_access_link (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        youth_id    uuid NOT NULL REFERENCES youth (id),
        token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        expires_at  timestamptz NOT NULL,
        created_by  uuid NOT NULL REFERENCES app_user (id),
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX family_access_link_youth_idx ON family_access_link (youth_id);
      CREATE INDEX family_access_link_created_by_idx ON family_access_link (created_by);
      ALTER TABLE family_access_link ENABLE ROW LEVEL SECURITY;
      CREATE POLICY family_access_link_create ON family_access_link FOR INSERT TO samenspel_app
        WITH CHECK (created_by = access.viewer_user_id() AND EXISTS (
          SELECT 1 FROM trajectory t WHERE t.youth_id = family_access_link.youth_id
             AND t.responsible_provider_id = access.viewer_provider_id()));
      -- (read back by its maker only: the INSERT's RETURNING)
      CREATE POLICY family_access_link_own ON family_access_link FOR SELECT TO samenspel_app
        USING (created_by = access.viewer_user_id());
      GRANT SELECT, INSERT ON family_access_link TO samenspel_app;

      -- where a satisfaction score came from: typed in by the professional, or given by the family itself
      ALTER TABLE outcome_report
        ADD COLUMN satisfaction_youth_source  text NOT NULL DEFAULT 'PROFESSIONAL'
          CHECK (satisfaction_youth_source IN ('PROFESSIONAL', 'FAMILY')),
        ADD COLUMN satisfaction_parent_source text NOT NULL DEFAULT 'PROFESSIONAL'
          CHECK (satisfaction_parent_source IN ('PROFESSIONAL', 'FAMILY')),
        ALTER COLUMN submitted_by DROP NOT NULL,
        ADD CONSTRAINT outcome_report_submitted_by_family
          CHECK (submitted_by IS NOT NULL OR correction_reason = 'ingevuld door het gezin');

      -- guessing links is throttled per client address, on the sign-in counters
      ALTER TABLE sign_in_throttle DROP CONSTRAINT sign_in_throttle_kind_check,
        ADD CONSTRAINT sign_in_throttle_kind_check CHECK (kind IN ('ACCOUNT', 'ADDRESS', 'ACCOUNT_ADDRESS', 'FAMILY_LINK'));

      -- The family's answer, once, before the link expires. With an outcome already submitted the
      -- answer is a new outcome version (reports are never edited); otherwise it waits on the link
      -- for the professional's report. Returns ANSWERED, USED, EXPIRED or UNKNOWN.
      CREATE FUNCTION access.answer_questionnaire(hash bytea, answer_score integer, answer_declined boolean, answer_remark text)
        RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        link questionnaire_link;
        latest outcome_report;
        next_id uuid;
      BEGIN
        SELECT * INTO link FROM questionnaire_link WHERE token_hash = hash FOR UPDATE;
        IF NOT FOUND THEN RETURN 'UNKNOWN'; END IF;
        IF link.used_at IS NOT NULL THEN RETURN 'USED'; END IF;
        IF link.expires_at <= now() THEN RETURN 'EXPIRED'; END IF;
        UPDATE questionnaire_link SET used_at = now(), score = answer_score, declined = answer_declined, remark = answer_remark
         WHERE id = link.id;
        -- the same lock a professional's outcome change takes first
        PERFORM 1 FROM trajectory WHERE id = link.trajectory_id FOR NO KEY UPDATE;
        SELECT * INTO latest FROM outcome_report WHERE trajectory_id = link.trajectory_id ORDER BY version DESC LIMIT 1;
        IF FOUND THEN
          INSERT INTO outcome_report (trajectory_id, version, continuation, end_reason_code, cbs_end_code, dropout,
                 satisfaction_youth, satisfaction_parent, satisfaction_youth_source, satisfaction_parent_source, correction_reason)
          VALUES (latest.trajectory_id, latest.version + 1, latest.continuation, latest.end_reason_code, latest.cbs_end_code,
                 latest.dropout,
                 CASE WHEN link.informant = 'YOUTH' THEN answer_score ELSE latest.satisfaction_youth END,
                 CASE WHEN link.informant = 'PARENT' THEN answer_score ELSE latest.satisfaction_parent END,
                 CASE WHEN link.informant = 'YOUTH' THEN 'FAMILY' ELSE latest.satisfaction_youth_source END,
                 CASE WHEN link.informant = 'PARENT' THEN 'FAMILY' ELSE latest.satisfaction_parent_source END,
                 'ingevuld door het gezin')
          RETURNING id INTO next_id;
          INSERT INTO goal_result (outcome_report_id, goal_id, realisation)
          SELECT next_id, goal_id, realisation FROM goal_result WHERE outcome_report_id = latest.id;
          PERFORM access.refresh_trajectory_facts(ARRAY[link.trajectory_id]);
        END IF;
        RETURN 'ANSWERED';
      END $$;
      REVOKE EXECUTE ON FUNCTION access.answer_questionnaire(bytea, integer, boolean, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.answer_questionnaire(bytea, integer, boolean, text) TO samenspel_app;

      -- Who read the youth's file, for the holder of a valid access link: that youth's rows only.
      -- An unknown or expired link raises no_data_found.
      CREATE FUNCTION access.family_access_log(hash bytea)
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
      REVOKE EXECUTE ON FUNCTION access.family_access_log(bytea) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.family_access_log(bytea) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.family_access_log(bytea), access.answer_questionnaire(bytea, integer, boolean, text);
      DELETE FROM sign_in_throttle WHERE kind = 'FAMILY_LINK';
      ALTER TABLE sign_in_throttle DROP CONSTRAINT sign_in_throttle_kind_check,
        ADD CONSTRAINT sign_in_throttle_kind_check CHECK (kind IN ('ACCOUNT', 'ADDRESS', 'ACCOUNT_ADDRESS'));
      ALTER TABLE outcome_report DROP CONSTRAINT outcome_report_submitted_by_family,
        DROP COLUMN satisfaction_youth_source, DROP COLUMN satisfaction_parent_source;
      DROP TABLE family_access_link, questionnaire_link;
    `);
  }
}
