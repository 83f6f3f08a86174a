import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext, type Context } from './context.js';
import { limitRules } from './core/graphql/limits.js';
import { singleMutationRule } from './core/graphql/single-mutation.js';
import { formatError, INTERNAL_MESSAGE, isUnexpected } from './core/errors/format.js';
import type { Logger } from './core/logging/logger.js';
import { createDataSource, migrationsApplied } from './db/database.js';
import { RequestDb } from './db/request-db.js';
import { HttpError, parseJson, readBody } from './http/body.js';
import { sessionCookie, sessionTokenOf } from './http/session-cookie.js';
import { attachWebSocket } from './http/websocket.js';
import { TrajectoryNotifier } from './modules/live/trajectory-notifier.js';
import { createSchema } from './schema.js';

/** Largest accepted GraphQL request body. */
const MAX_BODY_BYTES = 256 * 1024;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface AppOptions {
  /** Connection string of the application role (not the table owner). */
  appUrl: string;
  logger: Logger;
  production?: boolean;
  poolSize?: number;
  /** The SvelteKit portal's handler (web/build/handler.js); without it `/` says the portal is not built. */
  webHandlerPath?: string;
  schema?: GraphQLSchema;
  /** Sessions expire after this many minutes without use. */
  sessionIdleMinutes?: number;
  /** Adds `x-sql-statements` (statements this request sent) to GraphQL responses: for tests and benchmarks. */
  exposeStatementCount?: boolean;
}

export interface App {
  server: Server;
  dataSource: DataSource;
  notifier: TrajectoryNotifier;
  apollo: ApolloServer<Context>;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const maskedResponse = (): HTTPGraphQLResponse => ({
  status: 500,
  headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]),
  body: { kind: 'complete', string: JSON.stringify({ errors: [{ message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }) },
});

async function writeGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export async function createApp(options: AppOptions): Promise<App> {
  const { logger, production = false, sessionIdleMinutes = 30 } = options;
  const dataSource = createDataSource({ url: options.appUrl, poolSize: options.poolSize ?? 20, logger });
  await dataSource.initialize();

  const schema = options.schema ?? (await createSchema());
  const notifier = new TrajectoryNotifier(options.appUrl, logger);
  await notifier.start();
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: [...limitRules, singleMutationRule],
    // main.ts owns the shutdown order (HTTP, then the pool, then PostgreSQL).
    stopOnTerminationSignals: false,
    plugins: [
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue, operation }) {
              // A mutation that errs writes nothing: its request's transaction is rolled back.
              if (operation?.operation === 'mutation') contextValue?.db.markForRollback();
              for (const error of errors) {
                if (isUnexpected(error)) (contextValue?.logger ?? logger).error({ err: error.originalError ?? error }, 'unexpected error');
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const web: Middleware | undefined =
    options.webHandlerPath && existsSync(options.webHandlerPath)
      ? ((await import(pathToFileURL(options.webHandlerPath).href)) as { handler: Middleware }).handler
      : undefined;

  async function ready(): Promise<boolean> {
    try {
      return await migrationsApplied(dataSource);
    } catch {
      return false;
    }
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = req.method === 'POST' ? parseJson(await readBody(req, MAX_BODY_BYTES)) : undefined;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const db = new RequestDb(dataSource);
    const secure = production || req.headers['x-forwarded-proto'] === 'https';
    let cookie: string | undefined;
    let response: HTTPGraphQLResponse;
    try {
      response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () =>
          createContext({
            db,
            logger: log,
            settings: { sessionIdleMinutes },
            request: { requestId, clientAddress: req.socket.remoteAddress ?? 'unknown', token: sessionTokenOf(req) },
            response: {
              setSessionCookie: (token) => (cookie = sessionCookie(token, secure)),
              clearSessionCookie: () => (cookie = sessionCookie('', secure, 0)),
            },
          }),
      });
      if (cookie) response.headers.set('set-cookie', cookie);
      // Commit before answering: an acknowledged write is a committed write.
      await db.end(true);
    } catch (error) {
      log.error({ err: error }, 'request failed');
      await db.end(false).catch(() => undefined);
      response = maskedResponse();
    }
    response.headers.set('x-request-id', requestId);
    if (options.exposeStatementCount) response.headers.set('x-sql-statements', String(db.statementCount));
    await writeGraphQLResponse(res, response);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdOf(req);
    const log = logger.child({ requestId });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const ok = await ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' });
      }
      if (path === '/graphql') return await graphql(req, res, requestId, log);
      if (web) return web(req, res, () => sendJson(res, 404, { error: 'Not found' }));
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The portal is not built. Run `npm run build:web`, or use the API at /graphql.');
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] });
      } else {
        log.error({ err: error }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.destroy();
      }
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const closeWebSockets = attachWebSocket({ server, schema, dataSource, notifier, logger, settings: { sessionIdleMinutes } });

  return {
    server,
    dataSource,
    notifier,
    apollo,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          // The portal's server-side requests reach the API over loopback (web/src/hooks.server.ts).
          process.env.SAMENSPEL_API_ORIGIN = `http://127.0.0.1:${bound}`;
          resolve(bound);
        });
      });
    },
    async close() {
      await closeWebSockets();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await notifier.stop();
      await dataSource.destroy();
    },
  };
}
