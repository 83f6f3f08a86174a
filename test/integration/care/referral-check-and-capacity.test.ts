import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consortiumId } from '../../../seeds/organisations.js';
import { profileId } from '../../../seeds/reference.js';
import { accept, currentPic, ESCAMP, providerId, refer } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client, delftReferrer: Client, jeugdformaat: Client, parnassia: Client, incluzio: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  delftReferrer = t.as('lokaalteam@delft.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
  parnassia = t.as('staff@parnassia.example');
  incluzio = t.as('staff@incluzio.example');
});
afterAll(() => t?.close());

const PROPOSE = `mutation($input: ProposeOtherPicInput!) { proposeOtherPic(input: $input) { id status reason proposedBy { id } } }`;
const RESPOND = `mutation($input: RespondToPicProposalInput!) { respondToPicProposal(input: $input) { id status decisionReason } }`;
const PIC_OF = `query($id: ID!) { trajectory(id: $id) { referral { pic { id } } signals picProposals { status } } }`;

describe('the referral check: another PIC, proposed by the main contractor, decided by the referrer', () => {
  it('a declined proposal leaves the original PIC; the referrer sees what waits for its decision', async () => {
    const trajectory = await accept(jeugdformaat, (await refer(referrer, { initials: 'R.C.' })).id);
    const proposed = await jeugdformaat(PROPOSE, {
      input: { trajectoryId: trajectory.id, picId: currentPic('P02', 'LH'), reason: 'Langer en intensiever nodig' },
    });
    expect(proposed.data!.proposeOtherPic).toMatchObject({
      status: 'PROPOSED',
      proposedBy: { id: providerId('jeugdformaat') },
    });
    // one open proposal at a time
    const second = await jeugdformaat(PROPOSE, {
      input: { trajectoryId: trajectory.id, picId: currentPic('P03'), reason: 'Toch iets anders' },
    });
    expect(second.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INVALID_TRANSITION' });

    const pending = await referrer(`{ picProposals { id trajectory { id } } }`);
    expect(pending.data!.picProposals.map((p: any) => p.trajectory.id)).toContain(trajectory.id);
    expect((await jeugdformaat(PIC_OF, { id: trajectory.id })).data!.trajectory.signals).toContain(
      'PIC_PROPOSAL_PENDING',
    );

    // declining needs a reason; another municipality cannot decide
    const id = proposed.data!.proposeOtherPic.id;
    expect((await referrer(RESPOND, { input: { id, accept: false } })).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await delftReferrer(RESPOND, { input: { id, accept: true } })).errors![0].extensions!.code).toBe(
      'NOT_FOUND',
    );
    const declined = await referrer(RESPOND, { input: { id, accept: false, reason: 'De indicatie klopt' } });
    expect(declined.data!.respondToPicProposal).toMatchObject({
      status: 'DECLINED',
      decisionReason: 'De indicatie klopt',
    });
    expect((await jeugdformaat(PIC_OF, { id: trajectory.id })).data!.trajectory).toMatchObject({
      referral: { pic: { id: currentPic('P02') } },
      picProposals: [{ status: 'DECLINED' }],
    });
    // a decision stands
    expect((await referrer(RESPOND, { input: { id, accept: true } })).errors![0].extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'INVALID_TRANSITION',
    });
  });

  it('only the main contractor proposes, and never the PIC the trajectory has', async () => {
    const trajectory = await accept(jeugdformaat, (await refer(referrer, { initials: 'R.D.' })).id);
    expect(
      (await jeugdformaat(PROPOSE, { input: { trajectoryId: trajectory.id, picId: currentPic('P02'), reason: 'x' } }))
        .errors![0].extensions!.fields[0],
    ).toMatchObject({ field: 'input.picId', reason: 'SAME_PIC' });
    expect(
      (await incluzio(PROPOSE, { input: { trajectoryId: trajectory.id, picId: currentPic('P03'), reason: 'x' } }))
        .errors![0].extensions!.code,
    ).toBe('NOT_FOUND');
  });
});

const SET = `mutation($input: SetCapacityInput!) { setCapacity(input: $input) { freePlaces stale ageDays provider { id } profile { code } area { name } } }`;
const CAPACITY = `query($profileId: ID, $areaId: ID, $consortiumId: ID) { capacity(profileId: $profileId, areaId: $areaId, consortiumId: $consortiumId) { freePlaces stale ageDays provider { id } area { id } } }`;

describe('free places: where is there a place?', () => {
  it('a provider reports its own places; the referrer sees them with their age, stale ones marked', async () => {
    const set = await parnassia(SET, { input: { profileId: profileId('P02'), areaId: ESCAMP, freePlaces: 3 } });
    expect(set.data!.setCapacity).toMatchObject({
      freePlaces: 3,
      stale: false,
      ageDays: 0,
      provider: { id: providerId('parnassia') },
      area: { name: 'Escamp' },
    });
    await parnassia(SET, { input: { profileId: profileId('P02'), areaId: ESCAMP, freePlaces: 2 } });
    await jeugdformaat(SET, { input: { profileId: profileId('P02'), freePlaces: 1 } });
    await t.admin.query(`UPDATE capacity SET updated_at = now() - interval '20 days' WHERE provider_id = $1`, [
      providerId('jeugdformaat'),
    ]);
    const seen = await referrer(CAPACITY, { profileId: profileId('P02'), areaId: ESCAMP });
    expect(seen.data!.capacity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ freePlaces: 2, stale: false, provider: { id: providerId('parnassia') } }),
        expect.objectContaining({ freePlaces: 1, stale: true, ageDays: 20, area: null }),
      ]),
    );
    // setting it again replaced the figure: one row per provider, profile and area
    const { rows } = await t.admin.query(
      `SELECT count(*)::int AS n FROM capacity WHERE provider_id = $1 AND profile_id = $2 AND area_id = $3`,
      [providerId('parnassia'), profileId('P02'), ESCAMP],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a provider sees its consortium’s places, not another consortium’s; a referrer sees everyone’s', async () => {
    await incluzio(SET, { input: { profileId: profileId('P04'), freePlaces: 5 } });
    const own = await parnassia(CAPACITY, { consortiumId: consortiumId('rondomjou') });
    expect(own.data!.capacity.some((c: any) => c.provider.id === providerId('incluzio'))).toBe(false);
    expect(
      (await parnassia(CAPACITY, { consortiumId: consortiumId('krachtvoorjeugd') })).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
    const all = await referrer(CAPACITY, {});
    expect(all.data!.capacity.some((c: any) => c.provider.id === providerId('incluzio'))).toBe(true);
  });

  it('a provider cannot set another provider’s places, not even in SQL as the app role', async () => {
    const { rows } = await t.admin.query(`SELECT id FROM app_user WHERE email = 'staff@parnassia.example'`);
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query(
        `SELECT set_config('app.user_id', $1, true), set_config('app.roles', 'PROVIDER_STAFF', true), set_config('app.provider_id', $2, true)`,
        [rows[0].id, providerId('parnassia')],
      );
      await expect(
        app.query(`INSERT INTO capacity (provider_id, profile_id, free_places, updated_by) VALUES ($1, $2, 9, $3)`, [
          providerId('incluzio'),
          profileId('P01'),
          rows[0].id,
        ]),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.query('ROLLBACK').catch(() => undefined);
      await app.end();
    }
  });
});
