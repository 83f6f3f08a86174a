import pg from 'pg';
import { createApp, type App } from '../../../server/src/app.js';
import type { Logger } from '../../../server/src/core/logging/logger.js';
import { suiteLogger } from '../../setup/suite-log.js';
import type { SendMail } from '../../../server/src/modules/mail/mailer.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { TEST_BSN_KEY } from '../../setup/test-key.js';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  headers: Headers;
  /** SQL statements the server sent for this request. */
  statements: number;
}

export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
}

export type Client = <T = Record<string, any>>(
  query: string,
  variables?: Record<string, unknown>,
  options?: GqlOptions,
) => Promise<GqlResult<T>>;

export const DEMO_PASSWORD = 'samenspel-demo';

export interface TestApp {
  url: string;
  app: App;
  db: TestDatabase;
  /** A connection pool as the table owner, for arranging and checking data behind the API. */
  admin: pg.Pool;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GqlResult<T>>;
  /** Signs in a (seeded) account and returns its session token. */
  login(email: string, password?: string): Promise<string>;
  /** A GraphQL client signed in as `email` (one session per account, reused). */
  as(email: string): Client;
  close(): Promise<void>;
}

/** POSTs a GraphQL operation over real HTTP. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: GqlOptions = {},
): Promise<GqlResult<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: GqlResult['errors'] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 300)}`);
  }
  return {
    status: response.status,
    ...body,
    headers: response.headers,
    statements: Number(response.headers.get('x-sql-statements') ?? NaN),
  };
}

/** The real server (HTTP, Apollo, app role, RLS) on a fresh database cloned from the template. */
export async function startTestApp(
  options: {
    database?: TestDatabase;
    poolSize?: number;
    poolWaitMs?: number;
    production?: boolean;
    webHandlerPath?: string;
    logger?: Logger;
    trustProxy?: string[];
    metricsToken?: string;
    /** Mail goes here (e.g. a test SMTP server's mailer); links start with `publicUrl`. */
    sendMail?: SendMail;
    publicUrl?: string;
    adminSecondFactor?: boolean;
  } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const logger = options.logger ?? suiteLogger('app');
  const app = await createApp({
    appUrl: db.appUrl,
    logger,
    exposeStatementCount: true,
    poolSize: options.poolSize,
    poolWaitMs: options.poolWaitMs,
    production: options.production,
    trustProxy: options.trustProxy,
    metricsToken: options.metricsToken,
    // mail a test does not read goes nowhere
    sendMail: options.sendMail ?? (async () => undefined),
    publicUrl: options.publicUrl,
    adminSecondFactor: options.adminSecondFactor,
    // The built portal (web/build/handler.js), for browser tests.
    webHandlerPath: options.webHandlerPath,
    bsnKey: TEST_BSN_KEY,
  });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const admin = new pg.Pool({ connectionString: db.adminUrl, max: 3 });
  admin.on('error', () => undefined);
  const gql = <T>(query: string, variables?: Record<string, unknown>, opts?: GqlOptions) =>
    postGraphQL<T>(url, query, variables, opts);
  const login = async (email: string, password = DEMO_PASSWORD) => {
    const result = await gql<{ login: { token: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { token } }`,
      { input: { email, password } },
    );
    if (!result.data?.login) throw new Error(`login of ${email} failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };
  const tokens = new Map<string, Promise<string>>();
  const as =
    (email: string): Client =>
    async (query, variables, opts) => {
      if (!tokens.has(email)) tokens.set(email, login(email));
      return gql(query, variables, { ...opts, token: await tokens.get(email)! });
    };
  return {
    url,
    app,
    db,
    admin,
    gql,
    login,
    as,
    async close() {
      await app.close();
      await admin.end();
      if (!options.database) await db.drop();
    },
  };
}
