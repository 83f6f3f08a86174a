import type { Pic } from '$lib/graphql/care';

const INTENSITY_ORDER = ['SHORT-LOW', 'SHORT-HIGH', 'LONG-LOW', 'LONG-HIGH'];

/** The PIC versions valid on `day`, per profile (by code), each profile's intensities from short/low to long/high. */
export function currentPics(pics: readonly Pic[], day: string) {
  const valid = pics.filter((pic) => pic.validFrom <= day && (!pic.validUntil || pic.validUntil >= day));
  const profiles = new Map<string, { profile: Pic['profile']; pics: Pic[] }>();
  for (const pic of valid) {
    const entry = profiles.get(pic.profile.id) ?? { profile: pic.profile, pics: [] };
    entry.pics.push(pic);
    profiles.set(pic.profile.id, entry);
  }
  const rank = (pic: Pic) => INTENSITY_ORDER.indexOf(`${pic.intensity.duration}-${pic.intensity.level}`);
  return [...profiles.values()]
    .sort((a, b) => a.profile.code.localeCompare(b.profile.code))
    .map((entry) => ({ ...entry, pics: entry.pics.sort((a, b) => rank(a) - rank(b)) }));
}
