import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELFT, DEN_HAAG } from '../integration/helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../integration/helpers/test-app.js';
import { createConsortium, createProviders, insertFacts, type Fact } from '../integration/performance/facts.js';

/**
 * Differencing attacks on the published figures (domain rule 6: no group under 5 youths). One
 * youth, "T", closes a trajectory with Charlie on 1 February 2001 and drops out; she is the only
 * youth closing in February. Alfa (6 a month) and Bravo (5 a month) close in every other month,
 * Alfa also once in Delft (March). Each attack combines published answers so that, without
 * protection, exactly T (or the one Delft youth) remains.
 *
 * Against the period grid the attacks cannot even be asked. Where they can, the cell-key method
 * leaves noise in the result: the test runs each attack under many keyings of the same facts (the
 * record keys the database assigns, redrawn) and asserts that the answers do not determine the
 * isolated group — the attack gives the true value in only a minority of keyings, and several
 * different values overall, so an attacker cannot tell which is true.
 */

let t: TestApp;
let consortiumId: string;
let factIds: string[];
let manager: Client;
let region: Client;

const FIGURES = `trajectoriesClosed youthCount dropoutRate suppressed`;
const PERFORMANCE = `query($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
    figures { ${FIGURES} }
    byProvider { provider { name } figures { ${FIGURES} } }
    byPeriod(granularity: MONTH) { period figures { ${FIGURES} } } } }`;
const OUTLIERS = `query($from: Date!, $to: Date!) { intensityOutliers(from: $from, to: $to) {
  providers { provider { name } highLevel { trajectories observedShare } } } }`;
const OUTCOMES = `{ providerOutcomes { from to providers { provider { name } figures {
  trajectoriesClosed youthCount goalRealisationRate dropoutRate averageWaitingDays suppressed } } } }`;

const MONTH = (m: number) => String(m).padStart(2, '0');
const LAST_DAY = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const period = (from: number, to: number) => ({
  from: `2001-${MONTH(from)}-01`,
  to: `2001-${MONTH(to)}-${LAST_DAY[to - 1]}`,
});
const YEAR = period(1, 12);
const Q = (q: number) => period(3 * q - 2, 3 * q);

/** Count and dropouts of a published group (the dropouts from the rate, as an attacker would). */
interface Published {
  trajectoriesClosed: number | null;
  dropoutRate: number | null;
}
const counts = (f: Published) => ({
  trajectories: f.trajectoriesClosed!,
  dropouts: Math.round(f.dropoutRate! * f.trajectoriesClosed!),
});
const minus = (a: ReturnType<typeof counts>, ...bs: ReturnType<typeof counts>[]) => ({
  trajectories: bs.reduce((x, b) => x - b.trajectories, a.trajectories),
  dropouts: bs.reduce((x, b) => x - b.dropouts, a.dropouts),
});

async function performance(client: Client, p: { from: string; to: string }) {
  const { data, errors } = await client(PERFORMANCE, { consortiumId, ...p });
  expect(errors).toBeUndefined();
  return data!.consortiumPerformance;
}
const provider = (answer: any, name: string): Published =>
  answer.byProvider.find((r: any) => r.provider.name === name).figures;

/** Redraws the record keys of this file's facts (deterministically per keying). */
async function rekey(keying: number): Promise<void> {
  await t.admin.query(
    `UPDATE trajectory_fact SET record_key = (hashtextextended(trajectory_id::text, $1) & 1073741823)::int
      WHERE trajectory_id = ANY($2)`,
    [keying, factIds],
  );
}

const KEYINGS = 24;
/**
 * Runs `attack` under many keyings and asserts that it does not isolate `truth`: exact in fewer
 * than half of the keyings, and at least three different answers in all.
 */
async function expectUndetermined<T>(attack: () => Promise<T>, truth: T): Promise<void> {
  const answers: string[] = [];
  for (let keying = 1; keying <= KEYINGS; keying++) {
    await rekey(keying);
    answers.push(JSON.stringify(await attack()));
  }
  const exact = answers.filter((a) => a === JSON.stringify(truth)).length;
  expect(exact, `exact in ${exact} of ${KEYINGS}: ${answers.join(' ')}`).toBeLessThan(KEYINGS / 2);
  expect(new Set(answers).size, answers.join(' ')).toBeGreaterThanOrEqual(3);
}

beforeAll(async () => {
  t = await startTestApp();
  manager = t.as('contractmanager@denhaag.example');
  region = t.as('admin@h10.example');
  const [A, B, C, X, Y] = await createProviders(t.admin, [
    'Verschil Alfa',
    'Verschil Bravo',
    'Verschil Charlie',
    'Verschil Zwaar',
    'Verschil Peer',
  ]);
  consortiumId = await createConsortium(t.admin, 'Verschilverband', [
    { providerId: A, role: 'LEAD' },
    { providerId: B, role: 'PARTNER' },
    { providerId: C, role: 'PARTNER' },
  ]);
  const dh = { municipality: DEN_HAAG, profile: 'P01' };
  const monthly = (provider: string, n: number): Fact[] =>
    [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((m) =>
      Array.from({ length: n }, (_, i) => ({ ...dh, provider, closedAt: `2001-${MONTH(m)}-1${i}T10:00:00Z` })),
    );
  // the intensity report in 2002: Zwaar closes 12 a quarter in three quarters and 2 in the fourth
  const quarterly = (provider: string, perQuarter: number[]): Fact[] =>
    perQuarter.flatMap((n, q) =>
      Array.from({ length: n }, (_, i) => ({
        ...dh,
        provider,
        profile: 'P03',
        intensity: i % 2 ? 'KH' : 'KL',
        closedAt: `2002-${MONTH(3 * q + 2)}-${10 + (i % 18)}T10:00:00Z`,
      })),
    ) as Fact[];
  const inserted = await insertFacts(t.admin, [
    ...monthly(A, 6),
    ...monthly(B, 5),
    { ...dh, provider: C, closedAt: '2001-02-01T10:00:00Z', dropout: true, satisfactionYouth: 2 }, // T
    { municipality: DELFT, profile: 'P01', provider: A, closedAt: '2001-03-20T10:00:00Z', dropout: true },
    ...quarterly(X, [12, 12, 12, 2]),
    ...quarterly(Y, [25, 25, 25, 25]),
  ]);
  factIds = inserted.trajectoryIds;
});
afterAll(() => t?.close());

describe('differencing attacks on the performance figures', () => {
  it('two day-shifted periods: refused, so T’s day can never be subtracted', async () => {
    // the attack: [1 Feb, 31 Mar] minus [2 Feb, 31 Mar] would be T alone
    for (const shifted of [
      { from: '2001-02-01', to: '2001-03-31' },
      { from: '2001-02-02', to: '2001-03-31' },
      { from: '2001-01-31', to: '2001-02-28' },
      { from: '2001-02-01', to: '2001-02-27' },
      { from: '2000-02-01', to: '2001-01-31' }, // twelve months, not a calendar year
    ]) {
      for (const [client, query] of [
        [manager, PERFORMANCE],
        [region, PERFORMANCE],
        [manager, OUTLIERS],
      ] as const) {
        const { errors } = await client(query, { consortiumId, ...shifted });
        expect(errors?.[0].extensions, JSON.stringify(shifted)).toMatchObject({ code: 'BAD_USER_INPUT' });
      }
    }
    // what may be asked around T's day: February, the first quarter, 2001 — nested, never shifted
    for (const p of [period(2, 2), Q(1), YEAR]) await performance(manager, p);
  });

  it('breakdown by month vs quarter: the first quarter minus January and March does not give T', async () => {
    // within one answer, February (T alone) is withheld together with another month
    const q1 = await performance(manager, Q(1));
    const withheld = q1.byPeriod.filter((r: any) => r.figures.trajectoriesClosed === null).map((r: any) => r.period);
    expect(withheld).toContain('2001-02');
    expect(withheld.length).toBeGreaterThanOrEqual(2);
    // across answers: the quarter's total minus the totals of January and March
    await expectUndetermined(
      async () => {
        const [quarter, january, march] = await Promise.all(
          [Q(1), period(1, 1), period(3, 3)].map((p) => performance(manager, p)),
        );
        return minus(counts(quarter.figures), counts(january.figures), counts(march.figures));
      },
      { trajectories: 1, dropouts: 1 },
    );
  });

  it('consortium total minus its providers: the year’s total minus Alfa and Bravo does not give T', async () => {
    // within one answer, Charlie (T) is withheld, and Bravo with it
    const year = await performance(manager, YEAR);
    expect(year.byProvider.map((r: any) => [r.provider.name, r.figures.trajectoriesClosed === null])).toEqual([
      ['Verschil Alfa', false],
      ['Verschil Bravo', true],
      ['Verschil Charlie', true],
    ]);
    // across answers: Bravo's year from its months and quarters, then the total minus Alfa and Bravo
    await expectUndetermined(
      async () => {
        const [total, january, march, ...quarters] = await Promise.all(
          [YEAR, period(1, 1), period(3, 3), Q(2), Q(3), Q(4)].map((p) => performance(manager, p)),
        );
        const bravo = [january, march, ...quarters].map((a) => counts(provider(a, 'Verschil Bravo')));
        return minus(counts(total.figures), counts(provider(total, 'Verschil Alfa')), ...bravo);
      },
      { trajectories: 1, dropouts: 1 },
    );
  });

  it('municipality total minus its consortia: the region’s total minus Den Haag’s does not give the one Delft youth', async () => {
    // the contract manager of Den Haag sees Den Haag's trajectories; the region sees Delft's one more
    await expectUndetermined(
      async () => {
        const [all, denHaag] = await Promise.all([performance(region, Q(1)), performance(manager, Q(1))]);
        return minus(counts(all.figures), counts(denHaag.figures));
      },
      { trajectories: 1, dropouts: 1 },
    );
    // and the contract manager's total against its own breakdown: what is withheld is 5 youths or more together
    const answer = await performance(manager, Q(1));
    const published = answer.byProvider.filter((r: any) => r.figures.trajectoriesClosed !== null);
    expect(published.map((r: any) => r.provider.name)).toEqual(['Verschil Alfa']); // Bravo (10) withheld with T
  });

  it('intensity report: the year minus its first three quarters does not give the fourth quarter’s 2 trajectories', async () => {
    const zwaar = async (p: { from: string; to: string }) => {
      const { data, errors } = await manager(OUTLIERS, p);
      expect(errors).toBeUndefined();
      const c = data!.intensityOutliers.providers.find((r: any) => r.provider.name === 'Verschil Zwaar').highLevel;
      return { trajectories: c.trajectories, heavy: Math.round(c.observedShare * c.trajectories) };
    };
    const quarter = (q: number) => ({
      from: `2002-${MONTH(3 * q - 2)}-01`,
      to: `2002-${MONTH(3 * q)}-${LAST_DAY[3 * q - 1]}`,
    });
    await expectUndetermined(
      async () => {
        const [year, ...quarters] = await Promise.all(
          [{ from: '2002-01-01', to: '2002-12-31' }, quarter(1), quarter(2), quarter(3)].map(zwaar),
        );
        return quarters.reduce(
          (rest, q) => ({ trajectories: rest.trajectories - q.trajectories, heavy: rest.heavy - q.heavy }),
          year,
        );
      },
      { trajectories: 2, heavy: 1 },
    );
  });
});

describe('differencing attacks on the published outcomes', () => {
  it('rolling window of providerOutcomes on two days: a trajectory closing today changes nothing published', async () => {
    const year =
      Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()).slice(0, 4)) - 1;
    const [R] = await createProviders(t.admin, ['Verschil Resultaat']);
    await insertFacts(
      t.admin,
      Array.from({ length: 8 }, (_, i) => ({
        provider: R,
        municipality: DEN_HAAG,
        closedAt: `${year}-12-${String(10 + i).padStart(2, '0')}T10:00:00Z`,
      })),
    );
    const referrer = t.as('lokaalteam@delft.example');
    const before = await referrer(OUTCOMES);
    expect(before.errors).toBeUndefined();
    const mine = (answer: any) =>
      answer.data.providerOutcomes.providers.find((p: any) => p.provider.name === 'Verschil Resultaat');
    expect(mine(before).figures.suppressed).toEqual([]);
    // the next day: one more youth closed with Resultaat today
    await insertFacts(t.admin, [
      { provider: R, municipality: DEN_HAAG, closedAt: new Date().toISOString(), dropout: true },
    ]);
    const after = await referrer(OUTCOMES);
    expect(after.data).toEqual(before.data);
    expect([before.data!.providerOutcomes.from, before.data!.providerOutcomes.to]).toEqual([
      `${year}-01-01`,
      `${year}-12-31`,
    ]);
  });
});
