import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEN_HAAG } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createProviders, insertFacts, type Fact } from './facts.js';

let t: TestApp;

const OUTLIERS = `query($from: Date!, $to: Date!) { intensityOutliers(from: $from, to: $to) {
  from to municipality { name }
  thresholds { minimumRatio minimumZ minimumProviderTrajectories minimumPeerTrajectories }
  providers { provider { name } flagged
    highLevel { trajectories comparedProfiles observedShare expectedShare ratio zScore flagged }
    longDuration { trajectories comparedProfiles observedShare expectedShare ratio zScore flagged } } } }`;
const YEAR_2001 = { from: '2001-01-01', to: '2001-12-31' };

/**
 * What the report publishes for exact counts: trajectories and heavy trajectories each moved by at
 * most 2 (the cell-key method), the observed share and ratio computed from them.
 */
function perturbedFrom(
  exact: { trajectories: number; heavy: number; expectedShare: number; zScore: number; flagged: boolean },
  comparedProfiles = 2,
) {
  const near = (value: number, of: number) => Math.abs(value - of) <= 2;
  return expect.toSatisfy((c: any) => {
    const heavy = Math.round(c.observedShare * c.trajectories);
    return (
      c.comparedProfiles === comparedProfiles &&
      c.expectedShare === exact.expectedShare &&
      c.zScore === exact.zScore &&
      c.flagged === exact.flagged &&
      near(c.trajectories, exact.trajectories) &&
      near(heavy, exact.heavy) &&
      c.observedShare === Math.round((heavy / c.trajectories) * 1000) / 1000 && // published with 3 decimals
      Math.abs(c.ratio - c.observedShare / c.expectedShare) < 0.02
    );
  });
}

/** `n` trajectories of one provider in one profile, one youth each, with the given intensities. */
function trajectories(
  provider: string,
  profile: string,
  mix: Partial<Record<'KL' | 'KH' | 'LL' | 'LH', number>>,
): Fact[] {
  return Object.entries(mix).flatMap(([intensity, n]) =>
    Array.from({ length: n! }, (_, i) => ({
      provider,
      municipality: DEN_HAAG,
      profile,
      intensity: intensity as Fact['intensity'],
      closedAt: `2001-0${1 + (i % 9)}-15T10:00:00Z`,
    })),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  const [H, N1, N2, N3, S] = await createProviders(t.admin, [
    'Zwaar Zorg',
    'Gewoon Een',
    'Gewoon Twee',
    'Gewoon Drie',
    'Klein Zorg',
  ]);
  await insertFacts(t.admin, [
    // P01: Zwaar Zorg chooses HIGH in 12 of 20, the others in 4 of 20 (and Klein Zorg 1 of 6)
    ...trajectories(H, 'P01', { LH: 4, KH: 8, KL: 8 }),
    ...trajectories(N1, 'P01', { KH: 4, LL: 4, KL: 12 }),
    ...trajectories(N2, 'P01', { KH: 4, LL: 4, KL: 12 }),
    ...trajectories(S, 'P01', { KH: 1, KL: 5 }),
    // P02: Zwaar Zorg 6 of 10 HIGH, Gewoon Drie 5 of 25
    ...trajectories(H, 'P02', { KH: 6, KL: 4 }),
    ...trajectories(N3, 'P02', { KH: 5, KL: 20 }),
  ]);
});
afterAll(() => t?.close());

describe('intensityOutliers (high trust, high penalty)', () => {
  it('flags the provider that uses heavier intensities than its peers for the same profiles, and only that one', async () => {
    const { data, errors } = await t.as('contractmanager@denhaag.example')(OUTLIERS, YEAR_2001);
    expect(errors).toBeUndefined();
    const report = data!.intensityOutliers;
    expect(report.thresholds).toEqual({
      minimumRatio: 1.25,
      minimumZ: 2.33,
      minimumProviderTrajectories: 10,
      minimumPeerTrajectories: 20,
    });
    expect(report.municipality).toEqual({ name: 'Den Haag' });
    const [first, ...rest] = report.providers;
    // Counts and the shares and ratio derived from them are published perturbed by the cell-key method;
    // the expected share, z and the flag are exact.
    expect(first).toEqual({
      provider: { name: 'Zwaar Zorg' },
      flagged: true,
      // observed 18 of 30; expected 20 × 9/46 (P01 peers) + 10 × 5/25 (P02 peers) = 5.913; CMH z = 8.493 / √4.655
      highLevel: perturbedFrom({ trajectories: 30, heavy: 18, expectedShare: 0.197, zScore: 3.94, flagged: true }),
      // LONG: 4 of 30 against 20 × 8/46 + 10 × 0/25 = 3.478 expected: in line with its peers
      longDuration: perturbedFrom({ trajectories: 30, heavy: 4, expectedShare: 0.116, zScore: 0.25, flagged: false }),
    });
    expect(first.highLevel.trajectories).toBe(first.longDuration.trajectories); // the same trajectories, the same count
    const byName = new Map(rest.map((p: any) => [p.provider.name, p]));
    // Gewoon Een: 4 of 20 HIGH against its peers' 17 of 46
    expect(byName.get('Gewoon Een')).toMatchObject({
      flagged: false,
      highLevel: perturbedFrom({ trajectories: 20, heavy: 4, expectedShare: 0.37, zScore: -1.35, flagged: false }, 1),
    });
    expect(byName.get('Gewoon Twee')).toMatchObject({ flagged: false });
    // too small to judge: 6 trajectories; and a profile whose peers closed only 10
    expect(byName.get('Klein Zorg')).toEqual({
      provider: { name: 'Klein Zorg' },
      flagged: false,
      highLevel: null,
      longDuration: null,
    });
    expect(byName.get('Gewoon Drie')).toEqual({
      provider: { name: 'Gewoon Drie' },
      flagged: false,
      highLevel: null,
      longDuration: null,
    });
  });

  it('judges only the contract manager’s own municipality; the region sees all', async () => {
    const delft = await t.as('contractmanager@delft.example')(OUTLIERS, YEAR_2001);
    expect(delft.data!.intensityOutliers.providers).toEqual([]);
    const region = await t.as('admin@h10.example')(OUTLIERS, YEAR_2001);
    expect(region.data!.intensityOutliers.municipality).toBeNull();
    expect(
      region.data!.intensityOutliers.providers.filter((p: any) => p.flagged).map((p: any) => p.provider.name),
    ).toEqual(['Zwaar Zorg']);
  });

  it('is for contract managers and the region only, in a bounded number of statements', async () => {
    for (const email of ['lokaalteam@denhaag.example', 'admin@jeugdformaat.example']) {
      expect((await t.as(email)(OUTLIERS, YEAR_2001)).errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const { statements } = await t.as('contractmanager@denhaag.example')(OUTLIERS, YEAR_2001);
    expect(statements).toBeLessThanOrEqual(6);
  });
});
