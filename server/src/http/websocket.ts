import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { createContext, type Context, type ServiceSettings } from '../context.js';
import { formatError, isUnexpected } from '../core/errors/format.js';
import { limitRules } from '../core/graphql/limits.js';
import type { Logger } from '../core/logging/logger.js';
import { RequestDb } from '../db/request-db.js';
import { AuthService } from '../modules/auth/auth.service.js';
import type { TrajectoryNotifier } from '../modules/live/trajectory-notifier.js';
import { SESSION_COOKIE, sessionTokenOf } from './session-cookie.js';

export interface WebSocketOptions {
  server: Server;
  schema: GraphQLSchema;
  dataSource: DataSource;
  notifier: TrajectoryNotifier;
  logger: Logger;
  settings: ServiceSettings;
}

interface Extra extends Record<PropertyKey, unknown> {
  token?: string;
}

function formatted(errors: readonly GraphQLError[], logger: Logger) {
  for (const error of errors)
    if (isUnexpected(error)) logger.error({ err: error.originalError ?? error }, 'unexpected error in a subscription');
  return errors.map((e) => formatError(e.toJSON(), e)) as unknown as GraphQLError[];
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws) at /graphql. A connection authenticates once
 * (the `authorization` connection parameter, or the session cookie from the same origin) and every
 * update runs as its viewer, in its own transaction. Returns a function that closes all sockets.
 */
export function attachWebSocket({
  server,
  schema,
  dataSource,
  notifier,
  logger,
  settings,
}: WebSocketOptions): () => Promise<void> {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
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
        const db = new RequestDb(dataSource);
        try {
          if (!(await new AuthService(db, settings).viewerOfToken(token))) return false;
        } finally {
          await db.end();
        }
        ctx.extra.token = token;
        return true;
      },
      onSubscribe(_ctx, _id, payload) {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return formatted([error as GraphQLError], logger);
        }
        const errors = validate(schema, document, [...specifiedRules, ...limitRules]);
        if (errors.length) return formatted(errors, logger);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        } satisfies ExecutionArgs;
      },
      async context(ctx) {
        const base = { logger, settings, response: { setSessionCookie() {}, clearSessionCookie() {} } };
        const request = {
          requestId: randomUUID(),
          clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          token: ctx.extra.token,
        };
        const context: Context = await createContext({
          ...base,
          db: new RequestDb(dataSource, {}, 'REPEATABLE READ'),
          request,
        });
        context.live = {
          notifier,
          async renew() {
            const next = await createContext({
              ...base,
              db: new RequestDb(dataSource, {}, 'REPEATABLE READ'),
              request: { ...request, requestId: randomUUID() },
            });
            Object.assign(context, { ...next, live: context.live });
          },
        };
        return context;
      },
      async onNext(_ctx, _id, _payload, args, result) {
        await (args.contextValue as Context).db.end();
        if (!('errors' in result) || !result.errors?.length) return result;
        return { ...result, errors: formatted(result.errors, logger) };
      },
      onError(_ctx, _id, _payload, errors) {
        return formatted(errors, logger);
      },
    },
    wss,
  );

  // graphql-ws closes every socket with 1001 (going away) and then the server
  return async () => disposable.dispose();
}
