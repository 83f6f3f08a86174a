import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
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
import { fingerprintOf, IdempotencyStore, isMutation, isValidKey, type Claim } from './http/idempotency.js';
import { TrustedProxies } from './http/client-address.js';
import { setSecurityHeaders } from './http/security-headers.js';
import { sessionCookie, sessionTokenOf } from './http/session-cookie.js';
import { attachWebSocket } from './http/websocket.js';
import { TrajectoryNotifier } from './modules/live/trajectory-notifier.js';
import { createSchema } from './schema.js';

/** Largest accepted GraphQL request body. */
const MAX_BODY_BYTES = 256 * 1024;
/** How long a shutdown waits for requests in flight to finish. */
const DRAIN_MS = 10_000;

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
  /** Sessions end this many hours after sign-in. */
  sessionMaxHours?: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto are believed; loopback always is. */
  trustProxy?: string[];
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

/** The portal (adapter-node) reads the client's address from this header, set below by our own rule. */
const CLIENT_ADDRESS_HEADER = 'x-samenspel-client-address';

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const errorResponse = (
  status: number,
  message: string,
  code: string,
  headers: [string, string][] = [],
): HTTPGraphQLResponse => ({
  status,
  headers: new HeaderMap([['content-type', 'application/json; charset=utf-8'], ...headers]),
  body: { kind: 'complete', string: JSON.stringify({ errors: [{ message, extensions: { code } }] }) },
});
const maskedResponse = () => errorResponse(500, INTERNAL_MESSAGE, 'INTERNAL_SERVER_ERROR');

/** A response that may be stored for replay: a committed mutation without errors. */
function successful(response: HTTPGraphQLResponse): string | undefined {
  if (response.body.kind !== 'complete' || (response.status ?? 200) !== 200) return undefined;
  const parsed = JSON.parse(response.body.string) as { errors?: unknown[] };
  return parsed.errors?.length ? undefined : response.body.string;
}

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
  const { logger, production = false, sessionIdleMinutes = 30, sessionMaxHours = 12 } = options;
  const settings = { sessionIdleMinutes, sessionMaxHours };
  const proxies = new TrustedProxies(options.trustProxy ?? []);
  /** The browser's address, also when the portal calls the API on its behalf (X-Forwarded-For over loopback). */
  const clientAddressOf = (req: IncomingMessage) => proxies.clientAddressOf(req);
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
      // no HTML page on the API's origin, least of all one that loads Apollo's scripts from a CDN
      ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue, operation }) {
              // A mutation that errs writes nothing: its request's transaction is rolled back.
              if (operation?.operation === 'mutation') contextValue?.db.markForRollback();
              for (const error of errors) {
                if (isUnexpected(error))
                  (contextValue?.logger ?? logger).error({ err: error.originalError ?? error }, 'unexpected error');
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // adapter-node learns the scheme from this header (set below for plain HTTP), so SvelteKit's own
  // cross-site form check compares the right origin; a TLS proxy in front sets it to https.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  process.env.ADDRESS_HEADER = CLIENT_ADDRESS_HEADER;
  const web: Middleware | undefined =
    options.webHandlerPath && existsSync(options.webHandlerPath)
      ? ((await import(pathToFileURL(options.webHandlerPath).href)) as { handler: Middleware }).handler
      : undefined;

  /** Ready: the database answers, every migration is applied, and live updates are listening. */
  async function ready(): Promise<boolean> {
    try {
      return notifier.listening && (await migrationsApplied(dataSource));
    } catch {
      return false;
    }
  }

  /**
   * Idempotency-Key on a signed-in mutation: claims the key, or answers at once with the stored
   * response (replay), 409 (still in flight) or 422 (the key was used for another request).
   */
  async function claimKey(
    req: IncomingMessage,
    body: unknown,
  ): Promise<{ claim?: Extract<Claim, { kind: 'new' }>; answer?: HTTPGraphQLResponse }> {
    const header = req.headers['idempotency-key'];
    if (typeof header !== 'string' || req.method !== 'POST' || !isMutation(body)) return {};
    const key = header.trim().replace(/^"(.*)"$/, '$1');
    if (!isValidKey(key))
      return {
        answer: errorResponse(400, 'Idempotency-Key must be 1 to 255 printable ASCII characters.', 'BAD_USER_INPUT'),
      };
    const token = sessionTokenOf(req);
    const userId = token ? await idempotency.userOfToken(token, sessionIdleMinutes) : null;
    if (!userId) return {}; // unauthenticated: the mutation itself answers UNAUTHENTICATED (or is a login)
    const claim = await idempotency.claim(userId, key, fingerprintOf(body));
    switch (claim.kind) {
      case 'new':
        return { claim };
      case 'replay':
        return {
          answer: {
            status: claim.status,
            headers: new HeaderMap([
              ['content-type', 'application/json; charset=utf-8'],
              ['idempotent-replayed', 'true'],
            ]),
            body: { kind: 'complete', string: claim.body },
          },
        };
      case 'in-flight':
        return {
          answer: errorResponse(
            409,
            'A request with this Idempotency-Key is still being processed; try again shortly.',
            'CONFLICT',
            [['retry-after', '1']],
          ),
        };
      case 'mismatch':
        return {
          answer: errorResponse(
            422,
            'This Idempotency-Key was already used for a different request.',
            'BAD_USER_INPUT',
          ),
        };
    }
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = req.method === 'POST' ? parseJson(await readBody(req, MAX_BODY_BYTES)) : undefined;
    const { claim, answer } = await claimKey(req, body);
    if (answer) {
      answer.headers.set('x-request-id', requestId);
      return writeGraphQLResponse(res, answer);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const db = new RequestDb(dataSource, {}, isMutation(body) ? 'READ COMMITTED' : 'REPEATABLE READ');
    db.onAfterEndError = (error) => log.warn({ err: error }, 'bookkeeping after the request failed');
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
            settings,
            request: { requestId, clientAddress: clientAddressOf(req), token: sessionTokenOf(req) },
            response: {
              setSessionCookie: (token) => (cookie = sessionCookie(token, secure)),
              clearSessionCookie: () => (cookie = sessionCookie('', secure, 0)),
            },
          }),
      });
      if (cookie) response.headers.set('set-cookie', cookie);
      const stored = claim && db.willCommit ? successful(response) : undefined;
      if (claim && stored) await idempotency.complete(db, claim, response.status ?? 200, stored);
      // Commit before answering: an acknowledged write is a committed write.
      await db.end(true);
      // a mutation that wrote nothing can simply be sent again with the same key
      if (claim && !stored) await idempotency.release(claim);
    } catch (error) {
      log.error({ err: error }, 'request failed');
      await db.end(false).catch(() => undefined);
      if (claim) await idempotency.release(claim).catch(() => undefined);
      response = maskedResponse();
    }
    response.headers.set('x-request-id', requestId);
    if (options.exposeStatementCount) response.headers.set('x-sql-statements', String(db.statementCount));
    await writeGraphQLResponse(res, response);
  }

  let draining = false;
  let inFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const portal = !!web && !['/graphql', '/healthz', '/readyz'].includes(path);
    setSecurityHeaders(res, { https: production || proxies.isHttps(req), portal });
    if (draining) {
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
        'retry-after': '5',
      });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: 'The server is shutting down; try again in a moment.',
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            },
          ],
        }),
      );
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    const requestId = requestIdOf(req);
    const log = logger.child({ requestId });
    const started = process.hrtime.bigint();
    log.debug({ method: req.method, path }, 'request received');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    try {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const ok = await ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' });
      }
      if (path === '/graphql') return await graphql(req, res, requestId, log);
      if (web) {
        req.headers['x-forwarded-proto'] ??= 'encrypted' in req.socket ? 'https' : 'http';
        req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req);
        return web(req, res, () => sendJson(res, 404, { error: 'Not found' }));
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The portal is not built. Run `npm run build:web`, or use the API at /graphql.');
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] });
      } else {
        log.error({ err: error }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [{ message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        else res.destroy();
      }
    }
  }

  const idempotency = new IdempotencyStore(dataSource);
  const purge = setInterval(
    () =>
      void idempotency.purgeExpired().catch((error) => logger.warn({ err: error }, 'purging idempotency keys failed')),
    10 * 60_000,
  );
  purge.unref();
  const server = createServer((req, res) => void handle(req, res));
  const closeWebSockets = attachWebSocket({
    server,
    schema,
    dataSource,
    notifier,
    logger,
    settings,
  });

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
    /**
     * Graceful shutdown: refuse new requests (503), let those in flight finish (up to 10 s), close
     * the subscriptions (1001, going away), then the pool. The caller stops PostgreSQL after this.
     */
    async close() {
      draining = true;
      clearInterval(purge);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + DRAIN_MS;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (inFlight > 0) logger.warn({ inFlight }, 'requests still running after the drain period');
      server.closeAllConnections();
      await closeWebSockets();
      await closed;
      await apollo.stop();
      await notifier.stop();
      await dataSource.destroy();
    },
  };
}
