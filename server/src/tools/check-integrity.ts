import pg from 'pg';
import { loadConfig } from '../config.js';
import { databaseName } from '../db/database.js';
import { CHECK_KEYS, checkIntegrity, type CheckResult } from './integrity.js';
import { optionValue, parseArgs, runTool, toolDatabase } from './tool-database.js';

const USAGE = `npm run check-integrity [-- options]

Checks the rules of domain.md over a whole database, as the table owner, and lists every violation
by id (no personal data). Exits 0 when there is none, 1 when there is any, 2 when it cannot check.
The database is left as it was (the facts are recomputed in transactions that are rolled back).

  --database-url URL   PostgreSQL as the table owner (default: DATABASE_URL, else the embedded
                       database in DATA_DIR, .data/, as npm start uses it; running or not)
  --limit N            violations listed per check (default 50; all are counted)
  --only KEY[,KEY]     only these checks: ${CHECK_KEYS.join(', ')}
  --json               the results as JSON`;

function print(results: CheckResult[], where: string): void {
  const failed = results.filter((r) => r.total > 0);
  console.log(`Integrity of ${where}\n`);
  for (const r of results) {
    console.log(
      `${r.total ? '✗' : '✓'} ${r.rule} · ${r.title} (${r.key}, ${r.ms} ms)${r.total ? `: ${r.total} violation${r.total === 1 ? '' : 's'}` : ''}`,
    );
    for (const v of r.violations) console.log(`    ${v.kind} ${v.id} ${v.detail}`);
    if (r.total > r.violations.length) console.log(`    … and ${r.total - r.violations.length} more`);
  }
  const total = failed.reduce((n, r) => n + r.total, 0);
  console.log(
    `\n${failed.length ? `${total} violation${total === 1 ? '' : 's'} in ${failed.length} of ${results.length} checks` : `no violations (${results.length} checks)`}`,
  );
}

async function main(): Promise<number> {
  const { options: args, words } = parseArgs(process.argv.slice(2), USAGE);
  if (words.length) throw new Error(`unexpected argument "${words[0]}"\n\n${USAGE}`);
  if (args.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const only = optionValue(args, 'only')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((k) => !CHECK_KEYS.includes(k));
  if (unknown?.length)
    throw new Error(`unknown check(s) ${unknown.join(', ')}; the checks are ${CHECK_KEYS.join(', ')}`);
  const limit = Number(optionValue(args, 'limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 0) throw new Error('--limit must be a whole number');

  const given = optionValue(args, 'database-url') ?? config.databaseUrl;
  const target = await toolDatabase(given, config.dataDir);
  const client = new pg.Client({ connectionString: target.url, application_name: 'samenspel-check-integrity' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ migrated: boolean }>(
      `SELECT to_regclass('public.trajectory') IS NOT NULL AND to_regclass('public.trajectory_fact') IS NOT NULL AS migrated`,
    );
    if (!rows[0].migrated)
      throw new Error(
        `database ${databaseName(target.url)} has no Samenspel tables: it is not migrated (npm start migrates it)`,
      );
    const results = await checkIntegrity(client, { limit, only });
    const url = new URL(target.url);
    if (args.has('json')) console.log(JSON.stringify({ database: databaseName(target.url), results }, null, 2));
    else
      print(
        results,
        `database ${databaseName(target.url)} on ${url.hostname}:${url.port || 5432}${given ? '' : ` (embedded, ${config.dataDir})`}`,
      );
    return results.some((r) => r.total > 0) ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await target.stop();
  }
}

runTool('check-integrity', main);
