import type { CapacityEntry } from '$lib/graphql/intake';
import { t } from '$lib/i18n';

export interface Member {
  id: string;
  name: string;
  role: 'LEAD' | 'PARTNER';
}

/** A member beside a waiting youth: its free places for the youth's profile and area, if it reported any. */
export interface MemberPlaces {
  member: Member;
  figure: CapacityEntry | undefined;
}

/**
 * The figure that answers "does this provider have a place for this profile here?": its figure for
 * the area itself, else the one it gave for every area it serves.
 */
export function figureFor(
  entries: readonly CapacityEntry[],
  providerId: string,
  profileId: string,
  areaId: string | undefined,
): CapacityEntry | undefined {
  const own = entries.filter((entry) => entry.provider.id === providerId && entry.profile.id === profileId);
  return own.find((entry) => entry.area && entry.area.id === areaId) ?? own.find((entry) => !entry.area);
}

const rank = ({ figure }: MemberPlaces) => (!figure ? -1 : figure.freePlaces);

/** The members beside one youth: those with free places first (most first), then those without, then those that gave no figure. */
export function membersByPlaces(
  members: readonly Member[],
  entries: readonly CapacityEntry[],
  profileId: string,
  areaId: string | undefined,
): MemberPlaces[] {
  return members
    .map((member) => ({ member, figure: figureFor(entries, member.id, profileId, areaId) }))
    .sort((a, b) => rank(b) - rank(a) || a.member.name.localeCompare(b.member.name));
}

/** "3 vrije plekken", "1 vrije plek", "geen vrije plek". */
export const freePlacesText = (count: number): string =>
  count === 0 ? t('places.free.none') : count === 1 ? t('places.free.one') : t('places.free.many', { count });

/** How old a figure is: "vandaag bijgewerkt", "3 dagen geleden bijgewerkt" (short: "vandaag", "3 dagen geleden"). */
export function ageText(days: number, { short = false } = {}): string {
  if (short)
    return days === 0 ? t('places.ago.today') : days === 1 ? t('places.ago.oneDay') : t('places.ago.days', { days });
  return days === 0 ? t('places.age.today') : days === 1 ? t('places.age.oneDay') : t('places.age.days', { days });
}
