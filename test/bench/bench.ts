import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { consortiumId, providerId } from '../../seeds/organisations.js';
import { areaId, MUNICIPALITIES, municipalityId, profileId, PROFILES } from '../../seeds/reference.js';
import { findProjectRoot } from '../../server/src/config.js';
import { DEFAULT_BENCH_DATA_DIR, intArg, openBenchDatabase, parseArgs, stringArg } from './database.js';
import {
  CAPACITY_QUERY,
  CASELOAD_QUERY,
  CONTRACT_MANAGER_ACCOUNT,
  MUNICIPALITY_PERFORMANCE_QUERY,
  PERFORMANCE_QUERY,
  PROVIDER_ACCOUNT,
  REFERRER_ACCOUNT,
  TRAJECTORY_QUERY,
  UPDATE_HELP_PLAN_MUTATION,
  WAITING_LIST_QUERY,
} from './operations.js';
import type { IjwExportResult } from './ijw-export.js';
import { messagesLine, pageJavaScript } from './web-size.js';

const USAGE = `npm run bench -- [options]

Starts the real server (app role, row-level security, access log, x-sql-statements) on the generated
database, the same server without DataLoaders, and the hand-written SQL baseline (plain node:http +
pg), and measures each operation with concurrent HTTP clients (autocannon).

  --database-url URL   the generated database, as the table owner (default: the embedded one in --data-dir)
  --data-dir DIR       embedded PostgreSQL folder (default ${DEFAULT_BENCH_DATA_DIR})
  --connections N      concurrent clients (default 20)
  --duration S         seconds measured per variant (default 10)
  --warmup S           seconds of unmeasured warm-up per variant (default 3)
  --only a,b           operations: caseload, trajectory, performance, planUpdate, waitingList, capacity,
                       municipalityPerformance, ijwExport (one month of JW305 and JW307 for Den Haag,
                       once: time and peak memory; see test/bench/ijw-export.ts) (default all)
  --label NAME         results file suffix (default: the trajectory count, e.g. 1m)
  --server-root DIR    run the servers from this checkout (default: this project)
  --cpu-prof DIR       the app server writes a V8 CPU profile (.cpuprofile) into DIR when it stops`;

const DEMO_PASSWORD = 'samenspel-demo';

// ---------------------------------------------------------------- servers

interface Server {
  name: string;
  url: string;
  process: ChildProcess;
}

/**
 * Compiles the bench servers with the server as `npm start` runs it (tsc into dist/, plain Node, no
 * tsx loader: under tsx every runtime `require`, such as Apollo's per-request hash, goes through its
 * resolve hooks). Returns how to start a script of `root` (tsx for a checkout without the config).
 */
function compiledServers(root: string): (script: string) => string[] {
  if (!existsSync(join(root, 'tsconfig.bench.json')))
    return (script) => ['--import', 'tsx', join(root, 'test', 'bench', script)];
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`the bench servers did not compile:\n${tsc.stdout}${tsc.stderr}`);
  return (script) => [join(root, 'dist', 'test', 'bench', script.replace(/\.ts$/, '.js'))];
}
const compiled = new Map<string, (script: string) => string[]>();
const scriptArgs = (root: string) => compiled.get(root) ?? compiled.set(root, compiledServers(root)).get(root)!;

async function startServer(
  name: string,
  root: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, ...scriptArgs(root)(script)], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s: ${stderr}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${stderr}`)));
  });
  child.stdout!.resume();
  return { name, url: `http://127.0.0.1:${port}`, process: child };
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (server.process.exitCode === null) server.process.kill('SIGKILL');
}

async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: any; statements: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: await response.json(),
    statements: Number(response.headers.get('x-sql-statements')),
  };
}

async function login(app: Server, email: string): Promise<string> {
  const { json } = await post(`${app.url}/graphql`, {
    query: `mutation($input: LoginInput!) { login(input: $input) { token } }`,
    variables: { input: { email, password: DEMO_PASSWORD } },
  });
  if (!json.data?.login) throw new Error(`login of ${email} failed: ${JSON.stringify(json.errors)}`);
  return json.data.login.token;
}

// ---------------------------------------------------------------- measuring

interface Variant {
  name: string;
  server: Server;
  path: string;
  token: string;
  /** The request body for the next request (per connection context). */
  body(context: Record<string, any>): string;
  /** Sees each response (e.g. to track plan versions); returns false for a failed response. */
  onResponse?(body: string, context: Record<string, any>): void;
}

export interface Measurement {
  operation: string;
  variant: string;
  requests: number;
  errors: number;
  conflicts: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statementsPerOp: number | null;
  /** CPU time (user + system) the variant's server process spent per request, where /proc tells. */
  cpuMsPerOp: number | null;
  /** The first failed response, shortened. */
  firstError?: string;
  /** Ratios against the baseline measured in the same run: p95 / baseline p95, baseline req/s ÷ req/s. */
  p95Ratio?: number;
  rpsRatio?: number;
  note?: string;
}

/** CPU time (user + system) a process has used so far in ms, from /proc (clock ticks of 10 ms); null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** What one autocannon run of a variant saw, before it is summed up (rounds of a variant add up). */
interface RunPart {
  latencies: number[];
  seconds: number;
  errors: number;
  conflicts: number;
  statements: number;
  statementSamples: number;
  cpuMs: number | null;
  firstError?: string;
}

async function run(
  variant: Variant,
  options: { connections: number; duration: number; amount?: number },
): Promise<RunPart> {
  const latencies: number[] = [];
  let statements = 0;
  let statementSamples = 0;
  let errors = 0;
  let conflicts = 0;
  let firstError: string | undefined;
  const instance = autocannon({
    url: `${variant.server.url}${variant.path}`,
    connections: options.connections,
    // a slow operation runs a fixed number of requests instead (each may take longer than a run)
    ...(options.amount ? { amount: options.amount, timeout: 900 } : { duration: options.duration, timeout: 60 }),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${variant.token}` },
    requests: [
      {
        setupRequest: (request: any, context: any) => ({ ...request, body: variant.body(context) }),
        onResponse: (status: number, body: string, context: any, headers: Record<string, string>) => {
          if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) {
            if (body.includes('"CONFLICT"')) conflicts++;
            else {
              errors++;
              firstError ??= `${status} ${body.slice(0, 300)}`;
            }
          }
          const n = Number(headers?.['x-sql-statements']);
          if (Number.isFinite(n)) {
            statements += n;
            statementSamples++;
          }
          variant.onResponse?.(body, context);
        },
      },
    ],
  } as autocannon.Options);
  instance.on('reqError', (error: Error) => {
    errors++;
    firstError ??= error.message;
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const started = performance.now();
  const cpuBefore = cpuMsOf(variant.server.process.pid);
  await instance;
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuMsOf(variant.server.process.pid);
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  // The requests still in flight when the run ends keep the server and PostgreSQL busy: the next
  // run (another variant's round) waits as long as the slowest answer took, so it does not pay for them.
  let slowest = 0;
  for (const ms of latencies) if (ms > slowest) slowest = ms;
  await new Promise((resolve) => setTimeout(resolve, Math.min(slowest, 10_000)));
  return { latencies, seconds, errors, conflicts, statements, statementSamples, cpuMs, firstError };
}

/** The figures of a variant over its runs (its rounds, or its one run). */
function measurementOf(operation: string, variant: string, parts: RunPart[]): Measurement {
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const sum = (f: (p: RunPart) => number) => parts.reduce((total, p) => total + f(p), 0);
  const cpuKnown = parts.every((p) => p.cpuMs !== null);
  return {
    operation,
    variant,
    requests: latencies.length,
    errors: sum((p) => p.errors),
    conflicts: sum((p) => p.conflicts),
    rps: round(latencies.length / sum((p) => p.seconds)),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    statementsPerOp: sum((p) => p.statementSamples)
      ? round(sum((p) => p.statements) / sum((p) => p.statementSamples))
      : null,
    cpuMsPerOp: cpuKnown && latencies.length ? round(sum((p) => p.cpuMs ?? 0) / latencies.length, 2) : null,
    firstError: parts.find((p) => p.firstError)?.firstError,
  };
}

// ---------------------------------------------------------------- the benchmark

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    console.log(USAGE);
    return;
  }
  const projectRoot = findProjectRoot();
  const serverRoot = resolve(stringArg(args, 'server-root') ?? projectRoot);
  const cpuProfileDir = stringArg(args, 'cpu-prof');
  const connections = intArg(args, 'connections', 20);
  const duration = intArg(args, 'duration', 10);
  const warmup = intArg(args, 'warmup', 3);
  const only = new Set(
    (
      stringArg(args, 'only') ??
      'caseload,trajectory,performance,planUpdate,waitingList,capacity,municipalityPerformance,ijwExport'
    ).split(','),
  );

  const db = await openBenchDatabase({
    databaseUrl: stringArg(args, 'database-url'),
    dataDir: stringArg(args, 'data-dir'),
  });
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const servers: Server[] = [];
  try {
    const {
      rows: [{ n: trajectories }],
    } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM trajectory`);
    const label =
      stringArg(args, 'label') ??
      (trajectories >= 1e6 ? `${Math.round(trajectories / 1e5) / 10}m` : `${Math.round(trajectories / 1e3)}k`);
    const loadAtStart = loadavg();
    console.log(
      `Benchmark on ${trajectories.toLocaleString('en')} trajectories, ${connections} connections, ${duration} s per variant (+${warmup} s warm-up); load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );

    const env = { APP_DATABASE_URL: db.appUrl, ADMIN_DATABASE_URL: db.adminUrl };
    const [app, appNoLoaders, baseline] = await Promise.all([
      startServer(
        'app',
        serverRoot,
        'app-server.ts',
        env,
        cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfileDir)}`] : [],
      ),
      startServer('app without DataLoaders', serverRoot, 'app-server.ts', { ...env, SAMENSPEL_DATALOADERS: 'off' }),
      startServer('baseline', projectRoot, 'baseline-server.ts', env),
    ]);
    servers.push(app, appNoLoaders, baseline);
    const providerToken = await login(app, PROVIDER_ACCOUNT);
    const managerToken = await login(app, CONTRACT_MANAGER_ACCOUNT);
    const referrerToken = await login(app, REFERRER_ACCOUNT);

    // what the requests address: trajectories of the provider, and its active help plans
    const jeugdformaat = providerId('jeugdformaat');
    const { rows: visible } = await admin.query<{ id: string }>(
      `SELECT trajectory_id AS id FROM trajectory_access WHERE provider_id = $1 ORDER BY md5(trajectory_id::text) LIMIT 500`,
      [jeugdformaat],
    );
    const { rows: plans } = await admin.query<{ trajectoryId: string; version: number }>(
      `SELECT h.trajectory_id AS "trajectoryId", h.version FROM help_plan h JOIN trajectory t ON t.id = h.trajectory_id
        WHERE t.responsible_provider_id = $1 AND t.status = 'ACTIVE' ORDER BY md5(h.trajectory_id::text) LIMIT 5000`,
      [jeugdformaat],
    );
    const year = new Date().getUTCFullYear() - 1;
    const period = { consortiumId: consortiumId('rondomjou'), from: `${year}-01-01`, to: `${year}-12-31` };
    const municipalityPeriod = { municipalityId: municipalityId('0518'), from: period.from, to: period.to };
    const { json: introspection } = await post(
      `${app.url}/graphql`,
      { query: '{ __type(name: "Query") { fields { name } } }' },
      providerToken,
    );
    const queryFields = new Set<string>(
      (introspection.data?.__type?.fields ?? []).map((f: { name: string }) => f.name),
    );
    const performanceAvailable = queryFields.has('consortiumPerformance');
    // the intake board of RondomJou's lead; "Waar is plek?" of Den Haag's local team, per specialist profile and area
    const waiting = { consortiumId: consortiumId('rondomjou'), first: 20 };
    const places = MUNICIPALITIES.find((m) => m.cbsCode === '0518')!.areas.flatMap((area) =>
      PROFILES.filter((p) => p.segment === 'SPECIALIST').map((p) => ({
        profileId: profileId(p.code),
        areaId: areaId('0518', area),
      })),
    );
    let placeCursor = 0;
    const nextPlace = (c: Record<string, any>) => c.fixed ?? places[placeCursor++ % places.length];

    const gql =
      (query: string, variables: (c: Record<string, any>) => Record<string, unknown>) => (c: Record<string, any>) =>
        JSON.stringify({ query, variables: variables(c) });
    let cursor = 0;
    const nextTrajectory = (c: Record<string, any>): string => c.fixed ?? visible[cursor++ % visible.length].id;
    // every plan is edited by one request at a time, always with its latest version: no CONFLICT is expected
    const freePlans = [...plans];
    const takePlan = (c: Record<string, any>) => {
      if (c.plan) freePlans.push(c.plan); // a response that did not report a new version
      c.plan = freePlans.shift();
      // a run's last requests are cut off unanswered: their plans are out of rotation (a new version may be saved)
      if (!c.plan) throw new Error('help-plan update: no plan left in rotation; use more data or fewer connections');
      c.n = (c.n ?? 0) + 1;
      return c.plan;
    };
    const returnPlan = (body: string, c: Record<string, any>) => {
      const version = /"version"\s*:\s*(\d+)/.exec(body);
      if (version && c.plan) c.plan.version = Number(version[1]);
      if (c.plan) freePlans.push(c.plan);
      c.plan = undefined;
    };
    const editText = (c: Record<string, any>) => `Bijgesteld in de benchmark (${c.n}).`;

    /** What must be equal between the API's answer and the baseline's (the same data). */
    const digest: Record<string, (data: any) => unknown> = {
      caseload: (d) => ({
        total: d.trajectories.totalCount,
        ids: d.trajectories.edges.map((e: any) => e.node.id),
        requests: d.trajectories.edges.map((e: any) => e.node.expertiseRequests.length),
      }),
      trajectory: (d) => ({
        id: d.trajectory.id,
        goals: d.trajectory.familyPlan.goals.length,
        youths: d.trajectory.familyPlan.youths.length,
        requests: d.trajectory.expertiseRequests.length,
        timeline: d.trajectory.timeline.map((e: any) => e.kind),
      }),
      waitingList: (d) => ({
        total: d.waitingList.totalCount,
        next: d.waitingList.pageInfo.hasNextPage,
        rows: d.waitingList.edges.map((e: any) => [
          e.node.id,
          e.node.status,
          e.node.intakeDeadline,
          e.node.waitingDays,
          e.node.area?.id,
          e.node.responsibleProvider.id,
        ]),
      }),
      capacity: (d) =>
        d.capacity.map((c: any) => [c.provider.id, c.area?.id ?? null, c.freePlaces, c.ageDays, c.stale]),
    };
    const operations: {
      key: string;
      title: string;
      available: boolean;
      note?: string;
      /** The context of the first request, which every variant answers alone (and must answer alike). */
      first?: Record<string, any>;
      variants: Variant[];
    }[] = [
      {
        key: 'caseload',
        title: 'caseload (first 50 of a provider)',
        available: true,
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: providerToken,
            body: gql(CASELOAD_QUERY, () => ({ first: 50 })),
          },
          {
            name: 'app without DataLoaders',
            server: appNoLoaders,
            path: '/graphql',
            token: providerToken,
            body: gql(CASELOAD_QUERY, () => ({ first: 50 })),
          },
          {
            name: 'baseline (hand-written SQL)',
            server: baseline,
            path: '/caseload',
            token: providerToken,
            body: () => '{"first":50}',
          },
          {
            name: 'hand-written SQL in the services’ query shape',
            server: baseline,
            path: '/caseloadServiceShape',
            token: providerToken,
            body: () => '{"first":50}',
          },
        ],
      },
      {
        key: 'trajectory',
        title: 'trajectory page',
        available: true,
        first: { fixed: visible[0]?.id },
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: providerToken,
            body: gql(TRAJECTORY_QUERY, (c) => ({ id: nextTrajectory(c) })),
          },
          {
            name: 'app without DataLoaders',
            server: appNoLoaders,
            path: '/graphql',
            token: providerToken,
            body: gql(TRAJECTORY_QUERY, (c) => ({ id: nextTrajectory(c) })),
          },
          {
            name: 'baseline (hand-written SQL)',
            server: baseline,
            path: '/trajectory',
            token: providerToken,
            body: (c) => JSON.stringify({ id: nextTrajectory(c) }),
          },
        ],
      },
      {
        key: 'performance',
        title: `consortium performance (RondomJou, ${year})`,
        available: performanceAvailable,
        note: performanceAvailable ? undefined : 'consortiumPerformance is not available in this server yet',
        variants: [
          ...(performanceAvailable
            ? [
                {
                  name: 'app',
                  server: app,
                  path: '/graphql',
                  token: managerToken,
                  body: gql(PERFORMANCE_QUERY, () => period),
                },
              ]
            : []),
          {
            name: 'baseline (aggregate over raw tables, as owner)',
            server: baseline,
            path: '/performance',
            token: managerToken,
            body: () => JSON.stringify(period),
          },
          {
            name: 'baseline (aggregate over trajectory_fact, app role)',
            server: baseline,
            path: '/performanceFacts',
            token: managerToken,
            body: () => JSON.stringify(period),
          },
        ],
      },
      {
        key: 'planUpdate',
        title: `help-plan update (${plans.length} active plans in rotation)`,
        available: plans.length > connections,
        note: plans.length > connections ? undefined : 'too few active help plans for the connections',
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: providerToken,
            onResponse: returnPlan,
            body: gql(UPDATE_HELP_PLAN_MUTATION, (c) => {
              const p = takePlan(c);
              return { input: { trajectoryId: p.trajectoryId, version: p.version, effortDescription: editText(c) } };
            }),
          },
          {
            name: 'baseline (hand-written SQL)',
            server: baseline,
            path: '/updateHelpPlan',
            token: providerToken,
            onResponse: returnPlan,
            body: (c) => {
              const p = takePlan(c);
              return JSON.stringify({
                trajectoryId: p.trajectoryId,
                version: p.version,
                effortDescription: editText(c),
              });
            },
          },
        ],
      },
      {
        key: 'waitingList',
        title: 'intake board (RondomJou’s waiting list, first 20, as its lead)',
        available: true,
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: providerToken,
            body: gql(WAITING_LIST_QUERY, () => waiting),
          },
          {
            name: 'app without DataLoaders',
            server: appNoLoaders,
            path: '/graphql',
            token: providerToken,
            body: gql(WAITING_LIST_QUERY, () => waiting),
          },
          {
            name: 'baseline (hand-written SQL)',
            server: baseline,
            path: '/waitingList',
            token: providerToken,
            body: () => JSON.stringify(waiting),
          },
        ],
      },
      {
        key: 'capacity',
        title: `"Waar is plek?" (a Den Haag referrer, ${places.length} profile × area pairs in rotation)`,
        available: true,
        first: { fixed: places[0] },
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: referrerToken,
            body: gql(CAPACITY_QUERY, nextPlace),
          },
          {
            name: 'baseline (hand-written SQL)',
            server: baseline,
            path: '/capacity',
            token: referrerToken,
            body: (c) => JSON.stringify(nextPlace(c)),
          },
        ],
      },
      {
        key: 'municipalityPerformance',
        title: `municipality performance (Den Haag, ${year}: consortia and the providers outside them)`,
        available: queryFields.has('municipalityPerformance'),
        note: queryFields.has('municipalityPerformance')
          ? undefined
          : 'municipalityPerformance is not available in this server yet',
        variants: [
          {
            name: 'app',
            server: app,
            path: '/graphql',
            token: managerToken,
            body: gql(MUNICIPALITY_PERFORMANCE_QUERY, () => municipalityPeriod),
          },
          {
            name: 'baseline (hand-written SQL, app role)',
            server: baseline,
            path: '/municipalityPerformance',
            token: managerToken,
            body: () => JSON.stringify(municipalityPeriod),
          },
        ],
      },
    ];

    const results: Measurement[] = [];
    const notes: string[] = [];
    for (const op of operations.filter((o) => only.has(o.key))) {
      console.log(`\n${op.title}${op.note ? ` — ${op.note}` : ''}`);
      if (!op.variants.length) {
        notes.push(`${op.key}: ${op.note}`);
        continue;
      }
      if (!op.available && op.key !== 'performance') {
        notes.push(`${op.key}: ${op.note}`);
        continue;
      }
      if (op.note) notes.push(`${op.key}: ${op.note}`);
      // one request per variant first: it must succeed, and says how long one takes on its own
      const single = new Map<Variant, number>();
      const digests = new Set<string>();
      for (const v of op.variants) {
        const ctx: Record<string, any> = { ...op.first };
        const started = performance.now();
        const res = await fetch(`${v.server.url}${v.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
          body: v.body(ctx),
        });
        const text = await res.text();
        single.set(v, performance.now() - started);
        v.onResponse?.(text, ctx);
        if (res.status !== 200 || text.includes('"errors":['))
          throw new Error(`${op.key} / ${v.name} failed: ${res.status} ${text.slice(0, 500)}`);
        if (digest[op.key]) digests.add(JSON.stringify(digest[op.key](JSON.parse(text).data)));
      }
      if (digests.size > 1) {
        notes.push(`${op.key}: the variants answered different data: ${[...digests].join(' / ').slice(0, 600)}`);
        console.log(`  WARNING: different data: ${[...digests].join(' / ').slice(0, 600)}`);
      } else if (digests.size) console.log('  same data from every variant (checked on one request)');
      // warm the database's caches with the cheapest variant (the baseline) before measuring any
      const cheapest = op.variants.find((v) => v.name.startsWith('baseline'))!;
      if (warmup && single.get(cheapest)! <= 300) await run(cheapest, { connections, duration: warmup });
      // an operation that takes over 300 ms alone (warm) would finish few requests in a timed run at
      // this concurrency: it runs a fixed number instead (about the run's duration at full
      // concurrency, at least one per connection), one variant after the other, without a timed
      // warm-up (which would leave requests running into the measurement)
      const amounts = new Map<Variant, number | undefined>();
      const notesOf = new Map<Variant, string>();
      for (const v of op.variants) {
        const started = performance.now();
        const probe: Record<string, any> = {};
        const res = await fetch(`${v.server.url}${v.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
          body: v.body(probe),
        });
        v.onResponse?.(await res.text(), probe);
        const alone = performance.now() - started;
        amounts.set(
          v,
          alone > 300 ? Math.max(connections, Math.round((duration * 1000 * cpus().length) / alone)) : undefined,
        );
        if (alone > 300) notesOf.set(v, `${amounts.get(v)} requests (${Math.round(alone)} ms alone)`);
      }
      const parts = new Map<Variant, RunPart[]>(op.variants.map((v) => [v, []]));
      const timed = op.variants.filter((v) => amounts.get(v) === undefined);
      if (warmup) for (const v of timed) if (v !== cheapest) await run(v, { connections, duration: warmup });
      // Timed variants run in rounds A B … B A, each half the duration: a machine that gets busier or
      // quieter during the operation weighs on every variant alike, not on the one measured last.
      for (const v of [...timed, ...[...timed].reverse()])
        parts.get(v)!.push(await run(v, { connections, duration: duration / 2 }));
      for (const v of op.variants.filter((v) => amounts.get(v) !== undefined))
        parts.get(v)!.push(await run(v, { connections, duration, amount: amounts.get(v) }));
      const measured: Measurement[] = [];
      for (const v of op.variants) {
        const m = measurementOf(op.key, v.name, parts.get(v)!);
        m.note = notesOf.get(v);
        measured.push(m);
        console.log(
          `  ${v.name.padEnd(52)} ${m.note ? `[${m.note}] ` : ''}p50 ${String(m.p50).padStart(7)} ms  p95 ${String(m.p95).padStart(7)} ms  p99 ${String(m.p99).padStart(7)} ms  ${String(m.rps).padStart(7)} req/s  ${m.statementsPerOp ?? '-'} SQL/op  ${m.cpuMsPerOp ?? '-'} CPU ms/op  ${m.errors} errors${m.conflicts ? `, ${m.conflicts} conflicts` : ''}${m.firstError ? ` (first: ${m.firstError})` : ''}`,
        );
      }
      const base = measured.find((m) => m.variant.startsWith('baseline'));
      for (const m of measured) {
        if (base && m !== base) {
          m.p95Ratio = round(m.p95 / base.p95, 2);
          m.rpsRatio = round(base.rps / m.rps, 2);
        }
      }
      results.push(...measured);
      if (!op.available)
        results.push({
          operation: op.key,
          variant: 'app',
          requests: 0,
          errors: 0,
          conflicts: 0,
          rps: NaN,
          p50: NaN,
          p95: NaN,
          p99: NaN,
          statementsPerOp: null,
          cpuMsPerOp: null,
          note: 'not available',
        });
    }

    const ijwExport = only.has('ijwExport') ? await exportIjwMonth(projectRoot, db.adminUrl) : null;
    if (ijwExport) {
      const line = `iJw export of ${ijwExport.month} for ${ijwExport.municipality}: ${ijwExport.messages.JW305} JW305 and ${ijwExport.messages.JW307} JW307 from ${ijwExport.providers} providers in ${ijwExport.ms} ms, peak RSS ${ijwExport.peakRssMb} MB (${ijwExport.rssBeforeMb} MB before), peak heap ${ijwExport.peakHeapMb} MB`;
      console.log(`\n${line}`);
      notes.push(line);
    }

    const web = pageJavaScript(projectRoot);
    if (web)
      console.log(
        `\ncaseload page JavaScript: ${web.files} files, ${web.bytes.toLocaleString('en')} bytes, ${web.gzipBytes.toLocaleString('en')} bytes gzipped; its language's messages beside it: ${messagesLine(web)}`,
      );
    else console.log('\ncaseload page JavaScript: the portal is not built (npm run build:web)');

    const targets = targetRows(results, web);
    if (targets.length) console.log(`\ntargets (app against the baseline of this run):\n${targets.join('\n')}`);

    const at = new Date().toISOString();
    const report = {
      at,
      trajectories,
      connections,
      duration,
      warmup,
      load: loadAtStart,
      loadAtEnd: loadavg(),
      cores: cpus().length,
      results,
      web,
      ijwExport,
      notes,
    };
    const dir = join(projectRoot, 'test', 'bench', 'results');
    await mkdir(dir, { recursive: true });
    const base = join(dir, `${at.slice(0, 10)}-${label}`);
    await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(`${base}.md`, markdown(report));
    console.log(`\nwritten to ${base}.json and .md`);
  } finally {
    await Promise.all(servers.map(stopServer));
    await admin.end().catch(() => undefined);
    await db.stop();
  }
}

/** The iJw export scenario in a process of its own, so that its peak memory is the export's alone. */
async function exportIjwMonth(root: string, adminUrl: string): Promise<IjwExportResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test', 'bench', 'ijw-export.ts'), '--database-url', adminUrl, '--json'],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  const code = await new Promise((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the iJw export scenario failed (${code})`);
  return JSON.parse(output.trim().split('\n').pop()!) as IjwExportResult;
}

/** What the app must reach against the hand-written baseline of the same run (at 1M trajectories). */
const TARGETS: { operation: string; baseline: (variant: string) => boolean; throughput: number; p95?: number }[] = [
  { operation: 'caseload', baseline: (v) => v === 'baseline (hand-written SQL)', throughput: 0.9, p95: 1.3 },
  { operation: 'trajectory', baseline: (v) => v === 'baseline (hand-written SQL)', throughput: 0.8, p95: 1.3 },
  { operation: 'planUpdate', baseline: (v) => v === 'baseline (hand-written SQL)', throughput: 0.8, p95: 1.3 },
  {
    operation: 'performance',
    baseline: (v) => v.startsWith('baseline') && v.includes('trajectory_fact'),
    throughput: 0.8,
  },
];
/** The caseload page's JavaScript, gzipped. */
const PAGE_JAVASCRIPT_TARGET = 80_000;

/** The targets as rows: the app's throughput ÷ the baseline's and its p95 ÷ the baseline's, and whether each is met. */
function targetRows(results: Measurement[], web: ReturnType<typeof pageJavaScript>): string[] {
  const rows: string[] = [];
  for (const target of TARGETS) {
    const app = results.find((m) => m.operation === target.operation && m.variant === 'app' && m.requests > 0);
    const base = results.find((m) => m.operation === target.operation && target.baseline(m.variant));
    if (!app || !base) continue;
    const throughput = round(app.rps / base.rps, 2);
    const p95 = round(app.p95 / base.p95, 2);
    const met = throughput >= target.throughput && (target.p95 === undefined || p95 <= target.p95);
    rows.push(
      `| ${target.operation} | ${throughput} | ≥ ${target.throughput} | ${p95} | ${target.p95 === undefined ? '–' : `≤ ${target.p95}`} | ${met ? 'yes' : '**no**'} |`,
    );
  }
  if (web)
    rows.push(
      `| caseload page JavaScript (gzipped bytes) | ${web.gzipBytes.toLocaleString('en')} | < ${PAGE_JAVASCRIPT_TARGET.toLocaleString('en')} | | | ${web.gzipBytes < PAGE_JAVASCRIPT_TARGET ? 'yes' : '**no**'} |`,
    );
  return rows.length
    ? [
        '| target | throughput × baseline | target | p95 × baseline | target | met |',
        '|---|--:|--:|--:|--:|---|',
        ...rows,
      ]
    : [];
}

function markdown(report: {
  at: string;
  trajectories: number;
  connections: number;
  duration: number;
  load: number[];
  loadAtEnd: number[];
  results: Measurement[];
  web: ReturnType<typeof pageJavaScript>;
  notes: string[];
}): string {
  const f = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '–' : String(n));
  const lines = [
    `# Benchmark ${report.at.slice(0, 16).replace('T', ' ')} UTC — ${report.trajectories.toLocaleString('en')} trajectories`,
    '',
    `${report.connections} concurrent connections, ${report.duration} s per variant (variants timed in rounds A B … B A of half that, so a change in the machine's load weighs on each alike); load average (1/5/15 min) ${report.load.map((l) => l.toFixed(1)).join(' / ')} at the start, ${report.loadAtEnd.map((l) => l.toFixed(1)).join(' / ')} at the end, on ${cpus().length} cores. Ratios are against the baseline measured in the same run (p95 ÷ baseline p95; baseline req/s ÷ req/s).`,
    '',
    '| operation | variant | p50 ms | p95 ms | p99 ms | req/s | SQL/op | server CPU ms/op | errors | conflicts | p95 × baseline | req/s × baseline |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...report.results.map(
      (m) =>
        `| ${m.operation} | ${m.variant}${m.note ? ` (${m.note})` : ''} | ${f(m.p50)} | ${f(m.p95)} | ${f(m.p99)} | ${f(m.rps)} | ${f(m.statementsPerOp)} | ${f(m.cpuMsPerOp)} | ${m.errors} | ${m.conflicts} | ${f(m.p95Ratio)} | ${f(m.rpsRatio)} |`,
    ),
    '',
    report.web
      ? `Caseload page JavaScript (built portal): ${report.web.files} files, ${report.web.bytes.toLocaleString('en')} bytes, **${report.web.gzipBytes.toLocaleString('en')} bytes gzipped**; its language's messages beside it: ${messagesLine(report.web)}.`
      : 'Caseload page JavaScript: the portal was not built.',
    ...(report.notes.length ? ['', ...report.notes.map((n) => `- ${n}`)] : []),
    '',
    ...targetRows(report.results, report.web),
    '',
  ];
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
