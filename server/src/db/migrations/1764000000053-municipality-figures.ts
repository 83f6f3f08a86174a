import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `refresh_trajectory_facts`, with or without the latest outcome's JZ588 reason on each fact. */
const refreshFacts = (withReason: boolean) => `
  CREATE OR REPLACE FUNCTION access.refresh_trajectory_facts(ids uuid[]) RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO trajectory_fact AS f (trajectory_id, youth_key, municipality_id, area_id, responsible_provider_id, profile_id,
      intensity_id, funding_variant, referred_at, started_at, closed_at, waiting_days, treatment_goals, goals_achieved,
      goals_partly, satisfaction_youth, satisfaction_parent, dropout, ended_as_planned, continuation, tariff_cents,
      cost_cents, repeat_use${withReason ? ', end_reason_code' : ''})
    SELECT t.id, t.youth_id, t.municipality_id, t.area_id, t.responsible_provider_id, pic.profile_id, pic.intensity_id,
           t.funding_variant, t.referred_at, t.started_at, t.closed_at,
           extract(epoch FROM t.started_at - t.referred_at) / 86400,
           g.total, g.achieved, g.partly, o.satisfaction_youth, o.satisfaction_parent, o.dropout, o.cbs_end_code = '01',
           o.continuation, pic.tariff_cents, CASE WHEN t.funding_variant <> 'TASK' THEN s.amount_cents END,
           EXISTS (SELECT 1 FROM trajectory n WHERE n.youth_id = t.youth_id AND n.id <> t.id
                    AND n.referred_at > t.closed_at AND n.referred_at <= t.closed_at + interval '12 months')
           ${withReason ? ', o.end_reason_code' : ''}
      FROM trajectory t
      JOIN pic ON pic.id = t.pic_id
      JOIN LATERAL (SELECT * FROM outcome_report o WHERE o.trajectory_id = t.id ORDER BY o.version DESC LIMIT 1) o ON true
      LEFT JOIN LATERAL (SELECT * FROM settlement s WHERE s.trajectory_id = t.id ORDER BY s.version DESC LIMIT 1) s ON true
      CROSS JOIN LATERAL (SELECT count(*)::int AS total,
                                 count(*) FILTER (WHERE gr.realisation = 'ACHIEVED')::int AS achieved,
                                 count(*) FILTER (WHERE gr.realisation = 'PARTLY_ACHIEVED')::int AS partly
                            FROM goal_result gr WHERE gr.outcome_report_id = o.id) g
     WHERE t.id = ANY (ids) AND t.status = 'CLOSED'
    ON CONFLICT (trajectory_id) DO UPDATE SET
      responsible_provider_id = excluded.responsible_provider_id, treatment_goals = excluded.treatment_goals,
      goals_achieved = excluded.goals_achieved, goals_partly = excluded.goals_partly,
      satisfaction_youth = excluded.satisfaction_youth, satisfaction_parent = excluded.satisfaction_parent,
      dropout = excluded.dropout, ended_as_planned = excluded.ended_as_planned, continuation = excluded.continuation,
      cost_cents = excluded.cost_cents, repeat_use = excluded.repeat_use
      ${withReason ? ', end_reason_code = excluded.end_reason_code' : ''}
  $$;`;

/**
 * The figures the 2023 model is judged on, for a contract manager's whole municipality:
 * - each fact keeps its JZ588 reason for ending (dropout by reason);
 * - `access.intake_figure_sums` counts, per group, who waits at the end of a period, the referrals
 *   before each start ("referred and referred again"), accepted PIC proposals and intakes past their
 *   deadline. These live in the care tables, which a contract manager cannot read row by row, so the
 *   function (SECURITY DEFINER) hands out sums only, with each group's cell key for the perturbation,
 *   and only to a region administrator or the contract manager of that municipality;
 * - `access.waiting_at_month_ends` counts who waited at the end of each month, the same way.
 */
export class MunicipalityFigures1764000000053 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE trajectory_fact ADD COLUMN end_reason_code text;
      UPDATE trajectory_fact f SET end_reason_code = (SELECT o.end_reason_code FROM outcome_report o
                                                       WHERE o.trajectory_id = f.trajectory_id ORDER BY o.version DESC LIMIT 1);
      ${refreshFacts(true)}
      CREATE INDEX trajectory_started_idx ON trajectory (municipality_id, started_at);

      CREATE FUNCTION access.intake_figure_sums(only_municipality uuid, only_consortium uuid, from_date date, to_date date)
        RETURNS TABLE (breakdown text, consortium_id uuid, provider_id uuid, referrer_type text, referrer_org_id uuid,
                       waiting int, waiting_youths int, started int, started_youths int, prior_referrals int,
                       pic_changed int, overdue_intakes int, intake_youths int, cell_key float8)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        WITH bounds AS (
          SELECT from_date::timestamp AT TIME ZONE 'Europe/Amsterdam' AS since,
                 (to_date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' AS until
        ), base AS (
          SELECT t.id, t.youth_id, t.responsible_provider_id, t.referrer_type,
                 coalesce(u.provider_id, u.municipality_id, u.region_id) AS referrer_org_id,
                 (t.referred_at < b.until AND coalesce(t.started_at, t.closed_at, 'infinity') >= b.until) AS waiting,
                 (t.started_at >= b.since AND t.started_at < b.until) AS started,
                 CASE WHEN t.intake_deadline BETWEEN from_date AND to_date
                      THEN NOT EXISTS (SELECT 1 FROM trajectory_event e
                                        WHERE e.trajectory_id = t.id AND e.kind = 'MAIN_CONTRACTOR_ASSIGNED'
                                          AND (e.at AT TIME ZONE 'Europe/Amsterdam')::date <= t.intake_deadline)
                      ELSE false END AS overdue,
                 t.intake_deadline BETWEEN from_date AND to_date AS intake,
                 CASE WHEN t.started_at >= b.since AND t.started_at < b.until
                      THEN (SELECT count(*)::int FROM trajectory r
                             WHERE r.youth_id = t.youth_id AND r.referred_at > t.started_at - interval '365 days'
                               AND r.referred_at <= t.started_at) END AS prior,
                 EXISTS (SELECT 1 FROM pic_proposal pp WHERE pp.trajectory_id = t.id AND pp.status = 'ACCEPTED') AS pic_changed,
                 CASE WHEN t.started_at >= b.since AND t.started_at < b.until THEN (t.started_at AT TIME ZONE 'Europe/Amsterdam')::date
                      WHEN t.intake_deadline BETWEEN from_date AND to_date THEN t.intake_deadline
                      ELSE to_date END AS day,
                 access.record_key(t.id) AS record_key
            FROM trajectory t CROSS JOIN bounds b
            JOIN app_user u ON u.id = t.referred_by
           WHERE (only_municipality IS NULL OR t.municipality_id = only_municipality)
             AND (access.viewer_has_role('REGION_ADMIN')
                  OR (access.viewer_has_role('CONTRACT_MANAGER') AND t.municipality_id = access.viewer_municipality_id()))
             AND t.referred_at < b.until
             AND ((coalesce(t.started_at, t.closed_at, 'infinity') >= b.until)
                  OR (t.started_at >= b.since AND t.started_at < b.until)
                  OR t.intake_deadline BETWEEN from_date AND to_date)
        ), members AS (
          SELECT b.*, cm.consortium_id FROM base b
            JOIN consortium_membership cm ON cm.provider_id = b.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER')
                                         AND b.day BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')
           WHERE only_consortium IS NULL OR cm.consortium_id = only_consortium
        ), groups AS (
          SELECT CASE WHEN grouping(x.responsible_provider_id) = 0 THEN 'provider' WHEN grouping(x.referrer_type) = 0 THEN 'referrerType'
                      WHEN grouping(x.referrer_org_id) = 0 THEN 'referrerOrganisation' ELSE 'total' END AS breakdown,
                 NULL::uuid AS consortium_id, x.responsible_provider_id, x.referrer_type, x.referrer_org_id,
                 count(*) FILTER (WHERE x.waiting)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.waiting)::int,
                 count(*) FILTER (WHERE x.started)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.started)::int,
                 coalesce(sum(x.prior), 0)::int, count(*) FILTER (WHERE x.started AND x.pic_changed)::int,
                 count(*) FILTER (WHERE x.overdue)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.intake)::int,
                 sum(x.record_key)::float8
            FROM base x WHERE only_consortium IS NULL
           GROUP BY GROUPING SETS ((), (x.responsible_provider_id), (x.referrer_type), (x.referrer_org_id))
          UNION ALL
          SELECT CASE WHEN grouping(x.responsible_provider_id) = 0 THEN 'consortiumProvider' ELSE 'consortium' END,
                 x.consortium_id, x.responsible_provider_id, NULL, NULL,
                 count(*) FILTER (WHERE x.waiting)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.waiting)::int,
                 count(*) FILTER (WHERE x.started)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.started)::int,
                 coalesce(sum(x.prior), 0)::int, count(*) FILTER (WHERE x.started AND x.pic_changed)::int,
                 count(*) FILTER (WHERE x.overdue)::int, count(DISTINCT x.youth_id) FILTER (WHERE x.intake)::int,
                 sum(x.record_key)::float8
            FROM members x
           GROUP BY GROUPING SETS ((x.consortium_id), (x.consortium_id, x.responsible_provider_id))
        )
        SELECT * FROM groups
      $$;
      REVOKE EXECUTE ON FUNCTION access.intake_figure_sums(uuid, uuid, date, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.intake_figure_sums(uuid, uuid, date, date) TO samenspel_app;

      -- Who waited at a moment: referred before it, not started nor cancelled by then. A stabbing
      -- query on this range finds them without reading everyone referred before.
      CREATE INDEX trajectory_waiting_idx ON trajectory USING gist (tstzrange(referred_at, coalesce(started_at, closed_at), '(]'));

      -- Waiting at the end of each month from from_date to to_date (first days of months), with each
      -- month's cell key; the same viewers as intake_figure_sums.
      CREATE FUNCTION access.waiting_at_month_ends(only_municipality uuid, only_consortium uuid, from_date date, to_date date)
        RETURNS TABLE (month_start date, waiting int, waiting_youths int, cell_key float8)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT mo.start, count(t.id)::int, count(DISTINCT t.youth_id)::int, coalesce(sum(access.record_key(t.id)), 0)::float8
          FROM (SELECT m::date AS start, ((m + interval '1 month')::date)::timestamp AT TIME ZONE 'Europe/Amsterdam' AS moment
                  FROM generate_series(from_date, to_date, interval '1 month') m) mo
          LEFT JOIN trajectory t
            ON tstzrange(t.referred_at, coalesce(t.started_at, t.closed_at), '(]') @> mo.moment
           AND (only_municipality IS NULL OR t.municipality_id = only_municipality)
           AND (access.viewer_has_role('REGION_ADMIN')
                OR (access.viewer_has_role('CONTRACT_MANAGER') AND t.municipality_id = access.viewer_municipality_id()))
           AND (only_consortium IS NULL OR EXISTS (
                 SELECT 1 FROM consortium_membership cm
                  WHERE cm.consortium_id = only_consortium AND cm.provider_id = t.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER')
                    AND (mo.moment AT TIME ZONE 'Europe/Amsterdam')::date - 1 BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')))
         GROUP BY mo.start ORDER BY mo.start
      $$;
      REVOKE EXECUTE ON FUNCTION access.waiting_at_month_ends(uuid, uuid, date, date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.waiting_at_month_ends(uuid, uuid, date, date) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.waiting_at_month_ends(uuid, uuid, date, date);
      DROP INDEX trajectory_waiting_idx;
      DROP FUNCTION access.intake_figure_sums(uuid, uuid, date, date);
      DROP INDEX trajectory_started_idx;
      ${refreshFacts(false)}
      ALTER TABLE trajectory_fact DROP COLUMN end_reason_code;
    `);
  }
}
