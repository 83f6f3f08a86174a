import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import pg from 'pg';
import { providerId } from '../../seeds/organisations.js';
import { createRandom } from '../../seeds/random.js';
import { findProjectRoot } from '../../server/src/config.js';
import { databaseName, withDatabase } from '../../server/src/db/database.js';
import { DEFAULT_BENCH_DATA_DIR, intArg, openBenchDatabase, parseArgs, stringArg } from './database.js';
import { buildCapacity } from './generator/capacity.js';
import { CareGenerator } from './generator/care.js';
import {
  Chunk,
  loadChunk,
  ROLL_UP_ALL,
  ROLL_UP_TRIGGERS,
  TABLE_NAMES,
  TRIGGER_TABLES,
  type Table,
} from './generator/copy.js';
import { buildWorld, generatedDataExists } from './generator/organisations.js';
import { verify } from './generator/verify.js';
import { RECOUNT_CASELOAD } from '../../server/src/db/migrations/1764000000160-caseload-counts.js';

const USAGE = `npm run generate -- --trajectories N [options]

Adds N synthetic trajectories (with youths, family plans, help plans, goals, expertise requests,
intake at the area consortia, PIC proposals, timelines, outcomes, settlements and facts), ~200
providers with consortia, subcontracts and free places to a database seeded with the reference and
demo data.

  --trajectories N     how many trajectories (1k … 1M; "100k" works)
  --database-url URL   a PostgreSQL as the table owner (default: embedded, in --data-dir)
  --data-dir DIR       the embedded PostgreSQL's folder (default ${DEFAULT_BENCH_DATA_DIR})
  --fresh              start from an empty database (removes the embedded folder / drops the database)
  --providers N        providers in total, seeded ones included (default 200, at least 120)
  --chunk N            trajectories per COPY transaction (default 2000)
  --loaders N          parallel loading connections (default 2)
  --seed N             random seed (default 7)
  --no-verify          skip the checks after loading`;

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help') || !args.has('trajectories')) {
    console.log(USAGE);
    process.exit(args.has('help') ? 0 : 1);
  }
  const total = intArg(args, 'trajectories', 0);
  const providerCount = Math.max(120, intArg(args, 'providers', 200));
  const chunkSize = Math.max(100, intArg(args, 'chunk', 2000));
  const loaderCount = Math.max(1, intArg(args, 'loaders', 2));
  const databaseUrl = stringArg(args, 'database-url');
  const dataDir = stringArg(args, 'data-dir') ?? DEFAULT_BENCH_DATA_DIR;

  const started = performance.now();
  const phase = (name: string, since: number) => ({
    name,
    seconds: Math.round((performance.now() - since) / 100) / 10,
  });
  const phases: { name: string; seconds: number }[] = [];

  if (args.has('fresh')) {
    if (databaseUrl) {
      const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(databaseName(databaseUrl))} WITH (FORCE)`);
      await admin.end();
    } else {
      await rm(resolve(findProjectRoot(), dataDir), { recursive: true, force: true });
    }
  }
  let t = performance.now();
  const db = await openBenchDatabase({ databaseUrl, dataDir });
  phases.push(phase('database, migrations, reference and demo seed', t));
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const loaders: pg.Client[] = [];
  let triggersDisabled = false;
  let rollUpsDisabled = false;
  try {
    if (await generatedDataExists(admin))
      throw new Error('this database already holds generated data; use --fresh to start over');
    const {
      rows: [{ rolsuper: superuser }],
    } = await admin.query<{ rolsuper: boolean }>(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    if (db.embedded) {
      // the bench's own cluster: fewer checkpoints during the load (kept for later runs; harmless)
      await admin.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
      await admin.query(`ALTER SYSTEM SET checkpoint_timeout = '30min'`);
      await admin.query(`SELECT pg_reload_conf()`);
    }

    t = performance.now();
    const random = createRandom(intArg(args, 'seed', 7));
    await admin.query('BEGIN');
    const world = await buildWorld(admin, random, providerCount);
    const capacityRows = await buildCapacity(admin, world, random, Date.now());
    await admin.query('COMMIT');
    phases.push(phase(`organisations (${world.providers.length} providers, ${capacityRows} free-place figures)`, t));

    // The triggers that derive trajectory_access and last_activity_at fire per row; the generator
    // writes those rows itself (and `verify` proves them equal). As superuser each loading session
    // skips triggers and foreign-key checks (session_replication_role = replica, nothing global to
    // undo; `verify` then checks every foreign key); otherwise the owner disables the user triggers.
    for (let i = 0; i < loaderCount; i++) {
      const client = new pg.Client({ connectionString: db.adminUrl });
      await client.connect();
      await client.query(`SET synchronous_commit = off`);
      if (superuser) await client.query(`SET session_replication_role = replica`);
      loaders.push(client);
    }
    if (!superuser) {
      for (const table of TRIGGER_TABLES) await admin.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      triggersDisabled = true;
    }
    // they fire even in replica sessions (ENABLE ALWAYS): off while loading, rolled up once after
    for (const trigger of ROLL_UP_TRIGGERS) await admin.query(`ALTER TABLE trajectory_fact DISABLE TRIGGER ${trigger}`);
    rollUpsDisabled = true;

    t = performance.now();
    const generator = new CareGenerator(world, random, Date.now());
    const rowsPerTable = new Map<Table, number>(TABLE_NAMES.map((n) => [n, 0]));
    let generated = 0;
    let loaded = 0;
    let rows = 0;
    let peakRss = 0;
    let nextReport = 0;
    let nextAnalyze = chunkSize * 2;
    const free = [...loaders];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    while (generated < total && !failure) {
      const chunk = new Chunk();
      while (chunk.trajectories < chunkSize && generated + chunk.trajectories < total) {
        generator.family(chunk, Math.min(8, total - generated - chunk.trajectories));
      }
      generated += chunk.trajectories;
      for (const [table, lines] of chunk.lines) rowsPerTable.set(table, rowsPerTable.get(table)! + lines.length);
      const chunkRows = chunk.rows;
      while (!free.length) await Promise.race(inFlight);
      const client = free.pop()!;
      const job: Promise<void> = loadChunk(client, chunk)
        .then(() => {
          loaded += chunk.trajectories;
          rows += chunkRows;
        })
        .catch((error) => {
          failure ??= error;
        })
        .finally(() => {
          free.push(client);
          inFlight.delete(job);
        });
      inFlight.add(job);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      // keep the planner's statistics current while the tables grow from nothing
      if (generated >= nextAnalyze) {
        nextAnalyze *= 4;
        await admin.query(`ANALYZE trajectory, outcome_report, settlement, goal_result, trajectory_event`);
      }
      if (generated >= nextReport) {
        nextReport += Math.max(chunkSize, Math.round(total / 20));
        const s = (performance.now() - t) / 1000;
        console.log(
          `  ${loaded.toLocaleString('en')} / ${total.toLocaleString('en')} trajectories loaded, ${Math.round(rows / s).toLocaleString('en')} rows/s, ${s.toFixed(0)} s, rss ${Math.round(peakRss / MB)} MB`,
        );
      }
      await yieldToIo();
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    phases.push(phase(`care data (${rows.toLocaleString('en')} rows through COPY)`, t));

    if (triggersDisabled) {
      for (const table of TRIGGER_TABLES) await admin.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      triggersDisabled = false;
    }
    await enableRollUps(admin);
    rollUpsDisabled = false;
    t = performance.now();
    await admin.query(ROLL_UP_ALL);
    phases.push(phase('roll-ups of the figures', t));
    // the caseload totals the trajectory_access triggers keep (skipped as superuser), counted once
    await admin.query(RECOUNT_CASELOAD);
    t = performance.now();
    await admin.query(
      `VACUUM (ANALYZE) ${[...TABLE_NAMES, 'trajectory_fact', 'performance_cell', 'performance_repeat_fact'].join(', ')}`,
    );
    phases.push(phase('vacuum and analyze', t));

    const loadSeconds = (performance.now() - started) / 1000;
    let checks: Awaited<ReturnType<typeof verify>> = [];
    if (!args.has('no-verify')) {
      t = performance.now();
      checks = await verify(admin, { foreignKeys: superuser, factSample: 5000 });
      phases.push(phase(`verify (${checks.length} checks)`, t));
      for (const c of checks)
        console.log(
          `  ${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name}${c.violations ? `: ${c.violations} violations` : ''} (${c.ms} ms)`,
        );
    }

    const caseloads = await admin.query<{ provider: string; all: number; open: number }>(
      `SELECT p.name AS provider, count(*)::int AS all, count(*) FILTER (WHERE t.status IN ('REFERRED', 'ACTIVE'))::int AS open
         FROM trajectory_access a JOIN trajectory t ON t.id = a.trajectory_id JOIN provider p ON p.id = a.provider_id
        WHERE a.provider_id = ANY($1) GROUP BY p.name ORDER BY 2 DESC`,
      [
        ['jeugdformaat', 'parnassia', 'incluzio', 'mentaalcure', 'duinzicht'].map((s) =>
          providerId(s as 'jeugdformaat'),
        ),
      ],
    );
    const counts = await admin.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM trajectory GROUP BY status ORDER BY 2 DESC`,
    );
    const model = await modelFigures(admin);
    const peakRssMb = Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / MB);
    const summary = {
      at: new Date().toISOString(),
      trajectories: total,
      providers: world.providers.length,
      rows: Object.fromEntries(rowsPerTable),
      statuses: Object.fromEntries(counts.rows.map((r) => [r.status, r.n])),
      caseloads: caseloads.rows,
      ...model,
      phases,
      loadSeconds: Math.round(loadSeconds),
      peakRssMb,
      loaders: loaderCount,
      chunk: chunkSize,
      foreignKeyChecksDuringLoad: !superuser,
      checks,
      failedChecks: checks.filter((c) => c.violations).length,
    };
    console.log(
      `\nGenerated ${total.toLocaleString('en')} trajectories in ${Math.round(loadSeconds)} s (peak memory ${peakRssMb} MB)`,
    );
    for (const p of phases) console.log(`  ${p.name}: ${p.seconds} s`);
    console.log(`  statuses: ${counts.rows.map((r) => `${r.status} ${r.n.toLocaleString('en')}`).join(', ')}`);
    console.log(
      `  intake: ${model.intake.consortiumShare}% of specialist referrals since 2024 to the area's consortium; now ${model.intake.inIntake} in intake (${model.intake.overdue} past the deadline), ${model.intake.assigned} assigned, not started; ${model.intake.returned.toLocaleString('en')} returned to intake at least once`,
    );
    for (const p of model.referralsPerYouth)
      console.log(
        `  referrals in the 365 days before a start, ${p.started.toLocaleString('en')} starts ${p.from.slice(0, 10)} – ${p.to.slice(0, 10)}: mean ${p.mean}; ${p.distribution.map((d) => `${d.referrals}: ${d.share}%`).join(', ')}`,
      );
    console.log(
      `  free places: ${model.capacity.figures} figures, ${model.capacity.stale} stale; PIC proposals: ${Object.entries(
        model.picProposals,
      )
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
    );
    console.log(
      `  caseloads: ${caseloads.rows.map((r) => `${r.provider} ${r.all.toLocaleString('en')} (${r.open.toLocaleString('en')} open)`).join('; ')}`,
    );
    const dir = join(findProjectRoot(), 'test', 'bench', 'results');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `generate-${summary.at.slice(0, 10)}-${total}.json`);
    await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`  written to ${file}`);
    if (summary.failedChecks) process.exitCode = 1;
  } finally {
    if (triggersDisabled)
      for (const table of TRIGGER_TABLES)
        await admin.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`).catch(() => undefined);
    if (rollUpsDisabled) await enableRollUps(admin).catch(() => undefined);
    for (const client of loaders) await client.end().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await db.stop();
  }
}

/** The roll-up triggers back as the migration left them: firing in every session. */
async function enableRollUps(admin: pg.Client): Promise<void> {
  for (const trigger of ROLL_UP_TRIGGERS)
    await admin.query(`ALTER TABLE trajectory_fact ENABLE ALWAYS TRIGGER ${trigger}`);
}

/** The shapes of the 2023 model in the data: intake, waiting, referred again, free places, PIC proposals. */
async function modelFigures(client: pg.Client) {
  const one = async <T>(sql: string) => (await client.query(sql)).rows[0] as T;
  const intake = await one<{
    consortiumShare: number;
    inIntake: number;
    overdue: number;
    assigned: number;
    returned: number;
  }>(`
    SELECT round(100.0 * count(*) FILTER (WHERE t.consortium_id IS NOT NULL) / nullif(count(*), 0), 1)::float AS "consortiumShare",
           count(*) FILTER (WHERE t.status = 'INTAKE')::int AS "inIntake",
           count(*) FILTER (WHERE t.status = 'INTAKE' AND t.intake_deadline < (now() AT TIME ZONE 'UTC')::date)::int AS overdue,
           count(*) FILTER (WHERE t.status = 'REFERRED' AND t.consortium_id IS NOT NULL)::int AS assigned,
           (SELECT count(DISTINCT trajectory_id) FROM trajectory_event WHERE kind = 'RETURNED_TO_INTAKE')::int AS returned
      FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
     WHERE t.referred_at >= '2024-01-01' AND pr.segment = 'SPECIALIST'`);
  // "referred and referred again": per trajectory started in a period, the youth's referrals in the 365 days before
  const perYouth = async (from: string, to: string) => {
    const { rows } = await client.query<{ referrals: number; n: number }>(
      `SELECT n::int AS referrals, count(*)::int AS n FROM (
         SELECT (SELECT count(*) FROM trajectory r WHERE r.youth_id = s.youth_id
                    AND r.referred_at > s.started_at - interval '365 days' AND r.referred_at <= s.started_at) AS n
           FROM trajectory s WHERE s.started_at >= $1::timestamptz AND s.started_at < $2::timestamptz) x
        GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    const started = rows.reduce((sum, r) => sum + r.n, 0);
    const buckets = new Map<string, number>();
    for (const r of rows) {
      const key = r.referrals >= 5 ? '5+' : String(r.referrals);
      buckets.set(key, (buckets.get(key) ?? 0) + r.n);
    }
    return {
      from,
      to,
      started,
      mean: Math.round((1000 * rows.reduce((sum, r) => sum + r.referrals * r.n, 0)) / Math.max(1, started)) / 1000,
      distribution: [...buckets].map(([referrals, n]) => ({
        referrals,
        starts: n,
        share: Math.round((1000 * n) / Math.max(1, started)) / 10,
      })),
    };
  };
  const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const capacity = await one<{ figures: number; stale: number }>(
    `SELECT count(*)::int AS figures, count(*) FILTER (WHERE updated_at < now() - interval '14 days')::int AS stale FROM capacity`,
  );
  const { rows: proposals } = await client.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM pic_proposal GROUP BY 1 ORDER BY 1`,
  );
  return {
    intake,
    // before the area consortia, and the last 365 days
    referralsPerYouth: [await perYouth('2023-01-01', '2024-01-01'), await perYouth(lastYear, new Date().toISOString())],
    capacity,
    picProposals: Object.fromEntries(proposals.map((p) => [p.status, p.n])),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
