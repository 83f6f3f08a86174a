import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerId } from '../../seeds/organisations.js';
import { picId, profileId } from '../../seeds/reference.js';
import { dayOf, sqlDayOf, sqlOnDays } from '../../server/src/core/dates.js';
import { checkIntegrity } from '../../server/src/tools/integrity.js';
import { accept, DEN_HAAG, ESCAMP, refer } from '../integration/helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../integration/helpers/test-app.js';

/**
 * "Today" is the day in Amsterdam. Between 22:00/23:00 and midnight UTC the UTC day is still
 * yesterday there; these tests put moments in that hour — as explicit timestamps in the database,
 * or as the server's own clock (the server runs in this process) — and check what the server decides.
 */

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
  // sign in before any test moves the clock
  await Promise.all([referrer(`{ me { id } }`), jeugdformaat(`{ me { id } }`)]);
});
afterEach(() => vi.useRealTimers());
afterAll(() => t?.close());

/** The server's clock (Date) at `moment`; PostgreSQL keeps its own. */
const serverClockAt = (moment: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(moment) });

/** Ends the 2024 tariff of a PIC the day before `day` and starts a doubled one on `day`; returns the new version. */
async function newTariffFrom(profile: string, intensity: string, day: string) {
  const { rows } = await t.admin.query<{ id: string; tariffCents: number }>(
    `WITH old AS (UPDATE pic SET valid_until = $2::date - 1 WHERE id = $1 RETURNING profile_id, intensity_id, tariff_cents)
     INSERT INTO pic (profile_id, intensity_id, tariff_cents, valid_from)
     SELECT profile_id, intensity_id, tariff_cents * 2, $2 FROM old RETURNING id, tariff_cents AS "tariffCents"`,
    [picId(profile, intensity, '2024'), day],
  );
  return rows[0];
}

const HELP = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`;
const SUBMIT = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`;
const CLOSE = `mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { settlement { tariffCents amountCents } } }`;
const REFER = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id youth { age } referral { pic { id } } } }`;
const ELIGIBLE = `query($id: ID!) { eligibleExpertiseProviders(trajectoryId: $id) { relation provider { name } } }`;

describe('settlement: the tariff of the day the help started', () => {
  it.each([
    // winter: 23:30 UTC on 15 January is 00:30 on 16 January in Amsterdam
    { profile: 'P03', season: 'winter', day: '2026-01-16', startedAt: '2026-01-15T23:30:00Z' },
    // summer: 22:30 UTC on 15 July is 00:30 on 16 July
    { profile: 'P04', season: 'summer', day: '2026-07-16', startedAt: '2026-07-15T22:30:00Z' },
  ])("just after midnight ($season) it settled on yesterday's tariff", async ({ profile, day, startedAt }) => {
    const referral = await refer(referrer, { profile, intensity: 'LH' });
    await accept(jeugdformaat, referral.id);
    const help = await jeugdformaat(HELP, {
      input: { trajectoryId: referral.id, version: 1, goals: [{ kind: 'TREATMENT', description: 'Doel' }] },
    });
    await t.admin.query(
      `UPDATE trajectory SET funding_variant = 'OUTPUT', referred_at = $2::timestamptz - interval '5 days', started_at = $2
          WHERE id = $1`,
      [referral.id, startedAt],
    );
    const tariff = await newTariffFrom(profile, 'LH', day);
    const goalId = help.data!.updateHelpPlan.goals[0].id;
    const outcome = await jeugdformaat(SUBMIT, {
      input: {
        trajectoryId: referral.id,
        goalResults: [{ goalId, realisation: 'ACHIEVED' }],
        satisfaction: [
          { informant: 'YOUTH', score: 8 },
          { informant: 'PARENT', score: 8 },
        ],
        continuation: 'NONE',
        endReasonCode: '31',
      },
    });
    expect(outcome.errors).toBeUndefined();
    const closed = await jeugdformaat(CLOSE, { id: referral.id });
    expect(closed.data!.closeTrajectory.settlement.tariffCents).toBe(tariff.tariffCents);

    // the integrity check counts the day the same way: the settlement breaks no tariff rule
    const client = await t.admin.connect();
    try {
      const [ceiling] = await checkIntegrity(client, { only: ['tariff-ceiling'] });
      expect(ceiling.violations).toEqual([]);
    } finally {
      client.release();
    }
  });
});

describe("the server's today", () => {
  it('just after midnight a referral was refused the tariff that starts that day, and the youth was a year too young', async () => {
    const tariff = await newTariffFrom('P01', 'KH', '2026-01-16');
    const referral = (pic: string) =>
      referrer(REFER, {
        input: {
          municipalityId: DEN_HAAG,
          areaId: ESCAMP,
          referrerType: 'LOCAL_TEAM',
          picId: pic,
          providerId: providerId('jeugdformaat'),
          question: 'Angstklachten; gaat niet naar school.',
          goals: [{ kind: 'SOCIETAL', description: 'Gaat weer naar school' }],
          youthInitials: 'A.M.',
          youthBirthDate: '2008-01-16',
        },
      });
    const refusedReason = (result: Awaited<ReturnType<typeof referral>>) =>
      result.errors?.[0]?.extensions?.fields?.[0]?.reason;

    // 23:30 on 15 January in Amsterdam: the old tariff is still in force
    serverClockAt('2026-01-15T22:30:00Z');
    expect(refusedReason(await referral(tariff.id))).toBe('PIC_NOT_VALID_TODAY');
    const evening = await referral(picId('P01', 'KH', '2024'));
    expect(evening.data!.createReferral.youth.age).toBe(17);

    // 00:30 on 16 January in Amsterdam (still the 15th in UTC): the new one, and the 18th birthday
    serverClockAt('2026-01-15T23:30:00Z');
    expect(refusedReason(await referral(picId('P01', 'KH', '2024')))).toBe('PIC_NOT_VALID_TODAY');
    const night = await referral(tariff.id);
    expect(night.errors).toBeUndefined();
    expect(night.data!.createReferral).toMatchObject({ youth: { age: 18 }, referral: { pic: { id: tariff.id } } });
  });

  it('just after midnight a subcontract starting that day could not be used yet', async () => {
    const referral = await refer(referrer, { profile: 'P02' });
    await accept(jeugdformaat, referral.id);
    const { rows } = await t.admin.query<{ id: string }>(
      `INSERT INTO subcontract (main_contractor_id, subcontractor_id, valid_from) VALUES ($1, $2, '2026-07-16') RETURNING id`,
      [providerId('jeugdformaat'), providerId('westlandzorg')],
    );
    await t.admin.query(`INSERT INTO subcontract_profile (subcontract_id, profile_id) VALUES ($1, $2)`, [
      rows[0].id,
      profileId('P02'),
    ]);
    const eligible = async () =>
      (await jeugdformaat(ELIGIBLE, { id: referral.id })).data!.eligibleExpertiseProviders.map(
        (e: any) => `${e.provider.name}:${e.relation}`,
      );

    serverClockAt('2026-07-15T21:30:00Z'); // 23:30 on 15 July in Amsterdam
    expect(await eligible()).not.toContain('Zorgboerderij Het Westland:SUBCONTRACT');
    serverClockAt('2026-07-15T22:30:00Z'); // 00:30 on 16 July in Amsterdam
    expect(await eligible()).toContain('Zorgboerderij Het Westland:SUBCONTRACT');
  });

  it("just after midnight yesterday's date was accepted as an improvement plan's due date", async () => {
    const manager = t.as('contractmanager@denhaag.example');
    await manager(`{ me { id } }`);
    serverClockAt('2026-01-15T23:30:00Z'); // 00:30 on 16 January in Amsterdam
    const result = await manager(
      `mutation($input: RequireImprovementPlanInput!) { requireImprovementPlan(input: $input) { id overdue } }`,
      { input: { providerId: providerId('jeugdformaat'), reason: 'Zwaardere intensiteiten.', dueDate: '2026-01-15' } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.dueDate', reason: 'IN_THE_PAST' }],
    });
  });
});

describe('SQL counts days as the server does, whatever the session time zone', () => {
  const MOMENTS = [
    '2026-01-15T22:59:59Z',
    '2026-01-15T23:30:00Z',
    '2026-01-16T00:30:00Z',
    '2026-03-28T23:00:00Z',
    '2026-03-29T21:59:59Z',
    '2026-07-15T21:30:00Z',
    '2026-07-15T22:30:00Z',
    '2026-10-24T22:00:00Z',
    '2026-10-25T22:59:59Z',
    '2026-10-25T23:00:00Z',
    '2026-12-31T23:30:00Z',
  ];

  it.each(['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'])(
    'a database session in %s puts a moment on the Amsterdam day',
    async (zone) => {
      const client = await t.admin.connect();
      try {
        await client.query(`SELECT set_config('TimeZone', $1, false)`, [zone]);
        const { rows } = await client.query<{ day: string; onDay: boolean; dayBefore: boolean }>(
          `SELECT ${sqlDayOf('m')}::text AS day,
                  ${sqlOnDays('m', `${sqlDayOf('m')}`, `${sqlDayOf('m')}`)} AS "onDay",
                  ${sqlOnDays('m', `${sqlDayOf('m')} - 1`, `${sqlDayOf('m')} - 1`)} AS "dayBefore"
             FROM unnest($1::timestamptz[]) AS x(m) ORDER BY m`,
          [MOMENTS],
        );
        expect(rows).toEqual(MOMENTS.map((m) => ({ day: dayOf(new Date(m)), onDay: true, dayBefore: false })));
      } finally {
        await client.query(`RESET TimeZone`);
        client.release();
      }
    },
  );

  it('just after midnight a subcontractor’s answer was paid out in the previous period', async () => {
    const referral = await refer(referrer, { profile: 'P06' });
    await accept(jeugdformaat, referral.id);
    const request = await jeugdformaat(
      `mutation($input: RequestExpertiseInput!) { requestExpertise(input: $input) { id } }`,
      {
        input: {
          trajectoryId: referral.id,
          providerId: providerId('duinzicht'),
          mode: 'CONSULTATION',
          question: 'Vraag',
        },
      },
    );
    await t.as('staff@duinzicht.example')(
      `mutation($input: RespondToExpertiseRequestInput!) { respondToExpertiseRequest(input: $input) { id } }`,
      { input: { id: request.data!.requestExpertise.id, accept: true } },
    );
    const PAYOUTS = `query($from: Date!, $to: Date!) { subcontractPayouts(from: $from, to: $to) { subcontractor { name } consultations } }`;
    const admin = t.as('admin@jeugdformaat.example');
    const consultations = async (day: string): Promise<number> =>
      (await admin(PAYOUTS, { from: day, to: day })).data!.subcontractPayouts.find(
        (p: any) => p.subcontractor.name === 'Praktijk Duinzicht',
      )?.consultations ?? 0;
    const before = [await consultations('2025-12-31'), await consultations('2026-01-01')];
    // answered at 00:30 on 1 January 2026 in Amsterdam: 2026's payout, not 2025's
    await t.admin.query(
      `UPDATE expertise_request SET requested_at = '2025-12-30T10:00:00Z', responded_at = '2025-12-31T23:30:00Z' WHERE id = $1`,
      [request.data!.requestExpertise.id],
    );
    expect([await consultations('2025-12-31'), await consultations('2026-01-01')]).toEqual([before[0], before[1] + 1]);
  });
});
