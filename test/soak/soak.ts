import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { consortiumId as seedConsortium, providerId, type ProviderSlug } from '../../seeds/organisations.js';
import { areaId, municipalityId, picId } from '../../seeds/reference.js';
import { findProjectRoot } from '../../server/src/config.js';

const USAGE = `npm run soak [-- options]

Starts the real server (a child process) on a fresh embedded PostgreSQL in a temporary folder, on
loopback, and runs concurrent readers and writers across the demo accounts until the time or the
request budget is used up. Reports errors by code, latency percentiles per operation and the
server's memory over time. Exits 1 on any unexpected error (anything but a CONFLICT) or a clear
growth of the server's memory.

  --duration S    seconds to run (default 180)
  --requests N    requests at most (default 20000)
  --readers N     extra read-only users besides the ones of each role (default 6)
  --sample S      seconds between memory samples (default 5)
  --seed N        random seed (default 1)
  --out FILE      also write the report as JSON`;

// --- arguments --------------------------------------------------------------------------------

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].replace(/^--/, '').split(/=(.*)/s, 2);
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}\n\n${USAGE}`);
    args.set(name, inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true'));
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
if (args.has('help')) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: string, fallback: number) => {
  const n = Number(args.get(name) ?? fallback);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};
const DURATION_MS = num('duration', 180) * 1000;
const MAX_REQUESTS = num('requests', 20_000);
const EXTRA_READERS = num('readers', 6);
const SAMPLE_MS = num('sample', 5) * 1000;
let seed = num('seed', 1) || 1;

/** A small deterministic random generator (mulberry32). */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

// --- the server ---------------------------------------------------------------------------------

interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** VmRSS and VmHWM from /proc/<pid>/status. */
  procRss: number;
  procPeak: number;
}

interface ServerError {
  requestId?: string;
  message: string;
}

interface Server {
  url: string;
  child: ChildProcess;
  errorLines: ServerError[];
  memory(): Promise<MemorySample>;
  stop(): Promise<number | null>;
}

async function procStatus(pid: number): Promise<{ rss: number; peak: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function startServer(dataDir: string): Promise<Server> {
  const root = findProjectRoot();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'test/soak/server-child.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      NODE_ENV: '',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const errorLines: ServerError[] = [];
  const watch = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      // pino JSON lines: level 50 (error) and up are the server's own failures
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          requestId?: string;
          err?: { message?: string; query?: string };
        };
        // the statement that failed (never its parameters), to tell races apart
        const statement = entry.err?.query ? ` in "${entry.err.query.replace(/\s+/g, ' ').trim().slice(0, 90)}…"` : '';
        if ((entry.level ?? 0) >= 50)
          errorLines.push({
            requestId: entry.requestId,
            message: `${entry.msg}: ${entry.err?.message ?? ''}${statement}`.slice(0, 300),
          });
      } catch {
        // not a log line
      }
    });
  watch(child.stdout!);
  watch(child.stderr!);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 180 s')), 180_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /running at http:\/\/localhost:(\d+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(`the server exited (${code}) before it was ready: ${errorLines.map((e) => e.message).join('; ')}`),
      ),
    );
  });
  const memory = () =>
    new Promise<MemorySample>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no memory answer from the server')), 10_000);
      child.once('message', async (m: any) => {
        clearTimeout(timer);
        const proc = await procStatus(child.pid!);
        resolve({
          at: Date.now(),
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          procRss: proc.rss,
          procPeak: proc.peak,
        });
      });
      child.send('memory');
    });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', (code) => {
        clearTimeout(kill);
        resolve(code);
      });
      child.kill('SIGTERM');
    });
  return { url, child, errorLines, memory, stop };
}

// --- requests and what they answered ----------------------------------------------------------

interface OperationStats {
  latencies: number[];
  codes: Map<string, number>;
}

const stats = new Map<string, OperationStats>();
const unexpected: string[] = [];
/** The operation of each request that failed, by the request id the server logs it under. */
const failedRequests = new Map<string, string>();
let requests = 0;
let started = 0;
let stopping = false;

const budgetLeft = () => !stopping && requests < MAX_REQUESTS && Date.now() - started < DURATION_MS;

class Stop extends Error {}

interface Answer<T = any> {
  data?: T;
  codes: string[];
}

async function gql<T = any>(
  url: string,
  token: string | undefined,
  operation: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer<T>> {
  if (!budgetLeft()) throw new Stop();
  requests++;
  const s: OperationStats = stats.get(operation) ?? { latencies: [], codes: new Map<string, number>() };
  stats.set(operation, s);
  const t0 = performance.now();
  let codes: string[];
  let data: T | undefined;
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res
      .json()
      .catch(() => ({ errors: [{ extensions: { code: `HTTP_${res.status}_NOT_JSON` } }] }))) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    codes = body.errors?.length
      ? [...new Set(body.errors.map((e) => e.extensions?.code ?? 'NO_CODE'))]
      : res.status >= 400
        ? [`HTTP_${res.status}`]
        : [];
    if (res.status >= 500 && !codes.length) codes = [`HTTP_${res.status}`];
    data = body.data ?? undefined;
    for (const e of body.errors ?? []) {
      if (e.extensions?.code !== 'CONFLICT' && unexpected.length < 50)
        unexpected.push(`${operation}: ${e.extensions?.code} ${e.message.slice(0, 200)}`);
    }
    if (codes.some((c) => c !== 'CONFLICT')) failedRequests.set(res.headers.get('x-request-id') ?? '', operation);
  } catch (error) {
    codes = ['NETWORK'];
    if (unexpected.length < 50) unexpected.push(`${operation}: ${(error as Error).message}`);
  }
  s.latencies.push(performance.now() - t0);
  const key = codes.length ? codes.join('+') : 'OK';
  s.codes.set(key, (s.codes.get(key) ?? 0) + 1);
  return { data, codes };
}

// --- the operations -------------------------------------------------------------------------------

const Q = {
  login: `mutation($input: LoginInput!) { login(input: $input) { token } }`,
  caseload: `query($filter: TrajectoryFilter, $first: Int) { trajectories(filter: $filter, first: $first) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status lastActivityAt youth { id initials age } responsibleProvider { id name }
    referral { referredAt pic { tariffCents profile { code } } } } } } }`,
  page: `query($id: ID!) { trajectory(id: $id) { id status startedAt closedAt youth { id initials age birthDate } municipality { name } area { name }
    responsibleProvider { id name } referral { referredAt referrerType fundingVariant pic { tariffCents profile { id code name } intensity { code } } }
    familyPlan { id version question context goals { id kind description targetDate } history { version changedAt changedByName } }
    helpPlan { id version effortDescription endDate goals { id description contributesTo { id } } }
    expertiseRequests { id status mode relation provider { id name } requestedBy { id name } }
    timeline { id kind at actorName detail } outcome { id version endReasonCode } } }`,
  createReferral: `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status familyPlan { id version } } }`,
  accept: `mutation($id: ID!) { acceptReferral(trajectoryId: $id) { id status helpPlan { id version } } }`,
  familyPlan: `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { id version } }`,
  helpPlan: `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { id version goals { id } } }`,
  eligible: `query($id: ID!) { eligibleExpertiseProviders(trajectoryId: $id) { relation provider { id name } } }`,
  requestExpertise: `mutation($input: RequestExpertiseInput!) { requestExpertise(input: $input) { id status } }`,
  inbox: `{ expertiseRequestsInbox { id status mode question trajectoryId provider { id } } }`,
  respond: `mutation($input: RespondToExpertiseRequestInput!) { respondToExpertiseRequest(input: $input) { id status } }`,
  submitOutcome: `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id version dropout } }`,
  close: `mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { id status closedAt } }`,
  performance: `query($id: ID!, $from: Date!, $to: Date!) { consortiumPerformance(consortiumId: $id, from: $from, to: $to) {
    figures { trajectoriesClosed goalRealisationRate satisfactionYouthAvg satisfactionParentAvg dropoutRate averageCostCents }
    byProvider { provider { id name } figures { trajectoriesClosed goalRealisationRate dropoutRate } } } }`,
  organisations: `{ providers { id name agbCode consortia { role consortium { id name } } } consortia { id name lead { id name } members { role provider { id } } } }`,
};

type Client = <T = any>(operation: string, query: string, variables?: Record<string, unknown>) => Promise<Answer<T>>;

/** Which providers each referrer sends to, with a profile the provider can get expertise for. */
const REFERRALS: Record<string, { municipality: string; area: string; to: { slug: ProviderSlug; profile: string }[] }> =
  {
    'lokaalteam@denhaag.example': {
      municipality: municipalityId('0518'),
      area: areaId('0518', 'Escamp'),
      to: [
        { slug: 'jeugdformaat', profile: 'P02' },
        { slug: 'parnassia', profile: 'P02' },
        { slug: 'mentaalcure', profile: 'P06' },
        { slug: 'incluzio', profile: 'P01' },
      ],
    },
    'lokaalteam@delft.example': {
      municipality: municipalityId('0503'),
      area: areaId('0503', 'Tanthof'),
      to: [
        { slug: 'jeugdformaat', profile: 'P02' },
        { slug: 'incluzio', profile: 'P05' },
      ],
    },
  };

const initials = () =>
  `${String.fromCharCode(65 + Math.floor(random() * 26))}.${String.fromCharCode(65 + Math.floor(random() * 26))}.`;

/** A referrer: refers, reads its municipality's caseload and trajectory pages, edits family plans. */
async function referrer(client: Client, email: string): Promise<void> {
  const setup = REFERRALS[email];
  let seen: string[] = [];
  for (;;) {
    const r = random();
    if (r < 0.3) {
      const target = pick(setup.to);
      await client('createReferral', Q.createReferral, {
        input: {
          youthInitials: initials(),
          youthBirthDate: `20${10 + Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
          municipalityId: setup.municipality,
          areaId: setup.area,
          referrerType: 'LOCAL_TEAM',
          picId: picId(target.profile, pick(['KL', 'KH', 'LL']), '2024'),
          providerId: providerId(target.slug),
          question: 'Zorgen over ontwikkeling en school.',
          context: 'Gezin met twee kinderen.',
          goals: [
            { kind: 'SOCIETAL', description: 'Gaat naar school' },
            { kind: 'SOCIETAL', description: 'Rust in het gezin' },
          ],
        },
      });
    } else if (r < 0.55 || !seen.length) {
      const list = await client('caseload', Q.caseload, {
        first: 20,
        filter: random() < 0.5 ? { status: 'ACTIVE' } : {},
      });
      seen = list.data?.trajectories.edges.map((e: any) => e.node.id) ?? seen;
    } else if (r < 0.85) {
      await client('trajectoryPage', Q.page, { id: pick(seen) });
    } else {
      // edit the family plan: read its version, then save; the responsible provider may save in between (CONFLICT)
      const page = await client('trajectoryPage', Q.page, { id: pick(seen) });
      const plan = page.data?.trajectory?.familyPlan;
      if (plan)
        await client('updateFamilyPlan', Q.familyPlan, {
          input: { id: plan.id, version: plan.version, context: `Bijgewerkt ${new Date().toISOString()}` },
        });
    }
  }
}

/** Providers whose inbox a user of the soak answers: expertise is asked only of them, or requests would wait forever. */
const ANSWERING = new Set(
  (
    [
      'duinzicht',
      'ypenburg',
      'brugwachter',
      'haagsehout',
      'delfland',
      'jeugdformaat',
      'incluzio',
      'parnassia',
      'mentaalcure',
    ] as ProviderSlug[]
  ).map(providerId),
);

/** Answers one waiting request of the inbox, if any; false when the inbox is empty. */
async function answerInbox(client: Client): Promise<boolean> {
  const inbox = await client('inbox', Q.inbox);
  const open = (inbox.data?.expertiseRequestsInbox ?? []).filter((e: any) => e.status === 'REQUESTED');
  if (!open.length) return false;
  const request = pick(open) as any;
  const accept = random() < 0.85;
  const answered = await client('respondToExpertise', Q.respond, {
    input: { id: request.id, accept, reason: accept ? null : 'Geen capaciteit deze maand.' },
  });
  if (answered.data && accept) await client('trajectoryPage', Q.page, { id: request.trajectoryId });
  return true;
}

/** A responsible provider: accepts referrals, writes help plans, asks expertise, reports outcomes and closes. */
async function provider(client: Client, answersInbox: boolean): Promise<void> {
  /** Trajectories this user accepted, and what happened to them since. */
  const mine = new Map<string, { goals: string[]; requested: boolean }>();
  let seen: string[] = [];
  for (;;) {
    const r = random();
    const ready = [...mine].filter(([, t]) => t.goals.length);
    if (r < 0.2) {
      const list = await client('caseload', Q.caseload, {
        first: 20,
        filter: { status: 'REFERRED', involvement: 'RESPONSIBLE' },
      });
      const referred: string[] = list.data?.trajectories.edges.map((e: any) => e.node.id) ?? [];
      if (referred.length) {
        const id = pick(referred);
        const accepted = await client('acceptReferral', Q.accept, { id });
        if (accepted.data) mine.set(id, { goals: [], requested: false });
      }
    } else if (r < 0.3 && [...mine.values()].some((t) => !t.goals.length)) {
      const [id] = [...mine].find(([, t]) => !t.goals.length)!;
      const page = await client('trajectoryPage', Q.page, { id });
      const t = page.data?.trajectory;
      if (!t?.helpPlan) continue;
      const saved = await client('updateHelpPlan', Q.helpPlan, {
        input: {
          trajectoryId: id,
          version: t.helpPlan.version,
          effortDescription: 'Wekelijks gesprek en gezinsbegeleiding',
          goals: [
            { kind: 'TREATMENT', description: 'Klachten nemen af', contributesToGoalId: t.familyPlan.goals[0]?.id },
            { kind: 'TREATMENT', description: 'Ouders voelen zich gesteund' },
          ],
        },
      });
      if (saved.data) mine.get(id)!.goals = saved.data.updateHelpPlan.goals.map((g: any) => g.id);
    } else if (r < 0.38 && ready.some(([, t]) => !t.requested)) {
      const [id, t] = pick(ready.filter(([, x]) => !x.requested));
      const options = await client('eligibleExpertise', Q.eligible, { id });
      const answering: { provider: { id: string } }[] = (options.data?.eligibleExpertiseProviders ?? []).filter(
        (e: any) => ANSWERING.has(e.provider.id),
      );
      const to = answering.length ? pick(answering) : undefined;
      if (to) {
        const asked = await client('requestExpertise', Q.requestExpertise, {
          input: {
            trajectoryId: id,
            providerId: to.provider.id,
            mode: pick(['CONSULTATION', 'CO_TREATMENT']),
            question: 'Kunnen jullie meedenken?',
          },
        });
        if (asked.data) t.requested = true;
      }
    } else if (r < 0.46 && ready.length) {
      // outcome and close, once no request waits for an answer (closing would withdraw it under the receiver's hands)
      const [id, t] = pick(ready);
      const page = await client('trajectoryPage', Q.page, { id });
      if (page.data?.trajectory?.expertiseRequests.some((e: any) => e.status === 'REQUESTED')) continue;
      const outcome = await client('submitOutcome', Q.submitOutcome, {
        input: {
          trajectoryId: id,
          goalResults: t.goals.map((goalId) => ({
            goalId,
            realisation: pick(['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED']),
          })),
          satisfaction: [
            { informant: 'YOUTH', score: 1 + Math.floor(random() * 10) },
            { informant: 'PARENT', score: random() < 0.2 ? null : 7 },
          ],
          continuation: pick(['NONE', 'LIGHTER', 'SAME_OR_HEAVIER']),
          endReasonCode: pick(['31', '31', '34', '32']),
        },
      });
      if (outcome.data) {
        await client('closeTrajectory', Q.close, { id });
        mine.delete(id);
      }
    } else if (r < 0.5 && answersInbox) {
      await answerInbox(client);
    } else if (r < 0.58 && seen.length) {
      // the responsible provider edits the family plan too: against the referrer's edits, a CONFLICT is expected
      const page = await client('trajectoryPage', Q.page, { id: pick([...mine.keys(), ...seen.slice(0, 3)]) });
      const t = page.data?.trajectory;
      if (t?.familyPlan && t.status !== 'CLOSED' && t.status !== 'CANCELLED' && mine.has(t.id)) {
        await client('updateFamilyPlan', Q.familyPlan, {
          input: {
            id: t.familyPlan.id,
            version: t.familyPlan.version,
            question: `Hulpvraag aangescherpt ${Date.now()}`,
          },
        });
      }
    } else if (r < 0.75 || !seen.length) {
      const list = await client('caseload', Q.caseload, {
        first: 20,
        filter: random() < 0.5 ? { involvement: 'RESPONSIBLE' } : {},
      });
      seen = list.data?.trajectories.edges.map((e: any) => e.node.id) ?? seen;
    } else {
      await client('trajectoryPage', Q.page, { id: pick(seen) });
    }
  }
}

/** A provider that receives expertise requests: answers its inbox, then looks at the family. */
async function receiver(client: Client): Promise<void> {
  for (;;) {
    if (!(await answerInbox(client))) {
      const list = await client('caseload', Q.caseload, { first: 20, filter: { involvement: 'EXPERTISE' } });
      const ids = list.data?.trajectories.edges.map((e: any) => e.node.id) ?? [];
      if (ids.length) await client('trajectoryPage', Q.page, { id: pick(ids) });
    }
  }
}

/** A contract manager (aggregates only) or the region (organisations). */
async function overseer(client: Client, kind: 'performance' | 'organisations'): Promise<void> {
  const year = new Date().getUTCFullYear();
  for (;;) {
    if (kind === 'organisations') await client('organisations', Q.organisations);
    else
      await client('consortiumPerformance', Q.performance, {
        id: pick([seedConsortium('rondomjou'), seedConsortium('krachtvoorjeugd')]),
        from: `${year - 1}-01-01`,
        to: `${year - 1}-12-31`,
      });
  }
}

/** A reader only: caseload pages and trajectory pages. */
async function reader(client: Client): Promise<void> {
  let seen: string[] = [];
  for (;;) {
    if (random() < 0.4 || !seen.length) {
      const list = await client('caseload', Q.caseload, { first: pick([10, 20, 50]) });
      seen = list.data?.trajectories.edges.map((e: any) => e.node.id) ?? seen;
    } else {
      await client('trajectoryPage', Q.page, { id: pick(seen) });
    }
  }
}

// --- the report -----------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Least-squares slope (bytes per minute) and R² of a series over time. */
function trend(samples: MemorySample[], key: 'heapUsed' | 'rss'): { slopePerMinute: number; r2: number } {
  const xs = samples.map((s) => (s.at - samples[0].at) / 60_000);
  const ys = samples.map((s) => s[key]);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const syy = ys.reduce((a, y) => a + (y - my) ** 2, 0);
  const slope = sxx ? sxy / sxx : 0;
  return { slopePerMinute: slope, r2: sxx && syy ? (sxy * sxy) / (sxx * syy) : 0 };
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'samenspel-soak-'));
  let server: Server | undefined;
  const interrupt = () => {
    stopping = true;
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    console.log(`Starting the server on a fresh embedded PostgreSQL in ${dataDir} …`);
    const t0 = Date.now();
    server = await startServer(dataDir);
    console.log(`ready at ${server.url} after ${Math.round((Date.now() - t0) / 1000)} s; pid ${server.child.pid}`);
    const url = server.url;

    const accounts = [
      ...Object.keys(REFERRALS),
      'staff@jeugdformaat.example',
      'staff@parnassia.example',
      'staff@incluzio.example',
      'staff@mentaalcure.example',
      'staff@duinzicht.example',
      'staff@ypenburg.example',
      'staff@brugwachter.example',
      'staff@haagsehout.example',
      'staff@delfland.example',
      'contractmanager@denhaag.example',
      'contractmanager@delft.example',
      'admin@h10.example',
      'admin@jeugdformaat.example',
      'admin@incluzio.example',
    ];
    const tokens = new Map<string, string>();
    started = Date.now();
    for (const email of accounts) {
      const r = await gql(url, undefined, 'login', Q.login, { input: { email, password: 'samenspel-demo' } });
      if (!r.data) throw new Error(`could not sign in ${email}: ${r.codes.join(', ')}`);
      tokens.set(email, r.data.login.token);
    }
    const clientOf =
      (email: string): Client =>
      (operation, query, variables) =>
        gql(url, tokens.get(email), operation, query, variables);

    const samples: MemorySample[] = [await server.memory()];
    const sampler = setInterval(() => {
      server!.memory().then(
        (s) => samples.push(s),
        () => undefined,
      );
    }, SAMPLE_MS);

    const users: Promise<void>[] = [
      ...Object.keys(REFERRALS).map((email) => referrer(clientOf(email), email)),
      // one user per organisation answers its inbox: two would race for the same request
      provider(clientOf('staff@jeugdformaat.example'), false),
      provider(clientOf('staff@incluzio.example'), false),
      provider(clientOf('staff@parnassia.example'), true),
      provider(clientOf('staff@mentaalcure.example'), true),
      ...[
        'staff@duinzicht.example',
        'staff@ypenburg.example',
        'staff@brugwachter.example',
        'staff@haagsehout.example',
        'staff@delfland.example',
        'admin@jeugdformaat.example',
        'admin@incluzio.example',
      ].map((email) => receiver(clientOf(email))),
      overseer(clientOf('contractmanager@denhaag.example'), 'performance'),
      overseer(clientOf('contractmanager@delft.example'), 'performance'),
      overseer(clientOf('admin@h10.example'), 'organisations'),
      ...Array.from({ length: EXTRA_READERS }, () =>
        reader(
          clientOf(
            pick([
              'staff@jeugdformaat.example',
              'staff@incluzio.example',
              'lokaalteam@denhaag.example',
              'staff@parnassia.example',
            ]),
          ),
        ),
      ),
    ].map((u) =>
      u.catch((error) => {
        if (!(error instanceof Stop))
          unexpected.push(`a user stopped: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`);
      }),
    );
    console.log(`${users.length} concurrent users for ${DURATION_MS / 1000} s or ${MAX_REQUESTS} requests …`);
    const progress = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      console.log(
        `  ${s} s: ${requests} requests, ${Math.round(requests / Math.max(1, s))}/s, heap ${mb(samples.at(-1)!.heapUsed)} MB, rss ${mb(samples.at(-1)!.procRss)} MB`,
      );
    }, 30_000);
    await Promise.all(users);
    const elapsed = Date.now() - started;
    clearInterval(progress);
    clearInterval(sampler);
    samples.push(await server.memory());

    // --- report
    const operations = [...stats]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, s]) => {
        const sorted = [...s.latencies].sort((a, b) => a - b);
        return {
          operation: name,
          count: sorted.length,
          p50: Math.round(percentile(sorted, 50)),
          p90: Math.round(percentile(sorted, 90)),
          p99: Math.round(percentile(sorted, 99)),
          max: Math.round(sorted.at(-1) ?? NaN),
          codes: Object.fromEntries(s.codes),
        };
      });
    const codeTotals = new Map<string, number>();
    for (const o of operations)
      for (const [code, n] of Object.entries(o.codes)) codeTotals.set(code, (codeTotals.get(code) ?? 0) + n);
    const unexpectedCount = [...codeTotals]
      .filter(([code]) => code !== 'OK' && code !== 'CONFLICT')
      .reduce((n, [, c]) => n + c, 0);

    // memory: the first fifth is warm-up (pools fill, code is compiled); the trend is over the rest
    const settled = samples.slice(Math.floor(samples.length / 5));
    const heapTrend = trend(settled, 'heapUsed');
    const rssTrend = trend(settled, 'rss');
    const heapGrowth = settled.at(-1)!.heapUsed - settled[0].heapUsed;
    const growing =
      settled.length >= 5 && heapTrend.r2 > 0.6 && heapGrowth > Math.max(16 * 1024 * 1024, 0.25 * settled[0].heapUsed);

    console.log(
      `\nSoak: ${requests} requests in ${Math.round(elapsed / 1000)} s (${Math.round(requests / (elapsed / 1000))}/s), ${users.length} concurrent users\n`,
    );
    console.log('operation               count    p50    p90    p99    max (ms)  answers');
    for (const o of operations) {
      console.log(
        `${o.operation.padEnd(22)} ${String(o.count).padStart(6)} ${String(o.p50).padStart(6)} ${String(o.p90).padStart(6)} ${String(o.p99).padStart(6)} ${String(o.max).padStart(6)}  ${Object.entries(
          o.codes,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    }
    console.log(`\nanswers: ${[...codeTotals].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(
      `unexpected errors: ${unexpectedCount}${server.errorLines.length ? `; server error log lines: ${server.errorLines.length}` : ''}`,
    );
    for (const u of [...new Set(unexpected)].slice(0, 20)) console.log(`  answer: ${u}`);
    const serverErrors = new Map<string, number>();
    for (const e of server.errorLines) {
      const key = `${failedRequests.get(e.requestId ?? '') ?? 'unknown operation'}: ${e.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')}`;
      serverErrors.set(key, (serverErrors.get(key) ?? 0) + 1);
    }
    for (const [key, n] of serverErrors) console.log(`  server log, ${n}×: ${key}`);
    const first = samples[0];
    const last = samples.at(-1)!;
    console.log(`\nserver memory (after a full GC; ${samples.length} samples every ${SAMPLE_MS / 1000} s):`);
    console.log(`  start: rss ${mb(first.procRss)} MB, heap ${mb(first.heapUsed)} MB of ${mb(first.heapTotal)} MB`);
    console.log(
      `  end:   rss ${mb(last.procRss)} MB, heap ${mb(last.heapUsed)} MB of ${mb(last.heapTotal)} MB, peak rss ${mb(last.procPeak)} MB`,
    );
    console.log(`  heap over time (MB): ${samples.map((s) => mb(s.heapUsed)).join(' ')}`);
    console.log(`  rss over time (MB):  ${samples.map((s) => mb(s.procRss)).join(' ')}`);
    console.log(
      `  trend after warm-up: heap ${mb(heapTrend.slopePerMinute) >= 0 ? '+' : ''}${mb(heapTrend.slopePerMinute)} MB/min (R² ${heapTrend.r2.toFixed(2)}), rss ${mb(rssTrend.slopePerMinute) >= 0 ? '+' : ''}${mb(rssTrend.slopePerMinute)} MB/min (R² ${rssTrend.r2.toFixed(2)}) → ${growing ? 'GROWING' : 'no growth trend'}`,
    );

    const exitCode = await server.stop();
    server = undefined;
    console.log(`server stopped (exit code ${exitCode})`);
    const ok = unexpectedCount === 0 && unexpected.length === 0 && server === undefined && !growing && exitCode === 0;
    if (args.get('out')) {
      await writeFile(
        args.get('out')!,
        `${JSON.stringify({ at: new Date().toISOString(), requests, seconds: Math.round(elapsed / 1000), users: users.length, operations, answers: Object.fromEntries(codeTotals), unexpected, serverErrors: Object.fromEntries(serverErrors), memory: { samples, heapTrend, rssTrend, growing }, ok }, null, 2)}\n`,
      );
    }
    console.log(ok ? '\nPASS' : '\nFAIL');
    return ok ? 0 : 1;
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
