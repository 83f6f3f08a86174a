import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, profileId } from '../../../seeds/reference.js';
import { DELFT, DEN_HAAG } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { FIGURE_NAMES } from '../../../server/src/modules/performance/performance.rules.js';
import { createConsortium, createProviders, insertFacts, publishedFigures, recordKeys, type Fact } from './facts.js';

let t: TestApp;
let consortiumId: string;
let providers: { A: string; B: string; C: string; D: string; E: string };
/** The record keys of the facts of `facts()`, in order. */
let keys: number[];
/** The record keys of the facts at these positions of `facts()` (from–to, inclusive). */
const keysOf = (...ranges: [number, number][]) => ranges.flatMap(([from, to]) => keys.slice(from, to + 1));

const ESCAMP = areaId('0518', 'Escamp');
const LOOSDUINEN = areaId('0518', 'Loosduinen');
const BINNENSTAD = areaId('0503', 'Binnenstad');

const FIGURES = `trajectoriesClosed youthCount goalRealisationRate satisfactionYouthAvg satisfactionParentAvg dropoutRate
  endedAsPlannedRate repeatUseRate averageWaitingDays averageTariffCents averageCostCents costToTariffRatio
  highIntensityShare longDurationShare suppressed`;
const PERFORMANCE = `query($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
    consortium { name } from to municipality { name }
    figures { ${FIGURES} }
    byProvider { provider { name } figures { ${FIGURES} } }
    byProfile { profile { code } figures { ${FIGURES} } }
    byArea { area { name municipality { name } } figures { ${FIGURES} } }
    byPeriod { period start end figures { ${FIGURES} } }
    quarters: byPeriod(granularity: QUARTER) { period start end figures { trajectoriesClosed youthCount } }
  } }`;
const YEAR_2001 = { from: '2001-01-01', to: '2001-12-31' };
/** The figures of waiting and starts are tested in municipality-performance.test.ts; here the closed trajectories'. */
const INTAKE_FIGURES = ['WAITING_NOW', 'REFERRALS_PER_YOUTH', 'PIC_CHANGE_RATE', 'OVERDUE_INTAKES'];
const closedFiguresOnly = (result: any): any =>
  JSON.parse(
    JSON.stringify(result, (key, value) =>
      key === 'suppressed' ? value.filter((name: string) => !INTAKE_FIGURES.includes(name)) : value,
    ),
  );
const ALL_FIGURES = ['TRAJECTORIES_CLOSED', 'YOUTH_COUNT', 'GOAL_REALISATION_RATE', 'SATISFACTION_YOUTH_AVG', 'SATISFACTION_PARENT_AVG',
  'DROPOUT_RATE', 'ENDED_AS_PLANNED_RATE', 'REPEAT_USE_RATE', 'AVERAGE_WAITING_DAYS', 'AVERAGE_TARIFF_CENTS', 'AVERAGE_COST_CENTS',
  'COST_TO_TARIFF_RATIO', 'HIGH_INTENSITY_SHARE', 'LONG_DURATION_SHARE']; // prettier-ignore
const WITHHELD = {
  trajectoriesClosed: null, youthCount: null, goalRealisationRate: null, satisfactionYouthAvg: null, satisfactionParentAvg: null,
  dropoutRate: null, endedAsPlannedRate: null, repeatUseRate: null, averageWaitingDays: null, averageTariffCents: null,
  averageCostCents: null, costToTariffRatio: null, highIntensityShare: null, longDurationShare: null, suppressed: ALL_FIGURES,
}; // prettier-ignore

/**
 * The consortium "Proefverband" in 2001 (Den Haag unless said otherwise). Alfa is lead, Bravo,
 * Charlie and Echo partners (Echo only until 2001-03-31), Delta a subcontractor. Positions: Alfa
 * 0–7, Bravo 8–13, Charlie 14–16, Echo 17 (counted) and 18, Delta 19–20, outside 2001 21–22,
 * Delft 23–24.
 *
 * The figures are published perturbed by the cell-key method: each test computes a group's exact
 * sums by hand and expects what the method makes of them with the keys of the group's facts.
 */
function facts(p: typeof providers): Fact[] {
  const dh = { municipality: DEN_HAAG };
  return [
    // Alfa: 8 trajectories, 8 youths
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P01',
      intensity: 'KL',
      closedAt: '2001-02-10T10:00:00Z',
      waitingDays: 10,
      goals: [2, 2, 0],
      satisfactionYouth: 8,
      satisfactionParent: 7,
      tariffCents: 290_000,
    },
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P01',
      intensity: 'KL',
      closedAt: '2001-02-12T10:00:00Z',
      waitingDays: 12,
      goals: [2, 1, 1],
      satisfactionYouth: 7,
      satisfactionParent: 8,
      tariffCents: 290_000,
      costCents: 261_000,
    },
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P01',
      intensity: 'KH',
      closedAt: '2001-02-20T10:00:00Z',
      waitingDays: 8,
      goals: [1, 0, 1],
      satisfactionYouth: 6,
      satisfactionParent: 6,
      endedAsPlanned: false,
      tariffCents: 551_000,
      costCents: 413_250,
    },
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P01',
      intensity: 'LL',
      closedAt: '2001-02-25T10:00:00Z',
      waitingDays: 20,
      goals: [3, 3, 0],
      satisfactionParent: 9,
      repeatUse: true,
      tariffCents: 667_000,
    },
    {
      ...dh,
      provider: p.A,
      area: LOOSDUINEN,
      profile: 'P01',
      intensity: 'LH',
      closedAt: '2001-05-03T10:00:00Z',
      waitingDays: 15,
      goals: [2, 0, 0],
      satisfactionYouth: 3,
      dropout: true,
      tariffCents: 1_218_000,
      costCents: 730_800,
    },
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P02',
      intensity: 'KL',
      closedAt: '2001-05-10T10:00:00Z',
      waitingDays: 5,
      goals: [1, 1, 0],
      satisfactionYouth: 9,
      satisfactionParent: 9,
      variant: 'TASK',
      tariffCents: 340_000,
    },
    {
      ...dh,
      provider: p.A,
      area: ESCAMP,
      profile: 'P02',
      intensity: 'KL',
      closedAt: '2001-05-15T10:00:00Z',
      waitingDays: 10,
      goals: [2, 1, 0],
      satisfactionYouth: 8,
      satisfactionParent: 8,
      variant: 'TASK',
      tariffCents: 340_000,
    },
    // 23:30 on New Year's Eve in Amsterdam (22:30 UTC): still 2001
    {
      ...dh,
      provider: p.A,
      area: LOOSDUINEN,
      profile: 'P02',
      intensity: 'KH',
      closedAt: '2001-12-31T22:30:00Z',
      waitingDays: 0,
      goals: [0, 0, 0],
      dropout: true,
      variant: 'EFFORT',
      tariffCents: 646_000,
      costCents: 700_000,
    },
    // Bravo: 6 trajectories of 5 youths (b1 twice)
    ...['b1', 'b1', 'b2', 'b3', 'b4', 'b5'].map((youth, i): Fact => ({
      ...dh, provider: p.B, youth, area: i < 3 ? LOOSDUINEN : ESCAMP, profile: 'P02', intensity: 'KL', closedAt: '2001-05-20T10:00:00Z',
      waitingDays: 4, goals: [1, 1, 0], satisfactionYouth: 7, satisfactionParent: 7, tariffCents: 340_000,
    })), // prettier-ignore
    // Charlie: 3 youths
    ...[1, 2, 3].map((): Fact => ({
      ...dh, provider: p.C, area: ESCAMP, profile: 'P01', intensity: 'KL', closedAt: '2001-05-21T10:00:00Z', waitingDays: 6,
      goals: [1, 0, 0], satisfactionYouth: 5, satisfactionParent: 5, endedAsPlanned: false, tariffCents: 290_000, costCents: 174_000,
    })), // prettier-ignore
    // Echo: 1 youth while a partner; one more after its membership ended (not counted)
    {
      ...dh,
      provider: p.E,
      area: ESCAMP,
      closedAt: '2001-02-15T10:00:00Z',
      waitingDays: 2,
      goals: [1, 1, 0],
      satisfactionYouth: 10,
      satisfactionParent: 10,
    },
    { ...dh, provider: p.E, area: ESCAMP, closedAt: '2001-06-15T10:00:00Z' },
    // not counted: a subcontractor's; outside the period (00:30 on 1 January 2002 in Amsterdam)
    { ...dh, provider: p.D, area: ESCAMP, closedAt: '2001-03-01T10:00:00Z' },
    { ...dh, provider: p.D, area: ESCAMP, closedAt: '2001-03-02T10:00:00Z' },
    { ...dh, provider: p.A, area: ESCAMP, closedAt: '2000-12-31T12:00:00Z' },
    { ...dh, provider: p.A, area: ESCAMP, closedAt: '2001-12-31T23:30:00Z' },
    // Delft: counted for the region, not for Den Haag
    { municipality: DELFT, provider: p.A, area: BINNENSTAD, closedAt: '2001-03-01T10:00:00Z' },
    { municipality: DELFT, provider: p.A, area: BINNENSTAD, closedAt: '2001-03-05T10:00:00Z' },
  ] as Fact[];
}

beforeAll(async () => {
  t = await startTestApp();
  const [A, B, C, D, E] = await createProviders(t.admin, [
    'Aanbieder Alfa',
    'Aanbieder Bravo',
    'Aanbieder Charlie',
    'Aanbieder Delta',
    'Aanbieder Echo',
  ]);
  providers = { A, B, C, D, E };
  consortiumId = await createConsortium(t.admin, 'Proefverband', [
    { providerId: A, role: 'LEAD' },
    { providerId: B, role: 'PARTNER' },
    { providerId: C, role: 'PARTNER' },
    { providerId: D, role: 'SUBCONTRACTOR' },
    { providerId: E, role: 'PARTNER', validUntil: '2001-03-31' },
  ]);
  keys = await recordKeys(t.admin, (await insertFacts(t.admin, facts(providers))).trajectoryIds);
});
afterAll(() => t?.close());

describe('consortiumPerformance: hand-computed figures (Den Haag contract manager, 2001)', () => {
  const run = async () =>
    closedFiguresOnly(await t.as('contractmanager@denhaag.example')(PERFORMANCE, { consortiumId, ...YEAR_2001 }));

  it('counts the trajectories of the lead and partners on their closing date, in the municipality, closed in the period', async () => {
    const { data, errors } = await run();
    expect(errors).toBeUndefined();
    const p = data!.consortiumPerformance;
    expect(p).toMatchObject({
      consortium: { name: 'Proefverband' },
      from: '2001-01-01',
      to: '2001-12-31',
      municipality: { name: 'Den Haag' },
    });
    // Alfa 8 + Bravo 6 + Charlie 3 + Echo 1 trajectories; 8 + 5 + 3 + 1 youths
    expect(p.figures).toEqual(
      publishedFigures(
        {
          trajectories: 18,
          youths: 17,
          goals: 23,
          goalsAchieved: 15, // goal realisation (15 + 0.5 × 2) / 23 = 0.696 before perturbation
          goalsPartly: 2,
          satisfactionYouthSum: 108, // 108 / 16 answers = 6.75
          satisfactionYouthCount: 16,
          satisfactionParentSum: 114, // 114 / 16 = 7.125
          satisfactionParentCount: 16,
          dropouts: 2,
          endedAsPlanned: 12,
          repeatUse: 1,
          waitingDaysSum: 124,
          tariffSum: 7_542_000,
          costCount: 16, // the 2 TASK trajectories have no cost
          costSum: 5_914_050,
          costTariffSum: 6_862_000,
          high: 3,
          long: 2,
          maxGoals: 3,
          maxWaitingDays: 20,
          maxTariff: 1_218_000,
          maxCost: 730_800,
        },
        keysOf([0, 17]),
      ),
    );
    // what the cell-key method does to a count: it moves by at most 2
    expect(Math.abs(p.figures.trajectoriesClosed - 18)).toBeLessThanOrEqual(2);
  });

  it('publishes Alfa, and withholds Charlie (3) and Echo (1) and — so they cannot be derived from the total — Bravo', async () => {
    const { data } = await run();
    const byProvider = data!.consortiumPerformance.byProvider;
    expect(byProvider.map((r: any) => r.provider.name)).toEqual([
      'Aanbieder Alfa',
      'Aanbieder Bravo',
      'Aanbieder Charlie',
      'Aanbieder Echo',
    ]);
    expect(byProvider[0].figures).toEqual(
      publishedFigures(
        {
          trajectories: 8,
          youths: 8,
          goals: 13,
          goalsAchieved: 8, // (8 + 0.5 × 2) / 13 = 0.692 before perturbation
          goalsPartly: 2,
          satisfactionYouthSum: 41,
          satisfactionYouthCount: 6,
          satisfactionParentSum: 47,
          satisfactionParentCount: 6,
          dropouts: 2,
          endedAsPlanned: 5,
          repeatUse: 1,
          waitingDaysSum: 80,
          tariffSum: 4_342_000,
          costCount: 6,
          costSum: 3_062_050,
          costTariffSum: 3_662_000,
          high: 3, // KH, LH, KH
          long: 2, // LL, LH
          maxGoals: 3,
          maxWaitingDays: 20,
          maxTariff: 1_218_000,
          maxCost: 730_800,
        },
        keysOf([0, 7]),
      ),
    );
    for (const withheld of byProvider.slice(1)) expect(withheld.figures).toEqual(WITHHELD);
  });

  it('breaks down by profile, area and period, withholding small groups and their complements in each', async () => {
    const { data } = await run();
    const p = data!.consortiumPerformance;
    expect(
      p.byProfile.map((r: any) => [
        r.profile.code,
        r.figures.trajectoriesClosed,
        r.figures.youthCount,
        r.figures.endedAsPlannedRate,
      ]),
    ).toEqual(
      [
        ['P01', { trajectories: 9, youths: 9, endedAsPlanned: 4 }, keysOf([0, 4], [14, 17])], // Alfa 5, Charlie 3, Echo 1
        ['P02', { trajectories: 9, youths: 8, endedAsPlanned: 8 }, keysOf([5, 13])], // Alfa 3, Bravo 6 (5 youths)
      ].map(([code, sums, of]: any) => {
        const f = publishedFigures(sums, of);
        return [code, f.trajectoriesClosed, f.youthCount, f.endedAsPlannedRate];
      }),
    );
    // Loosduinen has 4 youths; Escamp (13) would then be total − Loosduinen
    expect(p.byArea.map((r: any) => [r.area.name, r.figures])).toEqual([
      ['Escamp', WITHHELD],
      ['Loosduinen', WITHHELD],
    ]);
    // December (1 youth) is withheld, and February (5) with it; May is published
    const may = publishedFigures({ trajectories: 12, youths: 11, dropouts: 1 }, keysOf([4, 6], [8, 16]));
    expect(
      p.byPeriod.map((r: any) => [
        r.period,
        r.start,
        r.end,
        r.figures.trajectoriesClosed,
        r.figures.youthCount,
        r.figures.dropoutRate,
      ]),
    ).toEqual([
      ['2001-02', '2001-02-01', '2001-02-28', null, null, null],
      ['2001-05', '2001-05-01', '2001-05-31', may.trajectoriesClosed, may.youthCount, may.dropoutRate],
      ['2001-12', '2001-12-01', '2001-12-31', null, null, null],
    ]);
    // the second quarter holds the same trajectories as May: the same cell, so the same figure
    expect(p.quarters.map((r: any) => [r.period, r.start, r.end, r.figures.trajectoriesClosed])).toEqual([
      ['2001-Q1', '2001-01-01', '2001-03-31', null],
      ['2001-Q2', '2001-04-01', '2001-06-30', may.trajectoriesClosed],
      ['2001-Q4', '2001-10-01', '2001-12-31', null],
    ]);
  });

  it('runs the same few SQL statements however many groups there are', async () => {
    const many = await run();
    const one = await t.as('contractmanager@delft.example')(PERFORMANCE, { consortiumId, ...YEAR_2001 });
    expect(many.statements).toBe(one.statements);
    expect(many.statements).toBeLessThanOrEqual(8);
  });
});

describe('consortiumPerformance for the region and for another municipality', () => {
  it('counts every municipality for the region administrator', async () => {
    const { data, errors } = closedFiguresOnly(
      await t.as('admin@h10.example')(PERFORMANCE, { consortiumId, ...YEAR_2001 }),
    );
    expect(errors).toBeUndefined();
    const p = data!.consortiumPerformance;
    expect(p.municipality).toBeNull();
    const total = publishedFigures({ trajectories: 20, youths: 19 }, keysOf([0, 17], [23, 24]));
    expect([p.figures.trajectoriesClosed, p.figures.youthCount]).toEqual([total.trajectoriesClosed, total.youthCount]);
    const alfa = publishedFigures({ trajectories: 10, youths: 10, dropouts: 2 }, keysOf([0, 7], [23, 24]));
    expect(p.byProvider[0].figures).toMatchObject({
      trajectoriesClosed: alfa.trajectoriesClosed,
      youthCount: alfa.youthCount,
      dropoutRate: alfa.dropoutRate,
    });
    // Binnenstad (2) and Loosduinen (4) are withheld together (6 youths), so Escamp can be shown
    const escamp = publishedFigures({ trajectories: 13, youths: 13 }, keysOf([0, 3], [5, 6], [11, 17]));
    expect(p.byArea.map((r: any) => [r.area.municipality.name, r.area.name, r.figures.trajectoriesClosed])).toEqual([
      ['Delft', 'Binnenstad', null],
      ['Den Haag', 'Escamp', escamp.trajectoriesClosed],
      ['Den Haag', 'Loosduinen', null],
    ]);
  });

  it('shows Delft’s contract manager only Delft’s 2 youths: all withheld', async () => {
    const { data } = closedFiguresOnly(
      await t.as('contractmanager@delft.example')(PERFORMANCE, { consortiumId, ...YEAR_2001 }),
    );
    const p = data!.consortiumPerformance;
    expect(p.municipality).toEqual({ name: 'Delft' });
    // nobody answered the satisfaction question: nothing to count, so null without being withheld
    const withheld = { ...WITHHELD, suppressed: ALL_FIGURES.filter((f) => !f.startsWith('SATISFACTION')) };
    expect(p.figures).toEqual(withheld);
    expect(p.byProvider).toEqual([{ provider: { name: 'Aanbieder Alfa' }, figures: withheld }]);
  });
});

describe('consortiumPerformance refuses', () => {
  it('everyone but contract managers and the region', async () => {
    for (const email of ['lokaalteam@denhaag.example', 'admin@jeugdformaat.example', 'staff@parnassia.example']) {
      const result = await t.as(email)(PERFORMANCE, { consortiumId, ...YEAR_2001 });
      expect(result.errors![0].extensions!.code, email).toBe('FORBIDDEN');
    }
    expect((await t.gql(PERFORMANCE, { consortiumId, ...YEAR_2001 })).errors![0].extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a period off the calendar grid or not over yet, a malformed id, an unknown consortium', async () => {
    const cm = t.as('contractmanager@denhaag.example');
    const backwards = await cm(PERFORMANCE, { consortiumId, from: '2001-12-31', to: '2001-01-01' });
    expect(backwards.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'from', reason: 'NOT_A_PERIOD_START' }],
    });
    const long = await cm(PERFORMANCE, { consortiumId, from: '2001-01-01', to: '2006-01-01' });
    expect(long.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'to',
          reason: 'NOT_A_PERIOD_END',
          message: 'must be the last day of the calendar month, quarter or year that starts on from',
        },
      ],
    });
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()).slice(0, 4);
    const current = await cm(PERFORMANCE, { consortiumId, from: `${year}-01-01`, to: `${year}-12-31` });
    expect(current.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'to', reason: 'PERIOD_NOT_OVER' }],
    });
    const malformed = await cm(PERFORMANCE, { consortiumId: 'x', ...YEAR_2001 });
    expect(malformed.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'consortiumId' }],
    });
    const unknown = await cm(PERFORMANCE, { consortiumId: '00000000-0000-4000-8000-000000000000', ...YEAR_2001 });
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('the CSV export', () => {
  const CSV = `query($consortiumId: ID!, $from: Date!, $to: Date!) { consortiumPerformanceCsv(consortiumId: $consortiumId, from: $from, to: $to) }`;

  it('holds the same tables and figures as the API, with withheld figures as "< 5"', async () => {
    const cm = t.as('contractmanager@denhaag.example');
    const { data, errors } = await cm(CSV, { consortiumId, ...YEAR_2001 });
    expect(errors).toBeUndefined();
    const api = (await cm(PERFORMANCE, { consortiumId, ...YEAR_2001 })).data!.consortiumPerformance;
    const figures = (f: any) => FIGURE_NAMES.map((name) => String(f[name])).join(',');
    const lines: string[] = data!.consortiumPerformanceCsv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'table,group,code,trajectoriesClosed,youthCount,goalRealisationRate,satisfactionYouthAvg,satisfactionParentAvg,dropoutRate,' +
        'endedAsPlannedRate,repeatUseRate,averageWaitingDays,averageTariffCents,averageCostCents,costToTariffRatio,highIntensityShare,longDurationShare',
    );
    expect(lines[1]).toBe(`consortium,Proefverband,0518,${figures(api.figures)}`);
    expect(lines[2]).toMatch(new RegExp(`^provider,Aanbieder Alfa,\\d{8},${figures(api.byProvider[0].figures)}$`));
    const withheld = Array(14).fill('< 5').join(',');
    expect(lines[3]).toMatch(new RegExp(`^provider,Aanbieder Bravo,\\d{8},${withheld}$`));
    expect(lines).toContain(`area,Loosduinen,0518,${withheld}`);
    expect(lines.find((l) => l.startsWith('profile,'))).toBe(
      `profile,Opvoed- en opgroeiproblemen,P01,${figures(api.byProfile[0].figures)}`,
    );
    expect(lines.filter((l) => l.startsWith('month,')).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'month,2001-02,2001-02-01,< 5',
      `month,2001-05,2001-05-01,${api.byPeriod[1].figures.trajectoriesClosed}`,
      'month,2001-12,2001-12-01,< 5',
    ]);
  });
});

describe('providerOutcomes: published results for choosing a provider', () => {
  const OUTCOMES = `query($profileId: ID) { providerOutcomes(profileId: $profileId) { from to profile { code }
    providers { provider { name } figures { trajectoriesClosed youthCount goalRealisationRate satisfactionYouthAvg satisfactionParentAvg
      dropoutRate endedAsPlannedRate repeatUseRate averageWaitingDays suppressed } } } }`;
  const thisYear = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()).slice(0, 4),
  );
  const lastYear = thisYear - 1;
  let resultaatEen: number[];

  beforeAll(async () => {
    const [R1, R2, R3] = await createProviders(t.admin, ['Resultaat Een', 'Resultaat Twee', 'Resultaat Drie']);
    const recent = (provider: string, municipality: string, n: number, extra: Partial<Fact> = {}): Fact[] =>
      Array.from({ length: n }, (_, i) => ({
        provider,
        municipality,
        profile: 'P05',
        closedAt: `${lastYear}-06-${10 + i}T10:00:00Z`,
        waitingDays: 3,
        goals: [2, 1, 1],
        satisfactionYouth: 8,
        satisfactionParent: 6,
        ...extra,
      }));
    const inserted = await insertFacts(t.admin, [
      ...recent(R1, DEN_HAAG, 5),
      ...recent(R1, DEN_HAAG, 1, { dropout: true }),
      ...recent(R2, DEN_HAAG, 3),
      ...recent(R3, DELFT, 4),
      ...recent(R1, DEN_HAAG, 1, { closedAt: `${lastYear - 1}-12-31T12:00:00Z` }), // the year before
      ...recent(R1, DEN_HAAG, 1, { closedAt: new Date().toISOString() }), // this year, not over yet
    ]);
    resultaatEen = await recordKeys(t.admin, inserted.trajectoryIds.slice(0, 6));
  });

  it('shows every municipality’s results to a referrer, per provider, suppressed like the contract managers’ figures', async () => {
    const { data, errors } = await t.as('lokaalteam@delft.example')(OUTCOMES, { profileId: profileId('P05') });
    expect(errors).toBeUndefined();
    const outcomes = data!.providerOutcomes;
    expect(outcomes.profile).toEqual({ code: 'P05' });
    expect([outcomes.from, outcomes.to]).toEqual([`${lastYear}-01-01`, `${lastYear}-12-31`]);
    const byName = new Map(outcomes.providers.map((p: any) => [p.provider.name, p.figures]));
    const een = publishedFigures(
      {
        trajectories: 6,
        youths: 6,
        goals: 12,
        goalsAchieved: 6, // (6 + 0.5 × 6) / 12 = 0.75 before perturbation
        goalsPartly: 6,
        satisfactionYouthSum: 48,
        satisfactionYouthCount: 6,
        satisfactionParentSum: 36,
        satisfactionParentCount: 6,
        dropouts: 1,
        endedAsPlanned: 5,
        waitingDaysSum: 18,
        maxGoals: 2,
        maxWaitingDays: 3,
      },
      resultaatEen,
    );
    expect(byName.get('Resultaat Een')).toEqual({
      trajectoriesClosed: een.trajectoriesClosed,
      youthCount: een.youthCount,
      goalRealisationRate: een.goalRealisationRate,
      satisfactionYouthAvg: een.satisfactionYouthAvg,
      satisfactionParentAvg: een.satisfactionParentAvg,
      dropoutRate: een.dropoutRate,
      endedAsPlannedRate: een.endedAsPlannedRate,
      repeatUseRate: een.repeatUseRate,
      averageWaitingDays: een.averageWaitingDays,
      suppressed: [],
    });
    // 3 and 4 youths: withheld, together 7, so nothing else needs to be
    expect(byName.get('Resultaat Twee')).toMatchObject({
      trajectoriesClosed: null,
      youthCount: null,
      goalRealisationRate: null,
    });
    expect(byName.get('Resultaat Drie')).toMatchObject({ trajectoriesClosed: null, dropoutRate: null });
  });

  it('publishes the region’s figures over all providers beside them, perturbed and suppressed the same way', async () => {
    const REGION = `query($profileId: ID) { providerOutcomes(profileId: $profileId) { region { trajectoriesClosed youthCount suppressed } } }`;
    const { data } = await t.as('staff@jeugdformaat.example')(REGION, { profileId: profileId('P05') });
    const { rows } = await t.admin.query(
      `SELECT count(*)::int AS trajectories, count(DISTINCT youth_key)::int AS youths, array_agg(record_key::float8) AS keys
         FROM trajectory_fact WHERE profile_id = $1
          AND closed_at >= make_date($2, 1, 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
          AND closed_at < make_date($2 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`,
      [profileId('P05'), lastYear],
    );
    const region = publishedFigures({ trajectories: rows[0].trajectories, youths: rows[0].youths }, rows[0].keys);
    expect(data!.providerOutcomes.region).toEqual({
      trajectoriesClosed: region.trajectoriesClosed,
      youthCount: region.youthCount,
      suppressed: [],
    });
  });

  it('filters by profile, and refuses an unknown one', async () => {
    const { data } = await t.as('lokaalteam@denhaag.example')(OUTCOMES, { profileId: profileId('P06') });
    expect(data!.providerOutcomes.providers.map((p: any) => p.provider.name)).not.toContain('Resultaat Een');
    const unknown = await t.as('lokaalteam@denhaag.example')(OUTCOMES, {
      profileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'profileId', message: 'is not a known profile' }],
    });
  });

  it('gives the database function nothing without a signed-in viewer', async () => {
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM access.published_outcome_sums($1, NULL)`, [
      lastYear,
    ]);
    expect(rows[0].n).toBe(0);
  });
});
