import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What stands in for an erased free text where the column requires one. */
const ERASED_TEXT = '[gewist]';
/** The fixed remark of an outcome version the family's own answer made: no personal data, and required there. */
const FAMILY_ANSWER = 'ingevuld door het gezin';

/** `column` becomes the erased marker, or stays NULL (or one of the fixed texts `keep`). */
const blank = (column: string, ...keep: string[]) =>
  `${column} = CASE WHEN ${column} IS NULL ${keep.map((k) => `OR ${column} = '${k}'`).join(' ')} THEN ${column} ELSE '${ERASED_TEXT}' END`;

/**
 * Erasing a youth (on the family's request, or when the retention period ends): its initials and
 * birth date, its BSN, every free text of its plans, requests, transfers, events, outcomes and
 * remarks, its family's links and answers, and the stored iJw messages about it are gone. The
 * youth's id stays as a pseudonym, so the append-only access log keeps its rows, and the anonymous
 * facts of its trajectories (of which the figures are made) stay as they were. A family plan shared
 * with a sibling keeps its texts while that sibling is not erased: it is the sibling's record too.
 *
 * An erased youth and its trajectories are no longer shown to anyone: a restrictive read policy on
 * each (one predicate), so no read path of the application can return them.
 *
 * Two ways in, one function doing the work (access.erase_youth_now, the owner's only): a region
 * administrator of the youth's region (access.erase_youth), and the nightly retention run
 * (access.erase_past_retention, which takes no date, so the application cannot move the period).
 * An open trajectory is a legal hold: the file is needed while the care goes on.
 */
export class YouthErasure1764000000111 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE youth ALTER COLUMN initials DROP NOT NULL, ALTER COLUMN birth_date DROP NOT NULL,
        ADD COLUMN erased_at timestamptz,
        ADD CONSTRAINT youth_personal_until_erased CHECK ((erased_at IS NULL) = (initials IS NOT NULL AND birth_date IS NOT NULL));
      ALTER TABLE trajectory ADD COLUMN erased_at timestamptz;
      CREATE POLICY youth_not_erased ON youth AS RESTRICTIVE FOR SELECT TO samenspel_app USING (erased_at IS NULL);
      CREATE POLICY trajectory_not_erased ON trajectory AS RESTRICTIVE FOR SELECT TO samenspel_app USING (erased_at IS NULL);
      -- a stored message about an erased youth: its sealed content is gone, its record stays
      ALTER TABLE ijw_message ADD COLUMN erased_at timestamptz;

      -- Who erased a youth, when and why (NULL erased_by: the retention run).
      CREATE TABLE youth_erasure (
        youth_id  uuid PRIMARY KEY REFERENCES youth (id),
        erased_at timestamptz NOT NULL DEFAULT now(),
        erased_by uuid REFERENCES app_user (id),
        reason    text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000)
      );
      CREATE INDEX youth_erasure_erased_by_idx ON youth_erasure (erased_by);
      -- no policy: only the erasure functions write it
      ALTER TABLE youth_erasure ENABLE ROW LEVEL SECURITY;

      CREATE FUNCTION access.erase_youth_now(y uuid, why text, by_user uuid) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        trajectories uuid[];
        plans uuid[];
        messages uuid[];
        pattern text;
      BEGIN
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
        -- every stored message naming the youth (one holding other youths too: its copy is gone for them as well),
        -- and the retours and answers to them, which repeat its data
        SELECT coalesce(array_agg(m.id), '{}') INTO messages FROM ijw_message m
         WHERE m.id IN (SELECT message_id FROM ijw_message_subject WHERE youth_id = y
                        UNION SELECT message_id FROM ijw_assignment WHERE youth_id = y
                        UNION SELECT message_id FROM ijw_declaration_line WHERE trajectory_id = ANY (trajectories))
            OR m.answers_id IN (SELECT message_id FROM ijw_message_subject WHERE youth_id = y
                                UNION SELECT message_id FROM ijw_assignment WHERE youth_id = y
                                UNION SELECT message_id FROM ijw_declaration_line WHERE trajectory_id = ANY (trajectories));

        UPDATE youth SET initials = NULL, birth_date = NULL, erased_at = now() WHERE id = y;
        UPDATE trajectory SET erased_at = now(), ${blank('decline_reason')} WHERE id = ANY (trajectories);
        -- no provider has access any more, and its maintained caseload totals no longer count them
        DELETE FROM trajectory_access WHERE trajectory_id = ANY (trajectories);
        INSERT INTO youth_erasure (youth_id, erased_by, reason) VALUES (y, by_user, why);

        DELETE FROM youth_identity WHERE youth_id = y;
        UPDATE ijw_message SET payload = '\\x'::bytea, erased_at = now() WHERE id = ANY (messages) AND erased_at IS NULL;
        DELETE FROM family_access_link WHERE youth_id = y;
        DELETE FROM questionnaire_link WHERE trajectory_id = ANY (trajectories);
        -- a notification holds only a link, but to a file that is no longer there
        DELETE FROM notification WHERE link_path ~ array_to_string(trajectories::text[], '|') AND cardinality(trajectories) > 0;

        UPDATE family_plan SET question = '${ERASED_TEXT}', context = '' WHERE id = ANY (plans);
        UPDATE goal SET description = '${ERASED_TEXT}' WHERE family_plan_id = ANY (plans) OR help_plan_id = ANY (trajectories);
        UPDATE plan_revision SET changes = '[]' WHERE family_plan_id = ANY (plans) OR help_plan_id = ANY (trajectories);
        UPDATE help_plan SET effort_description = '' WHERE trajectory_id = ANY (trajectories);
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
        UPDATE outcome_report SET ${blank('correction_reason', FAMILY_ANSWER)}
         WHERE trajectory_id = ANY (trajectories) AND correction_reason IS NOT NULL;
        ALTER TABLE outcome_report ENABLE TRIGGER outcome_report_immutable;
        ALTER TABLE settlement ENABLE TRIGGER settlement_immutable;
        -- answers kept for repeated requests may hold the youth (they expire within a day anyway)
        pattern := array_to_string(array_append(trajectories::text[], y::text), '|');
        DELETE FROM idempotency_key WHERE response_body ~ pattern;
        RETURN 'ERASED';
      END $$;
      REVOKE EXECUTE ON FUNCTION access.erase_youth_now(uuid, text, uuid) FROM PUBLIC;

      -- On the family's request: a region administrator of the youth's region (through its settings).
      CREATE FUNCTION access.erase_youth(y uuid, why text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF NOT (access.viewer_has_role('REGION_ADMIN') AND EXISTS (
             SELECT 1 FROM youth x JOIN municipality m ON m.id = x.municipality_id
               JOIN app_user u ON u.region_id = m.region_id AND u.id = access.viewer_user_id()
              WHERE x.id = y)) THEN
          RETURN 'NOT_FOUND';
        END IF;
        RETURN access.erase_youth_now(y, why, access.viewer_user_id());
      END $$;
      REVOKE EXECUTE ON FUNCTION access.erase_youth(uuid, text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.erase_youth(uuid, text) TO samenspel_app;

      -- The retention run (Jeugdwet art. 7.3.10): every youth whose newest record (the youth itself, a
      -- referral, any activity on or the closing of a trajectory) is older than 20 years, erased or kept
      -- under a legal hold. Counted back from now, never from a date the caller chooses. Safe to repeat.
      CREATE FUNCTION access.erase_past_retention() RETURNS TABLE (erased_youth_id uuid, outcome text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        cutoff timestamptz := now() - interval '20 years';
        y uuid;
      BEGIN
        FOR y IN
          SELECT x.id FROM youth x
           WHERE x.erased_at IS NULL AND x.created_at < cutoff
             AND NOT EXISTS (SELECT 1 FROM trajectory t WHERE t.youth_id = x.id
                              AND greatest(t.referred_at, t.last_activity_at, t.closed_at) >= cutoff)
           ORDER BY x.id
        LOOP
          erased_youth_id := y;
          outcome := access.erase_youth_now(y, 'Bewaartermijn van 20 jaar verstreken (Jeugdwet art. 7.3.10)', NULL);
          RETURN NEXT;
        END LOOP;
      END $$;
      REVOKE EXECUTE ON FUNCTION access.erase_past_retention() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.erase_past_retention() TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.erase_past_retention(), access.erase_youth(uuid, text), access.erase_youth_now(uuid, text, uuid);
      DROP TABLE youth_erasure;
      ALTER TABLE ijw_message DROP COLUMN erased_at;
      DROP POLICY trajectory_not_erased ON trajectory;
      DROP POLICY youth_not_erased ON youth;
      ALTER TABLE trajectory DROP COLUMN erased_at;
      ALTER TABLE youth DROP CONSTRAINT youth_personal_until_erased, DROP COLUMN erased_at;
      -- erased youths keep no initials or birth date: the columns stay optional
    `);
  }
}
