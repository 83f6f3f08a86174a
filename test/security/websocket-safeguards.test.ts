import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/core/logging/logger.js';
import { accept, currentPic, DEN_HAAG, providerId, refer } from '../integration/helpers/care.js';
import { wsClient } from '../integration/helpers/subscriptions.js';
import { startTestApp, type Client, type TestApp } from '../integration/helpers/test-app.js';

// GraphQL over WebSocket (graphql-ws at /graphql) accepts queries and mutations too: each must get
// the safeguards the HTTP endpoint gives them.

const lines: Record<string, any>[] = [];
let t: TestApp;
let referrer: Client;
let staff: Client;
let ws: ReturnType<typeof wsClient>;
beforeAll(async () => {
  t = await startTestApp({
    logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }),
  });
  referrer = t.as('lokaalteam@denhaag.example');
  staff = t.as('staff@jeugdformaat.example');
  ws = wsClient(t.url, await t.login('lokaalteam@denhaag.example'));
});
afterAll(async () => {
  await ws?.close();
  await t?.close();
});

const planOf = async (id: string) =>
  (await t.admin.query(`SELECT version, question FROM family_plan WHERE id = $1`, [id])).rows[0];

const REFER = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id youth { id initials } } }`;
const referral = (initials: string) => ({
  input: {
    municipalityId: DEN_HAAG,
    referrerType: 'LOCAL_TEAM',
    picId: currentPic('P01'),
    providerId: providerId('jeugdformaat'),
    youthInitials: initials,
    youthBirthDate: '2014-04-04',
    question: 'Vraag',
    goals: [],
  },
});
/** Seeded initials have at most three letters, so these four-letter ones are this file's own. */
const youthsWith = async (initials: string) =>
  (await t.admin.query(`SELECT count(*)::int n FROM youth WHERE initials = $1`, [initials])).rows[0].n as number;

describe('WebSocket operations get the safeguards of HTTP', () => {
  it('two aliased updateFamilyPlan in one WebSocket operation are refused and save nothing', async () => {
    const plan = (await accept(staff, (await refer(referrer)).id)).familyPlan;
    const result = await ws.execute(
      `mutation($id: ID!) {
        a: updateFamilyPlan(input: { id: $id, version: 1, question: "Eerste" }) { version }
        b: updateFamilyPlan(input: { id: $id, version: 1, question: "Tweede" }) { version }
      }`,
      { id: plan.id },
    );
    expect(result.data ?? null).toBeNull();
    expect(result.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors![0].message).toMatch(/one mutation per request/);
    expect(await planOf(plan.id)).toEqual({ version: 1, question: plan.question });
  });

  it('a WebSocket mutation whose answer errs after its write leaves nothing behind', async () => {
    const trajectory = await accept(staff, (await refer(referrer, { initials: 'W.R.B.' })).id);
    // behind the API's back: the youth's municipality vanishes, so the answer cannot be completed
    await t.admin.query(`ALTER TABLE youth DISABLE TRIGGER ALL`);
    await t.admin.query(`UPDATE youth SET municipality_id = gen_random_uuid() WHERE id = $1`, [trajectory.youth.id]);
    await t.admin.query(`ALTER TABLE youth ENABLE TRIGGER ALL`);
    const result = await ws.execute(
      `mutation($id: ID!) {
        updateFamilyPlan(input: { id: $id, version: 1, question: "Half opgeslagen" }) { version youths { municipality { name } } }
      }`,
      { id: trajectory.familyPlan.id },
    );
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(await planOf(trajectory.familyPlan.id)).toEqual({ version: 1, question: trajectory.familyPlan.question });
  });

  it('a WebSocket mutation sent twice with one idempotency key in its extensions runs once and replays', async () => {
    const key = randomUUID();
    const first = await ws.execute(REFER, referral('W.I.D.K.'), { idempotencyKey: key });
    const again = await ws.execute(REFER, referral('W.I.D.K.'), { idempotencyKey: key });
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(again.extensions).toEqual({ idempotentReplayed: true });
    expect(await youthsWith('W.I.D.K.')).toBe(1);
    // the same key for another payload is refused, and writes nothing
    const other = await ws.execute(REFER, referral('W.I.D.L.'), { idempotencyKey: key });
    expect(other.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await youthsWith('W.I.D.L.')).toBe(0);
  });

  it('the limits of HTTP hold over WebSocket: depth, aliases, and introspection in production', async () => {
    let deep = 'id';
    for (let i = 0; i < 10; i++)
      deep = i % 2 === 0 ? `consortium { members { ${deep} } }` : `provider { consortia { ${deep} } }`;
    const tooDeep = await ws.execute(`{ consortia { members { ${deep} } } }`);
    expect(tooDeep.errors![0].message).toMatch(/nested too deeply/);
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: municipalities { id }`).join(' ');
    expect((await ws.execute(`{ ${aliases} }`)).errors![0].message).toMatch(/too many aliases/);

    const production = await startTestApp({ database: t.db, production: true });
    const prodWs = wsClient(production.url, await production.login('lokaalteam@denhaag.example'));
    try {
      const introspection = await prodWs.execute('{ __schema { types { name } } }');
      expect(introspection.data ?? null).toBeNull();
      expect(introspection.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect((await prodWs.execute('{ municipalitie { id } }')).errors![0].message).not.toMatch(/Did you mean/);
    } finally {
      await prodWs.close();
      await production.app.close();
    }
  });

  it('a read over WebSocket is logged like an HTTP request, and its youth reads carry its request id', async () => {
    const trajectory = await refer(referrer, { initials: 'W.L.G.' });
    const result = await ws.execute(`query($id: ID!) { trajectory(id: $id) { youth { initials } } }`, {
      id: trajectory.id,
    });
    expect(result.data!.trajectory.youth.initials).toBe('W.L.G.');
    const line = lines.find(
      (l) => l.transport === 'websocket' && l.msg === 'operation' && l.fields?.[0] === 'trajectory',
    );
    expect(line).toMatchObject({ operation: 'query', errors: 0, requestId: expect.any(String) });
    const { rows } = await t.admin.query(`SELECT request_id FROM access_log WHERE youth_id = $1 AND request_id = $2`, [
      trajectory.youth.id,
      line!.requestId,
    ]);
    expect(rows).toHaveLength(1);
  });
});
