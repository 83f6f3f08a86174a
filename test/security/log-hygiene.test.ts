import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/core/logging/logger.js';
import { currentPic, DEN_HAAG, providerId } from '../integration/helpers/care.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../integration/helpers/test-app.js';

// Every log line written while serving a request names that request, and none holds a token, a
// password or a citizen service number (BSN), whatever a client sends.

const logged: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ logger: createLogger('debug', { write: (line: string) => void logged.push(line) }) });
  logged.length = 0; // start-up lines belong to no request
});
afterAll(() => t?.close());

const BSN = '123456782';

describe('log lines', () => {
  it('a client that sends a password, a token and a BSN finds none of them in the log, and each line names its request', async () => {
    const token = await t.login('lokaalteam@denhaag.example');
    const requestId = 'log-hygiene-1';
    const call = (query: string, variables: Record<string, unknown>, id = requestId) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': id },
        body: JSON.stringify({ query, variables }),
      });
    // a statement that fails (a constraint no service expects): its 'query failed' line names the request too
    await t.admin.query(`ALTER TABLE youth ADD CONSTRAINT test_refuses_log CHECK (initials <> 'L.O.G.')`);
    await call(`mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`, {
      input: {
        municipalityId: DEN_HAAG,
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P01'),
        providerId: providerId('jeugdformaat'),
        youthInitials: 'L.O.G.',
        youthBirthDate: '2015-05-05',
        question: `BSN ${BSN}`,
        goals: [],
      },
    });
    await t.admin.query(`ALTER TABLE youth DROP CONSTRAINT test_refuses_log`);
    // a wrong password, a query that fails validation with the BSN in it, a forged token
    await call(`mutation($input: LoginInput!) { login(input: $input) { token } }`, {
      input: { email: 'lokaalteam@denhaag.example', password: `${DEMO_PASSWORD}-wrong` },
    });
    await call(`query { youth(bsn: "${BSN}") { id } }`, {});
    await call(`query LogHygieneProbe { me { id } }`, {});
    await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer forged-${BSN}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });

    expect(logged.length).toBeGreaterThan(3);
    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) expect(line.requestId, JSON.stringify(line)).toEqual(expect.any(String));
    expect(lines.filter((line) => line.requestId === requestId).length).toBeGreaterThanOrEqual(3);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'query failed', requestId }));
    // the request line names the operation, so an operator can follow one in the metrics
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', operation: 'LogHygieneProbe' }));
    const secrets = [token, DEMO_PASSWORD, BSN, 'L.O.G.', '2015-05-05'];
    const leaks = logged.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });

  it('an error that carries the database client (a dropped connection) is logged without it, nor values', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const dropped = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      client: { processID: 4242, secretKey: 522972172 },
      detail: `Key (bsn)=(${BSN}) already exists`,
      parameters: [BSN],
    });
    logger.error({ err: dropped }, 'job queue error');
    expect(lines.join('')).toContain('57P01');
    expect(lines.join('')).not.toContain('522972172');
    expect(lines.join('')).not.toContain(BSN);
  });
});
