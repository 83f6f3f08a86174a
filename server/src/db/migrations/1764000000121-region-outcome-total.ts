import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `access.published_outcome_sums` grouped by `grouping`: per provider, or also the region's total. */
const publishedOutcomeSums = (grouping: string) => `
      CREATE OR REPLACE FUNCTION access.published_outcome_sums(period_year integer, only_profile uuid)
        RETURNS TABLE (provider_id uuid, trajectories int, youths int, goal_youths int, goals int, goals_achieved int,
                       goals_partly int, satisfaction_youth_youths int, satisfaction_youth_sum int, satisfaction_youth_count int,
                       satisfaction_parent_youths int, satisfaction_parent_sum int, satisfaction_parent_count int,
                       dropouts int, ended_as_planned int, repeat_use int, waiting_days_sum float8,
                       cell_key float8, max_goals int, max_waiting_days float8)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT f.responsible_provider_id, count(*)::int, count(DISTINCT f.youth_key)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.treatment_goals > 0)::int,
               coalesce(sum(f.treatment_goals), 0)::int, coalesce(sum(f.goals_achieved), 0)::int, coalesce(sum(f.goals_partly), 0)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.satisfaction_youth IS NOT NULL)::int,
               coalesce(sum(f.satisfaction_youth), 0)::int, count(f.satisfaction_youth)::int,
               count(DISTINCT f.youth_key) FILTER (WHERE f.satisfaction_parent IS NOT NULL)::int,
               coalesce(sum(f.satisfaction_parent), 0)::int, count(f.satisfaction_parent)::int,
               count(*) FILTER (WHERE f.dropout)::int, count(*) FILTER (WHERE f.ended_as_planned)::int,
               count(*) FILTER (WHERE f.repeat_use)::int, coalesce(sum(f.waiting_days), 0)::float8,
               sum(f.record_key)::float8, coalesce(max(f.treatment_goals), 0)::int, coalesce(max(f.waiting_days), 0)::float8
          FROM trajectory_fact f
         WHERE access.viewer_user_id() IS NOT NULL
           AND period_year < extract(year FROM now() AT TIME ZONE 'Europe/Amsterdam')
           AND f.closed_at >= make_date(period_year, 1, 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
           AND f.closed_at < make_date(period_year + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
           AND (only_profile IS NULL OR f.profile_id = only_profile)
         ${grouping}
      $$;
`;

/**
 * The published outcome sums also hand out the region's total (provider_id null) beside each
 * provider's, so a provider sees its results beside the region's and the providers' figures are
 * suppressed against a total that is really published (complementary suppression, as everywhere).
 */
export class RegionOutcomeTotal1764000000121 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(
      publishedOutcomeSums('GROUP BY GROUPING SETS ((f.responsible_provider_id), ())\n        HAVING count(*) > 0'),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(publishedOutcomeSums('GROUP BY f.responsible_provider_id'));
  }
}
