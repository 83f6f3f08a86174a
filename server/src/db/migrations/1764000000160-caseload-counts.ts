import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every count from scratch: filling the table, and after a bulk load that ran without triggers. */
export const RECOUNT_CASELOAD = `
      DELETE FROM caseload_count;
      INSERT INTO caseload_count (provider_id, involvement, trajectories)
      SELECT provider_id, coalesce(role, 'ANY'), count(DISTINCT trajectory_id)
        FROM trajectory_access GROUP BY GROUPING SETS ((provider_id), (provider_id, role));`;

/**
 * A provider's caseload total kept up to date instead of counted on every request: per provider,
 * the number of trajectories it works on (ANY) and per way of being involved (RESPONSIBLE,
 * EXPERTISE, TRANSFER), as distinct trajectories in `trajectory_access`. Statement-level triggers
 * on trajectory_access adjust the counts from the changed rows (bulk loads too); row-level
 * security lets a provider read only its own counts, the rule the caseload's own rows follow.
 *
 * A key's count changes by sign(rows now) − sign(rows before): a trajectory is counted once however
 * many expertise requests give access to it. Writers lock their providers' count rows (in order)
 * before looking at trajectory_access, so two concurrent grants on one trajectory see each other.
 */
export class CaseloadCounts1764000000160 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE caseload_count (
        provider_id  uuid NOT NULL REFERENCES provider (id),
        involvement  text NOT NULL CHECK (involvement IN ('ANY', 'RESPONSIBLE', 'EXPERTISE', 'TRANSFER')),
        trajectories integer NOT NULL CHECK (trajectories >= 0),
        PRIMARY KEY (provider_id, involvement)
      );
      ALTER TABLE caseload_count ENABLE ROW LEVEL SECURITY;
      CREATE POLICY caseload_count_own ON caseload_count FOR SELECT TO samenspel_app
        USING (provider_id = access.viewer_provider_id());
      GRANT SELECT ON caseload_count TO samenspel_app;

      ${RECOUNT_CASELOAD}

      CREATE FUNCTION access.count_caseload(added trajectory_access[], removed trajectory_access[]) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        INSERT INTO caseload_count (provider_id, involvement, trajectories)
        SELECT DISTINCT a.provider_id, k.involvement, 0 FROM unnest(added) a CROSS JOIN LATERAL (VALUES ('ANY'), (a.role)) k (involvement)
            ON CONFLICT DO NOTHING;
        PERFORM 1 FROM caseload_count
          WHERE provider_id IN (SELECT provider_id FROM unnest(added) UNION SELECT provider_id FROM unnest(removed))
          ORDER BY provider_id, involvement FOR UPDATE;
        WITH changed AS (
          SELECT c.trajectory_id, c.provider_id, k.involvement, sum(c.sign) AS net
            FROM (SELECT trajectory_id, provider_id, role, 1 AS sign FROM unnest(added)
                  UNION ALL SELECT trajectory_id, provider_id, role, -1 FROM unnest(removed)) c
            CROSS JOIN LATERAL (VALUES ('ANY'), (c.role)) k (involvement)
           GROUP BY 1, 2, 3
        ), delta AS (
          SELECT c.provider_id, c.involvement, sum(sign(n.rows) - sign(n.rows - c.net))::int AS delta
            FROM changed c CROSS JOIN LATERAL (
              SELECT count(*) AS rows FROM trajectory_access a
               WHERE a.trajectory_id = c.trajectory_id AND a.provider_id = c.provider_id
                 AND (c.involvement = 'ANY' OR a.role = c.involvement)) n
           GROUP BY 1, 2
        )
        UPDATE caseload_count cc SET trajectories = cc.trajectories + d.delta
          FROM delta d WHERE cc.provider_id = d.provider_id AND cc.involvement = d.involvement AND d.delta <> 0;
      END $$;

      CREATE FUNCTION access.on_trajectory_access_change() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM access.count_caseload(ARRAY(SELECT n::trajectory_access FROM new_rows n), '{}');
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM access.count_caseload('{}', ARRAY(SELECT o::trajectory_access FROM old_rows o));
        ELSE
          -- only the rows whose provider changed (a new responsible provider) count
          PERFORM access.count_caseload(ARRAY(SELECT n::trajectory_access FROM (SELECT * FROM new_rows EXCEPT ALL SELECT * FROM old_rows) n),
                                        ARRAY(SELECT o::trajectory_access FROM (SELECT * FROM old_rows EXCEPT ALL SELECT * FROM new_rows) o));
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER trajectory_access_counted_insert AFTER INSERT ON trajectory_access
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION access.on_trajectory_access_change();
      CREATE TRIGGER trajectory_access_counted_delete AFTER DELETE ON trajectory_access
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION access.on_trajectory_access_change();
      CREATE TRIGGER trajectory_access_counted_update AFTER UPDATE ON trajectory_access
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION access.on_trajectory_access_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER trajectory_access_counted_insert ON trajectory_access;
      DROP TRIGGER trajectory_access_counted_delete ON trajectory_access;
      DROP TRIGGER trajectory_access_counted_update ON trajectory_access;
      DROP FUNCTION access.on_trajectory_access_change(), access.count_caseload(trajectory_access[], trajectory_access[]);
      DROP TABLE caseload_count;
    `);
  }
}
