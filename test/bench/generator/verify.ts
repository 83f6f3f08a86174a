import type pg from 'pg';
import { sqlDayOf } from '../../../server/src/core/dates.js';
import { isWorkingDay } from '../../../server/src/core/working-days.js';
import { integrityCheck } from '../../../server/src/tools/integrity.js';
import { TABLE_NAMES } from './copy.js';

/**
 * Checks on the loaded data, over the whole database (seeded and generated rows alike): the derived
 * rows the triggers would have written, the domain rules, and (when the load ran without foreign-key
 * checks) every foreign key of the loaded tables. Each check counts violations; all must be 0.
 */
const CHECKS: { name: string; sql: string }[] = [
  {
    name: 'trajectory_access is exactly what the triggers derive',
    sql: `WITH expected AS (
            SELECT id AS trajectory_id, responsible_provider_id AS provider_id, 'RESPONSIBLE'::text AS role, NULL::uuid AS source_id FROM trajectory
            UNION ALL SELECT trajectory_id, provider_id, 'EXPERTISE', id FROM expertise_request WHERE status = 'ACCEPTED'
            UNION ALL SELECT trajectory_id, to_provider_id, 'TRANSFER', id FROM responsibility_transfer WHERE status = 'PENDING'
          ), actual AS (SELECT trajectory_id, provider_id, role, source_id FROM trajectory_access)
          SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual) m)
               + (SELECT count(*) FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected) e) AS n`,
  },
  {
    name: 'caseload_count is each provider’s distinct trajectories in trajectory_access (the count triggers)',
    sql: `WITH expected AS (
            SELECT provider_id, coalesce(role, 'ANY') AS involvement, count(DISTINCT trajectory_id)::int AS trajectories
              FROM trajectory_access GROUP BY GROUPING SETS ((provider_id), (provider_id, role))
          ), actual AS (SELECT provider_id, involvement, trajectories FROM caseload_count WHERE trajectories > 0)
          SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) m)
               + (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) e) AS n`,
  },
  {
    name: 'last_activity_at is the latest timeline event (the event trigger)',
    sql: `SELECT count(*) AS n FROM trajectory t
            JOIN (SELECT trajectory_id, max(at) AS at FROM trajectory_event GROUP BY trajectory_id) e ON e.trajectory_id = t.id
           WHERE t.last_activity_at <> greatest(e.at, t.referred_at)`,
  },
  {
    name: 'every trajectory has a timeline',
    sql: `SELECT count(*) AS n FROM trajectory t WHERE NOT EXISTS (SELECT 1 FROM trajectory_event e WHERE e.trajectory_id = t.id)`,
  },
  {
    name: 'every closed trajectory has an outcome report, a settlement and a fact row (rule 5)',
    sql: `SELECT count(*) AS n FROM trajectory t WHERE t.status = 'CLOSED' AND NOT (
            EXISTS (SELECT 1 FROM outcome_report o WHERE o.trajectory_id = t.id)
            AND EXISTS (SELECT 1 FROM settlement s WHERE s.trajectory_id = t.id)
            AND EXISTS (SELECT 1 FROM trajectory_fact f WHERE f.trajectory_id = t.id))`,
  },
  {
    name: 'only closed trajectories have outcomes, settlements and facts',
    sql: `SELECT (SELECT count(*) FROM outcome_report o JOIN trajectory t ON t.id = o.trajectory_id WHERE t.status <> 'CLOSED')
               + (SELECT count(*) FROM trajectory_fact f JOIN trajectory t ON t.id = f.trajectory_id WHERE t.status <> 'CLOSED') AS n`,
  },
  {
    name: 'goal results are for treatment goals of the trajectory’s own help plan',
    sql: `SELECT count(*) AS n FROM goal_result gr JOIN outcome_report o ON o.id = gr.outcome_report_id JOIN goal g ON g.id = gr.goal_id
           WHERE g.help_plan_id IS DISTINCT FROM o.trajectory_id`,
  },
  {
    name: 'during intake the responsibility stays with a lead or partner of the consortium referred to',
    sql: `SELECT count(*) AS n FROM responsibility_period p JOIN trajectory t ON t.id = p.trajectory_id
           WHERE t.consortium_id IS NOT NULL AND (t.started_at IS NULL OR p.since < t.started_at)
             AND NOT EXISTS (SELECT 1 FROM consortium_membership cm
                              WHERE cm.consortium_id = t.consortium_id AND cm.provider_id = p.provider_id AND cm.role IN ('LEAD', 'PARTNER')
                                AND ${sqlDayOf('p.since')} BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity'))`,
  },
  {
    name: 'a consortium referral’s timeline starts with REFERRED_TO_CONSORTIUM, any other with REFERRED',
    sql: `SELECT count(*) AS n FROM trajectory t
           WHERE NOT EXISTS (SELECT 1 FROM trajectory_event e WHERE e.trajectory_id = t.id AND e.at = t.referred_at
                               AND e.kind = CASE WHEN t.consortium_id IS NULL THEN 'REFERRED' ELSE 'REFERRED_TO_CONSORTIUM' END)`,
  },
  {
    name: 'a trajectory’s PIC is the one of its latest accepted PIC proposal; an open proposal is on open, started care',
    sql: `SELECT (SELECT count(*) FROM trajectory t
                    JOIN LATERAL (SELECT pp.to_pic_id FROM pic_proposal pp WHERE pp.trajectory_id = t.id AND pp.status = 'ACCEPTED'
                                   ORDER BY pp.decided_at DESC LIMIT 1) a ON true
                   WHERE t.pic_id <> a.to_pic_id)
               + (SELECT count(*) FROM pic_proposal pp JOIN trajectory t ON t.id = pp.trajectory_id
                   WHERE pp.status = 'PROPOSED' AND t.status NOT IN ('REFERRED', 'ACTIVE')) AS n`,
  },
  {
    name: 'an OUTPUT settlement records the tariff of its PIC valid on the start date, and pays it at most (rule 4)',
    sql: `SELECT count(*) AS n FROM settlement s JOIN trajectory t ON t.id = s.trajectory_id JOIN pic chosen ON chosen.id = t.pic_id
            LEFT JOIN pic cur ON cur.profile_id = chosen.profile_id AND cur.intensity_id = chosen.intensity_id
                             AND cur.valid_from <= ${sqlDayOf('t.started_at')}
                             AND coalesce(cur.valid_until, 'infinity') >= ${sqlDayOf('t.started_at')}
           WHERE s.funding_variant = 'OUTPUT' AND (s.tariff_cents IS DISTINCT FROM cur.tariff_cents OR s.amount_cents > cur.tariff_cents)`,
  },
];

export interface CheckResult {
  name: string;
  violations: number;
  ms: number;
}

async function timed(client: pg.ClientBase, name: string, sql: string): Promise<CheckResult> {
  const started = performance.now();
  const { rows } = await client.query<{ n: string | number }>(sql);
  return { name, violations: Number(rows[0].n), ms: Math.round(performance.now() - started) };
}

/**
 * trajectory_fact rows equal what `access.refresh_trajectory_facts` writes: on a sample, the rows are
 * deleted and recomputed by the function inside a transaction that is rolled back.
 */
async function factsMatchFunction(client: pg.ClientBase, sample: number): Promise<CheckResult> {
  const started = performance.now();
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE fact_sample ON COMMIT DROP AS
      SELECT * FROM trajectory_fact WHERE trajectory_id IN (SELECT trajectory_id FROM trajectory_fact ORDER BY random() LIMIT $1)`,
      [sample],
    );
    await client.query(`DELETE FROM trajectory_fact WHERE trajectory_id IN (SELECT trajectory_id FROM fact_sample)`);
    await client.query(`SELECT access.refresh_trajectory_facts(ARRAY(SELECT trajectory_id FROM fact_sample))`);
    const { rows } = await client.query<{ n: string }>(`
      WITH now_ AS (SELECT f.* FROM trajectory_fact f WHERE f.trajectory_id IN (SELECT trajectory_id FROM fact_sample))
      SELECT (SELECT count(*) FROM (SELECT * FROM fact_sample EXCEPT ALL SELECT * FROM now_) a)
           + (SELECT count(*) FROM (SELECT * FROM now_ EXCEPT ALL SELECT * FROM fact_sample) b) AS n`);
    return {
      name: `trajectory_fact equals refresh_trajectory_facts (sample of ${sample})`,
      violations: Number(rows[0].n),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Every foreign key of the loaded tables holds (needed when the load skipped the checks). */
async function foreignKeyChecks(client: pg.ClientBase): Promise<{ name: string; sql: string }[]> {
  const { rows } = await client.query<{ child: string; col: string; parent: string; pcol: string; name: string }>(
    `
    SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, pa.attname AS pcol, c.conname AS name
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.conrelid::regclass::text = ANY($1)
     ORDER BY 1, 2`,
    [[...TABLE_NAMES, 'trajectory_fact']],
  );
  return rows.map((r) => ({
    name: `foreign key ${r.name}`,
    sql: `SELECT count(*) AS n FROM ${r.child} c WHERE c.${r.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${r.parent} p WHERE p.${r.pcol} = c.${r.col})`,
  }));
}

/**
 * The intake deadline is the consortium's number of working days after the referral day (Amsterdam's,
 * as the server decides days), counted with the holiday calendar the server uses (date-holidays); only
 * consortium referrals have one.
 */
function intakeDeadlineCheck(): { name: string; sql: string } {
  const off: string[] = [];
  for (let d = new Date('2019-01-01T12:00:00Z'); d.getUTCFullYear() < 2033; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (d.getUTCDay() % 6 !== 0 && !isWorkingDay(day)) off.push(`'${day}'`);
  }
  const working = (d: string) => `(extract(isodow FROM ${d}) < 6 AND ${d}::date NOT IN (${off.join(', ')}))`;
  return {
    name: 'an intake deadline is the consortium’s working days (Dutch public holidays skipped) after the referral day',
    sql: `SELECT count(*) AS n FROM trajectory t LEFT JOIN consortium c ON c.id = t.consortium_id
           WHERE (t.consortium_id IS NULL) <> (t.intake_deadline IS NULL)
              OR (t.consortium_id IS NOT NULL AND (NOT ${working('t.intake_deadline')} OR c.intake_working_days <> (
                    SELECT count(*) FROM generate_series(${sqlDayOf('t.referred_at')} + 1, t.intake_deadline, interval '1 day') d
                     WHERE ${working('d')})))`,
  };
}

/**
 * Domain rules 1–3, the area consortia's collective responsibility and the figures' roll-ups (which
 * the generator writes once after loading), counted with the queries of the integrity check (npm run
 * check-integrity).
 */
const RULE_CHECKS = [
  'responsible-period',
  'responsible-history',
  'expertise-relation',
  'acceptance-obligation',
  'intake-lead',
  'never-returned-to-referrer',
  'roll-ups',
].map((key) => {
  const { title, sql } = integrityCheck(key);
  return { name: title, sql: `SELECT count(*) AS n FROM (${sql}) v` };
});

export async function verify(
  client: pg.ClientBase,
  options: { foreignKeys: boolean; factSample: number },
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const checks = [
    ...CHECKS,
    intakeDeadlineCheck(),
    ...RULE_CHECKS,
    ...(options.foreignKeys ? await foreignKeyChecks(client) : []),
  ];
  for (const check of checks) results.push(await timed(client, check.name, check.sql));
  results.push(await factsMatchFunction(client, options.factSample));
  return results;
}
