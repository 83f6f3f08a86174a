import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext, type Context, type ServiceSettings } from './context.js';
import { knownOperations, type OperationErrors } from './core/graphql/known-operations.js';
import { trajectoryListAnswer } from './modules/trajectory/trajectory.list-answer.js';
import { trajectoryPageAnswer } from './modules/trajectory/trajectory.page-answer.js';
import { BsnVault, NO_VAULT } from './core/bsn/vault.js';
import { limitRules } from './core/graphql/limits.js';
import { singleMutationRule } from './core/graphql/single-mutation.js';
import { UnavailableError } from './core/errors/errors.js';
import { formatError, INTERNAL_MESSAGE, isUnexpected } from './core/errors/format.js';
import { loggablePath, type Logger } from './core/logging/logger.js';
import { mayScrape, Metrics } from './core/metrics/metrics.js';
import { JobQueue } from './core/jobs/job-queue.js';
import { createDataSource, migrationsApplied } from './db/database.js';
import { RequestDb } from './db/request-db.js';
import { HttpError, parseJson, readBody } from './http/body.js';
import { downloadIjwMessage, IJW_DOWNLOAD } from './http/ijw-download.js';
import {
  idempotency,
  isMutation,
  isValidKey,
  KEY_FORMAT,
  refusalOf,
  storableReply,
  type Claim,
} from './http/idempotency.js';
import { requestIdOf } from './http/request-id.js';
import { TrustedProxies } from './http/client-address.js';
import { setSecurityHeaders } from './http/security-headers.js';
import { sessionCookie, sessionTokenOf } from './http/session-cookie.js';
import { attachWebSocket } from './http/websocket.js';
import { TrajectoryNotifier } from './modules/live/trajectory-notifier.js';
import type { SendMail } from './modules/mail/mailer.js';
import { startAccountMailJobs } from './modules/account/account.jobs.js';
import { startNotificationJobs } from './modules/notification/notification.jobs.js';
import { startRetentionJob } from './modules/family-rights/retention.js';
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
  /** Database connections at most (one per request in flight). */
  poolSize?: number;
  /** How long a request waits for a free connection before it is answered 503. */
  poolWaitMs?: number;
  /** The SvelteKit portal's handler (web/build/handler.js); without it `/` says the portal is not built. */
  webHandlerPath?: string;
  schema?: GraphQLSchema;
  /** Sessions expire after this many minutes without use. */
  sessionIdleMinutes?: number;
  /** Sessions end this many hours after sign-in. */
  sessionMaxHours?: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto are believed; loopback always is. */
  trustProxy?: string[];
  /** Sends every mail (invitations, password resets). */
  sendMail?: SendMail;
  /** The portal's address as users reach it: the base of every link in a mail. */
  publicUrl?: string;
  /** Days an invitation link works. */
  invitationDays?: number;
  /** Administrators must set up a second factor. */
  adminSecondFactor?: boolean;
  /**
   * Adds `x-sql-statements` (statements this request sent) to GraphQL responses, and
   * `x-planned-answer` to those PostgreSQL wrote whole and `x-known-operation` to those answered
   * without Apollo's pipeline (a text it validated before): for tests and benchmarks.
   */
  exposeStatementCount?: boolean;
  /** Bearer token that /metrics asks for; without it /metrics is served only outside production. */
  metricsToken?: string;
  /** The master key that seals BSNs; without it the iJw messages are unavailable (every use fails). */
  bsnKey?: Buffer;
}

export interface App {
  server: Server;
  dataSource: DataSource;
  notifier: TrajectoryNotifier;
  jobs: JobQueue;
  metrics: Metrics;
  apollo: ApolloServer<Context>;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The portal (adapter-node) reads the client's address from this header, set below by our own rule. */
const CLIENT_ADDRESS_HEADER = 'x-samenspel-client-address';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const errorResponse = (
  status: number,
  message: string,
  code: string,
  headers: [string, string][] = [],
  extensions: Record<string, unknown> = {},
): HTTPGraphQLResponse => ({
  status,
  headers: new HeaderMap([['content-type', 'application/json; charset=utf-8'], ...headers]),
  body: { kind: 'complete', string: JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }) },
});
const maskedResponse = () => errorResponse(500, INTERNAL_MESSAGE, 'INTERNAL_SERVER_ERROR');
/** 503: nothing was done; `Retry-After` says when to send the same request again. */
const unavailableResponse = ({ message, retryAfterSeconds }: UnavailableError, headers: [string, string][] = []) =>
  errorResponse(503, message, 'UNAVAILABLE', [['retry-after', String(retryAfterSeconds)], ...headers], {
    retryAfterSeconds,
  });

/** The answer to an Idempotency-Key that is not new: the stored reply, or why the request is refused. */
function claimAnswer(claim: Exclude<Claim, { kind: 'new' }>): HTTPGraphQLResponse {
  if (claim.kind === 'replay')
    return {
      status: 200,
      headers: new HeaderMap([
        ['content-type', 'application/json; charset=utf-8'],
        ['idempotent-replayed', 'true'],
      ]),
      body: { kind: 'complete', string: claim.body },
    };
  const { code, message } = refusalOf(claim);
  return claim.kind === 'in-flight'
    ? errorResponse(409, message, code, [['retry-after', '1']])
    : errorResponse(422, message, code);
}

/** The Idempotency-Key of a POSTed mutation, if any; a malformed key is the client's mistake (400). */
function idempotencyKeyOf(req: IncomingMessage, body: unknown): string | undefined {
  const header = req.headers['idempotency-key'];
  if (typeof header !== 'string' || req.method !== 'POST' || !isMutation(body)) return undefined;
  const key = header.trim().replace(/^"(.*)"$/, '$1');
  if (!isValidKey(key)) throw new HttpError(400, `Idempotency-Key must be ${KEY_FORMAT}.`);
  return key;
}

/** True when the response is plain `application/json` (not `application/graphql-response+json`). */
const isPlainJson = (response: HTTPGraphQLResponse) =>
  /^application\/json\b/.test(response.headers.get('content-type') ?? '');

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
  const proxies = new TrustedProxies(options.trustProxy ?? []);
  /** The browser's address, also when the portal calls the API on its behalf (X-Forwarded-For over loopback). */
  const clientAddressOf = (req: IncomingMessage) => proxies.clientAddressOf(req);
  const dataSource = createDataSource({
    url: options.appUrl,
    poolSize: options.poolSize ?? 20,
    poolWaitMs: options.poolWaitMs ?? 5000,
    logger,
  });
  await dataSource.initialize();

  const schema = options.schema ?? (await createSchema());
  const notifier = new TrajectoryNotifier(options.appUrl, logger);
  await notifier.start();
  const pool = (
    dataSource.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }
  ).master;
  const jobs = new JobQueue(options.appUrl, logger);
  await jobs.start();
  const settings: ServiceSettings = {
    sessionIdleMinutes,
    sessionMaxHours,
    vault: options.bsnKey ? new BsnVault(options.bsnKey) : NO_VAULT,
    adminSecondFactor: options.adminSecondFactor ?? false,
    publicUrl: options.publicUrl ?? 'http://localhost:4000',
    invitationDays: options.invitationDays ?? 7,
    jobs,
  };
  const sendMail =
    options.sendMail ??
    (async () => {
      throw new Error('this server has no mailer');
    });
  await jobs.work('maintenance.purge-idempotency', () => idempotency.purge(dataSource));
  await jobs.schedule('maintenance.purge-idempotency', '*/10 * * * *');
  await startNotificationJobs(jobs, dataSource, sendMail, settings.publicUrl);
  await startAccountMailJobs(jobs, dataSource, sendMail, settings.publicUrl);
  await startRetentionJob(jobs, dataSource, logger);
  const metrics = new Metrics({
    jobs: () => jobs.counts(),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    subscriptions: () => notifier.subscriberCount,
  });
  // the same limits over HTTP and WebSocket
  const validationRules = [...limitRules, singleMutationRule];
  /** Requests whose operation was refused as a request error (parse, validation, variables). */
  const requestErrors = new WeakSet<HTTPGraphQLRequest>();
  /** Each request's operation (its metrics label), for its log line. */
  const operationNames = new WeakMap<HTTPGraphQLRequest, string>();
  const operationErrors: OperationErrors = {
    encountered(errors, operation, ctx) {
      // A mutation that errs writes nothing: its request's transaction is rolled back.
      if (operation?.operation === 'mutation') ctx?.db.markForRollback();
      for (const error of errors) {
        if (isUnexpected(error) && !ctx?.db.unavailable)
          (ctx?.logger ?? logger).error({ err: error.originalError ?? error }, 'unexpected error');
      }
    },
    format: formatError,
  };
  // the trajectory page and the caseload, the most opened screens: written as JSON by PostgreSQL
  // when their selection allows
  const answers = knownOperations(
    { trajectory: trajectoryPageAnswer, trajectories: trajectoryListAnswer },
    operationErrors,
  );
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules,
    // main.ts owns the shutdown order (HTTP, then the pool, then PostgreSQL).
    stopOnTerminationSignals: false,
    plugins: [
      // no HTML page on the API's origin, least of all one that loads Apollo's scripts from a CDN
      ApolloServerPluginLandingPageDisabled(),
      // no cache hints are used (every answer is no-store); without the plugin no resolver is wrapped per field
      ApolloServerPluginCacheControlDisabled(),
      answers.plugin,
      {
        async requestDidStart() {
          const started = process.hrtime.bigint();
          return {
            async didEncounterErrors({ errors, contextValue, operation }) {
              operationErrors.encountered(errors, operation, contextValue);
            },
            async willSendResponse({ request, response, operationName }) {
              // only the operation's parse, validation or variable errors reach this hook with 400
              if (response.http.status === 400 && request.http) requestErrors.add(request.http);
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              const operation = metrics.operation(operationName ?? request.operationName, 'http', seconds);
              if (request.http) operationNames.set(request.http, operation);
              if (response.body.kind === 'single')
                for (const error of response.body.singleResult.errors ?? []) metrics.error(error.extensions?.code);
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

  /** Answers a GraphQL request; returns its operation's name (as labelled in the metrics), if it got that far. */
  async function graphql(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    log: Logger,
  ): Promise<string | undefined> {
    // the query string as sent (a request line has no fragment); Apollo reads it for GET only
    const target = req.url ?? '/';
    const search = target.includes('?') ? target.slice(target.indexOf('?')) : '';
    const body = req.method === 'POST' ? parseJson(await readBody(req, MAX_BODY_BYTES)) : undefined;
    const key = idempotencyKeyOf(req, body);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search, body };
    // the request's one connection: its transaction, idempotency bookkeeping and session refresh
    const db = new RequestDb(dataSource, {}, isMutation(body) ? 'READ COMMITTED' : 'REPEATABLE READ');
    db.log = log;
    db.onAfterEndError = (error) => log.warn({ err: error }, 'bookkeeping after the request failed');
    const secure = production || proxies.isHttps(req);
    const token = sessionTokenOf(req);
    let cookie: string | undefined;
    let clientAddress: string | undefined;
    let context: Promise<Context> | undefined;
    const contextOf = () =>
      (context ??= createContext({
        db,
        logger: log,
        settings,
        request: {
          requestId,
          token,
          // asked for by sign-in and throttling only: most requests never look the proxies up
          get clientAddress() {
            return (clientAddress ??= clientAddressOf(req));
          },
        },
        response: {
          setSessionCookie: (value) => (cookie = sessionCookie(value, secure)),
          clearSessionCookie: () => (cookie = sessionCookie('', secure, 0)),
        },
      }));
    const reportFailure = (error: unknown) => {
      if (!db.unavailable) log.error({ err: error }, 'request failed');
    };
    let response: HTTPGraphQLResponse;
    try {
      // A key counts for a signed-in session only (a sign-in itself is never replayed).
      const claim =
        key && token && (await contextOf()).scope.viewer ? await idempotency.claim(db, token, key, body) : undefined;
      if (claim && claim.kind !== 'new') {
        response = claimAnswer(claim);
      } else {
        const started = process.hrtime.bigint();
        const known = await answers.answerKnown(httpGraphQLRequest, contextOf);
        let planned = known?.planned ?? false;
        if (known) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          operationNames.set(httpGraphQLRequest, metrics.operation(known.operationName, 'http', seconds));
          for (const code of known.errorCodes) metrics.error(code);
          // as Apollo answers a plain JSON request (answerKnown takes no other)
          response = {
            status: 200,
            headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]),
            body: { kind: 'complete', string: known.body },
          };
        } else {
          response = await apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest,
            context: () =>
              contextOf().catch((error: unknown) => {
                reportFailure(error);
                throw error;
              }),
          });
          const plannedBody = answers.take(httpGraphQLRequest);
          if (plannedBody !== undefined && response.body.kind === 'complete') {
            // Apollo's status and headers (its negotiated content type), PostgreSQL's body
            response.body = { kind: 'complete', string: plannedBody };
            planned = true;
          }
        }
        if (options.exposeStatementCount) {
          if (planned) response.headers.set('x-planned-answer', 'true');
          if (known) response.headers.set('x-known-operation', 'true');
        }
        if (cookie) response.headers.set('set-cookie', cookie);
        // GraphQL over HTTP: a refused operation is still a GraphQL response (200) for plain JSON clients
        if (response.status === 400 && requestErrors.has(httpGraphQLRequest) && isPlainJson(response))
          response.status = 200;
        const reply = response.body.kind === 'complete' ? response.body.string : undefined;
        if (claim && db.willCommit && (response.status ?? 200) === 200 && reply && storableReply(reply, !!cookie))
          await idempotency.store(db, claim, reply);
      }
      // Commit before answering: an acknowledged write is a committed write.
      await db.end(true);
    } catch (error) {
      reportFailure(error);
      await db.end(false).catch(() => undefined);
      response = maskedResponse();
    }
    if (db.unavailable) {
      log.warn('no database connection free in time: answered 503');
      response = unavailableResponse(new UnavailableError());
    }
    response.headers.set('x-request-id', requestId);
    if (options.exposeStatementCount) response.headers.set('x-sql-statements', String(db.statementCount));
    await writeGraphQLResponse(res, response);
    return operationNames.get(httpGraphQLRequest);
  }

  let draining = false;
  let inFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const download = IJW_DOWNLOAD.exec(path)?.[1];
    const portal = !!web && !['/graphql', '/healthz', '/readyz', '/metrics'].includes(path) && !download;
    setSecurityHeaders(res, { https: production || proxies.isHttps(req), portal });
    if (draining) {
      const shuttingDown = new UnavailableError('The server is shutting down; try again in a moment.', 5);
      return void writeGraphQLResponse(res, unavailableResponse(shuttingDown, [['connection', 'close']]));
    }
    inFlight++;
    res.once('close', () => inFlight--);
    const requestId = requestIdOf(req);
    const log = logger.child({ requestId });
    const started = process.hrtime.bigint();
    log.debug({ method: req.method, path: loggablePath(path) }, 'request received');
    let operation: string | undefined;
    res.on('finish', () => {
      const ms = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10;
      log.info({ method: req.method, path: loggablePath(path), operation, status: res.statusCode, ms }, 'request');
    });
    try {
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const ok = await ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' });
      }
      if (path === '/metrics') {
        if (!mayScrape(req, options.metricsToken, production))
          return sendJson(res, options.metricsToken ? 401 : 404, { error: 'Not found' });
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        return void res.end(await metrics.registry.metrics());
      }
      if (path === '/graphql') return void (operation = await graphql(req, res, requestId, log));
      if (download) {
        const db = new RequestDb(dataSource, {}, 'READ COMMITTED');
        const contextOf = () =>
          createContext({
            db,
            logger: log,
            settings,
            request: { requestId, clientAddress: clientAddressOf(req), token: sessionTokenOf(req) },
            response: { setSessionCookie: () => undefined, clearSessionCookie: () => undefined },
          });
        return await downloadIjwMessage(req, res, download, db, contextOf, log);
      }
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

  const server = createServer((req, res) => void handle(req, res));
  const closeWebSockets = attachWebSocket({
    server,
    schema,
    validationRules,
    dataSource,
    notifier,
    metrics,
    logger,
    settings,
    production,
  });

  return {
    server,
    dataSource,
    notifier,
    jobs,
    metrics,
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + DRAIN_MS;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (inFlight > 0) logger.warn({ inFlight }, 'requests still running after the drain period');
      server.closeAllConnections();
      await closeWebSockets();
      await closed;
      await apollo.stop();
      await jobs.stop();
      await notifier.stop();
      await dataSource.destroy();
    },
  };
}
