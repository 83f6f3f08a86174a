import type pg from 'pg';
import type { Random } from '../../../seeds/random.js';
import { profileId, PROFILES } from '../../../seeds/reference.js';
import { insertRows } from '../../../seeds/seed-db.js';
import { Weighted, type ProviderInfo, type World } from './organisations.js';

/**
 * Free places ("Waar is plek?") as providers report them: the consortium members per profile for the
 * areas of their consortium (some one figure for all their areas), a part of the other providers for
 * a few profiles in the areas they work in, the highly specialist centres for the whole region. Most
 * figures are recent; about a quarter were not updated for more than 14 days (stale). Figures the
 * demo data already holds stay.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FREE_PLACES = new Weighted([0, 1, 2, 3, 4, 5, 6, 8, 12], [36, 18, 14, 10, 7, 5, 4, 4, 2]);
const specialist = PROFILES.filter((p) => p.segment === 'SPECIALIST').map((p) => p.code);
const highly = PROFILES.filter((p) => p.segment === 'HIGHLY_SPECIALIST').map((p) => p.code);

export async function buildCapacity(client: pg.ClientBase, world: World, random: Random, now: number): Promise<number> {
  const rows = new Map<string, Record<string, unknown>>();
  const report = (provider: ProviderInfo, profile: string, area: string | null) => {
    const key = `${provider.id}|${profile}|${area}`;
    if (rows.has(key)) return;
    const age = random.chance(0.75) ? random.int(0, 13) : random.int(15, 150);
    rows.set(key, {
      provider_id: provider.id,
      profile_id: profileId(profile),
      area_id: area,
      free_places: FREE_PLACES.pick(random),
      updated_at: new Date(now - age * DAY - random.int(0, 10) * HOUR).toISOString(),
      updated_by: provider.actorUserId,
    });
  };
  /** Between min and max of the items, chosen at random. */
  const some = <T>(items: T[], min: number, max: number): T[] => {
    const shuffled = [...items];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled.slice(0, random.int(min, max));
  };

  const areas = world.areas.items;
  const members = new Set<ProviderInfo>();
  for (const id of new Set(areas.map((a) => a.consortium.id))) {
    const itsAreas = areas.filter((a) => a.consortium.id === id);
    for (const member of itsAreas[0].consortium.members.items) {
      members.add(member);
      const profiles = some(specialist, 2, 4);
      for (const profile of profiles) {
        if (random.chance(0.3)) report(member, profile, null);
        else for (const area of itsAreas) if (random.chance(0.85)) report(member, profile, area.id);
      }
    }
  }
  const highlySpecialist = new Set(areas.flatMap((a) => a.highlySpecialist.items));
  for (const provider of highlySpecialist) for (const profile of highly) report(provider, profile, null);
  const others = new Set(areas.flatMap((a) => a.specialist.items).filter((p) => !members.has(p)));
  for (const provider of others) {
    if (!random.chance(0.6)) continue;
    const itsAreas = Array.from({ length: random.int(1, 4) }, () => world.areas.pick(random).id);
    for (const profile of some(specialist, 1, 3)) for (const area of itsAreas) report(provider, profile, area);
  }
  await insertRows(client, 'capacity', [...rows.values()]);
  return rows.size;
}
