import type { MigrationInterface, QueryRunner } from 'typeorm';

const DEFINER = `SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp`;
const MONTH_OF = (closedAt: string) => `date_trunc('month', ${closedAt} AT TIME ZONE 'Europe/Amsterdam')::date`;

/**
 * Contract managers' figures read maintained roll-ups instead of every fact:
 * - `performance_cell`: per municipality, responsible provider, closing month, profile, area and
 *   reason for ending, the counts, sums, cell-key sums and largest contributions of the facts —
 *   once for every fact (consortium null) and once per consortium its provider led or partnered in
 *   on the closing day. Sums and maxima merge exactly into any month, quarter or year.
 * - `performance_repeat_fact`: the facts of a youth with another fact closing in the same calendar
 *   year. Distinct youths do not merge; within a period of at most a year a group's distinct youths
 *   are its facts, minus these facts in it, plus their distinct youths (a few per cent of facts).
 * Both are written only by the triggers below (as the owner), whatever writes `trajectory_fact` or
 * `consortium_membership`: a changed fact or membership recomputes its (municipality, provider,
 * month) cells from the facts, under a transaction lock per cell, so concurrent writers of one cell
 * take turns and the later one counts the earlier one's committed facts. Read like trajectory_fact:
 * a contract manager its municipality's rows, the region administrator all.
 */
export class PerformanceCells1764000000150 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE performance_cell (
        municipality_id           uuid NOT NULL REFERENCES municipality (id),
        consortium_id             uuid REFERENCES consortium (id),
        provider_id               uuid NOT NULL REFERENCES provider (id),
        month_start               date NOT NULL,
        profile_id                uuid NOT NULL REFERENCES profile (id),
        area_id                   uuid REFERENCES area (id),
        end_reason_code           text,
        trajectories              integer NOT NULL,
        goal_trajectories         integer NOT NULL,
        goals                     bigint,
        goals_achieved            bigint,
        goals_partly              bigint,
        satisfaction_youth_sum    bigint,
        satisfaction_youth_count  integer NOT NULL,
        satisfaction_parent_sum   bigint,
        satisfaction_parent_count integer NOT NULL,
        dropouts                  integer NOT NULL,
        ended_as_planned          integer NOT NULL,
        repeat_use                integer NOT NULL,
        waiting_days_sum          numeric,
        tariff_sum                bigint,
        cost_count                integer NOT NULL,
        cost_sum                  bigint,
        cost_tariff_sum           bigint,
        high                      integer NOT NULL,
        long                      integer NOT NULL,
        cell_key                  bigint NOT NULL,
        max_goals                 integer,
        max_waiting_days          numeric,
        max_tariff                integer,
        max_cost                  integer
      );
      CREATE UNIQUE INDEX performance_cell_key ON performance_cell
        (municipality_id, month_start, provider_id, consortium_id, profile_id, area_id, end_reason_code) NULLS NOT DISTINCT;
      CREATE INDEX performance_cell_consortium_idx ON performance_cell (consortium_id, municipality_id, month_start);

      CREATE TABLE performance_repeat_fact (
        trajectory_id   uuid PRIMARY KEY REFERENCES trajectory_fact (trajectory_id) ON DELETE CASCADE,
        municipality_id uuid NOT NULL,
        closed_at       timestamptz NOT NULL
      );
      CREATE INDEX performance_repeat_fact_municipality_idx ON performance_repeat_fact (municipality_id, closed_at);

      ALTER TABLE performance_cell ENABLE ROW LEVEL SECURITY;
      ALTER TABLE performance_repeat_fact ENABLE ROW LEVEL SECURITY;
      CREATE POLICY performance_cell_visible ON performance_cell FOR SELECT TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR access.viewer_has_role('REGION_ADMIN'));
      CREATE POLICY performance_repeat_fact_visible ON performance_repeat_fact FOR SELECT TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR access.viewer_has_role('REGION_ADMIN'));
      GRANT SELECT ON performance_cell, performance_repeat_fact TO samenspel_app;

      -- The cells of (municipality, provider, month) triples as trajectory_fact gives them.
      CREATE FUNCTION access.performance_cells_of(municipalities uuid[], providers uuid[], months date[])
        RETURNS SETOF performance_cell LANGUAGE sql STABLE ${DEFINER} AS $$
        SELECT u.m, s.consortium_id, u.p, u.d, f.profile_id, f.area_id, f.end_reason_code,
               count(*), count(*) FILTER (WHERE f.treatment_goals > 0), sum(f.treatment_goals), sum(f.goals_achieved),
               sum(f.goals_partly), sum(f.satisfaction_youth), count(f.satisfaction_youth), sum(f.satisfaction_parent),
               count(f.satisfaction_parent), count(*) FILTER (WHERE f.dropout), count(*) FILTER (WHERE f.ended_as_planned),
               count(*) FILTER (WHERE f.repeat_use), sum(f.waiting_days), sum(f.tariff_cents), count(f.cost_cents),
               sum(f.cost_cents), sum(f.tariff_cents) FILTER (WHERE f.cost_cents IS NOT NULL),
               count(*) FILTER (WHERE i.level = 'HIGH'), count(*) FILTER (WHERE i.duration = 'LONG'), sum(f.record_key),
               max(f.treatment_goals), max(f.waiting_days), max(f.tariff_cents), max(f.cost_cents)
          FROM (SELECT DISTINCT * FROM unnest(municipalities, providers, months) u (m, p, d)) u
          JOIN trajectory_fact f ON f.responsible_provider_id = u.p AND f.municipality_id = u.m
                                AND f.closed_at >= u.d::timestamp AT TIME ZONE 'Europe/Amsterdam'
                                AND f.closed_at < (u.d + interval '1 month')::timestamp AT TIME ZONE 'Europe/Amsterdam'
          JOIN intensity i ON i.id = f.intensity_id
          CROSS JOIN LATERAL (
            SELECT NULL::uuid AS consortium_id
            UNION ALL
            SELECT cm.consortium_id FROM consortium_membership cm
             WHERE cm.provider_id = f.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER')
               AND (f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')) s
         GROUP BY u.m, s.consortium_id, u.p, u.d, f.profile_id, f.area_id, f.end_reason_code
      $$;
      REVOKE EXECUTE ON FUNCTION access.performance_cells_of(uuid[], uuid[], date[]) FROM PUBLIC;

      -- Recomputes the cells of (municipality, provider, month) triples from trajectory_fact.
      CREATE FUNCTION access.refresh_performance_cells(municipalities uuid[], providers uuid[], months date[])
        RETURNS void LANGUAGE plpgsql ${DEFINER} AS $$
      BEGIN
        -- one writer per cell at a time; each statement after the lock sees what the previous one committed.
        -- Cells share 256 locks (256–511, taken in order, after the repeat facts' 0–255), so a refresh of
        -- every cell does not exhaust the lock table.
        PERFORM pg_advisory_xact_lock(hashtext('performance roll-up'), k.key::int)
           FROM (SELECT DISTINCT 256 + abs(hashtextextended(concat_ws('/', 'performance_cell', m, p, d), 0) % 256) AS key
                   FROM unnest(municipalities, providers, months) u (m, p, d) ORDER BY 1) k;
        DELETE FROM performance_cell c USING unnest(municipalities, providers, months) u (m, p, d)
         WHERE c.municipality_id = u.m AND c.month_start = u.d AND c.provider_id = u.p;
        INSERT INTO performance_cell SELECT * FROM access.performance_cells_of(municipalities, providers, months);
      END $$;
      REVOKE EXECUTE ON FUNCTION access.refresh_performance_cells(uuid[], uuid[], date[]) FROM PUBLIC;

      -- Marks the facts of the given youths that share their closing year with another fact of the youth.
      CREATE FUNCTION access.note_repeat_facts(youths uuid[]) RETURNS void LANGUAGE plpgsql ${DEFINER} AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('performance roll-up'), k.key::int)
           FROM (SELECT DISTINCT abs(hashtextextended(concat_ws('/', 'performance_repeat_fact', y), 0) % 256) AS key
                   FROM unnest(youths) y ORDER BY 1) k;
        INSERT INTO performance_repeat_fact (trajectory_id, municipality_id, closed_at)
        SELECT f.trajectory_id, f.municipality_id, f.closed_at FROM trajectory_fact f
         WHERE f.youth_key = ANY (youths)
           AND EXISTS (SELECT 1 FROM trajectory_fact g
                        WHERE g.youth_key = f.youth_key AND g.trajectory_id <> f.trajectory_id
                          AND date_trunc('year', g.closed_at AT TIME ZONE 'Europe/Amsterdam')
                            = date_trunc('year', f.closed_at AT TIME ZONE 'Europe/Amsterdam'))
        ON CONFLICT DO NOTHING;
      END $$;
      REVOKE EXECUTE ON FUNCTION access.note_repeat_facts(uuid[]) FROM PUBLIC;

      CREATE FUNCTION access.roll_up_trajectory_facts() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
      DECLARE
        m uuid[]; p uuid[]; d date[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM access.note_repeat_facts(ARRAY(SELECT DISTINCT n.youth_key FROM new_facts n));
          SELECT array_agg(k.m), array_agg(k.p), array_agg(k.d) INTO m, p, d FROM (
            SELECT DISTINCT n.municipality_id AS m, n.responsible_provider_id AS p, ${MONTH_OF('n.closed_at')} AS d FROM new_facts n) k;
        ELSIF TG_OP = 'UPDATE' THEN
          SELECT array_agg(k.m), array_agg(k.p), array_agg(k.d) INTO m, p, d FROM (
            SELECT n.municipality_id AS m, n.responsible_provider_id AS p, ${MONTH_OF('n.closed_at')} AS d FROM new_facts n
            UNION
            SELECT o.municipality_id, o.responsible_provider_id, ${MONTH_OF('o.closed_at')} FROM old_facts o) k;
        ELSE
          SELECT array_agg(k.m), array_agg(k.p), array_agg(k.d) INTO m, p, d FROM (
            SELECT DISTINCT o.municipality_id AS m, o.responsible_provider_id AS p, ${MONTH_OF('o.closed_at')} AS d FROM old_facts o) k;
        END IF;
        IF m IS NOT NULL THEN PERFORM access.refresh_performance_cells(m, p, d); END IF;
        RETURN NULL;
      END $$;
      REVOKE EXECUTE ON FUNCTION access.roll_up_trajectory_facts() FROM PUBLIC;

      CREATE TRIGGER trajectory_fact_roll_up_insert AFTER INSERT ON trajectory_fact
        REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_trajectory_facts();
      CREATE TRIGGER trajectory_fact_roll_up_update AFTER UPDATE ON trajectory_fact
        REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_trajectory_facts();
      CREATE TRIGGER trajectory_fact_roll_up_delete AFTER DELETE ON trajectory_fact
        REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_trajectory_facts();
      -- bulk loads (session_replication_role = replica) keep the roll-ups current too
      ALTER TABLE trajectory_fact ENABLE ALWAYS TRIGGER trajectory_fact_roll_up_insert;
      ALTER TABLE trajectory_fact ENABLE ALWAYS TRIGGER trajectory_fact_roll_up_update;
      ALTER TABLE trajectory_fact ENABLE ALWAYS TRIGGER trajectory_fact_roll_up_delete;

      -- A changed membership moves its provider's facts between consortia: its cells are recomputed.
      CREATE FUNCTION access.roll_up_memberships() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
      DECLARE
        m uuid[]; p uuid[]; d date[];
      BEGIN
        SELECT array_agg(k.m), array_agg(k.p), array_agg(k.d) INTO m, p, d FROM (
          SELECT DISTINCT f.municipality_id AS m, f.responsible_provider_id AS p, ${MONTH_OF('f.closed_at')} AS d
            FROM trajectory_fact f
           WHERE f.responsible_provider_id IN (SELECT c.provider_id FROM changed_memberships c)) k;
        IF m IS NOT NULL THEN PERFORM access.refresh_performance_cells(m, p, d); END IF;
        RETURN NULL;
      END $$;
      REVOKE EXECUTE ON FUNCTION access.roll_up_memberships() FROM PUBLIC;
      CREATE TRIGGER consortium_membership_roll_up_insert AFTER INSERT ON consortium_membership
        REFERENCING NEW TABLE AS changed_memberships FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_memberships();
      CREATE TRIGGER consortium_membership_roll_up_update_old AFTER UPDATE ON consortium_membership
        REFERENCING OLD TABLE AS changed_memberships FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_memberships();
      CREATE TRIGGER consortium_membership_roll_up_update_new AFTER UPDATE ON consortium_membership
        REFERENCING NEW TABLE AS changed_memberships FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_memberships();
      CREATE TRIGGER consortium_membership_roll_up_delete AFTER DELETE ON consortium_membership
        REFERENCING OLD TABLE AS changed_memberships FOR EACH STATEMENT EXECUTE FUNCTION access.roll_up_memberships();
      ALTER TABLE consortium_membership ENABLE ALWAYS TRIGGER consortium_membership_roll_up_insert;
      ALTER TABLE consortium_membership ENABLE ALWAYS TRIGGER consortium_membership_roll_up_update_old;
      ALTER TABLE consortium_membership ENABLE ALWAYS TRIGGER consortium_membership_roll_up_update_new;
      ALTER TABLE consortium_membership ENABLE ALWAYS TRIGGER consortium_membership_roll_up_delete;

      -- the roll-ups of the facts there are
      INSERT INTO performance_repeat_fact (trajectory_id, municipality_id, closed_at)
      SELECT f.trajectory_id, f.municipality_id, f.closed_at
        FROM (SELECT f.*, count(*) OVER (PARTITION BY f.youth_key, date_trunc('year', f.closed_at AT TIME ZONE 'Europe/Amsterdam')) AS n
                FROM trajectory_fact f) f
       WHERE f.n > 1;
      SELECT access.refresh_performance_cells(array_agg(k.m), array_agg(k.p), array_agg(k.d)) FROM (
        SELECT DISTINCT f.municipality_id AS m, f.responsible_provider_id AS p, ${MONTH_OF('f.closed_at')} AS d
          FROM trajectory_fact f) k;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER consortium_membership_roll_up_insert ON consortium_membership;
      DROP TRIGGER consortium_membership_roll_up_update_old ON consortium_membership;
      DROP TRIGGER consortium_membership_roll_up_update_new ON consortium_membership;
      DROP TRIGGER consortium_membership_roll_up_delete ON consortium_membership;
      DROP TRIGGER trajectory_fact_roll_up_insert ON trajectory_fact;
      DROP TRIGGER trajectory_fact_roll_up_update ON trajectory_fact;
      DROP TRIGGER trajectory_fact_roll_up_delete ON trajectory_fact;
      DROP FUNCTION access.roll_up_memberships(), access.roll_up_trajectory_facts(), access.note_repeat_facts(uuid[]),
                    access.refresh_performance_cells(uuid[], uuid[], date[]), access.performance_cells_of(uuid[], uuid[], date[]);
      DROP TABLE performance_repeat_fact, performance_cell;
    `);
  }
}
