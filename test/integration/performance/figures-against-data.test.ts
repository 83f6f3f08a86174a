import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto } from '../reliability/helpers/generated.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { publishedFigures } from './facts.js';

/**
 * The consortium figures on generated data against the same figures computed straight from the
 * care records in SQL (trajectories, their latest outcome report and its goal results, the youth's
 * next referral) — not from the fact table the API reads — and perturbed like every published figure.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await generateInto(t.db.adminUrl, 1000);
}, 300_000);
afterAll(() => t?.close());

const FIGURES = `trajectoriesClosed youthCount goalRealisationRate dropoutRate repeatUseRate suppressed`;
const PERFORMANCE = `query($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) { figures { ${FIGURES} } } }`;

/** Closed trajectories of a consortium's lead and partners (members on the closing day), closed in a year. */
const CLOSED_IN_CONSORTIUM = `
  SELECT t.id, t.youth_id, t.closed_at
    FROM trajectory t
   WHERE t.status = 'CLOSED'
     AND (t.closed_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN $2::date AND $3::date
     AND EXISTS (SELECT 1 FROM consortium_membership m
                  WHERE m.consortium_id = $1 AND m.provider_id = t.responsible_provider_id
                    AND m.role IN ('LEAD', 'PARTNER')
                    AND (t.closed_at AT TIME ZONE 'Europe/Amsterdam')::date >= m.valid_from
                    AND (m.valid_until IS NULL OR (t.closed_at AT TIME ZONE 'Europe/Amsterdam')::date <= m.valid_until))`;

const SUMS = `
  WITH closed AS (${CLOSED_IN_CONSORTIUM}),
  latest AS (
    SELECT DISTINCT ON (o.trajectory_id) o.trajectory_id, o.id, o.cbs_end_code
      FROM outcome_report o JOIN closed c ON c.id = o.trajectory_id
     ORDER BY o.trajectory_id, o.version DESC),
  goals AS (
    SELECT l.trajectory_id, count(g.*)::int AS total,
           count(*) FILTER (WHERE g.realisation = 'ACHIEVED')::int AS achieved,
           count(*) FILTER (WHERE g.realisation = 'PARTLY_ACHIEVED')::int AS partly
      FROM latest l LEFT JOIN goal_result g ON g.outcome_report_id = l.id
     GROUP BY l.trajectory_id)
  SELECT count(*)::int AS trajectories,
         count(DISTINCT c.youth_id)::int AS youths,
         count(DISTINCT c.youth_id) FILTER (WHERE g.total > 0)::int AS "goalYouths",
         coalesce(sum(g.total), 0)::int AS goals,
         coalesce(sum(g.achieved), 0)::int AS "goalsAchieved",
         coalesce(sum(g.partly), 0)::int AS "goalsPartly",
         coalesce(max(g.total), 0)::int AS "maxGoals",
         count(*) FILTER (WHERE l.cbs_end_code = '03')::int AS dropouts,
         count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM trajectory n WHERE n.youth_id = c.youth_id AND n.id <> c.id
              AND n.referred_at > c.closed_at AND n.referred_at <= c.closed_at + interval '12 months'))::int AS "repeatUse",
         array_agg(c.id) AS ids
    FROM closed c JOIN latest l ON l.trajectory_id = c.id JOIN goals g ON g.trajectory_id = c.id`;

describe('consortium figures on 1,000 generated trajectories match a direct SQL computation', () => {
  it('repeat use, goal realisation and dropout of the busiest consortium in its busiest past year', async () => {
    const {
      rows: [busiest],
    } = await t.admin.query<{ consortiumId: string; year: number }>(
      `SELECT m.consortium_id AS "consortiumId", extract(year FROM t.closed_at AT TIME ZONE 'Europe/Amsterdam')::int AS year
         FROM trajectory t JOIN consortium_membership m ON m.provider_id = t.responsible_provider_id AND m.role IN ('LEAD', 'PARTNER')
        WHERE t.status = 'CLOSED' AND t.closed_at < date_trunc('year', now())
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    const period = { from: `${busiest.year}-01-01`, to: `${busiest.year}-12-31` };
    const {
      rows: [sums],
    } = await t.admin.query(SUMS, [busiest.consortiumId, period.from, period.to]);
    // the generated data has all three, so none of them is a trivial 0 = 0
    expect(sums.trajectories).toBeGreaterThan(20);
    expect(sums.dropouts).toBeGreaterThan(0);
    expect(sums.repeatUse).toBeGreaterThan(0);
    expect(sums.goalsAchieved).toBeGreaterThan(0);
    const { rows: keys } = await t.admin.query<{ key: number }>(
      `SELECT record_key AS key FROM trajectory_fact WHERE trajectory_id = ANY($1)`,
      [sums.ids],
    );
    const expected = publishedFigures(
      sums,
      keys.map((k) => k.key),
    );

    const { data, errors } = await t.as('admin@h10.example')(PERFORMANCE, {
      consortiumId: busiest.consortiumId,
      ...period,
    });
    expect(errors).toBeUndefined();
    const figures = data!.consortiumPerformance.figures;
    expect(figures.suppressed).toEqual([]);
    expect(figures).toMatchObject({
      trajectoriesClosed: expected.trajectoriesClosed,
      youthCount: expected.youthCount,
      goalRealisationRate: expected.goalRealisationRate,
      dropoutRate: expected.dropoutRate,
      repeatUseRate: expected.repeatUseRate,
    });
    expect(figures.repeatUseRate).toBeGreaterThan(0);
  }, 300_000);
});
