import type pg from 'pg';
import { DEMO_ACCOUNTS, userId } from '../../../seeds/accounts.js';
import {
  CONSORTIA,
  consortiumId,
  INTEGRATED_TEAMS,
  PROVIDERS,
  providerId,
  SUBCONTRACTS,
  subcontractId,
  teamId,
} from '../../../seeds/organisations.js';
import type { Random } from '../../../seeds/random.js';
import { areaId, MUNICIPALITIES, municipalityId, profileId, PROFILES } from '../../../seeds/reference.js';
import { insertRows } from '../../../seeds/seed-db.js';
import { idSequence, Kind } from './ids.js';

/**
 * The organisations around the generated care: the seeded providers, consortia, subcontracts and
 * teams, plus generated ones up to ~200 providers, a consortium per other H10 municipality, more
 * subcontracts, an account per provider and per local team, and a bonus-malus payment rule. Also
 * answers who may be asked for expertise by whom, on which day, for which profile (domain rule 2).
 */

export const CONTRACTS_FROM = '2020-01-01';

/** Inhabitants ×1000 (2024, rounded): how youths spread over the H10. */
const POPULATION: Record<string, number> = {
  '0518': 560,
  '0503': 105,
  '1916': 78,
  '1842': 20,
  '1926': 57,
  '0603': 57,
  '0629': 27,
  '1783': 115,
  '0637': 128,
  '1621': 65,
};

const NAME_FORMS = [
  'Stichting',
  'Jeugdzorg',
  'Praktijk',
  'Kinderpraktijk',
  'Orthopedagogisch Centrum',
  'Gezinshuis',
  'Zorggroep',
  'Jeugdteam',
  'Centrum voor Jeugd',
];
const NAME_CORES = [
  'De Horizon',
  'Het Kompas',
  'De Linde',
  'Kiem',
  'Groeikracht',
  'De Brug',
  'Het Anker',
  'Vlinder',
  'De Vonk',
  'Zonnebloem',
  'Samen Verder',
  'Perspectief',
  'De Kade',
  'Lichtpunt',
  'Het Duin',
  'Polderkracht',
  'De Waterlelie',
  'Veerkracht',
];
const CONSORTIUM_NAMES = [
  'Samen Sterk',
  'Jeugd Vooruit',
  'Thuis in de Wijk',
  'Kansrijk Opgroeien',
  'Gezin Centraal',
  'Sterk in de Regio',
  'Samen Doen',
  'Opgroeien Samen',
  'Wijkkracht',
];

export interface ProviderInfo {
  id: string;
  name: string;
  /** The account that acts for it on timelines, outcomes and requests. */
  actorUserId: string;
  /** Uses heavier intensities than comparable providers (what contract managers look for). */
  heavy: boolean;
}

export interface Relation {
  providerId: string;
  relation: 'SUBCONTRACT' | 'CONSORTIUM' | 'INTEGRATED_TEAM';
  subcontractId: string | null;
  consortiumId: string | null;
  integratedTeamId: string | null;
  /** Subcontract: the profiles it covers; null = any. */
  profiles: Set<string> | null;
  validFrom: string;
  validUntil: string | null;
}

/** A weighted choice, sampled in O(log n). */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  constructor(
    readonly items: T[],
    weights: number[],
  ) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
  }
  pick(random: Random): T {
    const x = random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** An area consortium (the 2023 model): who leads its intake, whom the lead assigns, by when. */
export interface ConsortiumInfo {
  id: string;
  lead: ProviderInfo;
  /** The lead and partners, weighted by how often the lead assigns them as main contractor. */
  members: Weighted<ProviderInfo>;
  /** The contract parameter: the intake deadline in working days after the referral. */
  intakeWorkingDays: number;
}

export interface AreaInfo {
  id: string;
  municipalityId: string;
  cbsCode: string;
  /** Main contractors for specialist and for highly specialist referrals in this area. */
  specialist: Weighted<ProviderInfo>;
  highlySpecialist: Weighted<ProviderInfo>;
  /** The consortium awarded this area. */
  consortium: ConsortiumInfo;
}

export interface World {
  providers: ProviderInfo[];
  areas: Weighted<AreaInfo>;
  /** The local team's account per municipality (referrer, family plan author). */
  referrerOf: Map<string, string>;
  /** Per main contractor: every provider it may engage, on what basis and when. */
  relationsOf: Map<string, Relation[]>;
  /** The bonus-malus rule and its tiers (highest minimum share first), when one covers the period. */
  paymentRule: {
    id: string;
    validFrom: string;
    validUntil: string | null;
    tiers: { minShare: number; percentage: number }[];
  } | null;
  /** A provider's name by id (timeline details). */
  nameOf: Map<string, string>;
}

/** Providers may be asked on `day` (YYYY-MM-DD) by `main` for `profile`: each with its strongest basis. */
export function eligible(world: World, main: string, profile: string, day: string): Relation[] {
  const best = new Map<string, Relation>();
  for (const r of world.relationsOf.get(main) ?? []) {
    if (r.validFrom > day || (r.validUntil !== null && r.validUntil < day)) continue;
    if (r.profiles && !r.profiles.has(profile)) continue;
    const current = best.get(r.providerId);
    const rank = (x: Relation) => ['SUBCONTRACT', 'CONSORTIUM', 'INTEGRATED_TEAM'].indexOf(x.relation);
    if (!current || rank(r) < rank(current)) best.set(r.providerId, r);
  }
  return [...best.values()];
}

function addRelation(map: Map<string, Relation[]>, main: string, relation: Relation): void {
  if (main === relation.providerId) return;
  const list = map.get(main) ?? [];
  list.push(relation);
  map.set(main, list);
}

/** The bench data's own organisations are recognisable by their AGB codes 97xxxxxx. */
export async function generatedDataExists(client: pg.ClientBase): Promise<boolean> {
  const { rowCount } = await client.query(`SELECT 1 FROM provider WHERE agb_code LIKE '97%' LIMIT 1`);
  return !!rowCount;
}

export async function buildWorld(client: pg.ClientBase, random: Random, providerCount: number): Promise<World> {
  const nextProvider = idSequence(Kind.Provider);
  const nextConsortium = idSequence(Kind.Consortium);
  const nextMembership = idSequence(Kind.Membership);
  const nextSubcontract = idSequence(Kind.Subcontract);
  const nextUser = idSequence(Kind.User);
  const { rows: hashRows } = await client.query<{ password_hash: string }>(
    `SELECT password_hash FROM app_user WHERE lower(email) = 'admin@h10.example'`,
  );
  if (!hashRows.length)
    throw new Error('the demo accounts are missing: the generator adds to a database seeded with demo data');
  const passwordHash = hashRows[0].password_hash;

  const users: Record<string, unknown>[] = [];
  const newUser = (email: string, name: string, roles: string[], org: { provider?: string; municipality?: string }) => {
    const id = nextUser();
    users.push({
      id,
      email,
      name,
      password_hash: passwordHash,
      organisation_kind: org.provider ? 'PROVIDER' : 'MUNICIPALITY',
      region_id: null,
      municipality_id: org.municipality ?? null,
      provider_id: org.provider ?? null,
      roles,
    });
    return id;
  };

  // --- providers: the seeded ones, then generated ones up to providerCount
  const seededStaff = new Map(
    DEMO_ACCOUNTS.filter((a) => a.organisation.kind === 'PROVIDER' && a.roles.includes('PROVIDER_STAFF')).map((a) => [
      (a.organisation as { slug: string }).slug,
      userId(a.email),
    ]),
  );
  const providers: ProviderInfo[] = PROVIDERS.map((p) => ({
    id: providerId(p.slug),
    name: p.name,
    actorUserId:
      seededStaff.get(p.slug) ??
      newUser(`medewerker@${p.slug}.bench.example`, `Medewerker ${p.name}`, ['PROVIDER_STAFF'], {
        provider: providerId(p.slug),
      }),
    heavy: false,
  }));
  const bySlug = new Map(PROVIDERS.map((p, i) => [p.slug as string, providers[i]]));
  const generated: ProviderInfo[] = [];
  const providerRows: Record<string, unknown>[] = [];
  for (let i = 1; providers.length < providerCount; i++) {
    const id = nextProvider();
    const place = MUNICIPALITIES[i % MUNICIPALITIES.length].name;
    const name = `${NAME_FORMS[i % NAME_FORMS.length]} ${NAME_CORES[(i * 7) % NAME_CORES.length]} ${place}`;
    const agb = `97${String(i).padStart(6, '0')}`;
    providerRows.push({ id, name, agb_code: agb, kvk_number: `87${String(i).padStart(6, '0')}` });
    const info: ProviderInfo = {
      id,
      name,
      actorUserId: newUser(`medewerker@aanbieder-${i}.bench.example`, `Medewerker ${name}`, ['PROVIDER_STAFF'], {
        provider: id,
      }),
      heavy: false,
    };
    providers.push(info);
    generated.push(info);
  }
  await insertRows(client, 'provider', providerRows);

  const relationsOf = new Map<string, Relation[]>();

  // --- consortia: RondomJou and Kracht voor Jeugd en Gezin are seeded (Den Haag, from 2024)
  for (const c of CONSORTIA) {
    const partners = c.members.filter((m) => m.role !== 'SUBCONTRACTOR');
    for (const a of partners)
      for (const b of partners) {
        addRelation(relationsOf, providerId(a.slug), {
          providerId: providerId(b.slug),
          relation: 'CONSORTIUM',
          subcontractId: null,
          consortiumId: consortiumId(c.key),
          integratedTeamId: null,
          profiles: null,
          validFrom: '2024-01-01',
          validUntil: null,
        });
      }
  }
  for (const s of SUBCONTRACTS) {
    addRelation(relationsOf, providerId(s.main), {
      providerId: providerId(s.sub),
      relation: 'SUBCONTRACT',
      subcontractId: subcontractId(s.key),
      consortiumId: null,
      integratedTeamId: null,
      profiles: new Set(s.profiles.map(profileId)),
      validFrom: s.validFrom,
      validUntil: s.validUntil,
    });
  }
  for (const t of INTEGRATED_TEAMS) {
    const members = [t.coordinator, ...t.members];
    for (const a of members)
      for (const b of members) {
        addRelation(relationsOf, providerId(a), {
          providerId: providerId(b),
          relation: 'INTEGRATED_TEAM',
          subcontractId: null,
          consortiumId: null,
          integratedTeamId: teamId(t.key),
          profiles: null,
          validFrom: '1900-01-01',
          validUntil: null,
        });
      }
  }

  // generated: one consortium per other municipality, a lead, three partners and three subcontractors
  const specialistProfiles = PROFILES.filter((p) => p.segment === 'SPECIALIST').map((p) => profileId(p.code));
  const consortiumRows: Record<string, unknown>[] = [];
  const membershipRows: Record<string, unknown>[] = [];
  const consortiumAreaRows: Record<string, unknown>[] = [];
  const subcontractRows: Record<string, unknown>[] = [];
  const subcontractProfileRows: Record<string, unknown>[] = [];
  const consortiumOf = new Map<string, { id: string; lead: ProviderInfo; partners: ProviderInfo[]; days: number }>();
  let next = 0;
  const take = () => generated[next++];
  MUNICIPALITIES.filter((m) => m.cbsCode !== '0518').forEach((m, i) => {
    const id = nextConsortium();
    // contracts differ in how many working days the lead has to assign a main contractor
    const days = random.pick([5, 5, 5, 7, 10]);
    consortiumRows.push({
      id,
      name: `${CONSORTIUM_NAMES[i % CONSORTIUM_NAMES.length]} ${m.name}`,
      intake_working_days: days,
    });
    const lead = take();
    const partners = [take(), take(), take()];
    const subs = [take(), take(), take()];
    consortiumOf.set(m.cbsCode, { id, lead, partners, days });
    [[lead, 'LEAD'], ...partners.map((p) => [p, 'PARTNER']), ...subs.map((p) => [p, 'SUBCONTRACTOR'])].forEach(
      ([p, role]) => {
        membershipRows.push({
          id: nextMembership(),
          consortium_id: id,
          provider_id: (p as ProviderInfo).id,
          role,
          valid_from: CONTRACTS_FROM,
          valid_until: null,
        });
      },
    );
    for (const a of m.areas) consortiumAreaRows.push({ consortium_id: id, area_id: areaId(m.cbsCode, a) });
    for (const a of [lead, ...partners])
      for (const b of [lead, ...partners]) {
        addRelation(relationsOf, a.id, {
          providerId: b.id,
          relation: 'CONSORTIUM',
          subcontractId: null,
          consortiumId: id,
          integratedTeamId: null,
          profiles: null,
          validFrom: CONTRACTS_FROM,
          validUntil: null,
        });
      }
    // each lead and partner subcontracts two providers: the consortium's subcontractors or others
    for (const main of [lead, ...partners]) {
      for (let k = 0; k < 2; k++) {
        const sub = random.chance(0.7) ? random.pick(subs) : generated[60 + random.int(0, generated.length - 61)];
        if (sub.id === main.id) continue;
        const sid = nextSubcontract();
        const ended = random.chance(0.2);
        const profiles = [...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(specialistProfiles)))];
        const validUntil = ended ? '2023-12-31' : null;
        subcontractRows.push({
          id: sid,
          main_contractor_id: main.id,
          subcontractor_id: sub.id,
          valid_from: CONTRACTS_FROM,
          valid_until: validUntil,
          consultation_rate_cents: random.int(28, 38) * 1000,
          co_treatment_rate_cents: random.int(13, 19) * 10000,
        });
        for (const p of profiles) subcontractProfileRows.push({ subcontract_id: sid, profile_id: p });
        addRelation(relationsOf, main.id, {
          providerId: sub.id,
          relation: 'SUBCONTRACT',
          subcontractId: sid,
          consortiumId: null,
          integratedTeamId: null,
          profiles: new Set(profiles),
          validFrom: CONTRACTS_FROM,
          validUntil,
        });
      }
    }
  });
  await insertRows(client, 'consortium', consortiumRows);
  await insertRows(client, 'consortium_membership', membershipRows);
  await insertRows(client, 'consortium_area', consortiumAreaRows);
  await insertRows(client, 'subcontract', subcontractRows);
  await insertRows(client, 'subcontract_profile', subcontractProfileRows);

  // free choice (specialist care): every other generated provider, a few large and many small
  const free = generated.slice(next);
  // a few of them use heavier intensities than comparable providers
  for (const p of free.slice(10, 15)) p.heavy = true;
  const freePool = { items: free, weights: free.map((p, i) => (p.heavy ? 6 : 12 / (1 + i / 8))) };
  // highly specialist care: Parnassia and Middin, and six generated specialist centres
  const highly = [bySlug.get('parnassia')!, bySlug.get('middin')!, ...free.slice(0, 6)];
  const highlyPool = new Weighted(highly, [30, 20, 12, 10, 8, 8, 6, 6]);

  const seededPools: Record<string, [string, number][]> = {
    rondomjou: [
      ['jeugdformaat', 40],
      ['parnassia', 18],
      ['jess', 14],
      ['middin', 10],
    ],
    krachtvoorjeugd: [
      ['incluzio', 34],
      ['mentaalcure', 16],
      ['impegno', 12],
      ['familysupporters', 12],
      ['yoep', 9],
    ],
  };
  const { rows: seededDays } = await client.query<{ id: string; days: number }>(
    `SELECT id, intake_working_days AS days FROM consortium WHERE id = ANY($1)`,
    [CONSORTIA.map((c) => consortiumId(c.key))],
  );
  const areaInfos: AreaInfo[] = [];
  const areaWeights: number[] = [];
  for (const m of MUNICIPALITIES) {
    for (const a of m.areas) {
      let mains: [ProviderInfo, number][];
      let consortium: Omit<ConsortiumInfo, 'members'>;
      if (m.cbsCode === '0518') {
        const c = CONSORTIA.find((x) => x.areas.includes(a))!;
        mains = seededPools[c.key].map(([slug, w]) => [bySlug.get(slug)!, w]);
        const id = consortiumId(c.key);
        consortium = {
          id,
          lead: bySlug.get(c.members.find((x) => x.role === 'LEAD')!.slug)!,
          intakeWorkingDays: seededDays.find((d) => d.id === id)?.days ?? 5,
        };
      } else {
        const c = consortiumOf.get(m.cbsCode)!;
        mains = [[c.lead, 36], ...c.partners.map((p, i): [ProviderInfo, number] => [p, 18 - i * 3])];
        consortium = { id: c.id, lead: c.lead, intakeWorkingDays: c.days };
      }
      // about a fifth of specialist referrals go to a provider outside the consortium (free choice)
      const mainWeight = mains.reduce((s, [, w]) => s + w, 0);
      const freeShare = (mainWeight * 0.22) / freePool.weights.reduce((s, w) => s + w, 0);
      areaInfos.push({
        id: areaId(m.cbsCode, a),
        municipalityId: municipalityId(m.cbsCode),
        cbsCode: m.cbsCode,
        specialist: new Weighted(
          [...mains.map(([p]) => p), ...freePool.items],
          [...mains.map(([, w]) => w), ...freePool.weights.map((w) => w * freeShare)],
        ),
        highlySpecialist: highlyPool,
        consortium: {
          ...consortium,
          members: new Weighted(
            mains.map(([p]) => p),
            mains.map(([, w]) => w),
          ),
        },
      });
      areaWeights.push(POPULATION[m.cbsCode] / m.areas.length);
    }
  }

  // local teams: Den Haag and Delft are seeded, the other municipalities get one
  const referrerOf = new Map<string, string>();
  for (const m of MUNICIPALITIES) {
    const seeded = DEMO_ACCOUNTS.find(
      (a) =>
        a.roles.includes('REFERRER') && a.organisation.kind === 'MUNICIPALITY' && a.organisation.cbsCode === m.cbsCode,
    );
    referrerOf.set(
      municipalityId(m.cbsCode),
      seeded
        ? userId(seeded.email)
        : newUser(`lokaalteam@${m.cbsCode}.bench.example`, `Lokaal team ${m.name}`, ['REFERRER'], {
            municipality: municipalityId(m.cbsCode),
          }),
    );
  }
  await insertRows(client, 'app_user', users);

  // bonus-malus: the rule in force, or a generated one when none exists yet
  let paymentRule: World['paymentRule'] = null;
  const { rows: rules } = await client.query(
    `SELECT id, valid_from AS "validFrom", valid_until AS "validUntil" FROM payment_rule ORDER BY valid_from LIMIT 1`,
  );
  if (!rules.length) {
    const id = idSequence(Kind.PaymentRule)();
    await insertRows(client, 'payment_rule', [
      { id, valid_from: CONTRACTS_FROM, valid_until: null, description: 'Bonus-malus 2020 (benchmark data)' },
    ]);
    const tiers = [
      { minShare: 0.8, percentage: 100 },
      { minShare: 0.5, percentage: 85 },
      { minShare: 0, percentage: 70 },
    ];
    await insertRows(
      client,
      'payment_rule_tier',
      tiers.map((t) => ({ payment_rule_id: id, min_goal_share: t.minShare, percentage_paid: t.percentage })),
    );
    paymentRule = { id, validFrom: CONTRACTS_FROM, validUntil: null, tiers };
  } else {
    const { rows: tiers } = await client.query(
      `SELECT min_goal_share::float AS "minShare", percentage_paid AS percentage FROM payment_rule_tier WHERE payment_rule_id = $1 ORDER BY min_goal_share DESC`,
      [rules[0].id],
    );
    if (tiers.length) paymentRule = { ...rules[0], tiers };
  }

  return {
    providers,
    areas: new Weighted(areaInfos, areaWeights),
    referrerOf,
    relationsOf,
    paymentRule,
    nameOf: new Map(providers.map((p) => [p.id, p.name])),
  };
}
