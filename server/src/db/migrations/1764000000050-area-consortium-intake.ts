import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 2023 model: a referrer refers to the consortium of an area; the trajectory enters INTAKE with
 * the consortium's lead responsible, who assigns a lead or partner as main contractor by the intake
 * deadline (working days per consortium contract). A member that cannot take the youth returns it
 * to intake, never to the referrer. The consortium's leads and partners see who waits in their
 * intake (the waiting list), read through row-level security like everything else.
 */
export class AreaConsortiumIntake1764000000050 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE consortium ADD COLUMN intake_working_days integer NOT NULL DEFAULT 5
        CHECK (intake_working_days BETWEEN 1 AND 30);

      ALTER TABLE trajectory DROP CONSTRAINT trajectory_status_check;
      ALTER TABLE trajectory ADD CONSTRAINT trajectory_status_check
        CHECK (status IN ('INTAKE', 'REFERRED', 'ACTIVE', 'CLOSED', 'CANCELLED'));
      ALTER TABLE trajectory DROP CONSTRAINT trajectory_check;
      ALTER TABLE trajectory ADD CONSTRAINT trajectory_check CHECK (CASE status
        WHEN 'INTAKE' THEN started_at IS NULL AND closed_at IS NULL
        WHEN 'REFERRED' THEN started_at IS NULL AND closed_at IS NULL
        WHEN 'ACTIVE' THEN started_at IS NOT NULL AND closed_at IS NULL
        WHEN 'CLOSED' THEN started_at IS NOT NULL AND closed_at IS NOT NULL
        ELSE closed_at IS NOT NULL END);

      -- the consortium a youth was referred to (area referral), and the day its intake must be done
      ALTER TABLE trajectory ADD COLUMN consortium_id uuid REFERENCES consortium (id);
      ALTER TABLE trajectory ADD COLUMN intake_deadline date;
      ALTER TABLE trajectory ADD CONSTRAINT trajectory_intake_check
        CHECK (status <> 'INTAKE' OR (consortium_id IS NOT NULL AND intake_deadline IS NOT NULL));
      CREATE INDEX trajectory_consortium_waiting_idx ON trajectory (consortium_id, referred_at, id)
        WHERE status IN ('INTAKE', 'REFERRED');

      -- Leads and partners of a consortium (on today's Amsterdam date) see its waiting youths.
      CREATE FUNCTION access.viewer_consortia() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(cm.consortium_id), '{}') FROM public.consortium_membership cm
         WHERE cm.provider_id = access.viewer_provider_id() AND cm.role IN ('LEAD', 'PARTNER')
           AND (now() AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')
      $$;
      GRANT EXECUTE ON FUNCTION access.viewer_consortia() TO samenspel_app;
      -- (the function in a subquery: evaluated once per statement, not once per row)
      CREATE POLICY trajectory_visible_in_consortium_intake ON trajectory FOR SELECT TO samenspel_app
        USING (status IN ('INTAKE', 'REFERRED') AND consortium_id = ANY ((SELECT access.viewer_consortia())::uuid[]));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY trajectory_visible_in_consortium_intake ON trajectory;
      DROP FUNCTION access.viewer_consortia();
      DROP INDEX trajectory_consortium_waiting_idx;
      ALTER TABLE trajectory DROP CONSTRAINT trajectory_intake_check;
      ALTER TABLE trajectory DROP COLUMN intake_deadline, DROP COLUMN consortium_id;
      ALTER TABLE trajectory DROP CONSTRAINT trajectory_check;
      ALTER TABLE trajectory ADD CONSTRAINT trajectory_check CHECK (CASE status
        WHEN 'REFERRED' THEN started_at IS NULL AND closed_at IS NULL
        WHEN 'ACTIVE' THEN started_at IS NOT NULL AND closed_at IS NULL
        WHEN 'CLOSED' THEN started_at IS NOT NULL AND closed_at IS NOT NULL
        ELSE closed_at IS NOT NULL END);
      ALTER TABLE trajectory DROP CONSTRAINT trajectory_status_check;
      ALTER TABLE trajectory ADD CONSTRAINT trajectory_status_check
        CHECK (status IN ('REFERRED', 'ACTIVE', 'CLOSED', 'CANCELLED'));
      ALTER TABLE consortium DROP COLUMN intake_working_days;
    `);
  }
}
