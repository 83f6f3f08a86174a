import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userId } from '../../../seeds/accounts.js';
import { picId } from '../../../seeds/reference.js';
import { insertRows } from '../../../seeds/seed-db.js';
import { rollUpRowsSql, SUMS } from '../../../server/src/modules/performance/performance.queries.js';
import { DEN_HAAG, ESCAMP } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { generateInto } from '../reliability/helpers/generated.js';
import { createConsortium, createProviders, insertFacts, publishedFigures, recordKeys } from './facts.js';

/**
 * The contract managers' figures read maintained roll-ups (performance_cell, performance_repeat_fact).
 * They follow every change of the facts and memberships, and equal a computation from scratch.
 */

const CONSORTIUM = `query($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
    figures { trajectoriesClosed youthCount dropoutRate }
    byProvider { provider { id } figures { trajectoriesClosed youthCount dropoutRate } } } }`;
const MUNICIPALITY = `query($municipalityId: ID!, $from: Date!, $to: Date!) {
  municipalityPerformance(municipalityId: $municipalityId, from: $from, to: $to) {
    byConsortium { consortium { id } figures { trajectoriesClosed youthCount dropoutRate } } } }`;
const YEAR_2001 = { from: '2001-01-01', to: '2001-12-31' };

describe('the roll-ups follow the care data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** A trajectory closed with its outcome report, its fact written the way the application writes it. */
  async function closeTrajectory(provider: string, closedAt: string, dropout: boolean): Promise<string> {
    const client = t.admin as unknown as pg.ClientBase;
    const [youth, plan, id] = [randomUUID(), randomUUID(), randomUUID()];
    await insertRows(client, 'youth', [
      { id: youth, initials: 'R.U.', birth_date: '1992-02-02', municipality_id: DEN_HAAG, area_id: ESCAMP },
    ]);
    await insertRows(client, 'family_plan', [
      {
        id: plan,
        municipality_id: DEN_HAAG,
        question: 'Vraag',
        context: '',
        created_by: userId('lokaalteam@denhaag.example'),
      },
    ]);
    await insertRows(client, 'trajectory', [
      {
        id, youth_id: youth, family_plan_id: plan, municipality_id: DEN_HAAG, area_id: ESCAMP, status: 'CLOSED',
        responsible_provider_id: provider, referrer_type: 'LOCAL_TEAM', pic_id: picId('P01', 'KL', '2020'), funding_variant: 'OUTPUT',
        referred_at: '2001-01-02T09:00:00Z', referred_by: userId('lokaalteam@denhaag.example'), started_at: '2001-01-10T09:00:00Z',
        closed_at: closedAt, last_activity_at: closedAt,
      },
    ]); // prettier-ignore
    await reportOutcome(id, dropout);
    return id;
  }

  async function reportOutcome(trajectoryId: string, dropout: boolean) {
    await insertRows(t.admin as unknown as pg.ClientBase, 'outcome_report', [
      {
        trajectory_id: trajectoryId, version: 1, continuation: 'NONE', end_reason_code: dropout ? '32' : '31',
        cbs_end_code: dropout ? '03' : '01', dropout, submitted_by: userId('admin@h10.example'),
      },
    ]); // prettier-ignore
    await t.admin.query(`SELECT access.refresh_trajectory_facts($1)`, [[trajectoryId]]);
  }

  it('counts a new trajectory, a corrected outcome, a transfer and an ended membership in the published figures', async () => {
    const [alfa, bravo, outside] = await createProviders(t.admin, ['Rollup Alfa', 'Rollup Bravo', 'Rollup Buiten']);
    const consortiumId = await createConsortium(t.admin, 'Rollupverband', [
      { providerId: alfa, role: 'LEAD', validFrom: '2000-01-01' },
      { providerId: bravo, role: 'PARTNER', validFrom: '2000-01-01' },
    ]);
    const at = (month: number) => `2001-${String(month).padStart(2, '0')}-15T10:00:00Z`;
    // Alfa: 7 facts of 6 youths (one youth twice); Bravo: 7 youths, 4 before July and 3 after
    const inserted = await insertFacts(t.admin, [
      ...[1, 2, 3, 4, 5, 6].map((m) => ({ provider: alfa, municipality: DEN_HAAG, closedAt: at(m) })),
      { provider: alfa, municipality: DEN_HAAG, closedAt: at(11), youth: 'fact-0' },
      ...[2, 3, 4, 5, 8, 9, 10].map((m) => ({ provider: bravo, municipality: DEN_HAAG, closedAt: at(m) })),
    ]);
    const facts = inserted.trajectoryIds.map((id, i) => ({
      id,
      provider: i < 7 ? alfa : bravo,
      month: [1, 2, 3, 4, 5, 6, 11, 2, 3, 4, 5, 8, 9, 10][i],
      youth: i === 6 ? inserted.trajectoryIds[0] : id,
      dropout: false,
    }));

    const manager = t.as('contractmanager@denhaag.example');
    /** What the API must publish for the consortium's facts that pass `counted`. */
    async function expectPublished(counted: (f: (typeof facts)[number]) => boolean) {
      const group = async (of: typeof facts) => {
        const sums = {
          trajectories: of.length,
          youths: new Set(of.map((f) => f.youth)).size,
          dropouts: of.filter((f) => f.dropout).length,
        };
        const { trajectoriesClosed, youthCount, dropoutRate } = publishedFigures(
          sums,
          await recordKeys(
            t.admin,
            of.map((f) => f.id),
          ),
        );
        return { trajectoriesClosed, youthCount, dropoutRate };
      };
      const members = facts.filter(counted);
      const total = await group(members);
      const result = await manager(CONSORTIUM, { consortiumId, ...YEAR_2001 });
      expect(result.errors).toBeUndefined();
      expect(result.data!.consortiumPerformance.figures).toEqual(total);
      for (const provider of [alfa, bravo])
        expect(
          result.data!.consortiumPerformance.byProvider.find((p: any) => p.provider.id === provider).figures,
        ).toEqual(await group(members.filter((f) => f.provider === provider)));
      const whole = await manager(MUNICIPALITY, { municipalityId: DEN_HAAG, ...YEAR_2001 });
      expect(
        whole.data!.municipalityPerformance.byConsortium.find((c: any) => c.consortium.id === consortiumId).figures,
      ).toEqual(total);
    }
    const inConsortium = (f: (typeof facts)[number]) => f.provider === alfa || f.provider === bravo;

    await expectPublished(inConsortium);

    // a new trajectory of Bravo closes
    facts.push({ id: '', provider: bravo, month: 6, youth: '', dropout: true });
    facts.at(-1)!.id = facts.at(-1)!.youth = await closeTrajectory(bravo, at(6), true);
    await expectPublished(inConsortium);

    // an outcome reported for one of Alfa's: a dropout now
    await reportOutcome(facts[1].id, true);
    facts[1].dropout = true;
    await expectPublished(inConsortium);

    // one of Alfa's trajectories was another provider's responsibility after all
    await t.admin.query(`UPDATE trajectory SET responsible_provider_id = $1 WHERE id = $2`, [outside, facts[2].id]);
    await reportOutcome(facts[2].id, false);
    facts[2].provider = outside;
    await expectPublished(inConsortium);

    // Bravo left the consortium at the end of June: its later facts no longer count
    await t.admin.query(
      `UPDATE consortium_membership SET valid_until = '2001-06-30' WHERE consortium_id = $1 AND provider_id = $2`,
      [consortiumId, bravo],
    );
    await expectPublished((f) => f.provider === alfa || (f.provider === bravo && f.month <= 6));
  });
  it('counts both of two transactions that close trajectories of one provider in one month at the same time', async () => {
    const [provider] = await createProviders(t.admin, ['Rollup Gelijktijdig']);
    const [first, second] = [await t.admin.connect(), await t.admin.connect()];
    const close = (client: pg.PoolClient, day: number) =>
      insertFacts(client as unknown as pg.Pool, [
        { provider, municipality: DEN_HAAG, closedAt: `2001-03-${day}T10:00:00Z` },
      ]);
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      await close(first, 10);
      // the second writer of the cell waits for the first to commit, then counts its fact too
      const waiting = close(second, 20).then(() => second.query('COMMIT'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('COMMIT');
      await waiting;
    } finally {
      first.release();
      second.release();
    }
    const { rows } = await t.admin.query(
      `SELECT sum(trajectories)::int AS trajectories FROM performance_cell WHERE provider_id = $1 AND consortium_id IS NULL`,
      [provider],
    );
    expect(rows[0].trajectories).toBe(2);
  });
});

describe('the roll-ups on 1,000 generated trajectories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await generateInto(t.db.adminUrl, 1000);
  }, 300_000);
  afterAll(() => t?.close());

  it('equal the cells recomputed from scratch, and the repeated facts are exactly those sharing a year with another of their youth', async () => {
    const client = await t.admin.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TEMP TABLE maintained ON COMMIT DROP AS SELECT * FROM performance_cell`);
      await client.query(`DELETE FROM performance_cell`);
      await client.query(
        `SELECT access.refresh_performance_cells(array_agg(k.m), array_agg(k.p), array_agg(k.d))
           FROM (SELECT DISTINCT municipality_id AS m, responsible_provider_id AS p,
                        date_trunc('month', closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS d FROM trajectory_fact) k`,
      );
      const { rows } = await client.query(`
        SELECT (SELECT count(*) FROM maintained)::int AS maintained,
               (SELECT count(*) FROM (SELECT * FROM maintained EXCEPT ALL SELECT * FROM performance_cell) x)::int AS stale,
               (SELECT count(*) FROM (SELECT * FROM performance_cell EXCEPT ALL SELECT * FROM maintained) x)::int AS missing`);
      expect(rows[0].maintained).toBeGreaterThan(100);
      expect(rows[0]).toMatchObject({ stale: 0, missing: 0 });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }

    const { rows: repeated } = await t.admin.query(`
      WITH expected AS (
        SELECT f.trajectory_id FROM (
          SELECT f.trajectory_id, count(*) OVER (PARTITION BY f.youth_key, date_trunc('year', f.closed_at AT TIME ZONE 'Europe/Amsterdam')) AS n
            FROM trajectory_fact f) f
         WHERE f.n > 1)
      SELECT (SELECT count(*) FROM expected)::int AS expected,
             (SELECT count(*) FROM (SELECT trajectory_id FROM expected
                                    EXCEPT SELECT trajectory_id FROM performance_repeat_fact) x)::int AS missing,
             (SELECT count(*) FROM (SELECT trajectory_id FROM performance_repeat_fact
                                    EXCEPT SELECT trajectory_id FROM expected) x)::int AS extra`);
    // some youths come back within a year: the distinct-youth correction is exercised
    expect(repeated[0].expected).toBeGreaterThan(0);
    expect(repeated[0]).toMatchObject({ missing: 0, extra: 0 });
  });

  it('give every group of every consortium and municipality in every year the sums an aggregate over trajectory_fact gives', async () => {
    const DIMENSIONS = `x.consortium_id, x.responsible_provider_id, x.profile_id, x.area_id, x.month_start, x.end_reason_code`;
    const SETS = `GROUPING SETS ((), (x.responsible_provider_id), (x.profile_id), (x.area_id), (x.month_start), (x.quarter_start),
                                 (x.end_reason_code), (x.responsible_provider_id, x.end_reason_code), (x.consortium_id),
                                 (x.consortium_id, x.responsible_provider_id))`;
    const grouped = (source: string) => `
      SELECT grouping(${DIMENSIONS}, x.quarter_start) AS set, ${DIMENSIONS}, x.quarter_start, ${SUMS}
        FROM (${source}) x WHERE $1::uuid IS NOT NULL GROUP BY ${SETS}
       ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
    // from scratch: every fact with its intensity, each counted once or per consortium of its provider on its closing day
    const facts = (members: boolean, only: string | null) => `
      SELECT ${members ? 'cm.consortium_id' : 'NULL::uuid AS consortium_id'}, f.responsible_provider_id, f.profile_id, f.area_id,
             date_trunc('month', f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS month_start,
             date_trunc('quarter', f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS quarter_start, f.end_reason_code, f.youth_key,
             1 AS trajectories, (f.treatment_goals > 0)::int AS goal_trajectories, f.treatment_goals AS goals,
             f.goals_achieved, f.goals_partly, f.satisfaction_youth AS satisfaction_youth_sum,
             (f.satisfaction_youth IS NOT NULL)::int AS satisfaction_youth_count, f.satisfaction_parent AS satisfaction_parent_sum,
             (f.satisfaction_parent IS NOT NULL)::int AS satisfaction_parent_count, f.dropout::int AS dropouts,
             f.ended_as_planned::int AS ended_as_planned, f.repeat_use::int AS repeat_use, f.waiting_days AS waiting_days_sum,
             f.tariff_cents AS tariff_sum, (f.cost_cents IS NOT NULL)::int AS cost_count, f.cost_cents AS cost_sum,
             CASE WHEN f.cost_cents IS NOT NULL THEN f.tariff_cents END AS cost_tariff_sum, (i.level = 'HIGH')::int AS high,
             (i.duration = 'LONG')::int AS long, f.record_key AS cell_key, f.treatment_goals AS max_goals,
             f.waiting_days AS max_waiting_days, f.tariff_cents AS max_tariff, f.cost_cents AS max_cost,
             -- each fact its own youth entry: youths = facts - repeated + distinct youths of the repeated
             1 AS repeated, (f.treatment_goals > 0)::int AS repeated_goal, (f.satisfaction_youth IS NOT NULL)::int AS repeated_satisfaction_youth,
             (f.satisfaction_parent IS NOT NULL)::int AS repeated_satisfaction_parent, (f.cost_cents IS NOT NULL)::int AS repeated_cost
        FROM trajectory_fact f JOIN intensity i ON i.id = f.intensity_id
        ${members ? `JOIN consortium_membership cm ON cm.provider_id = f.responsible_provider_id AND cm.role IN ('LEAD', 'PARTNER') AND (f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity') ${only ? `AND cm.consortium_id = ${only}` : ''}` : ''}
       WHERE f.closed_at >= $2::date::timestamp AT TIME ZONE 'Europe/Amsterdam'
         AND f.closed_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
         AND ($4::uuid IS NULL OR f.municipality_id = $4)`; // prettier-ignore

    const { rows: scopes } = await t.admin.query<{ year: number; municipality: string | null; consortium: string }>(`
      SELECT DISTINCT extract(year FROM f.closed_at AT TIME ZONE 'Europe/Amsterdam')::int AS year, m.municipality, c.id AS consortium
        FROM trajectory_fact f CROSS JOIN (VALUES (NULL::uuid), ('${DEN_HAAG}'::uuid)) m (municipality) CROSS JOIN consortium c
       ORDER BY 1, 2, 3`);
    expect(scopes.length).toBeGreaterThan(4);
    let compared = 0;
    for (const { year, municipality, consortium } of scopes) {
      const params = [consortium, `${year}-01-01`, `${year}-12-31`, municipality];
      for (const [members, only] of [
        [true, '$1'],
        [true, null],
        [false, null],
      ] as const) {
        const scope = members
          ? { consortium: 'member' as const, only: only ?? undefined }
          : { consortium: 'none' as const };
        // the region's scope (no municipality) as the service asks for it, with $4 null
        const rollUp = rollUpRowsSql('$2', '$3', '$4::uuid', scope).replace(
          /AND (\w)\.municipality_id = \$4::uuid/g,
          (_, alias: string) => `AND ($4::uuid IS NULL OR ${alias}.municipality_id = $4::uuid)`,
        );
        const [fromRollUp, fromScratch] = await Promise.all([
          t.admin.query(grouped(rollUp), params),
          t.admin.query(grouped(facts(members, only)), params),
        ]);
        expect(fromRollUp.rows, `${year} ${municipality} ${consortium} ${members} ${only}`).toEqual(fromScratch.rows);
        compared += fromRollUp.rows.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
