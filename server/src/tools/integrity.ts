import type pg from 'pg';
import { sqlDayOf } from '../core/dates.js';

/**
 * The rules of domain.md, checked over a whole database as the table owner (behind row-level
 * security). Each check is one set-based query (or, for the facts, batches of them) that lists
 * the rows breaking a rule by id: never a name, initials or birth date.
 */

export interface Violation {
  /** What kind of row breaks the rule: trajectory, expertise_request, trigger, ... */
  kind: string;
  id: string;
  detail: string;
}

export interface CheckResult {
  key: string;
  /** The domain rule (RuleName, or a name for the rules without one). */
  rule: string;
  title: string;
  /** All violations found (`violations` holds at most `limit` of them). */
  total: number;
  violations: Violation[];
  ms: number;
}

export interface IntegrityOptions {
  /** Violations listed per check (all are counted). */
  limit?: number;
  /** Closed trajectories whose facts are recomputed per transaction. */
  factBatch?: number;
  /** Only these checks (by key). */
  only?: string[];
}

interface SqlCheck {
  key: string;
  rule: string;
  title: string;
  /** Rows of (kind, id, detail). */
  sql: string;
}

const OPEN = `('INTAKE', 'REFERRED', 'ACTIVE')`;
/** The calendar day of a moment, as the server decides "valid on that date". */
const day = sqlDayOf;

/** Triggers that make records immutable or append-only: present, enabled, calling the refusing function for the right events. */
const GUARD_TRIGGERS: { table: string; trigger: string; fn: string; events: number }[] = [
  // tgtype bits: 8 DELETE, 16 UPDATE, 32 TRUNCATE
  { table: 'access_log', trigger: 'access_log_append_only', fn: 'access.refuse_change', events: 8 | 16 },
  { table: 'access_log', trigger: 'access_log_no_truncate', fn: 'access.refuse_change', events: 32 },
  {
    table: 'outcome_report',
    trigger: 'outcome_report_immutable',
    fn: 'access.refuse_change_of_record',
    events: 8 | 16,
  },
  { table: 'goal_result', trigger: 'goal_result_immutable', fn: 'access.refuse_change_of_record', events: 8 | 16 },
  { table: 'settlement', trigger: 'settlement_immutable', fn: 'access.refuse_change_of_record', events: 8 | 16 },
];

const guardTriggerSql = (rows: typeof GUARD_TRIGGERS) => `
  SELECT 'trigger' AS kind, x.trigger AS id,
         CASE WHEN t.oid IS NULL THEN format('on %s is missing', x.tbl)
              WHEN t.tgenabled NOT IN ('O', 'A') THEN format('on %s is disabled', x.tbl)
              WHEN t.tgfoid::regproc::text <> x.fn THEN format('on %s calls %s instead of %s', x.tbl, t.tgfoid::regproc::text, x.fn)
              ELSE format('on %s does not fire on every change it must refuse', x.tbl) END AS detail
    FROM (VALUES ${rows.map((r) => `('${r.table}', '${r.trigger}', '${r.fn}', ${r.events})`).join(', ')}) AS x(tbl, trigger, fn, events)
    LEFT JOIN pg_trigger t ON t.tgname = x.trigger AND t.tgrelid = to_regclass('public.' || x.tbl)
   WHERE t.oid IS NULL OR t.tgenabled NOT IN ('O', 'A') OR t.tgfoid::regproc::text <> x.fn OR (t.tgtype::int & x.events) <> x.events`;

const CHECKS: SqlCheck[] = [
  // --- rule 1: one responsible provider -------------------------------------------------------
  {
    key: 'responsible-period',
    rule: 'ONE_RESPONSIBLE_PROVIDER',
    title: 'an open trajectory has one open responsibility period, of its responsible provider; an ended one has none',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id,
                 format('is %s with %s open responsibility period(s) [%s]; the trajectory names provider %s',
                        t.status, count(p.trajectory_id), coalesce(string_agg(p.provider_id::text, ', '), ''), t.responsible_provider_id) AS detail
            FROM trajectory t LEFT JOIN responsibility_period p ON p.trajectory_id = t.id AND p.until IS NULL
           GROUP BY t.id
          HAVING CASE WHEN t.status IN ${OPEN} THEN count(p.trajectory_id) <> 1 OR bool_or(p.provider_id <> t.responsible_provider_id)
                      ELSE count(p.trajectory_id) > 0 END`,
  },
  {
    key: 'responsible-history',
    rule: 'ONE_RESPONSIBLE_PROVIDER',
    title: 'the responsibility periods of a trajectory do not overlap, and the latest is of its responsible provider',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id, 'has no responsibility period' AS detail
            FROM trajectory t WHERE NOT EXISTS (SELECT 1 FROM responsibility_period p WHERE p.trajectory_id = t.id)
          UNION ALL
          SELECT 'trajectory', t.id::text, format('names provider %s, but its latest responsibility period is of %s', t.responsible_provider_id, l.provider_id)
            FROM trajectory t
            JOIN (SELECT DISTINCT ON (trajectory_id) trajectory_id, provider_id FROM responsibility_period ORDER BY trajectory_id, since DESC) l
              ON l.trajectory_id = t.id
           WHERE l.provider_id <> t.responsible_provider_id
          UNION ALL
          SELECT 'trajectory', a.trajectory_id::text, format('has overlapping responsibility periods of %s and %s', a.provider_id, b.provider_id)
            FROM responsibility_period a JOIN responsibility_period b
              ON b.trajectory_id = a.trajectory_id AND b.id > a.id
             AND tstzrange(a.since, a.until, '[)') && tstzrange(b.since, b.until, '[)')`,
  },
  {
    key: 'responsible-access',
    rule: 'ONE_RESPONSIBLE_PROVIDER',
    title: 'a trajectory has one RESPONSIBLE access row, for its responsible provider',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id,
                 format('has %s RESPONSIBLE access row(s) [%s]; the trajectory names provider %s',
                        count(a.trajectory_id), coalesce(string_agg(a.provider_id::text, ', '), ''), t.responsible_provider_id) AS detail
            FROM trajectory t LEFT JOIN trajectory_access a ON a.trajectory_id = t.id AND a.role = 'RESPONSIBLE'
           GROUP BY t.id
          HAVING count(a.trajectory_id) <> 1 OR bool_or(a.provider_id <> t.responsible_provider_id)`,
  },
  {
    key: 'pending-transfer',
    rule: 'ONE_RESPONSIBLE_PROVIDER',
    title: 'a pending transfer of responsibility is on an open trajectory, offered by its responsible provider',
    sql: `SELECT 'responsibility_transfer' AS kind, rt.id::text AS id,
                 format('is pending on %s trajectory %s, offered by %s while %s is responsible', lower(t.status), t.id, rt.from_provider_id, t.responsible_provider_id) AS detail
            FROM responsibility_transfer rt JOIN trajectory t ON t.id = rt.trajectory_id
           WHERE rt.status = 'PENDING' AND (t.status NOT IN ${OPEN} OR rt.from_provider_id <> t.responsible_provider_id)`,
  },

  // --- rule 2: expertise only on a valid relation ---------------------------------------------
  {
    key: 'expertise-relation',
    rule: 'SUBCONTRACT_REQUIRED',
    title:
      'expertise is requested only on a relation valid that day: a subcontract covering the profile, or the same consortium or integrated team',
    sql: `SELECT 'expertise_request' AS kind, er.id::text AS id,
                 format('of %s by %s on %s (%s %s) has no valid basis that day', er.provider_id, er.requested_by_provider_id, d.day, er.relation,
                        coalesce(er.subcontract_id, er.consortium_id, er.integrated_team_id)::text) AS detail
            FROM expertise_request er, LATERAL (SELECT ${day('er.requested_at')} AS day) d
           WHERE NOT CASE er.relation
             WHEN 'SUBCONTRACT' THEN er.profile_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM subcontract s JOIN subcontract_profile sp ON sp.subcontract_id = s.id AND sp.profile_id = er.profile_id
                WHERE s.id = er.subcontract_id AND s.main_contractor_id = er.requested_by_provider_id AND s.subcontractor_id = er.provider_id
                  AND s.valid_from <= d.day AND coalesce(s.valid_until, 'infinity') >= d.day)
             WHEN 'CONSORTIUM' THEN (
               SELECT count(DISTINCT m.provider_id) = 2 FROM consortium_membership m
                WHERE m.consortium_id = er.consortium_id AND m.provider_id IN (er.provider_id, er.requested_by_provider_id)
                  AND m.role IN ('LEAD', 'PARTNER') AND m.valid_from <= d.day AND coalesce(m.valid_until, 'infinity') >= d.day)
             WHEN 'INTEGRATED_TEAM' THEN (
               SELECT count(DISTINCT x.provider_id) = 2 FROM (
                 SELECT coordinator_id AS provider_id FROM integrated_team WHERE id = er.integrated_team_id
                 UNION SELECT provider_id FROM integrated_team_member WHERE team_id = er.integrated_team_id) x
                WHERE x.provider_id IN (er.provider_id, er.requested_by_provider_id))
             ELSE false END`,
  },
  {
    key: 'expertise-requester',
    rule: 'ONE_RESPONSIBLE_PROVIDER',
    title: 'expertise is requested by the provider responsible at that moment (it stays responsible)',
    sql: `SELECT 'expertise_request' AS kind, er.id::text AS id,
                 format('was requested by %s at %s, which was not responsible for trajectory %s then', er.requested_by_provider_id, er.requested_at, er.trajectory_id) AS detail
            FROM expertise_request er
           WHERE NOT EXISTS (SELECT 1 FROM responsibility_period p
                              WHERE p.trajectory_id = er.trajectory_id AND p.provider_id = er.requested_by_provider_id
                                AND p.since <= er.requested_at AND (p.until IS NULL OR p.until >= er.requested_at))`,
  },
  {
    key: 'access-grants',
    rule: 'VISIBILITY',
    title: 'trajectory_access grants exactly the accepted expertise requests and the pending transfers',
    sql: `WITH expected AS (
            SELECT trajectory_id, provider_id, 'EXPERTISE'::text AS role, id AS source_id FROM expertise_request WHERE status = 'ACCEPTED'
            UNION ALL SELECT trajectory_id, to_provider_id, 'TRANSFER', id FROM responsibility_transfer WHERE status = 'PENDING'
          ), actual AS (SELECT trajectory_id, provider_id, role, source_id FROM trajectory_access WHERE role <> 'RESPONSIBLE')
          SELECT 'trajectory' AS kind, trajectory_id::text AS id, format('lacks %s access for provider %s (granted by %s)', role, provider_id, source_id) AS detail
            FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual) missing
          UNION ALL
          SELECT 'trajectory', trajectory_id::text, format('gives %s access to provider %s that nothing grants (source %s)', role, provider_id, coalesce(source_id::text, 'none'))
            FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected) extra`,
  },

  {
    key: 'caseload-counts',
    rule: 'VISIBILITY',
    title: 'each provider’s caseload totals are its distinct trajectories in trajectory_access',
    sql: `WITH expected AS (
            SELECT provider_id, coalesce(role, 'ANY') AS involvement, count(DISTINCT trajectory_id)::int AS trajectories
              FROM trajectory_access GROUP BY GROUPING SETS ((provider_id), (provider_id, role))
          )
          SELECT 'provider' AS kind, coalesce(e.provider_id, c.provider_id)::text AS id,
                 format('%s: %s counted, %s kept', coalesce(e.involvement, c.involvement), coalesce(e.trajectories, 0), coalesce(c.trajectories, 0)) AS detail
            FROM expected e FULL JOIN caseload_count c ON c.provider_id = e.provider_id AND c.involvement = e.involvement
           WHERE coalesce(e.trajectories, 0) <> coalesce(c.trajectories, 0)`,
  },

  // --- rule 3: acceptance obligation ------------------------------------------------------------
  {
    key: 'acceptance-obligation',
    rule: 'ACCEPTANCE_OBLIGATION',
    title: 'a highly specialist referral is never declined',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id, format('is a declined referral for highly specialist profile %s', p.code) AS detail
            FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN profile p ON p.id = pic.profile_id
           WHERE t.status = 'CANCELLED' AND t.decline_reason IS NOT NULL AND p.segment = 'HIGHLY_SPECIALIST'`,
  },

  // --- the 2023 model: collective responsibility of an area consortium ---------------------------
  {
    key: 'intake-lead',
    rule: 'COLLECTIVE_RESPONSIBILITY',
    title: 'a youth in a consortium’s intake has the consortium’s lead (on that day) responsible',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id,
                 format('is in the intake of consortium %s but provider %s is responsible, not its lead', t.consortium_id, t.responsible_provider_id) AS detail
            FROM trajectory t
           WHERE t.status = 'INTAKE' AND NOT EXISTS (
                   SELECT 1 FROM consortium_membership cm
                    WHERE cm.consortium_id = t.consortium_id AND cm.provider_id = t.responsible_provider_id AND cm.role = 'LEAD'
                      AND ${day('now()')} BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity'))`,
  },
  {
    key: 'never-returned-to-referrer',
    rule: 'COLLECTIVE_RESPONSIBILITY',
    title: 'a referral to an area consortium is never sent back to the referrer (declined or cancelled)',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id,
                 format('was referred to consortium %s and is %s without having started', t.consortium_id, lower(t.status)) AS detail
            FROM trajectory t
           WHERE t.consortium_id IS NOT NULL AND t.status = 'CANCELLED'
          UNION ALL
          SELECT 'trajectory_event', e.id::text, format('declined the consortium referral of trajectory %s', e.trajectory_id)
            FROM trajectory_event e JOIN trajectory t ON t.id = e.trajectory_id
           WHERE t.consortium_id IS NOT NULL AND e.kind = 'DECLINED'`,
  },

  // --- rule 4: tariff ceiling -------------------------------------------------------------------
  {
    key: 'tariff-ceiling',
    rule: 'TARIFF_CEILING',
    // The server settles on the tariff of the PIC (profile × intensity) valid on the start date; a
    // recorded tariff that differs from it (an older version) is no violation as long as neither is exceeded.
    title: 'an OUTPUT settlement pays at most its recorded tariff and the tariff of its PIC valid on the start date',
    sql: `SELECT 'settlement' AS kind, s.id::text AS id,
                 format('of trajectory %s (version %s) pays %s cents; recorded tariff %s, tariff of the PIC on %s: %s',
                        s.trajectory_id, s.version, s.amount_cents, coalesce(s.tariff_cents::text, 'none'), ${day('t.started_at')}, coalesce(cur.tariff_cents::text, 'none')) AS detail
            FROM settlement s JOIN trajectory t ON t.id = s.trajectory_id JOIN pic chosen ON chosen.id = t.pic_id
            LEFT JOIN pic cur ON cur.profile_id = chosen.profile_id AND cur.intensity_id = chosen.intensity_id
                             AND cur.valid_from <= ${day('t.started_at')} AND coalesce(cur.valid_until, 'infinity') >= ${day('t.started_at')}
           WHERE s.funding_variant = 'OUTPUT'
             AND (cur.tariff_cents IS NULL OR s.tariff_cents IS NULL OR s.amount_cents > cur.tariff_cents OR s.amount_cents > s.tariff_cents)`,
  },

  // --- rule 5: outcome required; outcomes and settlements immutable -----------------------------
  {
    key: 'outcome-required',
    rule: 'OUTCOME_REQUIRED',
    title: 'a closed trajectory has an outcome report, and is settled on its latest version',
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id, 'is closed without an outcome report' AS detail
            FROM trajectory t WHERE t.status = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM outcome_report o WHERE o.trajectory_id = t.id)
          UNION ALL
          SELECT 'trajectory', t.id::text,
                 CASE WHEN s.id IS NULL THEN format('is closed with outcome version %s but not settled', o.version)
                      ELSE format('is settled (version %s) on outcome version %s, not on the latest, %s', s.version, so.version, o.version) END
            FROM trajectory t
            JOIN LATERAL (SELECT id, version FROM outcome_report WHERE trajectory_id = t.id ORDER BY version DESC LIMIT 1) o ON true
            LEFT JOIN LATERAL (SELECT id, version, outcome_report_id FROM settlement WHERE trajectory_id = t.id ORDER BY version DESC LIMIT 1) s ON true
            LEFT JOIN outcome_report so ON so.id = s.outcome_report_id
           WHERE t.status = 'CLOSED' AND (s.id IS NULL OR s.outcome_report_id <> o.id)`,
  },
  {
    key: 'versions',
    rule: 'IMMUTABLE',
    title:
      'outcome and settlement versions run 1, 2, 3 … per trajectory; a settlement is of its own trajectory’s outcome',
    sql: `SELECT 'trajectory' AS kind, trajectory_id::text AS id, format('has outcome versions %s', string_agg(version::text, ', ' ORDER BY version)) AS detail
            FROM outcome_report GROUP BY trajectory_id HAVING min(version) <> 1 OR max(version) <> count(*)
          UNION ALL
          SELECT 'trajectory', trajectory_id::text, format('has settlement versions %s', string_agg(version::text, ', ' ORDER BY version))
            FROM settlement GROUP BY trajectory_id HAVING min(version) <> 1 OR max(version) <> count(*)
          UNION ALL
          SELECT 'settlement', s.id::text, format('of trajectory %s settles outcome %s of trajectory %s', s.trajectory_id, o.id, o.trajectory_id)
            FROM settlement s JOIN outcome_report o ON o.id = s.outcome_report_id WHERE o.trajectory_id <> s.trajectory_id`,
  },
  {
    key: 'immutable-triggers',
    rule: 'IMMUTABLE',
    title: 'submitted outcomes, goal results and settlements are guarded by enabled triggers',
    sql: guardTriggerSql(GUARD_TRIGGERS.filter((g) => g.table !== 'access_log')),
  },

  // --- rule 6: the access log (NEN 7513) --------------------------------------------------------
  {
    key: 'access-log-append-only',
    rule: 'ACCESS_LOG',
    title:
      'the access log is append-only: enabled triggers refuse updates, deletes and truncation; the app role may only add',
    sql: `${guardTriggerSql(GUARD_TRIGGERS.filter((g) => g.table === 'access_log'))}
          UNION ALL
          SELECT 'privilege', p.privilege, format('samenspel_app may %s the access log', p.privilege)
            FROM (VALUES ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p(privilege)
           WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'samenspel_app') AND has_table_privilege('samenspel_app', 'public.access_log', p.privilege)`,
  },
  {
    key: 'access-log-complete',
    rule: 'ACCESS_LOG',
    title: 'since the access log began, the youth of every referral has a CREATE entry',
    // Rows written straight into the tables (the seeds, the data generator, a migration of old
    // records) come without log entries; the log "began" at its first entry, and every trajectory
    // referred from then on went through the API, which logs the creation.
    sql: `SELECT 'trajectory' AS kind, t.id::text AS id,
                 format('was referred at %s, after the access log began (%s), but youth %s has no CREATE entry', t.referred_at, b.began, t.youth_id) AS detail
            FROM trajectory t CROSS JOIN (SELECT min(at) AS began FROM access_log) b
           WHERE b.began IS NOT NULL AND t.referred_at >= b.began
             AND NOT EXISTS (SELECT 1 FROM access_log l WHERE l.youth_id = t.youth_id AND l.action = 'CREATE')`,
  },

  // --- rule 7: no silent overwrite --------------------------------------------------------------
  {
    key: 'plan-history',
    rule: 'NO_SILENT_OVERWRITE',
    title: 'every saved version of a family plan or help plan after the first is in its history',
    sql: `SELECT 'family_plan' AS kind, f.id::text AS id, format('is at version %s, but versions %s are missing from its history', f.version, string_agg(v::text, ', ' ORDER BY v)) AS detail
            FROM family_plan f CROSS JOIN LATERAL generate_series(2, f.version) v
           WHERE NOT EXISTS (SELECT 1 FROM plan_revision r WHERE r.family_plan_id = f.id AND r.version = v)
           GROUP BY f.id, f.version
          UNION ALL
          SELECT 'help_plan', h.trajectory_id::text, format('is at version %s, but versions %s are missing from its history', h.version, string_agg(v::text, ', ' ORDER BY v))
            FROM help_plan h CROSS JOIN LATERAL generate_series(2, h.version) v
           WHERE NOT EXISTS (SELECT 1 FROM plan_revision r WHERE r.help_plan_id = h.trajectory_id AND r.version = v)
           GROUP BY h.trajectory_id, h.version`,
  },
  {
    key: 'roll-ups',
    rule: 'FIGURES',
    title:
      'the roll-ups the figures read equal their facts: performance_cell what access.performance_cells_of computes, performance_repeat_fact holds every fact sharing a closing year with another of its youth (more is harmless: a deleted twin)',
    sql: `WITH keys AS (
            SELECT array_agg(k.m) AS m, array_agg(k.p) AS p, array_agg(k.d) AS d
              FROM (SELECT DISTINCT f.municipality_id AS m, f.responsible_provider_id AS p,
                           date_trunc('month', f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS d FROM trajectory_fact f) k
          ), fresh AS (SELECT c.* FROM keys, access.performance_cells_of(keys.m, keys.p, keys.d) c
          ), repeated AS (
            SELECT f.trajectory_id FROM (
              SELECT f.trajectory_id, count(*) OVER (PARTITION BY f.youth_key, date_trunc('year', f.closed_at AT TIME ZONE 'Europe/Amsterdam')) AS n
                FROM trajectory_fact f) f
             WHERE f.n > 1)
          SELECT 'performance_cell' AS kind, concat_ws('/', x.municipality_id, x.consortium_id, x.provider_id, x.month_start) AS id,
                 'differs from what its facts give' AS detail
            FROM (SELECT * FROM performance_cell EXCEPT ALL SELECT * FROM fresh) x
          UNION ALL
          SELECT 'performance_cell', concat_ws('/', x.municipality_id, x.consortium_id, x.provider_id, x.month_start), 'is missing'
            FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM performance_cell) x
          UNION ALL
          SELECT 'trajectory_fact', r.trajectory_id::text, 'shares its closing year with another fact of its youth, not in performance_repeat_fact'
            FROM (SELECT trajectory_id FROM repeated EXCEPT SELECT trajectory_id FROM performance_repeat_fact) r`,
  },
];

export const FACTS_CHECK = {
  key: 'facts',
  rule: 'FIGURES',
  title:
    'every closed trajectory has its trajectory_fact row, equal to what access.refresh_trajectory_facts computes; no other has one',
};

/** Every check, for `--only` and the documentation. */
export const CHECK_KEYS = [...CHECKS.map((c) => c.key), FACTS_CHECK.key];

async function runSqlCheck(client: pg.ClientBase, check: SqlCheck, limit: number): Promise<CheckResult> {
  const started = performance.now();
  const { rows } = await client.query<Violation & { total: string }>(
    `SELECT kind, id, detail, count(*) OVER () AS total FROM (${check.sql}) v ORDER BY kind, id, detail LIMIT $1`,
    [limit],
  );
  return {
    key: check.key,
    rule: check.rule,
    title: check.title,
    total: rows.length ? Number(rows[0].total) : 0,
    violations: rows.map(({ kind, id, detail }) => ({ kind, id, detail })),
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Recomputes the facts of closed trajectories with the database's own function, batch by batch,
 * each in a transaction that is rolled back: the check changes nothing.
 */
async function checkFacts(client: pg.ClientBase, limit: number, batchSize: number): Promise<CheckResult> {
  const started = performance.now();
  const violations: Violation[] = [];
  let total = 0;
  const add = (v: Violation) => {
    total++;
    if (violations.length < limit) violations.push(v);
  };
  const { rows: strays } = await client.query<Violation>(
    `SELECT 'trajectory' AS kind, f.trajectory_id::text AS id, format('is %s but has a trajectory_fact row', t.status) AS detail
       FROM trajectory_fact f JOIN trajectory t ON t.id = f.trajectory_id WHERE t.status <> 'CLOSED' ORDER BY 2`,
  );
  strays.forEach(add);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM trajectory WHERE status = 'CLOSED' AND id > $1 ORDER BY id LIMIT $2`,
      [after, batchSize],
    );
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    after = ids.at(-1)!;
    await client.query('BEGIN');
    try {
      await client.query(
        `CREATE TEMP TABLE fact_before ON COMMIT DROP AS SELECT * FROM trajectory_fact WHERE trajectory_id = ANY($1)`,
        [ids],
      );
      await client.query(`DELETE FROM trajectory_fact WHERE trajectory_id = ANY($1)`, [ids]);
      await client.query(`SELECT access.refresh_trajectory_facts($1)`, [ids]);
      const { rows: differences } = await client.query<Violation>(
        `SELECT 'trajectory' AS kind, coalesce(now_.trajectory_id, before.trajectory_id)::text AS id,
                CASE WHEN before.trajectory_id IS NULL THEN 'is closed but has no trajectory_fact row'
                     WHEN now_.trajectory_id IS NULL THEN 'has a trajectory_fact row the function does not compute (no outcome report?)'
                     ELSE 'has a trajectory_fact row that differs from the recomputed one in ' ||
                          (SELECT string_agg(e.key, ', ' ORDER BY e.key) FROM jsonb_each(to_jsonb(now_)) e WHERE e.value IS DISTINCT FROM to_jsonb(before) -> e.key) END AS detail
           FROM (SELECT * FROM trajectory_fact WHERE trajectory_id = ANY($1)) now_
           FULL JOIN fact_before before ON before.trajectory_id = now_.trajectory_id
          WHERE before.trajectory_id IS NULL OR now_.trajectory_id IS NULL OR to_jsonb(now_) <> to_jsonb(before)
          ORDER BY 2`,
        [ids],
      );
      differences.forEach(add);
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return { ...FACTS_CHECK, total, violations, ms: Math.round(performance.now() - started) };
}

/** One set-based check by key — its title and its query of (kind, id, detail) rows — for others to run. */
export function integrityCheck(key: string): { title: string; sql: string } {
  const check = CHECKS.find((c) => c.key === key);
  if (!check) throw new Error(`no integrity check ${key}`);
  return { title: check.title, sql: check.sql };
}

/** Runs every check (or those in `only`); the database is left exactly as it was. */
export async function checkIntegrity(client: pg.ClientBase, options: IntegrityOptions = {}): Promise<CheckResult[]> {
  const limit = options.limit ?? 50;
  const wanted = (key: string) => !options.only || options.only.includes(key);
  const results: CheckResult[] = [];
  // one snapshot for the set-based checks: rows changed meanwhile cannot make them disagree
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (const check of CHECKS.filter((c) => wanted(c.key))) results.push(await runSqlCheck(client, check, limit));
  } finally {
    await client.query('ROLLBACK');
  }
  if (wanted(FACTS_CHECK.key)) results.push(await checkFacts(client, limit, options.factBatch ?? 5000));
  return results;
}
