import 'reflect-metadata';
import { createApp } from '../../server/src/app.js';
import { createLogger } from '../../server/src/core/logging/logger.js';

/**
 * The real server for the benchmark, in its own process: HTTP, Apollo, services, the app role with
 * row-level security and the access log, plus the `x-sql-statements` header. It connects to
 * APP_DATABASE_URL, listens on a free port and prints `listening <port>`. Run with
 * SAMENSPEL_DATALOADERS=off for the variant without DataLoaders.
 */
const appUrl = process.env.APP_DATABASE_URL;
if (!appUrl) throw new Error('APP_DATABASE_URL is required');
// Request lines at info would be written for every request; the bench measures the API, not stdout.
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
const app = await createApp({
  appUrl,
  logger,
  exposeStatementCount: true,
  poolSize: Number(process.env.POOL_SIZE ?? 20),
});
const port = await app.listen(0, '127.0.0.1');
console.log(`listening ${port}`);

const stop = async () => {
  await app.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
