import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/core/logging/logger.js';
import { canonical } from '../../server/src/http/idempotency.js';
import { currentPic, DEN_HAAG, providerId } from '../integration/helpers/care.js';
import { fixture, IMPORT, EXPORT, testVault } from '../integration/helpers/ijw.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/**
 * The BSN promise: Samenspel keeps a youth's citizen service number for the iJw messages only. It is
 * sealed in the database (unreadable without the key), never in a GraphQL answer (messages show it
 * masked), never in a log line, and a message file goes only to its provider's administrator.
 */
const ASSIGNED = '999800012'; // in jw301-valid.xml
const REFERRED = '999800061'; // given by the local team with a referral
const WRONG = '123456781'; // fails the 11-test
const logged: string[] = [];
const answers: string[] = [];
let t: TestApp;
let demo: string[];
const REFER_WITH_BSN = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id youth { id initials birthDate } } }`;
const referWithBsn = {
  input: {
    municipalityId: DEN_HAAG,
    referrerType: 'GP',
    picId: currentPic('P01'),
    providerId: providerId('jeugdformaat'),
    youthInitials: 'B.S.',
    youthBirthDate: '2015-05-05',
    youthBsn: REFERRED,
    question: 'Vraag',
    goals: [],
  },
};

/** A GraphQL call whose whole answer is kept, to search. */
async function ask(email: string, query: string, variables: Record<string, unknown> = {}, headers = {}) {
  const result = await t.as(email)(query, variables, { headers });
  answers.push(JSON.stringify(result));
  return result;
}

beforeAll(async () => {
  t = await startTestApp({ logger: createLogger('debug', { write: (line: string) => void logged.push(line) }) });
  const { rows } = await t.admin.query<{ sealed: Buffer }>(
    `SELECT sealed FROM youth_identity ORDER BY youth_id LIMIT 5`,
  );
  demo = rows.map((r) => JSON.parse(testVault.open(r.sealed, 'youth-identity').toString()).bsn);
  const admin = 'admin@jeugdformaat.example';
  await ask(admin, IMPORT, { xml: fixture('jw301-valid.xml') });
  await ask(admin, IMPORT, {
    xml: fixture('jw301-valid.xml').replace('GDH26110001', 'GDH2611BAD').replace(ASSIGNED, WRONG),
  });
  await ask('lokaalteam@denhaag.example', REFER_WITH_BSN, referWithBsn, { 'idempotency-key': randomUUID() });
  const wrong = await ask(
    'lokaalteam@denhaag.example',
    `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
    { input: { municipalityId: DEN_HAAG, referrerType: 'GP', picId: currentPic('P01'), providerId: providerId('jeugdformaat'), youthInitials: 'W.B.', youthBirthDate: '2015-05-05', youthBsn: WRONG, question: 'Vraag', goals: [] } }, // prettier-ignore
  );
  expect(wrong.errors?.[0].extensions?.fields).toEqual([
    expect.objectContaining({ field: 'input.youthBsn', reason: 'NOT_A_BSN' }),
  ]);
  for (const type of ['JW305', 'JW315', 'JW307', 'JW323']) await ask(admin, EXPORT, { type, municipalityId: DEN_HAAG });
  await ask(
    admin,
    `{ ijwMessages(first: 100) { edges { node { id xml retourCodes { code } answers { xml } answeredBy { xml } } } } }`,
  );
}, 120_000);
afterAll(() => t?.close());

const secrets = () => [ASSIGNED, REFERRED, ...demo];
const found = (haystack: string[], needles = secrets()) =>
  needles.filter((bsn) => haystack.some((h) => h.includes(bsn) || h.includes(Buffer.from(bsn).toString('hex'))));

describe('the BSN is kept for the messages only', () => {
  it('someone reading the whole database without the key finds no BSN in any table', async () => {
    const { rows: tables } = await t.admin.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    const dump: string[] = [];
    for (const { name } of tables) {
      const { rows } = await t.admin.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      dump.push(...rows.map((r) => r.row));
    }
    expect(dump.length).toBeGreaterThan(1000);
    expect(found(dump, [...secrets(), WRONG])).toEqual([]);
    // what was sealed is there, and opens with the key
    const { rows } = await t.admin.query<{ payload: Buffer }>(
      `SELECT payload FROM ijw_message WHERE type = 'JW301' AND reference = 'GDH26110001'`,
    );
    expect(testVault.open(rows[0].payload, 'ijw-message').toString()).toBe(fixture('jw301-valid.xml'));
  });

  it('a GraphQL client reading the messages, the import and the export answers finds no BSN', () => {
    expect(answers.join('').length).toBeGreaterThan(10_000);
    expect(answers.join('')).toContain('000000000'); // the BSN elements are there, masked
    expect(found(answers, [...secrets(), WRONG])).toEqual([]);
  });

  it('the server’s log lines carry no BSN, even at debug level and when a write fails', async () => {
    await t.admin.query(
      `ALTER TABLE ijw_message ADD CONSTRAINT test_refuses_messages CHECK (reference <> 'GDH2611FAIL')`,
    );
    try {
      const failed = await t.as('admin@jeugdformaat.example')(IMPORT, {
        xml: fixture('jw301-valid.xml').replace('GDH26110001', 'GDH2611FAIL'),
      });
      expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.admin.query(`ALTER TABLE ijw_message DROP CONSTRAINT test_refuses_messages`);
    }
    expect(logged.some((line) => line.includes('test_refuses_messages'))).toBe(true);
    expect(found(logged, [...secrets(), WRONG])).toEqual([]);
  });

  it('guessing a BSN back from a stored idempotency fingerprint does not work: it is keyed with the session', async () => {
    const { rows } = await t.admin.query<{ fingerprint: Buffer }>(`SELECT fingerprint FROM idempotency_key`);
    expect(rows).toHaveLength(1);
    // the attacker knows the rest of the payload (it is in the database too) and tries every BSN
    const guesses = [WRONG, REFERRED, ASSIGNED].map((youthBsn) =>
      createHash('sha256')
        .update(
          canonical({
            query: REFER_WITH_BSN,
            operationName: null,
            variables: { input: { ...referWithBsn.input, youthBsn } },
          }),
        )
        .digest(),
    );
    expect(guesses.some((g) => g.equals(rows[0].fingerprint))).toBe(false);
  });
});

describe('a message file goes to its provider’s administrator only', () => {
  const download = async (id: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${t.url}/ijw/messages/${id}`, { headers });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  const jw301 = async () =>
    (await t.admin.query(`SELECT id FROM ijw_message WHERE type = 'JW301' AND reference = 'GDH26110001'`)).rows[0]
      .id as string;

  it('its administrator downloads the file exactly as received, and the download is an EXPORT in the access log', async () => {
    const id = await jw301();
    const before = (await t.admin.query(`SELECT count(*)::int AS n FROM access_log WHERE action = 'EXPORT'`)).rows[0].n;
    const file = await download(id, { authorization: `Bearer ${await t.login('admin@jeugdformaat.example')}` });
    expect(file.status).toBe(200);
    expect(file.body).toBe(fixture('jw301-valid.xml'));
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="JW301_0518_GDH26110001.xml"');
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(file.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const after = (await t.admin.query(`SELECT count(*)::int AS n FROM access_log WHERE action = 'EXPORT'`)).rows[0].n;
    expect(after).toBe(before + 1);
  });

  it('staff of the provider, another provider’s administrator (to whom it does not exist) and someone not signed in are refused', async () => {
    const id = await jw301();
    for (const [email, status] of [
      ['staff@jeugdformaat.example', 403],
      ['admin@incluzio.example', 404],
      ['lokaalteam@denhaag.example', 403],
    ] as const) {
      const file = await download(id, { authorization: `Bearer ${await t.login(email)}` });
      expect(file.status, email).toBe(status);
      expect(file.body).not.toContain(ASSIGNED);
    }
    expect((await download(id)).status).toBe(401);
  });

  it('a page on another site cannot make the administrator’s browser fetch it', async () => {
    const file = await download(await jw301(), {
      authorization: `Bearer ${await t.login('admin@jeugdformaat.example')}`,
      'sec-fetch-site': 'cross-site',
    });
    expect(file.status).toBe(403);
    expect(file.body).not.toContain(ASSIGNED);
  });
});
