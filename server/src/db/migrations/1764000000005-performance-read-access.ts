import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may read the facts behind the performance figures. The region's administrators judge all
 * municipalities, so they read every fact (still only through the aggregating service). Referrers
 * choose a provider on its published results over all municipalities, but may not read other
 * municipalities' facts: they get per-provider sums from a function, never a row per trajectory.
 */
export class PerformanceReadAccess1764000000005 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY trajectory_fact_visible ON trajectory_fact;
      CREATE POLICY trajectory_fact_visible ON trajectory_fact TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR access.viewer_has_role('REGION_ADMIN')
               OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_fact.trajectory_id));

      -- Sums per responsible provider of the trajectories closed in [from, until] (dates in
      -- Europe/Amsterdam), optionally for one profile; any signed-in viewer. The service turns them
      -- into figures and suppresses groups under 5 youths.
      CREATE FUNCTION access.published_outcome_sums(from_date date, until_date date, only_profile uuid)
        RETURNS TABLE (provider_id uuid, trajectories int, youths int, goal_youths int, goals int, goals_achieved int,
                       goals_partly int, satisfaction_youth_youths int, satisfaction_youth_sum int, satisfaction_youth_count int,
                       satisfaction_parent_youths int, satisfaction_parent_sum int, satisfaction_parent_count int,
                       dropouts int, ended_as_planned int, repeat_use int, waiting_days_sum float8)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT f.responsible_provider_id, count(*)::int, count(DISTINCT f.youth_key)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.treatment_goals > 0)::int,
               coalesce(sum(f.treatment_goals), 0)::int, coalesce(sum(f.goals_achieved), 0)::int, coalesce(sum(f.goals_partly), 0)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.satisfaction_youth IS NOT NULL)::int,
               coalesce(sum(f.satisfaction_youth), 0)::int, count(f.satisfaction_youth)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.satisfaction_parent IS NOT NULL)::int,
               coalesce(sum(f.satisfaction_parent), 0)::int, count(f.satisfaction_parent)::int,
               count(*) FILTER (WHERE f.dropout)::int, count(*) FILTER (WHERE f.ended_as_planned)::int,
               count(*) FILTER (WHERE f.repeat_use)::int, coalesce(sum(f.waiting_days), 0)::float8
          FROM trajectory_fact f
         WHERE access.viewer_user_id() IS NOT NULL
           AND f.closed_at >= from_date::timestamp AT TIME ZONE 'Europe/Amsterdam'
           AND f.closed_at < (until_date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
           AND (only_profile IS NULL OR f.profile_id = only_profile)
         GROUP BY f.responsible_provider_id
      $$;
      REVOKE EXECUTE ON FUNCTION access.published_outcome_sums(date, date, uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.published_outcome_sums(date, date, uuid) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.published_outcome_sums(date, date, uuid);
      DROP POLICY trajectory_fact_visible ON trajectory_fact;
      CREATE POLICY trajectory_fact_visible ON trajectory_fact TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_fact.trajectory_id));
    `);
  }
}
