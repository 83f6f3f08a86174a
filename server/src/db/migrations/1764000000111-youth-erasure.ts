import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What stands in for an erased free text where the column requires one. */
export const ERASED_TEXT = '[gewist]';

/** `column` becomes the erased marker, or stays NULL. */
const blank = (column: string) => `${column} = CASE WHEN ${column} IS NULL THEN NULL ELSE '${ERASED_TEXT}' END`;

/**
 * Erasing a youth (on the family's request, or when the retention period ends): its initials and
 * birth date, and every free text of its plans, requests, transfers, events, outcomes and remarks
 * are gone. The youth's id stays as a pseudonym, so the append-only access log keeps its rows and
 * the trajectories (with their anonymous facts, of which the figures are made) stay as they were.
 * A family plan shared with a sibling keeps its texts while that sibling is not erased: it is the
 * sibling's record too.
 *
 * One function for both ways in: the application (a region administrator of the youth's region,
 * through its settings) and the retention run (the table owner). An open trajectory is a legal
 * hold: the file is needed while the care goes on.
 */
export class YouthErasure1764000000111 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE youth ALTER COLUMN initials DROP NOT NULL, ALTER COLUMN birth_date DROP NOT NULL,
        ADD COLUMN erased_at timestamptz,
        ADD CONSTRAINT youth_personal_until_erased CHECK ((erased_at IS NULL) = (initials IS NOT NULL AND birth_date IS NOT NULL));

      -- Who erased a youth, when and why (NULL erased_by: the retention run).
      CREATE TABLE youth_erasure (
        youth_id  uuid PRIMARY KEY REFERENCES youth (id),
        erased_at timestamptz NOT NULL DEFAULT now(),
        erased_by uuid REFERENCES app_user (id),
        reason    text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000)
      );
      CREATE INDEX youth_erasure_erased_by_idx ON youth_erasure (erased_by);
      -- no policy: only the erasure function writes it
      ALTER TABLE youth_erasure ENABLE ROW LEVEL SECURITY;

      CREATE FUNCTION access.erase_youth(y uuid, why text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        trajectories uuid[];
        plans uuid[];
        pattern text;
      BEGIN
        IF session_user = 'samenspel_app' AND NOT (access.viewer_has_role('REGION_ADMIN') AND EXISTS (
             SELECT 1 FROM youth x JOIN municipality m ON m.id = x.municipality_id
               JOIN app_user u ON u.region_id = m.region_id AND u.id = access.viewer_user_id()
              WHERE x.id = y)) THEN
          RETURN 'NOT_FOUND';
        END IF;
        PERFORM 1 FROM youth WHERE id = y FOR UPDATE;
        IF NOT FOUND THEN RETURN 'NOT_FOUND'; END IF;
        IF EXISTS (SELECT 1 FROM youth WHERE id = y AND erased_at IS NOT NULL) THEN RETURN 'ALREADY_ERASED'; END IF;
        IF EXISTS (SELECT 1 FROM trajectory WHERE youth_id = y AND status NOT IN ('CLOSED', 'CANCELLED')) THEN
          RETURN 'LEGAL_HOLD';
        END IF;

        SELECT coalesce(array_agg(id), '{}') INTO trajectories FROM trajectory WHERE youth_id = y;
        SELECT coalesce(array_agg(fy.family_plan_id), '{}') INTO plans FROM family_plan_youth fy
         WHERE fy.youth_id = y AND NOT EXISTS (
           SELECT 1 FROM family_plan_youth o JOIN youth s ON s.id = o.youth_id
            WHERE o.family_plan_id = fy.family_plan_id AND s.id <> y AND s.erased_at IS NULL);

        UPDATE youth SET initials = NULL, birth_date = NULL, erased_at = now() WHERE id = y;
        INSERT INTO youth_erasure (youth_id, erased_by, reason) VALUES (y, access.viewer_user_id(), why);

        UPDATE family_plan SET question = '${ERASED_TEXT}', context = '' WHERE id = ANY (plans);
        UPDATE goal SET description = '${ERASED_TEXT}' WHERE family_plan_id = ANY (plans) OR help_plan_id = ANY (trajectories);
        UPDATE plan_revision SET changes = '[]' WHERE family_plan_id = ANY (plans) OR help_plan_id = ANY (trajectories);
        UPDATE help_plan SET effort_description = '' WHERE trajectory_id = ANY (trajectories);
        UPDATE trajectory SET ${blank('decline_reason')} WHERE id = ANY (trajectories) AND decline_reason IS NOT NULL;
        UPDATE expertise_request SET question = '${ERASED_TEXT}', ${blank('decline_reason')} WHERE trajectory_id = ANY (trajectories);
        UPDATE responsibility_transfer SET reason = '${ERASED_TEXT}', ${blank('decline_reason')} WHERE trajectory_id = ANY (trajectories);
        UPDATE pic_proposal SET reason = '${ERASED_TEXT}', ${blank('decision_reason')} WHERE trajectory_id = ANY (trajectories);
        UPDATE trajectory_event SET detail = NULL WHERE trajectory_id = ANY (trajectories) AND detail IS NOT NULL;
        -- a submitted outcome and a settlement never change, but their remarks are the family's data
        ALTER TABLE outcome_report DISABLE TRIGGER outcome_report_immutable;
        ALTER TABLE settlement DISABLE TRIGGER settlement_immutable;
        UPDATE settlement SET ${blank('correction_reason')}
         WHERE outcome_report_id IN (SELECT id FROM outcome_report WHERE trajectory_id = ANY (trajectories))
           AND correction_reason IS NOT NULL;
        UPDATE outcome_report SET ${blank('correction_reason')} WHERE trajectory_id = ANY (trajectories) AND correction_reason IS NOT NULL;
        ALTER TABLE outcome_report ENABLE TRIGGER outcome_report_immutable;
        ALTER TABLE settlement ENABLE TRIGGER settlement_immutable;
        -- answers kept for repeated requests may hold the youth (they expire within a day anyway)
        pattern := array_to_string(array_append(trajectories::text[], y::text), '|');
        DELETE FROM idempotency_key WHERE response_body ~ pattern;
        RETURN 'ERASED';
      END $$;
      GRANT EXECUTE ON FUNCTION access.erase_youth(uuid, text) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.erase_youth(uuid, text);
      DROP TABLE youth_erasure;
      ALTER TABLE youth DROP CONSTRAINT youth_personal_until_erased, DROP COLUMN erased_at;
      -- erased youths keep no initials or birth date: the columns stay optional
    `);
  }
}
