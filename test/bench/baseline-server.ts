import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import {
  CAPACITY_SQL,
  CASELOAD_SERVICE_SHAPE_SQL,
  CASELOAD_SQL,
  MUNICIPALITY_PERFORMANCE_SQL,
  PERFORMANCE_FACTS_SQL,
  PERFORMANCE_RAW_SQL,
  TRAJECTORY_SQL,
  UPDATE_HELP_PLAN_SQL,
  VIEWER_SQL,
  WAITING_LIST_SQL,
} from './baseline-sql.js';

/**
 * The physical limit of this stack: plain Node `http` and `pg`, one hand-written statement per
 * operation (test/bench/baseline-sql.ts) in a transaction as the application role with the viewer's
 * row-level security settings. Answers POST /<operation> with `{ "data": … }` and the statements it
 * sent in `x-sql-statements`. Connects to APP_DATABASE_URL (and ADMIN_DATABASE_URL for the
 * raw-table aggregate, which a contract manager's role cannot read); prints `listening <port>`.
 */
const appPool = new pg.Pool({
  connectionString: process.env.APP_DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 20),
});
const ownerPool = new pg.Pool({
  connectionString: process.env.ADMIN_DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 20),
});
appPool.on('error', () => undefined);
ownerPool.on('error', () => undefined);

interface Viewer {
  id: string;
  email: string;
  providerId: string | null;
  municipalityId: string | null;
  organisationId: string;
  organisationName: string;
}

type Operation = (
  client: pg.PoolClient,
  viewer: Viewer,
  body: Record<string, any>,
  requestId: string,
) => Promise<{ status: number; json: string }>;

const common = (v: Viewer, requestId: string) => [
  v.id,
  v.email,
  v.organisationId,
  v.organisationName,
  requestId,
  v.providerId,
];

/**
 * Each statement is prepared once per pooled connection, as the app prepares its page, session and
 * plan statements: under row-level security planning costs more than running, and both sides pay it
 * the same way.
 */
function prepared(client: pg.PoolClient, text: string, values: unknown[]) {
  return client.query({ name: `baseline-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values });
}

const operations: Record<string, { pool: pg.Pool; run: Operation }> = {
  caseload: {
    pool: appPool,
    async run(client, v, body, requestId) {
      // planned for each request, as the app plans its caseload: a generic plan cannot know how large
      // this provider's caseload is, and read all 90,000 access rows of the largest one (48 ms, not 9)
      const { rows } = await client.query<{ json: string }>(CASELOAD_SQL, [...common(v, requestId), body.first ?? 50]);
      return { status: 200, json: `{"data":{"trajectories":${rows[0].json}}}` };
    },
  },
  caseloadServiceShape: {
    pool: appPool,
    async run(client, v, body, requestId) {
      const { rows } = await prepared(client, CASELOAD_SERVICE_SHAPE_SQL, [...common(v, requestId), body.first ?? 50]);
      return { status: 200, json: `{"data":{"trajectories":${rows[0].json}}}` };
    },
  },
  trajectory: {
    pool: appPool,
    async run(client, v, body, requestId) {
      const { rows } = await prepared(client, TRAJECTORY_SQL, [...common(v, requestId), body.id]);
      return { status: 200, json: `{"data":{"trajectory":${rows[0]?.json ?? 'null'}}}` };
    },
  },
  updateHelpPlan: {
    pool: appPool,
    async run(client, v, body, requestId) {
      const { rows } = await prepared(client, UPDATE_HELP_PLAN_SQL, [
        ...common(v, requestId),
        body.trajectoryId,
        body.version,
        body.effortDescription,
      ]);
      if (rows.length) return { status: 200, json: `{"data":{"updateHelpPlan":${rows[0].json}}}` };
      return {
        status: 200,
        json: JSON.stringify({
          data: null,
          errors: [{ message: 'The help plan was changed by someone else.', extensions: { code: 'CONFLICT' } }],
        }),
      };
    },
  },
  waitingList: {
    pool: appPool,
    async run(client, v, body, requestId) {
      const { rows } = await prepared(client, WAITING_LIST_SQL, [
        ...common(v, requestId),
        body.consortiumId,
        body.first ?? 20,
      ]);
      if (rows[0].json) return { status: 200, json: `{"data":{"waitingList":${rows[0].json}}}` };
      return {
        status: 200,
        json: JSON.stringify({ data: null, errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] }),
      };
    },
  },
  capacity: {
    pool: appPool,
    async run(client, _v, body) {
      const { rows } = await prepared(client, CAPACITY_SQL, [body.profileId, body.areaId]);
      return { status: 200, json: `{"data":{"capacity":${rows[0].json}}}` };
    },
  },
  performance: {
    pool: ownerPool,
    async run(client, v, body) {
      const { rows } = await prepared(client, PERFORMANCE_RAW_SQL, [
        body.consortiumId,
        body.from,
        body.to,
        v.municipalityId,
      ]);
      return { status: 200, json: `{"data":{"consortiumPerformance":${rows[0].json}}}` };
    },
  },
  performanceFacts: {
    pool: appPool,
    async run(client, v, body) {
      const { rows } = await prepared(client, PERFORMANCE_FACTS_SQL, [
        body.consortiumId,
        body.from,
        body.to,
        v.municipalityId,
      ]);
      return { status: 200, json: `{"data":{"consortiumPerformance":${rows[0].json}}}` };
    },
  },
  municipalityPerformance: {
    pool: appPool,
    async run(client, v, body) {
      const { rows } = await prepared(client, MUNICIPALITY_PERFORMANCE_SQL, [v.municipalityId, body.from, body.to]);
      return { status: 200, json: `{"data":{"municipalityPerformance":${rows[0].json}}}` };
    },
  },
};

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const operation = operations[(req.url ?? '/').slice(1)];
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!operation || req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  const body = await readJson(req);
  const client = await operation.pool.connect();
  let statements = 0;
  const query = async (sql: string, params?: unknown[]) => {
    statements++;
    return params ? prepared(client, sql, params) : client.query(sql);
  };
  let result: { status: number; json: string };
  try {
    await query('BEGIN');
    const { rows } = await query(VIEWER_SQL, [
      createHash('sha256')
        .update(token ?? '')
        .digest(),
    ]);
    if (!rows.length) {
      result = {
        status: 401,
        json: JSON.stringify({ errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }] }),
      };
    } else {
      statements++;
      result = await operation.run(client, rows[0] as Viewer, body, randomUUID());
    }
    await query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    console.error(error);
    result = { status: 500, json: JSON.stringify({ errors: [{ message: 'Internal server error' }] }) };
  } finally {
    client.release();
  }
  res.writeHead(result.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-sql-statements': String(statements),
  });
  res.end(result.json);
}

const server = createServer((req, res) => void handle(req, res));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
const stop = () => server.close(() => void Promise.all([appPool.end(), ownerPool.end()]).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
