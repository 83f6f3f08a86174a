import pg from 'pg';
import { loadConfig } from '../config.js';
import { databaseName } from '../db/database.js';
import { eraseRecordsPastRetention, RETENTION_YEARS } from '../modules/family-rights/retention.js';
import { optionValue, parseArgs, runTool, toolDatabase } from './tool-database.js';

const USAGE = `npm run retention [-- options]

Erases the personal data of every youth whose newest record is older than ${RETENTION_YEARS} years
(Jeugdwet art. 7.3.10), as the table owner, and lists the youths it erased by id. Safe to repeat;
the server also runs it every night. Youths with an open trajectory are kept (legal hold) and listed.
Exits 0, or 2 when it cannot run.

  --database-url URL   PostgreSQL as the table owner (default: DATABASE_URL, else the embedded
                       database in DATA_DIR, .data/, as npm start uses it; running or not)`;

async function main(): Promise<number> {
  const { options: args, words } = parseArgs(process.argv.slice(2), USAGE);
  if (words.length) throw new Error(`unexpected argument "${words[0]}"\n\n${USAGE}`);
  if (args.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const given = optionValue(args, 'database-url') ?? config.databaseUrl;
  const target = await toolDatabase(given, config.dataDir);
  const client = new pg.Client({ connectionString: target.url, application_name: 'samenspel-retention' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const report = await eraseRecordsPastRetention(async (sql) => (await client.query(sql)).rows);
    console.log(`Retention run on database ${databaseName(target.url)}, ${new Date().toISOString()}`);
    console.log(`erased ${report.erased.length} youth${report.erased.length === 1 ? '' : 's'}`);
    for (const id of report.erased) console.log(`    erased ${id}`);
    if (report.held.length) console.log(`kept ${report.held.length} past the period under a legal hold`);
    for (const id of report.held) console.log(`    legal hold ${id}`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
    await target.stop();
  }
}

runTool('retention', main);
