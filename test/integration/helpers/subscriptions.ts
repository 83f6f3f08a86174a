import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** Resolves with the next value, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves when the server completes the subscription. */
  completed: Promise<void>;
  received: T[];
  close(): Promise<void>;
}

/** Subscribes over graphql-ws to `query` on the server at `url`, signed in with `token`. */
export function subscribe<T = any>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Subscription<T> {
  const client: WsClient = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // failures surface through the subscription's `completed`
  });
  const received: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  let complete!: () => void;
  let fail!: (error: unknown) => void;
  const completed = new Promise<void>((resolve, reject) => {
    complete = resolve;
    fail = reject;
  });
  client.subscribe<T>(
    { query, variables },
    {
      next: (message) => {
        const value = (message.errors ? { errors: message.errors } : message.data) as T;
        const waiter = waiting.shift();
        if (waiter) waiter(value);
        else received.push(value);
      },
      error: (error) => fail(error),
      complete: () => complete(),
    },
  );
  return {
    received,
    completed,
    next(timeoutMs = 5000) {
      if (received.length) return Promise.resolve(received.shift()!);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no update within the timeout')), timeoutMs);
        waiting.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    close: () => client.dispose() as Promise<void>,
  };
}

export interface WsResult<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
  extensions?: Record<string, unknown>;
}

/** One graphql-ws connection, signed in with `token`, for queries and mutations over WebSocket. */
export function wsClient(url: string, token: string) {
  const client: WsClient = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  return {
    /** Sends one operation; resolves with its result, or its errors when it was refused outright. */
    execute<T = any>(
      query: string,
      variables: Record<string, unknown> = {},
      extensions?: Record<string, unknown>,
    ): Promise<WsResult<T>> {
      return new Promise((resolve, reject) => {
        let result: WsResult<T> = {};
        client.subscribe<T>(
          { query, variables, extensions },
          {
            next: (value) => (result = value as WsResult<T>),
            error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
            complete: () => resolve(result),
          },
        );
      });
    },
    close: () => client.dispose() as Promise<void>,
  };
}
