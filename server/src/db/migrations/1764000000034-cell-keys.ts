import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistical disclosure control by the cell-key method (ONS, ABS): every trajectory fact gets a
 * fixed record key, and a published cell's noise follows from the sum of its records' keys, so the
 * same cell always gets the same noise and the difference of two cells never cancels it.
 *
 * The key is a salted hash of the trajectory id (salt: a random secret only the table owner reads),
 * set when the fact is first written: recomputing a fact gives it the same key, and no one who
 * knows a trajectory id can compute its key. Referrers get per-provider sums for complete calendar
 * years only (the fixed period grid), never for a window that moves day by day.
 */
export class CellKeys1764000000034 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE access.record_key_salt (salt bigint NOT NULL);
      INSERT INTO access.record_key_salt VALUES (('x' || md5(gen_random_uuid()::text))::bit(64)::bigint);

      -- 30 bits: a cell's key (the sum over its records) stays exact in a float8 up to 8 million records
      CREATE FUNCTION access.record_key(trajectory uuid) RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog AS $$
        SELECT (hashtextextended(trajectory::text, s.salt) & 1073741823)::int FROM access.record_key_salt s
      $$;
      REVOKE EXECUTE ON FUNCTION access.record_key(uuid) FROM PUBLIC;

      CREATE FUNCTION access.set_record_key() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog AS $$
      BEGIN
        NEW.record_key := access.record_key(NEW.trajectory_id);
        RETURN NEW;
      END $$;
      REVOKE EXECUTE ON FUNCTION access.set_record_key() FROM PUBLIC;

      ALTER TABLE trajectory_fact ADD COLUMN record_key integer;
      UPDATE trajectory_fact SET record_key = access.record_key(trajectory_id);
      ALTER TABLE trajectory_fact ALTER COLUMN record_key SET NOT NULL;
      CREATE TRIGGER trajectory_fact_record_key BEFORE INSERT ON trajectory_fact
        FOR EACH ROW EXECUTE FUNCTION access.set_record_key();
      -- also when bulk loads run with session_replication_role = replica: every fact needs its key
      ALTER TABLE trajectory_fact ENABLE ALWAYS TRIGGER trajectory_fact_record_key;

      -- Per responsible provider, the sums of the trajectories closed in one complete calendar year
      -- (Europe/Amsterdam), optionally of one profile, with the cell key and the largest single
      -- contributions the service perturbs them by. Any signed-in viewer; nothing for a year not over.
      DROP FUNCTION access.published_outcome_sums(date, date, uuid);
      CREATE FUNCTION access.published_outcome_sums(period_year integer, only_profile uuid)
        RETURNS TABLE (provider_id uuid, trajectories int, youths int, goal_youths int, goals int, goals_achieved int,
                       goals_partly int, satisfaction_youth_youths int, satisfaction_youth_sum int, satisfaction_youth_count int,
                       satisfaction_parent_youths int, satisfaction_parent_sum int, satisfaction_parent_count int,
                       dropouts int, ended_as_planned int, repeat_use int, waiting_days_sum float8,
                       cell_key float8, max_goals int, max_waiting_days float8)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
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
         GROUP BY f.responsible_provider_id
      $$;
      REVOKE EXECUTE ON FUNCTION access.published_outcome_sums(integer, uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.published_outcome_sums(integer, uuid) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.published_outcome_sums(integer, uuid);
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
      DROP TRIGGER trajectory_fact_record_key ON trajectory_fact;
      ALTER TABLE trajectory_fact DROP COLUMN record_key;
      DROP FUNCTION access.set_record_key(), access.record_key(uuid);
      DROP TABLE access.record_key_salt;
    `);
  }
}
