import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const CREATE = `mutation($id: ID!) { createFamilyAccessLink(youthId: $id) { url expiresAt } }`;
const LOG = `query($token: String!) { familyAccessLog(token: $token) { at youthId organisationName userEmail roles action purpose } }`;
const READ = `query($id: ID!) { trajectory(id: $id) { youth { initials } } }`;

const tokenOf = (url: string) => url.split('/').pop()!;

async function family() {
  const trajectory = await accept(jeugdformaat, (await refer(referrer)).id);
  return { id: trajectory.id as string, youthId: trajectory.youth.id as string };
}

async function accessToken(youthId: string) {
  const r = await jeugdformaat(CREATE, { id: youthId });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return tokenOf(r.data.createFamilyAccessLink.url);
}

describe('who read my file (NEN 7513 inzage), without an account', () => {
  it('lists every read and change of that youth, and nothing of any other youth', async () => {
    const mine = await family();
    const other = await family();
    await referrer(READ, { id: mine.id });
    await jeugdformaat(READ, { id: other.id });
    const token = await accessToken(mine.youthId);
    const entries = (await t.gql(LOG, { token })).data!.familyAccessLog;
    const { rows } = await t.admin.query(
      `SELECT action, organisation_name FROM access_log WHERE youth_id = $1 ORDER BY at, id`,
      [mine.youthId],
    );
    expect(entries.map((e: any) => [e.action, e.organisationName])).toEqual(
      rows.map((r) => [r.action, r.organisation_name]),
    );
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(new Set(entries.map((e: any) => e.youthId))).toEqual(new Set([mine.youthId]));
    expect(entries.some((e: any) => e.roles?.includes('REFERRER'))).toBe(true);
  });

  it('its token works for that youth only; an unknown or expired token shows nothing', async () => {
    const a = await family();
    const b = await family();
    const tokenA = await accessToken(a.youthId);
    const tokenB = await accessToken(b.youthId);
    const ofA = (await t.gql(LOG, { token: tokenA })).data!.familyAccessLog;
    const ofB = (await t.gql(LOG, { token: tokenB })).data!.familyAccessLog;
    expect(ofA.every((e: any) => e.youthId === a.youthId)).toBe(true);
    expect(ofB.every((e: any) => e.youthId === b.youthId)).toBe(true);

    const unknown = await t.gql(LOG, { token: 'A'.repeat(43) });
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(unknown.data).toBeNull();
    await t.admin.query(`UPDATE family_access_link SET expires_at = now() - interval '1 second' WHERE youth_id = $1`, [
      a.youthId,
    ]);
    const expired = await t.gql(LOG, { token: tokenA });
    expect(expired.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('only the main contractor makes an access link, and the link is stored as a hash', async () => {
    const a = await family();
    const r = await t.as('staff@duinzicht.example')(CREATE, { id: a.youthId });
    expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    const token = await accessToken(a.youthId);
    const { rows } = await t.admin.query(
      `SELECT to_jsonb(l)::text AS row FROM family_access_link l WHERE youth_id = $1`,
      [a.youthId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].row).not.toContain(token);
  });
});

const MAIN = `query($id: ID!) { trajectoryAccessLog(trajectoryId: $id) { at youthId organisationName userEmail roles action purpose } }`;

describe('"Wie heeft dit dossier ingezien" for the main contractor', () => {
  it('lists the reads and changes of that youth only, the same list the family sees', async () => {
    const mine = await family();
    const other = await family();
    await referrer(READ, { id: mine.id });
    await jeugdformaat(READ, { id: other.id });
    const entries = (await jeugdformaat(MAIN, { id: mine.id })).data!.trajectoryAccessLog;
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(new Set(entries.map((e: any) => e.youthId))).toEqual(new Set([mine.youthId]));
    expect(entries.some((e: any) => e.roles?.includes('REFERRER'))).toBe(true);
    const familyView = (await t.gql(LOG, { token: await accessToken(mine.youthId) })).data!.familyAccessLog;
    expect(familyView.slice(0, entries.length)).toEqual(entries);
  });

  it('its own reading is a logged read of that youth', async () => {
    const mine = await family();
    const count = async () =>
      Number(
        (
          await t.admin.query(
            `SELECT count(*) FROM access_log WHERE youth_id = $1 AND action = 'READ' AND purpose = 'access log'`,
            [mine.youthId],
          )
        ).rows[0].count,
      );
    expect(await count()).toBe(0);
    const entries = (await jeugdformaat(MAIN, { id: mine.id })).data!.trajectoryAccessLog;
    expect(await count()).toBe(1);
    expect(entries.at(-1)).toMatchObject({
      action: 'READ',
      purpose: 'access log',
      userEmail: 'staff@jeugdformaat.example',
    });
  });

  it('a provider adding expertise is refused, another organisation finds nothing, and neither sees an entry', async () => {
    const mine = await family();
    const requested = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: mine.id, providerId: providerId('duinzicht'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    const duinzicht = t.as('staff@duinzicht.example');
    await duinzicht(RESPOND, { input: { id: requested.data!.requestExpertise.id, accept: true } });
    expect((await duinzicht(READ, { id: mine.id })).data!.trajectory).not.toBeNull();

    const expertise = await duinzicht(MAIN, { id: mine.id });
    expect(expertise.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(expertise.data).toBeNull();
    const stranger = await t.as('staff@incluzio.example')(MAIN, { id: mine.id });
    expect(stranger.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(stranger.data).toBeNull();
    const referring = await referrer(MAIN, { id: mine.id });
    expect(referring.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
