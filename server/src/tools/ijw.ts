import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import 'reflect-metadata';
import { bsnKeyOf, loadConfig } from '../config.js';
import { JobQueue } from '../core/jobs/job-queue.js';
import { BsnVault } from '../core/bsn/vault.js';
import { DomainError } from '../core/errors/errors.js';
import { createLogger } from '../core/logging/logger.js';
import {
  APP_ROLE,
  createDataSource,
  derivedAppPassword,
  ensureAppRole,
  migrationsApplied,
  withCredentials,
} from '../db/database.js';
import { RequestDb } from '../db/request-db.js';
import { EXPORTED_TYPES, IjwMessageType } from '../modules/ijw/ijw.codes.js';
import { addresseeOf } from '../modules/ijw/ijw-import.service.js';
import { adminSessions, type AdminSession } from './provider-admin-session.js';
import { optionValue, parseArgs, toolDatabase } from './tool-database.js';

const USAGE = `npm run ijw -- export --type TYPE --municipality CBS --out DIR [options]
npm run ijw -- import FILE [options]

Exchanges iJw messages through files, for providers whose own message gateway sends and receives
them. It acts as a PROVIDER_ADMIN account of the provider (the access log names it), exactly as the
portal's Berichtenverkeer does.

export  writes the next batch of one type (${EXPORTED_TYPES.join(', ')}) for one municipality (its
        CBS code, e.g. 0518) to DIR, one file per message: every event not sent yet, none twice.
        The files appear when the batch is stored, all together or not at all.
  --provider AGB     the sending provider (default: the provider of --as; else every provider
                     with an administrator account)
  --from DAY, --to DAY  only events on these days (YYYY-MM-DD), e.g. from the day the provider
                     started exchanging through Samenspel
import  reads a message from the municipality: a JW301 assignment (its JW302 retour is written next
        to FILE, or to --out DIR), a JW319 answer (JW320 likewise) or a retour on a sent message.
  --as EMAIL         the administrator account to act as (default: the first of the provider
                     the message is for)
  --database-url URL PostgreSQL as the table owner (default: DATABASE_URL, else the embedded
                     database in DATA_DIR, running or not)

The BSN key is read as the server reads it (BSN_KEY_FILE, default bsn.key in DATA_DIR).
Exits 0 when done, 1 when a message or request is refused, 2 when it cannot run.`;

async function main(): Promise<number> {
  const { options, words } = parseArgs(process.argv.slice(2), USAGE);
  const [command, file, ...rest] = words;
  if (options.has('help') || !command) {
    console.log(USAGE);
    return options.has('help') ? 0 : 2;
  }
  if (rest.length) throw new Error(`unexpected argument "${rest[0]}"\n\n${USAGE}`);
  const config = loadConfig();
  const given = optionValue(options, 'database-url') ?? config.databaseUrl;
  const vault = new BsnVault(bsnKeyOf({ ...config, databaseUrl: given }));
  const target = await toolDatabase(given, config.dataDir);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const appPassword = config.appDatabasePassword ?? derivedAppPassword(target.url);
  const appUrl = withCredentials(target.url, APP_ROLE, appPassword);
  const dataSource = createDataSource({ url: appUrl, poolSize: 1, logger });
  const jobs = new JobQueue(appUrl, logger, 1);
  try {
    await ensureAppRole(target.url, appPassword);
    await dataSource.initialize();
    if (!(await migrationsApplied(dataSource))) throw new Error('the database is not up to date: start Samenspel once');
    await jobs.start();
    const session = adminSessions(dataSource, vault, jobs, 'ijw-cli');
    if (command === 'export') return await exportBatch(options, session, new RequestDb(dataSource));
    if (command === 'import' && file) return await importFile(resolve(file), options, session);
    throw new Error(`say export or import FILE\n\n${USAGE}`);
  } finally {
    await jobs.stop().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await target.stop();
  }
}

async function exportBatch(
  options: Map<string, string | true>,
  session: (agb: string | undefined, email: string | undefined) => Promise<AdminSession>,
  lookup: RequestDb,
): Promise<number> {
  const type = optionValue(options, 'type') as IjwMessageType;
  const cbs = optionValue(options, 'municipality');
  const out = optionValue(options, 'out');
  if (!type || !cbs || !out) throw new Error(`export needs --type, --municipality and --out\n\n${USAGE}`);
  const email = optionValue(options, 'as');
  const municipality = await lookup.one<{ id: string }>(`SELECT id FROM municipality WHERE cbs_code = $1`, [cbs]);
  if (!municipality) throw new DomainError('BAD_USER_INPUT', `no municipality of the region has CBS code ${cbs}`);
  // the providers that send: the one named, the one of the account, or every one with an administrator
  const senders = await lookup.query<{ agb: string }>(
    `SELECT DISTINCT p.agb_code AS agb FROM provider p JOIN app_user u ON u.provider_id = p.id
      WHERE u.active AND 'PROVIDER_ADMIN' = ANY (u.roles) AND ($1::text IS NULL OR p.agb_code = $1)
        AND ($2::text IS NULL OR lower(u.email) = lower($2)) ORDER BY 1`,
    [optionValue(options, 'provider') ?? null, email ?? null],
  );
  await lookup.end(false);
  let written = 0;
  for (const { agb } of senders) {
    const { db, services } = await session(agb, email);
    // written aside while the batch is built, moved into DIR once it is stored: all files or none
    const partial = join(resolve(out), `.${type}-${agb}-${process.pid}.partial`);
    mkdirSync(partial, { recursive: true });
    const names: string[] = [];
    try {
      await services.ijwExport.export(type, municipality.id, {
        from: optionValue(options, 'from'),
        to: optionValue(options, 'to'),
        onMessage: async (message, xml) => {
          writeFileSync(join(partial, message.fileName), xml, { mode: 0o600 });
          names.push(message.fileName);
        },
      });
      await db.end(true);
    } catch (error) {
      await db.end(false);
      rmSync(partial, { recursive: true, force: true });
      throw error;
    }
    for (const name of names) renameSync(join(partial, name), join(resolve(out), name));
    rmSync(partial, { recursive: true, force: true });
    console.log(`${type} for ${cbs} from ${agb}: ${names.length} message${names.length === 1 ? '' : 's'}`);
    written += names.length;
  }
  console.log(`${written} file${written === 1 ? '' : 's'} written to ${resolve(out)}`);
  return 0;
}

async function importFile(
  path: string,
  options: Map<string, string | true>,
  session: (agb: string | undefined, email: string | undefined) => Promise<AdminSession>,
): Promise<number> {
  const xml = readFileSync(path, 'utf8');
  const email = optionValue(options, 'as');
  const { db, services } = await session(email ? undefined : addresseeOf(xml), email);
  const { result, retour } = await (async () => {
    try {
      const result = await services.ijwImport.import(xml);
      const retour = result.retour && (await services.ijwMessages.content(result.retour.id, 'EXPORT'));
      return { result, retour };
    } catch (error) {
      await db.end(false);
      throw error;
    }
  })();
  // committed before any file is written: a retour file always stands for a stored message
  await db.end(true);
  const m = result.message;
  console.log(
    `${m.type} ${m.reference} from ${m.municipalityCode}: ${result.accepted ? 'accepted' : 'not accepted'} (${result.retourCodes.join(', ')})`,
  );
  if (retour) {
    const dir = resolve(optionValue(options, 'out') ?? dirname(path));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, retour.message.fileName), retour.xml, { mode: 0o600 });
    console.log(`${retour.message.type} written to ${join(dir, retour.message.fileName)}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const refused = error instanceof DomainError;
    const detail = refused ? ((error.extensions.fields as { message: string }[] | undefined)?.[0]?.message ?? '') : '';
    console.error(`ijw: ${error instanceof Error ? error.message : String(error)}${detail ? `: ${detail}` : ''}`);
    process.exit(refused ? 1 : 2);
  },
);
