/**
 * High trust, high penalty (domain.md, Money): does a provider use heavier intensities than
 * comparable providers for comparable problems? "Comparable problems" = the same profile; "heavier"
 * is measured twice, as the share of HIGH-level intensities and as the share of LONG durations.
 *
 * Statistic, per provider and per measure, over the profiles in which it can be compared:
 * - indirect standardisation: expected = Σ over profiles n(provider, profile) × the peers' heavy
 *   share in that profile (peers = all other providers in the viewer's scope); ratio = observed /
 *   expected. It answers "how many heavy trajectories would this provider have had with its own
 *   mix of profiles if it worked like its peers".
 * - significance: the Cochran–Mantel–Haenszel test over the provider × peers tables per profile,
 *   one-sided z. It uses the hypergeometric variance, so it also works when the peers never (or
 *   always) use the heavy option in a profile.
 * Flagged when ratio ≥ 1.25 (a quarter more heavy trajectories than expected; an infinite ratio
 * counts) and z ≥ 2.33 (one-sided p ≤ 0.01), with minimum group sizes: a profile is compared only
 * when the peers closed at least 20 trajectories in it, and the provider is assessed only with at
 * least 10 trajectories in compared profiles (and, domain rule 6, checked by the service: at least
 * 5 youths in the period).
 */
export const OUTLIER_THRESHOLDS = {
  minimumRatio: 1.25,
  minimumZ: 2.33,
  minimumProviderTrajectories: 10,
  minimumPeerTrajectories: 20,
} as const;

/** One provider's trajectories in one profile, and how many of them were heavy. */
export interface IntensityCell {
  providerId: string;
  profileId: string;
  trajectories: number;
  heavy: number;
  /** The sum of the record keys of its trajectories (the cell-key method), when it is to be perturbed. */
  cellKey?: number;
}

export interface IntensityComparison {
  /** Trajectories in the compared profiles. */
  trajectories: number;
  /** Of which heavy. */
  heavy: number;
  /** The sum of their record keys. */
  cellKey: number;
  comparedProfiles: number;
  observedShare: number;
  /** The peers' heavy share, weighted by this provider's profile mix. */
  expectedShare: number;
  /** observed / expected; null when the peers never used the heavy option (infinite). */
  ratio: number | null;
  /** One-sided Cochran–Mantel–Haenszel z; null when nothing varies (no test possible). */
  z: number | null;
  flagged: boolean;
}

/**
 * Compares each provider with its peers per profile (see above). Providers with too few
 * trajectories in comparable profiles get null.
 */
export function compareIntensityWithPeers(cells: readonly IntensityCell[]): Map<string, IntensityComparison | null> {
  const byProfile = new Map<string, { trajectories: number; heavy: number }>();
  for (const c of cells) {
    const p = byProfile.get(c.profileId) ?? { trajectories: 0, heavy: 0 };
    p.trajectories += c.trajectories;
    p.heavy += c.heavy;
    byProfile.set(c.profileId, p);
  }
  const result = new Map<string, IntensityComparison | null>();
  for (const providerId of new Set(cells.map((c) => c.providerId))) {
    let n = 0;
    let observed = 0;
    let expected = 0;
    let cmhExpected = 0;
    let cmhVariance = 0;
    let compared = 0;
    let cellKey = 0;
    for (const own of cells.filter((c) => c.providerId === providerId)) {
      const all = byProfile.get(own.profileId)!;
      const peerN = all.trajectories - own.trajectories;
      if (peerN < OUTLIER_THRESHOLDS.minimumPeerTrajectories || own.trajectories === 0) continue;
      const peerHeavy = all.heavy - own.heavy;
      compared++;
      n += own.trajectories;
      observed += own.heavy;
      cellKey += own.cellKey ?? 0;
      expected += (own.trajectories * peerHeavy) / peerN;
      const total = all.trajectories;
      cmhExpected += (own.trajectories * all.heavy) / total;
      cmhVariance += (own.trajectories * peerN * all.heavy * (total - all.heavy)) / (total * total * (total - 1));
    }
    if (n < OUTLIER_THRESHOLDS.minimumProviderTrajectories) {
      result.set(providerId, null);
      continue;
    }
    const ratio = expected > 0 ? observed / expected : null;
    const z = cmhVariance > 0 ? (observed - cmhExpected) / Math.sqrt(cmhVariance) : null;
    const ratioHigh = ratio === null ? observed > 0 : ratio >= OUTLIER_THRESHOLDS.minimumRatio;
    result.set(providerId, {
      trajectories: n,
      heavy: observed,
      cellKey,
      comparedProfiles: compared,
      observedShare: observed / n,
      expectedShare: expected / n,
      ratio,
      z,
      flagged: ratioHigh && z !== null && z >= OUTLIER_THRESHOLDS.minimumZ,
    });
  }
  return result;
}
