import { describe, expect, it } from 'vitest';
import { compareIntensityWithPeers, type IntensityCell } from '../../server/src/modules/performance/intensity.rules.js';
import { consortiumPerformanceCsv } from '../../server/src/modules/performance/performance.csv.js';
import {
  figureValues,
  publishBreakdown,
  publishTotal,
  suppressSmallGroups,
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
    const total = sums({
      trajectories: 8,
      youths: 8,
      satisfactionYouthYouths: 4,
      satisfactionYouthSum: 28,
      satisfactionYouthCount: 4,
    });
    const figures = publishTotal(total);
    expect(figures.values.trajectoriesClosed).toBe(8);
    expect(figures.values.satisfactionYouthAvg).toBeNull();
    expect(figures.suppressed).toEqual(['satisfactionYouthAvg']);
  });

  it('applies the subtraction rule per breakdown', () => {
    const groups = [
      sums({ trajectories: 3, youths: 3 }),
      sums({ trajectories: 6, youths: 6 }),
      sums({ trajectories: 20, youths: 20 }),
    ];
    const figures = publishBreakdown(groups, sums({ trajectories: 29, youths: 29 }));
    expect(figures.map((f) => f.values.trajectoriesClosed)).toEqual([null, null, 20]);
    expect(figures[1].suppressed).toContain('trajectoriesClosed');
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
    } as ConsortiumPerformanceResult;
    const [header, total, provider] = consortiumPerformanceCsv(result).split('\r\n');
    expect(header.split(',').slice(0, 5)).toEqual(['table', 'group', 'code', 'trajectoriesClosed', 'youthCount']);
    expect(total).toBe(`consortium,"Samen, ""Sterk""",,12,,0.5${','.repeat(11)}`); // 14 figures
    expect(provider.startsWith(`provider,"'=HYPERLINK(""x"")",98000101,< 5,`)).toBe(true);
  });
});
