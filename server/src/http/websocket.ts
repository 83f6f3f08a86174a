import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { createContext, type Context, type ServiceSettings } from '../context.js';
import { DomainError } from '../core/errors/errors.js';
import { formatError, isUnexpected } from '../core/errors/format.js';
import type { Logger } from '../core/logging/logger.js';
import type { Metrics } from '../core/metrics/metrics.js';
import { RequestDb } from '../db/request-db.js';
import { AuthService } from '../modules/auth/auth.service.js';
import type { TrajectoryNotifier } from '../modules/live/trajectory-notifier.js';
import { idempotency, isValidKey, KEY_FORMAT, refusalOf, storableReply, type Claim } from './idempotency.js';
import { requestIdOf } from './request-id.js';
import { SESSION_COOKIE, sessionTokenOf } from './session-cookie.js';

export interface WebSocketOptions {
  server: Server;
  schema: GraphQLSchema;
  /** The HTTP endpoint's own rules (limits, one mutation per operation), besides GraphQL's. */
  validationRules: ValidationRule[];
  dataSource: DataSource;
  notifier: TrajectoryNotifier;
  metrics: Metrics;
  logger: Logger;
  settings: ServiceSettings;
  production: boolean;
}

interface Extra extends Record<PropertyKey, unknown> {
  token?: string;
  log?: Logger;
}

/** What an operation's execution needs besides its context. */
interface Operation {
  kind: OperationDefinitionNode['operation'];
  fields: string[];
  payload: SubscribePayload;
  key?: string;
  /** Set when the operation hands out a session (a sign-in): its reply is never stored. */
  handsOutSession: boolean;
}

/** WebSocket close code 1013: try again later. */
const TRY_AGAIN_LATER = 1013;

/** A domain error as a GraphQL error, so the formatter gives its code. */
const graphQLError = (error: DomainError) => new GraphQLError(error.message, { originalError: error });

/** A parse or validation error, with the code Apollo gives it over HTTP (the formatter knows these). */
const requestError = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });

/** The idempotency key of a mutation message: `extensions.idempotencyKey` (or `"Idempotency-Key"`). */
function idempotencyKeyOf(payload: SubscribePayload): string | undefined {
  const extensions = payload.extensions ?? {};
  const given = extensions.idempotencyKey ?? extensions['Idempotency-Key'];
  if (given === undefined) return undefined;
  if (typeof given !== 'string' || !isValidKey(given))
    throw new DomainError('BAD_USER_INPUT', `The idempotency key must be ${KEY_FORMAT}.`);
  return given;
}

/** The reply to a key that is not new: the stored one, or why the operation is refused. */
function claimResult(claim: Exclude<Claim, { kind: 'new' }>): ExecutionResult {
  if (claim.kind === 'replay')
    return { ...(JSON.parse(claim.body) as ExecutionResult), extensions: { idempotentReplayed: true } };
  return { errors: [graphQLError(refusalOf(claim))] };
}

/**
 * GraphQL over WebSocket (graphql-ws) at /graphql, with every safeguard of the HTTP endpoint. A
 * connection authenticates once (the `authorization` connection parameter, or the session cookie
 * from the same origin). Each query or mutation is validated by the same rules (depth, aliases,
 * cost, one mutation per operation), runs in one transaction on one pool connection that rolls back
 * when it errs, honours an idempotency key, and is logged; each subscription update runs in its own
 * transaction as the viewer. Every path returns its connection to the pool. Returns a function that
 * closes all sockets.
 */
export function attachWebSocket({
  server,
  schema,
  validationRules,
  dataSource,
  notifier,
  metrics,
  logger,
  settings,
  production,
}: WebSocketOptions): () => Promise<void> {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });
  const rules = [...specifiedRules, ...validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
  const operations = new WeakMap<Context, Operation>();

  function formatted(errors: readonly GraphQLError[], log: Logger): GraphQLError[] {
    for (const error of errors)
      if (isUnexpected(error.originalError ?? error))
        log.error({ err: error.originalError ?? error }, 'unexpected error over WebSocket');
    const result = errors.map((e) => formatError(e.toJSON(), e.originalError ?? e));
    for (const error of result) metrics.error(error.extensions?.code);
    return result as unknown as GraphQLError[];
  }

  /**
   * A new request context (its own transaction on one pool connection) for the connection's viewer;
   * one that cannot be built has already released its connection.
   */
  function contextFor(
    extra: Extra & { request: IncomingMessage },
    kind: Operation['kind'],
    log: Logger,
    operation?: Operation,
  ): Promise<Context> {
    const requestId = randomUUID();
    const db = new RequestDb(
      dataSource,
      {},
      kind === OperationTypeNode.MUTATION ? 'READ COMMITTED' : 'REPEATABLE READ',
    );
    db.log = log.child({ requestId });
    return createContext({
      db,
      logger: db.log,
      settings,
      request: { requestId, clientAddress: extra.request.socket.remoteAddress ?? 'unknown', token: extra.token },
      response: {
        setSessionCookie: () => void (operation && (operation.handsOutSession = true)),
        clearSessionCookie() {},
      },
    });
  }

  /** A query or mutation: claim its key, execute, roll back if it erred, store its reply, commit. */
  async function run(args: ExecutionArgs): Promise<ExecutionResult> {
    const context = args.contextValue as Context;
    const operation = operations.get(context)!;
    const started = process.hrtime.bigint();
    let result: ExecutionResult;
    try {
      const claim =
        operation.key && context.scope.viewer
          ? await idempotency.claim(context.db, context.request.token!, operation.key, operation.payload)
          : undefined;
      if (claim && claim.kind !== 'new') {
        result = claimResult(claim);
      } else {
        result = await execute(args);
        if (operation.kind === OperationTypeNode.MUTATION && result.errors?.length) context.db.markForRollback();
        const reply = JSON.stringify(result);
        if (claim && context.db.willCommit && storableReply(reply, operation.handsOutSession))
          await idempotency.store(context.db, claim, reply);
      }
      // commit before answering: an acknowledged write is a committed write
      await context.db.end(true);
    } catch (error) {
      await context.db.end(false).catch(() => undefined);
      result = {
        errors: [
          error instanceof GraphQLError
            ? error
            : new GraphQLError('operation failed', { originalError: error as Error }),
        ],
      };
    }
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    metrics.operation(operation.payload.operationName, 'websocket', ms / 1000);
    context.logger.info(
      {
        transport: 'websocket',
        operation: operation.kind,
        fields: operation.fields,
        errors: result.errors?.length ?? 0,
        ms,
      },
      'operation',
    );
    return result;
  }

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      isProd: production,
      async onConnect(ctx) {
        const param = ctx.connectionParams?.authorization;
        const request = ctx.extra.request;
        let token: string | undefined;
        if (typeof param === 'string') {
          token = /^Bearer\s+([\w-]{20,200})$/i.exec(param)?.[1];
        } else if (request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
          // a cookie rides along on cross-site sockets too: only the portal's own origin may use it
          const origin = request.headers.origin;
          if (!origin || new URL(origin).host !== request.headers.host) return false;
          token = sessionTokenOf(request);
        }
        if (!token) return false;
        const log = logger.child({ connectionId: requestIdOf(request) });
        const db = new RequestDb(dataSource);
        try {
          if (!(await new AuthService(db, settings).viewerOfToken(token))) return false;
        } catch (error) {
          if (!db.unavailable) log.error({ err: error }, 'WebSocket connection could not be checked');
          ctx.extra.socket.close(TRY_AGAIN_LATER, 'The server cannot take the connection now; connect again shortly.');
          return false;
        } finally {
          await db.end();
        }
        ctx.extra.token = token;
        ctx.extra.log = log;
        log.info({ transport: 'websocket' }, 'connected');
        return true;
      },
      // refusals are returned as GraphQL errors, which onError formats
      async onSubscribe(ctx, _id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [requestError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) {
          // as Apollo does in production: no field suggestions that reveal the schema
          if (production) for (const e of errors) e.message = e.message.replace(/ ?Did you mean(.+?)\?$/, '');
          return errors.map((e) => requestError(e, 'GRAPHQL_VALIDATION_FAILED'));
        }
        const definition = getOperationAST(document, payload.operationName);
        if (!definition) return [new GraphQLError('Unable to identify the operation.')];
        const kind = definition.operation;
        let key: string | undefined;
        try {
          key = kind === OperationTypeNode.MUTATION ? idempotencyKeyOf(payload) : undefined;
        } catch (error) {
          return [graphQLError(error as DomainError)];
        }
        const fields = definition.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
        const operation: Operation = { kind, fields, payload, key, handsOutSession: false };
        let context: Context;
        try {
          context = await contextFor(ctx.extra, kind, ctx.extra.log ?? logger, operation);
        } catch (error) {
          if (error instanceof DomainError) return [graphQLError(error)];
          return [new GraphQLError('the operation could not start', { originalError: error as Error })];
        }
        operations.set(context, operation);
        if (kind === OperationTypeNode.SUBSCRIPTION) {
          context.live = {
            notifier,
            async renew() {
              const next = await contextFor(ctx.extra, OperationTypeNode.SUBSCRIPTION, ctx.extra.log ?? logger);
              const { live } = context;
              // descriptors, not values: the next context's loaders stay built on first use
              Object.defineProperties(context, Object.getOwnPropertyDescriptors(next));
              context.live = live;
            },
          };
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: context,
        } satisfies ExecutionArgs;
      },
      execute: run,
      async subscribe(args) {
        const context = args.contextValue as Context;
        try {
          return await subscribe(args);
        } finally {
          // the start's transaction, also when the start failed; each update opens its own
          await context.db.end();
          context.logger.info(
            { transport: 'websocket', operation: 'subscription', fields: operations.get(context)?.fields },
            'operation',
          );
        }
      },
      async onNext(_ctx, _id, _payload, args, result) {
        const context = args.contextValue as Context;
        await context.db.end(); // a subscription update's transaction
        if (!('errors' in result) || !result.errors?.length) return result;
        return { ...result, errors: formatted(result.errors, context.logger) };
      },
      onError(ctx, _id, _payload, errors) {
        return formatted(errors, ctx.extra.log ?? logger);
      },
      onDisconnect(ctx, code) {
        ctx.extra.log?.info({ transport: 'websocket', code }, 'disconnected');
      },
    },
    wss,
  );

  // graphql-ws closes every socket with 1001 (going away) and then the server
  return async () => disposable.dispose();
}
