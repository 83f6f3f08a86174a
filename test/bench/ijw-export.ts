import { createHash } from 'node:crypto';
import pg from 'pg';
import 'reflect-metadata';
import { seedIjwDemo } from '../../seeds/ijw.js';
import { BsnVault } from '../../server/src/core/bsn/vault.js';
import { createLogger } from '../../server/src/core/logging/logger.js';
import { JobQueue } from '../../server/src/core/jobs/job-queue.js';
import { createDataSource } from '../../server/src/db/database.js';
import { IjwMessageType } from '../../server/src/modules/ijw/ijw.codes.js';
import { adminSessions } from '../../server/src/tools/provider-admin-session.js';
import { openBenchDatabase, parseArgs, stringArg } from './database.js';

const USAGE = `npm run bench -- --only ijwExport   (or: tsx test/bench/ijw-export.ts [options])

Exports one month of JW305 (start of care) and JW307 (end of care) for one municipality, as every
provider with an administrator would (npm run ijw -- export), and reports the time and the peak memory
of the exporting process. Each provider's batch is rolled back, so the scenario can be run again.
Youths without a sealed BSN get an invented one first (not measured; once per database).

  --database-url URL   the database, as the table owner (default: the embedded bench database)
  --data-dir DIR       embedded PostgreSQL folder of the bench database
  --municipality CBS   default 0518 (Den Haag)
  --month YYYY-MM      default: the last complete month
  --json               the result as one JSON line (for npm run bench)`;

/** Invented BSNs only: a fixed key, so the identities sealed once stay readable in later runs. */
const BENCH_BSN_KEY = createHash('sha256').update('samenspel-bench-bsn-key').digest();

export interface IjwExportResult {
  municipality: string;
  month: string;
  providers: number;
  messages: Record<string, number>;
  bytes: number;
  ms: number;
  /** Resident set size of the exporting process: before the exports, and its high-water mark after. */
  rssBeforeMb: number;
  peakRssMb: number;
  peakHeapMb: number;
}

function lastCompleteMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) return void console.log(USAGE);
  const cbs = stringArg(args, 'municipality') ?? '0518';
  const month = stringArg(args, 'month') ?? lastCompleteMonth();
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('--month is YYYY-MM');
  const [year, m] = month.split('-').map(Number);
  const to = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openBenchDatabase({
    databaseUrl: stringArg(args, 'database-url'),
    dataDir: stringArg(args, 'data-dir'),
  });
  const dataSource = createDataSource({ url: db.appUrl, poolSize: 1, logger });
  const jobs = new JobQueue(db.appUrl, logger, 1);
  try {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    let senders: { agb: string }[];
    let municipalityId: string;
    try {
      await admin.query('BEGIN');
      await seedIjwDemo(admin, BENCH_BSN_KEY);
      await admin.query('COMMIT');
      municipalityId = (await admin.query(`SELECT id FROM municipality WHERE cbs_code = $1`, [cbs])).rows[0]?.id;
      if (!municipalityId) throw new Error(`no municipality has CBS code ${cbs}`);
      senders = (
        await admin.query<{ agb: string }>(
          `SELECT DISTINCT p.agb_code AS agb FROM provider p JOIN app_user u ON u.provider_id = p.id
            WHERE u.active AND 'PROVIDER_ADMIN' = ANY (u.roles) ORDER BY 1`,
        )
      ).rows;
    } finally {
      await admin.end();
    }
    await dataSource.initialize();
    await jobs.start();
    const session = adminSessions(dataSource, new BsnVault(BENCH_BSN_KEY), jobs, 'bench-ijw-export');

    const messages: Record<string, number> = { JW305: 0, JW307: 0 };
    let bytes = 0;
    let peakHeap = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const started = process.hrtime.bigint();
    for (const { agb } of senders) {
      const { db: tx, services } = await session(agb, undefined);
      try {
        for (const type of [IjwMessageType.JW305, IjwMessageType.JW307]) {
          await services.ijwExport.export(type, municipalityId, {
            from: `${month}-01`,
            to,
            onMessage: async (_message, xml) => {
              messages[type]++;
              bytes += Buffer.byteLength(xml);
              peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
            },
          });
        }
      } finally {
        await tx.end(false); // measured, not sent: the next run exports the same month again
      }
    }
    const mb = (n: number) => Math.round(n / 1e5) / 10;
    const result: IjwExportResult = {
      municipality: cbs,
      month,
      providers: senders.length,
      messages,
      bytes,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      peakHeapMb: mb(peakHeap),
    };
    if (args.has('json')) console.log(JSON.stringify(result));
    else
      console.log(
        `iJw export of ${month} for ${cbs}: ${messages.JW305} JW305 and ${messages.JW307} JW307 from ${senders.length} providers, ${bytes.toLocaleString('en')} bytes in ${result.ms} ms; peak RSS ${result.peakRssMb} MB (${result.rssBeforeMb} MB before), peak heap ${result.peakHeapMb} MB`,
      );
  } finally {
    await jobs.stop().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
