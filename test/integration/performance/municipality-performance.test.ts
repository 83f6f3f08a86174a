import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userId } from '../../../seeds/accounts.js';
import { picId } from '../../../seeds/reference.js';
import { insertRows } from '../../../seeds/seed-db.js';
import {
  intakeFigureValues,
  NO_INTAKE,
  perturbCount,
  type IntakeCell,
} from '../../../server/src/modules/performance/performance.rules.js';
import { DELFT } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createConsortium, createProviders, insertFacts } from './facts.js';

/**
 * municipalityPerformance on a data set made by hand: Delft in 2001, long before any seeded data.
 * Outside the consortia: Oost (O). The consortium "Delfts Verband": lead Lima (L), partner Papa (P).
 *
 * - O: 6 youths started on 2001-03-11 (referred 03-01 by Den Haag's local team, LOCAL_TEAM); two of
 *   them (o1, o2) had been referred in June 2000 already (cancelled); one (o3) had its PIC changed.
 *   5 youths referred on 2001-11-01, still waiting. 11 closed in February 2001 (started in 2000):
 *   reasons 32 ×5, 34 ×5, 33 ×1.
 * - The consortium: 4 youths in intake since 2001-09-01 with L, deadline 09-08, never assigned
 *   (overdue); 2 assigned to P on 09-05 (in time), still waiting; P started 5 youths on 04-15
 *   (referred 04-01 by Delft's team as GP, deadline 04-06, assigned 04-03), one of them (p1)
 *   referred to O in October 2000 before, two with their PIC changed.
 *
 * By hand, the whole municipality: waiting 5 + 4 + 2 = 11; starts 6 + 5 = 11 with 8 + 6 = 14
 * referrals in the year before (1.27 per youth); 1 + 2 = 3 PIC changes (0.273); 4 overdue intakes
 * of 11. The published figures are those numbers perturbed by the cell-key method, with the cell
 * key of exactly the trajectories counted; the tests compute that too.
 */

let t: TestApp;
let O: string, L: string, P: string;
let consortiumId: string;
/** Trajectory ids per label. */
const ids: Record<string, string[]> = {};
let recordKey: Map<string, number>;

const YEAR_2001 = { from: '2001-01-01', to: '2001-12-31' };
const INTAKE =
  'waitingNow referralsPerYouth picChangeRate overdueIntakes dropoutByReason { code label count } suppressed';
const QUERY = `query($municipalityId: ID!, $from: Date!, $to: Date!) {
  municipalityPerformance(municipalityId: $municipalityId, from: $from, to: $to) {
    municipality { name } from to
    figures { trajectoriesClosed ${INTAKE} }
    byProvider { provider { name } figures { trajectoriesClosed ${INTAKE} } }
    byConsortium { consortium { name } figures { ${INTAKE} } byProvider { provider { name } figures { waitingNow overdueIntakes suppressed } }
                   byProfile { profile { code } figures { trajectoriesClosed } } }
    byReferrerType { referrerType picChangeRate referralsPerYouth suppressed }
    byReferringOrganisation { organisationName picChangeRate referralsPerYouth suppressed }
  } }`;

interface Referral {
  label: string;
  provider: string;
  referredAt: string;
  startedAt?: string;
  closedAt?: string;
  status: 'INTAKE' | 'REFERRED' | 'ACTIVE' | 'CANCELLED';
  referrer: string;
  referrerType: 'LOCAL_TEAM' | 'GP';
  youth?: string;
  consortium?: boolean;
  deadline?: string;
  assignedAt?: string;
  picChanged?: boolean;
}

/** Trajectories with their youths, and the PIC proposals and assignment events the figures count, as the table owner. */
async function insertReferrals(admin: pg.Pool, referrals: Referral[]) {
  const client = admin as unknown as pg.ClientBase;
  const youths = new Map<string, string>();
  const rows = { youth: [], family_plan: [], trajectory: [], pic_proposal: [], trajectory_event: [] } as Record<
    string,
    Record<string, unknown>[]
  >;
  referrals.forEach((r, i) => {
    const key = r.youth ?? `${r.label}-${i}`;
    if (!youths.has(key)) {
      youths.set(key, randomUUID());
      rows.youth.push({
        id: youths.get(key),
        initials: 'M.P.',
        birth_date: '1990-04-0' + (1 + (i % 9)),
        municipality_id: DELFT,
      });
    }
    const plan = randomUUID();
    const id = randomUUID();
    (ids[r.label] ??= []).push(id);
    rows.family_plan.push({
      id: plan,
      municipality_id: DELFT,
      question: 'Vraag',
      context: '',
      created_by: userId(r.referrer),
    });
    rows.trajectory.push({
      id, youth_id: youths.get(key), family_plan_id: plan, municipality_id: DELFT, status: r.status, responsible_provider_id: r.provider,
      referrer_type: r.referrerType, pic_id: picId('P01', 'KL', '2020'), funding_variant: 'OUTPUT', referred_at: r.referredAt,
      referred_by: userId(r.referrer), started_at: r.startedAt ?? null, closed_at: r.closedAt ?? null, last_activity_at: r.referredAt,
      consortium_id: r.consortium ? consortiumId : null, intake_deadline: r.deadline ?? null,
    }); // prettier-ignore
    if (r.picChanged)
      rows.pic_proposal.push({
        trajectory_id: id, from_pic_id: picId('P01', 'KL', '2020'), to_pic_id: picId('P02', 'KL', '2020'), reason: 'Andere zorgvraag',
        status: 'ACCEPTED', proposed_by_provider_id: r.provider, proposed_by: userId('admin@h10.example'), proposed_at: r.startedAt,
        decided_by: userId(r.referrer), decided_at: r.startedAt,
      }); // prettier-ignore
    if (r.assignedAt)
      rows.trajectory_event.push({
        trajectory_id: id,
        at: r.assignedAt,
        kind: 'MAIN_CONTRACTOR_ASSIGNED',
        actor_provider_id: L,
      });
  });
  for (const table of ['youth', 'family_plan', 'trajectory', 'pic_proposal', 'trajectory_event'])
    await insertRows(client, table, rows[table]);
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const DH_TEAM = 'lokaalteam@denhaag.example';
const DELFT_TEAM = 'lokaalteam@delft.example';

function referrals(): Referral[] {
  const oStart = {
    provider: O,
    referredAt: '2001-03-01T09:00:00Z',
    startedAt: '2001-03-11T09:00:00Z',
    status: 'ACTIVE',
  } as const;
  const pStart = { provider: P, referredAt: '2001-04-01T09:00:00Z', startedAt: '2001-04-15T09:00:00Z', status: 'ACTIVE',
    consortium: true, deadline: '2001-04-06', assignedAt: '2001-04-03T09:00:00Z', referrer: DELFT_TEAM, referrerType: 'GP' } as const; // prettier-ignore
  const earlier = { status: 'CANCELLED', referrer: DELFT_TEAM, referrerType: 'LOCAL_TEAM', label: 'earlier' } as const;
  return [
    { ...earlier, provider: O, youth: 'o1', referredAt: '2000-06-01T09:00:00Z', closedAt: '2000-06-10T09:00:00Z' },
    { ...earlier, provider: O, youth: 'o2', referredAt: '2000-06-01T09:00:00Z', closedAt: '2000-06-10T09:00:00Z' },
    { ...earlier, provider: O, youth: 'p1', referredAt: '2000-10-01T09:00:00Z', closedAt: '2000-10-10T09:00:00Z' },
    ...times(6, (i) => ({ ...oStart, label: 'oStarted', youth: `o${i + 1}`, referrer: DH_TEAM, referrerType: 'LOCAL_TEAM' as const,
      picChanged: i === 2 })), // prettier-ignore
    ...times(5, () => ({ provider: O, label: 'oWaiting', referredAt: '2001-11-01T09:00:00Z', status: 'REFERRED' as const,
      referrer: DELFT_TEAM, referrerType: 'LOCAL_TEAM' as const })), // prettier-ignore
    ...times(4, () => ({ provider: L, label: 'lIntake', referredAt: '2001-09-01T09:00:00Z', status: 'INTAKE' as const,
      consortium: true, deadline: '2001-09-08', referrer: DELFT_TEAM, referrerType: 'LOCAL_TEAM' as const })), // prettier-ignore
    ...times(2, () => ({ provider: P, label: 'pWaiting', referredAt: '2001-09-01T09:00:00Z', status: 'REFERRED' as const,
      consortium: true, deadline: '2001-09-08', assignedAt: '2001-09-05T09:00:00Z', referrer: DELFT_TEAM,
      referrerType: 'LOCAL_TEAM' as const })), // prettier-ignore
    ...times(5, (i) => ({ ...pStart, label: 'pStarted', youth: i === 0 ? 'p1' : undefined, picChanged: i < 2 })),
  ];
}

/** The published intake figures of a group whose exact counts were computed by hand, keyed by the trajectories in it. */
function published(cell: Omit<IntakeCell, 'cellKey'>, ...labels: string[]) {
  const cellKey = labels.flatMap((l) => ids[l]).reduce((sum, id) => sum + recordKey.get(id)!, 0);
  return intakeFigureValues({ ...NO_INTAKE, ...cell, cellKey });
}

beforeAll(async () => {
  t = await startTestApp();
  [O, L, P] = await createProviders(t.admin, ['Oost Jeugdhulp', 'Lima Zorg', 'Papa Jeugd']);
  consortiumId = await createConsortium(t.admin, 'Delfts Verband', [
    { providerId: L, role: 'LEAD' },
    { providerId: P, role: 'PARTNER' },
  ]);
  await insertReferrals(t.admin, referrals());
  const closed = await insertFacts(t.admin, [
    ...times(5, () => ({ provider: O, municipality: DELFT, closedAt: '2001-02-10T10:00:00Z', dropout: true, endReason: '32' })),
    ...times(5, () => ({ provider: O, municipality: DELFT, closedAt: '2001-02-11T10:00:00Z', endReason: '34', endedAsPlanned: false })),
    { provider: O, municipality: DELFT, closedAt: '2001-02-12T10:00:00Z', endReason: '33', endedAsPlanned: false },
  ]); // prettier-ignore
  ids.closed = closed.trajectoryIds;
  const { rows } = await t.admin.query<{ id: string; key: number }>(
    `SELECT id, access.record_key(id) AS key FROM unnest($1::uuid[]) id`,
    [Object.values(ids).flat()],
  );
  recordKey = new Map(rows.map((r) => [r.id, r.key]));
});
afterAll(() => t?.close());

describe('municipalityPerformance: the figures of the 2023 model, by hand (Delft, 2001)', () => {
  const run = () => t.as('contractmanager@delft.example')(QUERY, { municipalityId: DELFT, ...YEAR_2001 });

  it('counts who waits at the end of the year, referrals per start, PIC changes and overdue intakes for the whole municipality', async () => {
    const { data, errors } = await run();
    expect(errors).toBeUndefined();
    const m = data!.municipalityPerformance;
    expect(m.municipality).toEqual({ name: 'Delft' });
    const whole = published(
      { waiting: 11, waitingYouths: 11, started: 11, startedYouths: 11, priorReferrals: 14, picChanged: 3, overdueIntakes: 4, intakeYouths: 11 },
      'oStarted', 'oWaiting', 'lIntake', 'pWaiting', 'pStarted',
    ); // prettier-ignore
    expect(m.figures).toMatchObject({ ...whole, suppressed: [] });
    // the exact answers before the cell-key noise, to see that the noise is small: at most 2 on each count
    // (the noise follows the generated record keys, so any value in these ranges can occur)
    expect(Math.abs(whole.waitingNow! - 11)).toBeLessThanOrEqual(2);
    expect(whole.referralsPerYouth!).toBeGreaterThanOrEqual(Math.floor((12 / 13) * 100) / 100);
    expect(whole.referralsPerYouth!).toBeLessThanOrEqual(Math.ceil((16 / 9) * 100) / 100);
  });

  it('shows the providers outside the consortia beside the consortium’s, withholding small groups and their complements', async () => {
    const m = (await run()).data!.municipalityPerformance;
    expect(m.byProvider.map((p: any) => p.provider.name)).toEqual(['Lima Zorg', 'Oost Jeugdhulp', 'Papa Jeugd']);
    const [lima, oost, papa] = m.byProvider.map((p: any) => p.figures);
    const o = published(
      { waiting: 5, waitingYouths: 5, started: 6, startedYouths: 6, priorReferrals: 8, picChanged: 1, overdueIntakes: 0, intakeYouths: 0 },
      'oStarted', 'oWaiting',
    ); // prettier-ignore
    expect(oost).toMatchObject({
      waitingNow: o.waitingNow,
      referralsPerYouth: o.referralsPerYouth,
      picChangeRate: o.picChangeRate,
    });
    expect(oost.overdueIntakes).toBeNull(); // no intakes: nothing to count
    expect(oost.trajectoriesClosed).toBe(
      perturbCount(
        11,
        [...ids.closed].reduce((s, id) => s + recordKey.get(id)!, 0),
        'records',
        true,
      ),
    );
    // waiting: Lima 4 and Papa 2 youths are withheld (together 6); overdue: Lima's 4 and, as its complement, Papa's 7
    expect(lima).toMatchObject({ waitingNow: null, overdueIntakes: null, referralsPerYouth: null });
    expect(lima.suppressed).toEqual(expect.arrayContaining(['WAITING_NOW', 'OVERDUE_INTAKES']));
    expect(papa).toMatchObject({ waitingNow: null, overdueIntakes: null });
    const p = published(
      { ...NO_INTAKE, started: 5, startedYouths: 5, priorReferrals: 6, picChanged: 2 },
      'pWaiting',
      'pStarted',
    );
    expect(papa.referralsPerYouth).toBe(p.referralsPerYouth);
    expect(papa.picChangeRate).toBe(p.picChangeRate);
  });

  it('breaks the consortium out with its own figures, its finer breakdowns when asked for', async () => {
    const m = (await run()).data!.municipalityPerformance;
    expect(m.byConsortium.map((c: any) => c.consortium.name)).toEqual(['Delfts Verband']);
    const [c] = m.byConsortium;
    const whole = published(
      { waiting: 6, waitingYouths: 6, started: 5, startedYouths: 5, priorReferrals: 6, picChanged: 2, overdueIntakes: 4, intakeYouths: 11 },
      'lIntake', 'pWaiting', 'pStarted',
    ); // prettier-ignore
    expect(c.figures).toMatchObject({ ...whole, dropoutByReason: [], suppressed: [] });
    expect(c.byProvider.map((p: any) => [p.provider.name, p.figures.waitingNow])).toEqual([
      ['Lima Zorg', null],
      ['Papa Jeugd', null],
    ]);
    expect(c.byProfile).toEqual([]); // nothing of the consortium closed in 2001
  });

  it('publishes early endings by JZ588 reason, withholding the single one and a complement', async () => {
    const m = (await run()).data!.municipalityPerformance;
    const key = (from: number, to: number) => ids.closed.slice(from, to).reduce((s, id) => s + recordKey.get(id)!, 0);
    // 33 (1 youth) is withheld, and so is the smallest other group (32, 5 youths) so that 33 cannot be derived
    expect(m.figures.dropoutByReason).toEqual([
      { code: '34', label: 'Voortijdig afgesloten, in overleg', count: perturbCount(5, key(5, 10), 'reason 34') },
      { code: '32', label: 'Voortijdig afgesloten, door cliënt', count: null },
      { code: '33', label: 'Voortijdig afgesloten, door aanbieder', count: null },
    ]);
  });

  it('compares referrals per referrer type and per referring organisation', async () => {
    const m = (await run()).data!.municipalityPerformance;
    const localTeam = published(
      { ...NO_INTAKE, waiting: 9, waitingYouths: 9, started: 6, startedYouths: 6, priorReferrals: 8, picChanged: 1, overdueIntakes: 4, intakeYouths: 6 },
      'oStarted', 'oWaiting', 'lIntake', 'pWaiting',
    ); // prettier-ignore
    const gp = published({ ...NO_INTAKE, started: 5, startedYouths: 5, priorReferrals: 6, picChanged: 2 }, 'pStarted');
    expect(m.byReferrerType).toEqual([
      { referrerType: 'GP', picChangeRate: gp.picChangeRate, referralsPerYouth: gp.referralsPerYouth, suppressed: [] },
      { referrerType: 'LOCAL_TEAM', picChangeRate: localTeam.picChangeRate, referralsPerYouth: localTeam.referralsPerYouth, suppressed: [] },
    ]); // prettier-ignore
    const denHaag = published(
      { ...NO_INTAKE, started: 6, startedYouths: 6, priorReferrals: 8, picChanged: 1 },
      'oStarted',
    );
    const delft = published(
      { ...NO_INTAKE, waiting: 11, waitingYouths: 11, started: 5, startedYouths: 5, priorReferrals: 6, picChanged: 2, overdueIntakes: 4, intakeYouths: 11 },
      'oWaiting', 'lIntake', 'pWaiting', 'pStarted',
    ); // prettier-ignore
    expect(m.byReferringOrganisation).toEqual([
      {
        organisationName: 'Delft',
        picChangeRate: delft.picChangeRate,
        referralsPerYouth: delft.referralsPerYouth,
        suppressed: [],
      },
      {
        organisationName: 'Den Haag',
        picChangeRate: denHaag.picChangeRate,
        referralsPerYouth: denHaag.referralsPerYouth,
        suppressed: [],
      },
    ]);
  });

  it('counts who waited at the end of each month', async () => {
    const { data } = await t.as('contractmanager@delft.example')(
      `query($municipalityId: ID!) { municipalityPerformance(municipalityId: $municipalityId, from: "2001-01-01", to: "2001-12-31") {
          waitingByMonth { month end waitingNow suppressed } } }`,
      { municipalityId: DELFT },
    );
    const months = data!.municipalityPerformance.waitingByMonth;
    expect(months.map((m: any) => m.month)).toEqual(times(12, (i) => `2001-${String(i + 1).padStart(2, '0')}`));
    expect(months[0]).toEqual({ month: '2001-01', end: '2001-01-31', waitingNow: 0, suppressed: false });
    // nobody waits until September: the starts of March and April came before their month's end
    expect(months.slice(0, 8).map((m: any) => m.waitingNow)).toEqual(times(8, () => 0));
    const september = published({ ...NO_INTAKE, waiting: 6, waitingYouths: 6 }, 'lIntake', 'pWaiting');
    const december = published({ ...NO_INTAKE, waiting: 11, waitingYouths: 11 }, 'lIntake', 'pWaiting', 'oWaiting');
    expect(months.slice(8).map((m: any) => m.waitingNow)).toEqual([
      september.waitingNow,
      september.waitingNow,
      december.waitingNow,
      december.waitingNow,
    ]);
  });

  it('shows the region administrator the same, and refuses another municipality’s contract manager and everyone else', async () => {
    const region = await t.as('admin@h10.example')(QUERY, { municipalityId: DELFT, ...YEAR_2001 });
    expect(region.data!.municipalityPerformance).toEqual((await run()).data!.municipalityPerformance);
    const other = await t.as('contractmanager@denhaag.example')(QUERY, { municipalityId: DELFT, ...YEAR_2001 });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    for (const email of ['lokaalteam@delft.example', 'admin@jeugdformaat.example']) {
      const result = await t.as(email)(QUERY, { municipalityId: DELFT, ...YEAR_2001 });
      expect(result.errors![0].extensions!.code, email).toBe('FORBIDDEN');
    }
    const open = await t.as('contractmanager@delft.example')(QUERY, {
      municipalityId: DELFT,
      from: '2001-01-01',
      to: '2001-06-15',
    });
    expect(open.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'to', reason: 'NOT_A_PERIOD_END' }],
    });
  });

  it('gives the database function nothing to a viewer who is not a judge of that municipality', async () => {
    const client = await t.admin.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT set_config('app.roles', 'CONTRACT_MANAGER', true), set_config('app.municipality_id', $1, true)`,
        [randomUUID()],
      );
      const { rows } = await client.query(
        `SELECT * FROM access.intake_figure_sums($1, NULL, '2001-01-01', '2001-12-31')`,
        [DELFT],
      );
      expect(rows.filter((r) => r.waiting > 0 || r.started > 0)).toEqual([]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
