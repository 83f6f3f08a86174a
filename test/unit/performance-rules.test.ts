import { describe, expect, it } from 'vitest';
import { compareIntensityWithPeers, type IntensityCell } from '../../server/src/modules/performance/intensity.rules.js';
import { consortiumPerformanceCsv } from '../../server/src/modules/performance/performance.csv.js';
import {
  assertCalendarPeriod,
  cellKeyNoise,
  figureValues,
  lastCompleteYear,
  perturbByCellKey,
  perturbComparison,
  publishBreakdown,
  publishTotal,
  suppressSmallGroups,
  type Cell,
  type FactSums,
} from '../../server/src/modules/performance/performance.rules.js';
import type {
  ConsortiumPerformanceResult,
  PerformanceFigures,
} from '../../server/src/modules/performance/performance.types.js';

const sums = (overrides: Partial<FactSums>): FactSums => ({
  trajectories: 0, youths: 0, goalYouths: 0, goals: 0, goalsAchieved: 0, goalsPartly: 0,
  satisfactionYouthYouths: 0, satisfactionYouthSum: 0, satisfactionYouthCount: 0,
  satisfactionParentYouths: 0, satisfactionParentSum: 0, satisfactionParentCount: 0,
  dropouts: 0, endedAsPlanned: 0, repeatUse: 0, waitingDaysSum: 0, tariffSum: 0,
  costYouths: 0, costCount: 0, costSum: 0, costTariffSum: 0, high: 0, long: 0,
  ...overrides,
}); // prettier-ignore
const cell = (overrides: Partial<Cell>): Cell => ({
  ...sums({}), cellKey: 0, maxGoals: 0, maxWaitingDays: 0, maxTariff: 0, maxCost: 0, ...overrides,
}); // prettier-ignore

describe('suppressSmallGroups (domain rule 6: fewer than 5 youths is withheld)', () => {
  it('publishes every group of 5 or more youths', () => {
    expect(suppressSmallGroups([5, 12, 40], 57)).toEqual([false, false, false]);
  });

  it('withholds a group under 5, and the next smallest group so it cannot be recovered as total − others', () => {
    // total 60 = 3 + 7 + 50: with only the 3 withheld, 60 − 7 − 50 would give it away
    expect(suppressSmallGroups([50, 3, 7], 60)).toEqual([false, true, true]);
  });

  it('keeps withholding the next smallest while the withheld groups together have fewer than 5 youths', () => {
    // 1 + 2 = 3 youths could still be recovered together: the 6 goes too
    expect(suppressSmallGroups([1, 2, 6, 30], 39)).toEqual([true, true, true, false]);
    // 3 + 4 = 7: two withheld groups of 5+ youths together are enough
    expect(suppressSmallGroups([3, 4, 30], 37)).toEqual([true, true, false]);
  });

  it('withholds everything when the total itself has fewer than 5 youths', () => {
    expect(suppressSmallGroups([2, 2], 4)).toEqual([true, true]);
  });

  it('leaves empty groups alone: they hold nothing and protect nothing', () => {
    expect(suppressSmallGroups([0, 4, 0, 9], 13)).toEqual([false, true, false, true]);
  });

  it('withholds a single small group even when no total is given', () => {
    expect(suppressSmallGroups([3, 8, 20])).toEqual([true, true, false]);
  });
});

describe('performance figures', () => {
  it('counts a partly achieved goal as half: (achieved + 0.5 × partly) / treatment goals', () => {
    expect(figureValues(sums({ goals: 8, goalsAchieved: 4, goalsPartly: 2 })).goalRealisationRate).toBe(0.625);
  });

  it('computes means over who answered, and cost against the tariff of the same trajectories only', () => {
    const v = figureValues(sums({
      trajectories: 4, youths: 4, satisfactionYouthSum: 15, satisfactionYouthCount: 2,
      costCount: 2, costSum: 300_000, costTariffSum: 400_000, tariffSum: 900_000, waitingDaysSum: 10,
    })); // prettier-ignore
    expect(v.satisfactionYouthAvg).toBe(7.5);
    expect(v.averageCostCents).toBe(150_000);
    expect(v.costToTariffRatio).toBe(0.75);
    expect(v.averageTariffCents).toBe(225_000);
    expect(v.averageWaitingDays).toBe(2.5);
  });

  it('withholds each figure on its own base: a satisfaction mean over 4 answering youths is withheld, the rest of the group not', () => {
    const total = cell({
      trajectories: 8,
      youths: 8,
      satisfactionYouthYouths: 4,
      satisfactionYouthSum: 28,
      satisfactionYouthCount: 4,
    });
    const figures = publishTotal(total);
    expect(figures.values.trajectoriesClosed).toBe(perturbByCellKey(total).trajectories);
    expect(figures.values.satisfactionYouthAvg).toBeNull();
    expect(figures.suppressed).toEqual(['satisfactionYouthAvg']);
  });

  it('applies the subtraction rule per breakdown', () => {
    const groups = [
      cell({ trajectories: 3, youths: 3, cellKey: 1 }),
      cell({ trajectories: 6, youths: 6, cellKey: 2 }),
      cell({ trajectories: 20, youths: 20, cellKey: 3 }),
    ];
    const figures = publishBreakdown(groups, sums({ trajectories: 29, youths: 29 }));
    expect(figures.map((f) => f.values.trajectoriesClosed)).toEqual([
      null,
      null,
      perturbByCellKey(groups[2]).trajectories,
    ]);
    expect(figures[1].suppressed).toContain('trajectoriesClosed');
  });
});

describe('assertCalendarPeriod (statistical disclosure control: a fixed period grid)', () => {
  const TODAY = '2026-12-05';
  const refusal = (from: string, to: string) => {
    try {
      assertCalendarPeriod(from, to, TODAY);
    } catch (error: any) {
      return error.fields.map((f: any) => `${f.field} ${f.reason}`);
    }
    return [];
  };

  it('accepts one complete calendar month, quarter or year', () => {
    expect(assertCalendarPeriod('2026-11-01', '2026-11-30', TODAY)).toBe('MONTH');
    expect(assertCalendarPeriod('2024-02-01', '2024-02-29', TODAY)).toBe('MONTH');
    expect(assertCalendarPeriod('2026-07-01', '2026-09-30', TODAY)).toBe('QUARTER');
    expect(assertCalendarPeriod('2025-01-01', '2025-12-31', TODAY)).toBe('YEAR');
  });

  it('refuses a period shifted by a day, one that is not a whole month, quarter or year, and one not over yet', () => {
    expect(refusal('2025-01-02', '2025-12-31')).toEqual(['from NOT_A_PERIOD_START']);
    expect(refusal('2025-01-01', '2025-12-30')).toEqual(['to NOT_A_PERIOD_END']);
    expect(refusal('2025-02-01', '2025-04-30')).toEqual(['to NOT_A_PERIOD_END']); // three months, not a quarter
    expect(refusal('2025-07-01', '2026-06-30')).toEqual(['to NOT_A_PERIOD_END']); // twelve months, not a year
    expect(refusal('2024-01-01', '2025-12-31')).toEqual(['to NOT_A_PERIOD_END']);
    expect(refusal('2026-12-01', '2026-12-31')).toEqual(['to PERIOD_NOT_OVER']);
    expect(refusal('2026-01-01', '2026-12-31')).toEqual(['to PERIOD_NOT_OVER']);
  });

  it('publishes outcomes for referrers over the last complete calendar year', () => {
    expect(lastCompleteYear('2026-12-05')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(lastCompleteYear('2027-01-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('perturbByCellKey (statistical disclosure control: the cell-key method of ONS and ABS)', () => {
  const group = (cellKey: number) =>
    cell({
      cellKey, trajectories: 12, youths: 11, goalYouths: 11, goals: 20, goalsAchieved: 12, goalsPartly: 4,
      satisfactionYouthYouths: 9, satisfactionYouthSum: 63, satisfactionYouthCount: 9, dropouts: 1, endedAsPlanned: 9,
      waitingDaysSum: 120, tariffSum: 3_600_000, costYouths: 10, costCount: 10, costSum: 2_700_000, costTariffSum: 3_000_000,
      maxGoals: 3, maxWaitingDays: 30, maxTariff: 600_000, maxCost: 500_000,
    }); // prettier-ignore
  const KEYS = Array.from({ length: 2000 }, (_, i) => i * 7919);

  it('draws noise −2 … +2 from the perturbation table, with mean 0, the same for the same cell key, quantity and value', () => {
    const noise = KEYS.map((key) => cellKeyNoise(key, 'records', 12));
    expect(noise).toEqual(KEYS.map((key) => cellKeyNoise(key, 'records', 12)));
    const share = (n: number) => noise.filter((x) => x === n).length / noise.length;
    expect([share(-2), share(-1), share(0), share(1), share(2)].map((p) => Math.round(p * 10) / 10)).toEqual([
      0.1, 0.2, 0.4, 0.2, 0.1,
    ]);
    expect(Math.abs(noise.reduce((a, b) => a + b, 0) / noise.length)).toBeLessThan(0.05);
  });

  it('moves a count by at most 2 and a sum by at most its largest single value, keeps zeros, and keeps a published group at 5 youths or more', () => {
    for (const key of KEYS.slice(0, 300)) {
      const p = perturbByCellKey(group(key));
      expect(Math.abs(p.trajectories - 12)).toBeLessThanOrEqual(2);
      expect(p.youths).toBeGreaterThanOrEqual(5);
      expect(p.youths).toBeLessThanOrEqual(p.trajectories);
      expect(Math.abs(p.dropouts - 1)).toBeLessThanOrEqual(2);
      expect(p.dropouts).toBeGreaterThanOrEqual(0);
      expect(Math.abs(p.satisfactionYouthSum - 63)).toBeLessThanOrEqual(10);
      expect(Math.abs(p.costSum - 2_700_000)).toBeLessThanOrEqual(500_000);
      expect(p.repeatUse).toBe(0); // nothing to count stays nothing
      expect(p.goalYouths).toBe(11); // suppression bases are not published and stay exact
      const v = figureValues(p);
      expect(v.dropoutRate).toBeGreaterThanOrEqual(0);
      expect(v.satisfactionYouthAvg).toBeGreaterThanOrEqual(1);
      expect(v.satisfactionYouthAvg).toBeLessThanOrEqual(10);
      expect(v.goalRealisationRate).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same cell the same figures every time, and a cell with one record more noise of its own', () => {
    expect(perturbByCellKey(group(42))).toEqual(perturbByCellKey(group(42)));
    // A differs from B by one trajectory (record key 1234): A − B is the youth's 1 only when the noises happen to cancel
    const differences = KEYS.map((key) => {
      const b = perturbByCellKey(group(key));
      const a = perturbByCellKey({ ...group(key + 1234), trajectories: 13, youths: 12 });
      return a.trajectories - b.trajectories;
    });
    const exact = differences.filter((d) => d === 1).length / differences.length;
    expect(exact).toBeLessThan(0.35);
    expect(new Set(differences).size).toBeGreaterThanOrEqual(5);
  });
});

describe('perturbComparison (the intensity report under the cell-key method)', () => {
  it('perturbs the counts, derives share and ratio from them, keeps the exact test, and never shows fewer than 10 trajectories', () => {
    const exact = {
      trajectories: 10, heavy: 6, cellKey: 99, comparedProfiles: 1, observedShare: 0.6, expectedShare: 0.2, ratio: 3, z: 3.1, flagged: true,
    }; // prettier-ignore
    for (const cellKey of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const p = perturbComparison({ ...exact, cellKey }, 'high');
      expect(p.trajectories).toBeGreaterThanOrEqual(10);
      expect(p.trajectories).toBeLessThanOrEqual(12);
      expect(p.observedShare).toBeCloseTo(p.heavy / p.trajectories, 10);
      expect(p.ratio).toBeCloseTo(p.observedShare / 0.2, 10);
      expect([p.z, p.flagged, p.expectedShare]).toEqual([3.1, true, 0.2]);
    }
  });
});

describe('compareIntensityWithPeers (high trust, high penalty)', () => {
  const cell = (providerId: string, profileId: string, trajectories: number, heavy: number): IntensityCell => ({
    providerId,
    profileId,
    trajectories,
    heavy,
  });

  it('flags a provider with three times the heavy trajectories its peers would have had (ratio and CMH z)', () => {
    // X: 12 of 20 heavy; peers: 8 of 40 (share 0.2) → expected 20 × 0.2 = 4, ratio 3.
    // CMH: N = 60, heavy 20; E = 20 × 20 / 60 = 6.667; Var = 20·40·20·40 / (60²·59) = 3.0132; z = 5.333 / 1.7359 = 3.072
    const result = compareIntensityWithPeers([cell('X', 'A', 20, 12), cell('Y', 'A', 40, 8)]);
    const x = result.get('X')!;
    expect(x.observedShare).toBe(0.6);
    expect(x.expectedShare).toBeCloseTo(0.2, 10);
    expect(x.ratio).toBeCloseTo(3, 10);
    expect(x.z).toBeCloseTo(3.072, 3);
    expect(x.flagged).toBe(true);
    const y = result.get('Y')!;
    expect(y.ratio).toBeCloseTo(8 / 24, 10);
    expect(y.flagged).toBe(false);
  });

  it('does not flag on the ratio alone when the difference could be chance', () => {
    // ratio 10 / 7 = 1.43, but z = (10 − 7.667) / √3.3319 = 1.278 < 2.33
    const result = compareIntensityWithPeers([
      cell('X', 'A', 10, 6),
      cell('Y', 'A', 30, 6),
      cell('X', 'B', 10, 4),
      cell('Z', 'B', 20, 10),
    ]);
    const x = result.get('X')!;
    expect(x.ratio).toBeCloseTo(10 / 7, 10);
    expect(x.z).toBeCloseTo(1.278, 3);
    expect(x.comparedProfiles).toBe(2);
    expect(x.flagged).toBe(false);
  });

  it('flags a provider whose peers never choose the heavy option (infinite ratio, z still defined)', () => {
    // CMH: N = 30, heavy 10; E = 3.333; Var = 10·20·10·20 / (30²·29) = 1.5326; z = 6.667 / 1.238 = 5.385
    const x = compareIntensityWithPeers([cell('X', 'A', 10, 10), cell('Y', 'A', 20, 0)]).get('X')!;
    expect(x.ratio).toBeNull();
    expect(x.z).toBeCloseTo(5.385, 3);
    expect(x.flagged).toBe(true);
  });

  it('needs 10 trajectories of the provider, and 20 of its peers in a profile to compare it', () => {
    const result = compareIntensityWithPeers([
      cell('X', 'A', 9, 9),
      cell('Y', 'A', 40, 0),
      cell('Z', 'B', 30, 30),
      cell('W', 'B', 19, 0),
    ]);
    expect(result.get('X')).toBeNull(); // 9 trajectories
    expect(result.get('Z')).toBeNull(); // its only profile has 19 peer trajectories
    expect(result.get('Y')).toBeNull(); // its peers in A have 9
  });
});

describe('the performance CSV', () => {
  const figures = (overrides: Partial<PerformanceFigures>): PerformanceFigures => ({
    trajectoriesClosed: null, youthCount: null, goalRealisationRate: null, satisfactionYouthAvg: null, satisfactionParentAvg: null,
    dropoutRate: null, endedAsPlannedRate: null, repeatUseRate: null, averageWaitingDays: null, averageTariffCents: null,
    averageCostCents: null, costToTariffRatio: null, highIntensityShare: null, longDurationShare: null, suppressed: [],
    waitingNow: null, referralsPerYouth: null, picChangeRate: null, overdueIntakes: null, dropoutByReason: [],
    ...overrides,
  }); // prettier-ignore

  it('writes withheld figures as "< 5", missing ones empty, and never lets a name run as a formula', () => {
    const result = {
      consortium: { id: 'c', name: 'Samen, "Sterk"' },
      from: '2025-01-01',
      to: '2025-12-31',
      municipality: null,
      figures: figures({ trajectoriesClosed: 12, goalRealisationRate: 0.5 }),
      byProvider: [
        {
          provider: { id: 'p', name: '=HYPERLINK("x")', agbCode: '98000101', kvkNumber: null },
          figures: figures({ suppressed: ['trajectoriesClosed'] }),
        },
      ],
      byProfile: [],
      byArea: [],
      byMonth: [],
      byQuarter: [],
    } as Required<ConsortiumPerformanceResult>;
    const [header, total, provider] = consortiumPerformanceCsv(result).split('\r\n');
    expect(header.split(',').slice(0, 5)).toEqual(['table', 'group', 'code', 'trajectoriesClosed', 'youthCount']);
    expect(total).toBe(`consortium,"Samen, ""Sterk""",,12,,0.5${','.repeat(11)}`); // 14 figures
    expect(provider.startsWith(`provider,"'=HYPERLINK(""x"")",98000101,< 5,`)).toBe(true);
  });
});
