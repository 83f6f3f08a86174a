import type pg from 'pg';
import { addDays, addMonths, today } from '../server/src/core/dates.js';
import { userId } from './accounts.js';
import { CONSORTIA, providerId, SUBCONTRACTS, type ProviderSlug } from './organisations.js';
import { createRandom, type Random } from './random.js';
import { areaId, FUNDING_RULES, MUNICIPALITIES, municipalityId, picId, PROFILES } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/**
 * Demo families: open trajectories in every status, across both consortia and Delft, with help
 * plans, expertise requests to partners and subcontractors, a pending transfer and a few declined
 * referrals, so that every demo account sees a realistic caseload. Names are invented; dates are
 * relative to the moment of seeding.
 */

/** Each family's question, its first societal goal, and that goal's life domain. */
export const QUESTIONS = [
  [
    'Joyce (14) gaat al maanden niet naar school en slaapt overdag.',
    'Ze gaat weer naar school, minstens vier dagen per week.',
    'SCHOOL_OR_DAYTIME_ACTIVITY',
  ],
  [
    'De ouders lopen vast in de opvoeding; er zijn veel conflicten thuis.',
    'Thuis is het rustiger en ouders voelen zich zekerder.',
    'PARENTING',
  ],
  [
    'Sam (9) heeft woedeaanvallen op school en thuis.',
    'Sam kan zijn boosheid beter hanteren en blijft op zijn school.',
    'PARENTING',
  ],
  [
    'Na een traumatische gebeurtenis is er veel angst en vermijding.',
    'Het kind durft weer naar buiten en naar de sport.',
    'HEALTH',
  ],
  [
    'Er zijn zorgen over de ontwikkeling; vermoeden van autisme.',
    'Er is duidelijkheid over wat het kind nodig heeft en school sluit daarop aan.',
    'SCHOOL_OR_DAYTIME_ACTIVITY',
  ],
  [
    'Moeder is overbelast; schulden en dreigende huisuitzetting.',
    'Het gezin woont stabiel en de schulden zijn in beeld bij schuldhulp.',
    'INCOME_AND_DEBTS',
  ],
  [
    'Jongere (16) gebruikt veel cannabis en verzuimt school.',
    'Hij heeft een dagbesteding of opleiding en gebruikt minder.',
    'HEALTH',
  ],
  [
    'Licht verstandelijke beperking; de jongere raakt in problemen met vrienden.',
    'Zij heeft een veilig netwerk en weet hulp te vragen.',
    'SAFETY',
  ],
] as const;

export const TREATMENT_GOALS = [
  'De angstklachten nemen af (gemeten met de RCADS).',
  'Ouders passen de afspraken uit de oudertraining thuis toe.',
  'Het slaap-waakritme is hersteld.',
  'De jongere herkent signalen van boosheid en gebruikt een alternatief.',
  'Er is een passend schoolarrangement met de intern begeleider.',
];

const ACTORS: Partial<Record<ProviderSlug, string>> = {
  jeugdformaat: 'staff@jeugdformaat.example',
  parnassia: 'staff@parnassia.example',
  jess: 'staff@jess.example',
  middin: 'staff@middin.example',
  incluzio: 'staff@incluzio.example',
  mentaalcure: 'staff@mentaalcure.example',
  duinzicht: 'staff@duinzicht.example',
  vaktherapie: 'staff@vaktherapie.example',
  ypenburg: 'staff@ypenburg.example',
  brugwachter: 'staff@brugwachter.example',
  delfland: 'staff@delfland.example',
  haagsehout: 'staff@haagsehout.example',
};
export const actor = (slug: ProviderSlug) => (ACTORS[slug] ? userId(ACTORS[slug]!) : null);

export interface ExpertiseTarget {
  provider: ProviderSlug;
  relation: 'SUBCONTRACT' | 'CONSORTIUM';
  subcontract_id: string | null;
  consortium_id: string | null;
}

/**
 * Whom a main contractor may ask for expertise in a profile (domain rule 2): a subcontractor whose
 * open subcontract covers the profile, else a partner (lead or partner) of its own consortium.
 */
export function expertiseTarget(main: ProviderSlug, profile: string, random: Random): ExpertiseTarget | null {
  const sub = SUBCONTRACTS.find((s) => s.main === main && s.validUntil === null && s.profiles.includes(profile));
  if (sub)
    return {
      provider: sub.sub,
      relation: 'SUBCONTRACT',
      subcontract_id: seedId(`subcontract:${sub.key}`),
      consortium_id: null,
    };
  const consortium = CONSORTIA.find((c) => c.members.some((m) => m.slug === main && m.role !== 'SUBCONTRACTOR'));
  const partners =
    consortium?.members.filter((m) => m.slug !== main && m.role !== 'SUBCONTRACTOR').map((m) => m.slug) ?? [];
  if (!partners.length) return null;
  return {
    provider: random.pick(partners),
    relation: 'CONSORTIUM',
    subcontract_id: null,
    consortium_id: seedId(`consortium:${consortium!.key}`),
  };
}

interface Case {
  key: string;
  cbsCode: string;
  area: string;
  provider: ProviderSlug;
  referrer: string;
  status: 'REFERRED' | 'ACTIVE' | 'CANCELLED';
  profile: string;
  intensity: string;
  daysAgo: number;
  birthDate: string;
}

const DEN_HAAG_PROVIDERS: { slug: ProviderSlug; areas: string[] }[] = [
  { slug: 'jeugdformaat', areas: ['Escamp', 'Loosduinen', 'Scheveningen', 'Segbroek'] },
  { slug: 'parnassia', areas: ['Escamp', 'Segbroek'] },
  { slug: 'incluzio', areas: ['Centrum', 'Laak', 'Haagse Hout', 'Leidschenveen-Ypenburg'] },
  { slug: 'mentaalcure', areas: ['Centrum', 'Haagse Hout'] },
];

/** A moment `days` days ago (in Amsterdam's calendar) at `hour` o'clock UTC. */
export function isoDaysAgo(days: number, hour = 10): string {
  return `${addDays(today(), -days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
}

/** A birth date that makes the youth `age` today, `daysToBirthday` days before the next birthday. */
export function birthDateFor(age: number, daysToBirthday: number): string {
  return addMonths(addDays(today(), daysToBirthday), -12 * (age + 1));
}

/** The variant the regional settings prescribe for this municipality, profile segment and day. */
export function fundingVariant(cbsCode: string, profileCode: string, day: string): string {
  const segment = PROFILES.find((p) => p.code === profileCode)!.segment;
  const rule = FUNDING_RULES.find(
    (f) => f.cbsCode === cbsCode && f.segment === segment && f.validFrom <= day && (f.validUntil ?? '9999') >= day,
  );
  return rule!.variant;
}

export function initials(random: Random): string {
  const letters = 'ABCDEFGHIJKLMNOPRSTVWYZ';
  return Array.from({ length: random.int(1, 3) }, () => `${random.pick(letters.split(''))}.`).join('');
}

function buildCases(random: Random): Case[] {
  const cases: Case[] = [];
  const statuses = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'REFERRED', 'ACTIVE', 'CANCELLED'] as const;
  let n = 0;
  for (const { slug, areas } of DEN_HAAG_PROVIDERS) {
    for (let i = 0; i < 8; i++) {
      const status = statuses[(n + i) % statuses.length];
      // declined referrals are never highly specialist (acceptance obligation)
      const profile =
        status === 'CANCELLED'
          ? random.pick(PROFILES.slice(0, 6)).code
          : random.chance(0.15)
            ? random.pick(PROFILES.slice(6)).code
            : random.pick(PROFILES.slice(0, 6)).code;
      cases.push({
        key: `dh-${slug}-${i}`,
        cbsCode: '0518',
        area: random.pick(areas),
        provider: slug,
        referrer: 'lokaalteam@denhaag.example',
        status,
        profile,
        intensity: random.pick(['KL', 'KH', 'LL', 'LH']),
        daysAgo: status === 'REFERRED' ? random.int(1, 6) : random.int(20, 300),
        birthDate: birthDateFor(random.int(3, 16), random.int(100, 360)),
      });
    }
    n++;
  }
  for (let i = 0; i < 6; i++) {
    const provider: ProviderSlug = i % 2 === 0 ? 'delfland' : 'brugwachter';
    cases.push({
      key: `delft-${i}`,
      cbsCode: '0503',
      area: random.pick(MUNICIPALITIES[1].areas),
      provider,
      referrer: 'lokaalteam@delft.example',
      status: i === 5 ? 'REFERRED' : 'ACTIVE',
      profile: random.pick(['P01', 'P04', 'P05']),
      intensity: random.pick(['KL', 'KH', 'LL']),
      daysAgo: i === 5 ? 2 : random.int(30, 200),
      birthDate: birthDateFor(random.int(5, 15), random.int(100, 360)),
    });
  }
  // signals on the caseload: turning 16 (perspective plan) and 18 (handover) within three months
  cases[0].birthDate = birthDateFor(15, 40);
  cases[1].birthDate = birthDateFor(17, 60);
  cases[8].birthDate = birthDateFor(17, 20);
  return cases;
}

export async function seedCare(client: pg.ClientBase): Promise<void> {
  const random = createRandom(2024);
  const cases = buildCases(random);
  const youths: Record<string, unknown>[] = [];
  const plans: Record<string, unknown>[] = [];
  const planYouths: Record<string, unknown>[] = [];
  const goals: Record<string, unknown>[] = [];
  const trajectories: Record<string, unknown>[] = [];
  const periods: Record<string, unknown>[] = [];
  const helpPlans: Record<string, unknown>[] = [];
  const requests: Record<string, unknown>[] = [];
  const transfers: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];

  cases.forEach((c, index) => {
    const youth = seedId(`youth:${c.key}`);
    // every fifth family has two children sharing one family plan
    const sharesPlanWith = index % 5 === 4 && cases[index - 1].cbsCode === c.cbsCode ? cases[index - 1].key : null;
    const plan = seedId(`family-plan:${sharesPlanWith ?? c.key}`);
    const trajectory = seedId(`trajectory:${c.key}`);
    const referredAt = isoDaysAgo(c.daysAgo, 9);
    const startedAt =
      c.status === 'ACTIVE' ? isoDaysAgo(c.daysAgo - random.int(1, Math.min(10, c.daysAgo - 1)), 11) : null;
    const closedAt = c.status === 'CANCELLED' ? isoDaysAgo(c.daysAgo - 1, 14) : null;
    const [question, societal, lifeDomain] = QUESTIONS[index % QUESTIONS.length];
    // a sibling shares the plan (and so the first goal's life domain) of the case before it
    const planDomain = sharesPlanWith ? QUESTIONS[(index - 1) % QUESTIONS.length][2] : lifeDomain;
    const referrer = userId(c.referrer);

    youths.push({
      id: youth,
      initials: initials(random),
      birth_date: c.birthDate,
      municipality_id: municipalityId(c.cbsCode),
      area_id: areaId(c.cbsCode, c.area),
    });
    if (!sharesPlanWith) {
      plans.push({
        id: plan,
        municipality_id: municipalityId(c.cbsCode),
        question,
        context: 'Gezin met twee ouders; school is betrokken.',
        created_by: referrer,
        created_at: referredAt,
        updated_at: referredAt,
      });
      goals.push({
        id: seedId(`goal:${c.key}:s1`),
        kind: 'SOCIETAL',
        description: societal,
        position: 0,
        family_plan_id: plan,
        help_plan_id: null,
        contributes_to_id: null,
        life_domain: lifeDomain,
      });
      goals.push({
        id: seedId(`goal:${c.key}:s2`),
        kind: 'SOCIETAL',
        description: 'Het gezin weet de weg naar ondersteuning in de wijk.',
        position: 1,
        family_plan_id: plan,
        help_plan_id: null,
        contributes_to_id: null,
        life_domain: 'PARENTING',
      });
    }
    planYouths.push({ family_plan_id: plan, youth_id: youth });
    trajectories.push({
      id: trajectory,
      youth_id: youth,
      family_plan_id: plan,
      municipality_id: municipalityId(c.cbsCode),
      area_id: areaId(c.cbsCode, c.area),
      status: c.status,
      responsible_provider_id: providerId(c.provider),
      referrer_type: random.chance(0.8) ? 'LOCAL_TEAM' : random.pick(['GP', 'YOUTH_DOCTOR']),
      pic_id: picId(c.profile, c.intensity, '2024'),
      funding_variant: fundingVariant(c.cbsCode, c.profile, referredAt.slice(0, 10)),
      referred_at: referredAt,
      referred_by: referrer,
      started_at: startedAt,
      closed_at: closedAt,
      decline_reason: c.status === 'CANCELLED' ? 'Geen plek binnen de termijn; de wachttijd is nu 14 weken.' : null,
      last_activity_at: referredAt,
    });
    periods.push({
      id: seedId(`period:${c.key}`),
      trajectory_id: trajectory,
      provider_id: providerId(c.provider),
      since: referredAt,
      until: closedAt,
    });
    events.push({
      trajectory_id: trajectory,
      at: referredAt,
      kind: 'REFERRED',
      actor_user_id: referrer,
      actor_provider_id: null,
      expertise_request_id: null,
      detail: null,
    });
    if (c.status === 'CANCELLED') {
      events.push({
        trajectory_id: trajectory,
        at: closedAt,
        kind: 'DECLINED',
        actor_user_id: actor(c.provider),
        actor_provider_id: providerId(c.provider),
        expertise_request_id: null,
        detail: 'Geen plek binnen de termijn.',
      });
    }
    if (c.status !== 'ACTIVE') return;

    events.push({
      trajectory_id: trajectory,
      at: startedAt,
      kind: 'ACCEPTED',
      actor_user_id: actor(c.provider),
      actor_provider_id: providerId(c.provider),
      expertise_request_id: null,
      detail: null,
    });
    helpPlans.push({
      trajectory_id: trajectory,
      version: 1,
      effort_description: 'Wekelijkse gesprekken met jongere en ouders; afstemming met school.',
      end_date: null,
      updated_at: startedAt,
    });
    goals.push({
      id: seedId(`goal:${c.key}:t1`),
      kind: 'TREATMENT',
      description: random.pick(TREATMENT_GOALS),
      position: 0,
      family_plan_id: null,
      help_plan_id: trajectory,
      contributes_to_id: seedId(`goal:${sharesPlanWith ?? c.key}:s1`),
      life_domain: null,
    });

    // expertise: a subcontractor covering the profile when there is one, else a consortium partner
    if (index % 3 !== 2) {
      const target = expertiseTarget(c.provider, c.profile, random);
      if (target) {
        const status = random.pick(['REQUESTED', 'ACCEPTED', 'ACCEPTED', 'COMPLETED'] as const);
        const id = seedId(`expertise:${c.key}`);
        const requestedAt = isoDaysAgo(Math.max(1, (c.daysAgo - 5) >> 1), 13);
        requests.push({
          id,
          trajectory_id: trajectory,
          requested_by_provider_id: providerId(c.provider),
          provider_id: providerId(target.provider),
          mode: random.chance(0.6) ? 'CONSULTATION' : 'CO_TREATMENT',
          profile_id: seedId(`profile:${c.profile}`),
          question: 'Kunnen jullie meekijken naar de aanpak van de angstklachten en de ouderbegeleiding?',
          status,
          relation: target.relation,
          subcontract_id: target.subcontract_id,
          consortium_id: target.consortium_id,
          integrated_team_id: null,
          requested_by: actor(c.provider) ?? userId('admin@jeugdformaat.example'),
          requested_at: requestedAt,
          responded_at: status === 'REQUESTED' ? null : requestedAt,
          ended_at: status === 'COMPLETED' ? requestedAt : null,
          // only the life domain of the plan's first goal is shared with the other provider
          shared_life_domains: [planDomain],
          consent_by: null,
        });
        events.push({
          trajectory_id: trajectory,
          at: requestedAt,
          kind: 'EXPERTISE_REQUESTED',
          actor_user_id: actor(c.provider),
          actor_provider_id: providerId(c.provider),
          expertise_request_id: id,
          detail: null,
        });
        if (status !== 'REQUESTED') {
          events.push({
            trajectory_id: trajectory,
            at: requestedAt,
            kind: 'EXPERTISE_ACCEPTED',
            actor_user_id: actor(target.provider),
            actor_provider_id: providerId(target.provider),
            expertise_request_id: id,
            detail: null,
          });
        }
      }
    }
  });

  // one transfer of responsibility waiting for an answer
  const transferCase = cases.find(
    (c) =>
      c.status === 'ACTIVE' &&
      c.provider === 'mentaalcure' &&
      PROFILES.find((p) => p.code === c.profile)!.segment === 'SPECIALIST',
  )!;
  transfers.push({
    id: seedId(`transfer:${transferCase.key}`),
    trajectory_id: seedId(`trajectory:${transferCase.key}`),
    from_provider_id: providerId('mentaalcure'),
    to_provider_id: providerId('incluzio'),
    reason: 'Het gezin verhuist naar Laak; Incluzio heeft daar het wijkteam.',
    status: 'PENDING',
    requested_by: userId('staff@mentaalcure.example'),
    requested_at: isoDaysAgo(2),
  });
  events.push({
    trajectory_id: seedId(`trajectory:${transferCase.key}`),
    at: isoDaysAgo(2),
    kind: 'TRANSFER_REQUESTED',
    actor_user_id: userId('staff@mentaalcure.example'),
    actor_provider_id: providerId('mentaalcure'),
    expertise_request_id: null,
    detail: 'Verhuizing naar Laak.',
  });

  await insertRows(client, 'youth', youths);
  await insertRows(client, 'family_plan', plans);
  await insertRows(client, 'family_plan_youth', planYouths);
  await insertRows(client, 'trajectory', trajectories);
  await insertRows(client, 'responsibility_period', periods);
  await insertRows(client, 'help_plan', helpPlans);
  await insertRows(client, 'goal', goals);
  await insertRows(client, 'expertise_request', requests);
  await insertRows(client, 'responsibility_transfer', transfers);
  // the timeline has no natural key: write it only with the trajectories it belongs to
  const { rowCount } = await client.query(`SELECT 1 FROM trajectory_event WHERE trajectory_id = $1`, [
    trajectories[0].id,
  ]);
  if (!rowCount) await insertRows(client, 'trajectory_event', events);
}
