import 'reflect-metadata';
import { join } from 'node:path';
import { createApp } from './app.js';
import { bsnKeyOf, loadConfig } from './config.js';
import { createLogger } from './core/logging/logger.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { prepareDatabase } from './db/prepare.js';
import { Role } from './core/auth/roles.js';
import { inviteAsOperator } from './modules/account/operator-invitation.js';
import { createMailer } from './modules/mail/mailer.js';

// Starts Samenspel: the database (embedded unless DATABASE_URL is set), migrations, seeds, then
// one HTTP server for the API (/graphql) and the portal (/). Shuts down in reverse on SIGINT/SIGTERM.
const config = loadConfig();
const logger = createLogger(config.logLevel);

let embedded: EmbeddedDatabase | undefined;
let shuttingDown = false;

async function stopEmbedded(): Promise<void> {
  await embedded?.stop().catch((error) => logger.error({ err: error }, 'stopping PostgreSQL failed'));
}

try {
  const bsnKey = bsnKeyOf(config);
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres(config.dataDir, logger);
  const adminUrl = config.databaseUrl ?? embedded!.url;
  const appUrl = await prepareDatabase(adminUrl, {
    appPassword: config.appDatabasePassword,
    demo: config.seedDemoData,
    bsnKey,
    logger,
  });
  const sendMail = createMailer(
    { smtpUrl: config.smtpUrl, from: config.mailFrom, dropDir: join(config.dataDir, 'mail') },
    logger,
  );
  const accounts = { publicUrl: config.publicUrl, invitationDays: config.invitationDays, sendMail };
  if (config.adminInviteEmail) {
    const invited = await inviteAsOperator(
      adminUrl,
      { email: config.adminInviteEmail, role: Role.REGION_ADMIN, onlyFirst: true },
      accounts,
    );
    if (invited) {
      console.log(`\nThe first region administrator is invited: ${invited.link}\n`);
      if (invited.mailError) logger.error({ reason: invited.mailError }, 'the invitation mail could not be sent');
    }
  }
  const app = await createApp({
    ...accounts,
    adminSecondFactor: config.adminSecondFactor,
    appUrl,
    logger,
    production: config.production,
    webHandlerPath: config.webHandlerPath,
    sessionIdleMinutes: config.sessionIdleMinutes,
    poolSize: config.databasePoolSize,
    poolWaitMs: config.databasePoolWaitMs,
    sessionMaxHours: config.sessionMaxHours,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    bsnKey,
  });
  const port = await app.listen(config.port, config.host);
  const url = `http://localhost:${port}/`;
  logger.info(
    { url, graphql: `${url}graphql`, embeddedDatabase: Boolean(embedded), node: process.version },
    'Samenspel is ready',
  );
  console.log(`\nSamenspel is running at ${url} (GraphQL API at ${url}graphql) on Node.js ${process.version}\n`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      // a second Ctrl-C: stop now (the exit hook still stops PostgreSQL)
      logger.warn({ signal }, 'forced shutdown');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'closing the server failed');
    }
    await stopEmbedded();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'Samenspel could not start');
  console.error(`\nSamenspel could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopEmbedded();
  process.exit(1);
}
