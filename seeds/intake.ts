import type pg from 'pg';
import { addWorkingDays } from '../server/src/core/working-days.js';
import { userId } from './accounts.js';
import { actor, birthDateFor, fundingVariant, isoDaysAgo, QUESTIONS } from './care.js';
import { consortiumId, providerId, type ProviderSlug } from './organisations.js';
import { createRandom } from './random.js';
import { areaId, municipalityId, picId, profileId } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/**
 * Demo data of the 2023 model: families referred to the consortium of their Den Haag area, some in
 * intake (one past its deadline), some assigned to a partner that has not yet accepted, some whose
 * care started after a wait; free places reported by the consortium members (one figure stale);
 * and PIC proposals waiting for the local team. Every page of intake, waiting and the referral
 * check has something real to show on a fresh start.
 */

interface IntakeCase {
  key: string;
  consortium: 'rondomjou' | 'krachtvoorjeugd';
  area: string;
  lead: ProviderSlug;
  /** The assigned main contractor; none while in intake. */
  assigned?: ProviderSlug;
  status: 'INTAKE' | 'REFERRED' | 'ACTIVE';
  profile: string;
  daysAgo: number;
  /** Days from referral to start, for started care. */
  waited?: number;
  /** A PIC proposal waiting for the referrer. */
  proposeProfile?: string;
}

const CASES: IntakeCase[] = [
  { key: 'rj-1', consortium: 'rondomjou', area: 'Escamp', lead: 'jeugdformaat', status: 'INTAKE', profile: 'P02', daysAgo: 1 },
  { key: 'rj-2', consortium: 'rondomjou', area: 'Loosduinen', lead: 'jeugdformaat', status: 'INTAKE', profile: 'P01', daysAgo: 3 },
  { key: 'rj-3', consortium: 'rondomjou', area: 'Segbroek', lead: 'jeugdformaat', status: 'INTAKE', profile: 'P04', daysAgo: 12 },
  { key: 'rj-4', consortium: 'rondomjou', area: 'Scheveningen', lead: 'jeugdformaat', assigned: 'parnassia', status: 'REFERRED', profile: 'P03', daysAgo: 4 },
  { key: 'rj-5', consortium: 'rondomjou', area: 'Escamp', lead: 'jeugdformaat', assigned: 'parnassia', status: 'ACTIVE', profile: 'P02', daysAgo: 40, waited: 9, proposeProfile: 'P03' },
  { key: 'rj-6', consortium: 'rondomjou', area: 'Escamp', lead: 'jeugdformaat', assigned: 'jeugdformaat', status: 'ACTIVE', profile: 'P05', daysAgo: 60, waited: 4 },
  { key: 'kj-1', consortium: 'krachtvoorjeugd', area: 'Laak', lead: 'incluzio', status: 'INTAKE', profile: 'P02', daysAgo: 2 },
  { key: 'kj-2', consortium: 'krachtvoorjeugd', area: 'Centrum', lead: 'incluzio', status: 'INTAKE', profile: 'P06', daysAgo: 9 },
  { key: 'kj-3', consortium: 'krachtvoorjeugd', area: 'Haagse Hout', lead: 'incluzio', assigned: 'mentaalcure', status: 'REFERRED', profile: 'P01', daysAgo: 5 },
  { key: 'kj-4', consortium: 'krachtvoorjeugd', area: 'Laak', lead: 'incluzio', assigned: 'mentaalcure', status: 'ACTIVE', profile: 'P04', daysAgo: 30, waited: 12, proposeProfile: 'P02' },
]; // prettier-ignore

/** Free places per member: [provider, profile, area (null: every area it serves), places, days since updated]. */
const CAPACITY: [ProviderSlug, string, string | null, number, number][] = [
  ['jeugdformaat', 'P01', null, 2, 1],
  ['jeugdformaat', 'P02', 'Escamp', 0, 3],
  ['parnassia', 'P02', 'Escamp', 3, 2],
  ['parnassia', 'P03', null, 1, 5],
  ['jess', 'P04', 'Segbroek', 2, 20], // not updated for weeks: marked stale
  ['middin', 'P05', null, 4, 6],
  ['incluzio', 'P02', 'Laak', 1, 1],
  ['mentaalcure', 'P01', null, 2, 4],
  ['mentaalcure', 'P06', 'Centrum', 0, 2],
];

const day = (iso: string) => iso.slice(0, 10);

export async function seedIntake(client: pg.ClientBase): Promise<void> {
  const random = createRandom(2023);
  const referrer = userId('lokaalteam@denhaag.example');
  const rows = {
    youth: [] as Record<string, unknown>[],
    plan: [] as Record<string, unknown>[],
    planYouth: [] as Record<string, unknown>[],
    goal: [] as Record<string, unknown>[],
    trajectory: [] as Record<string, unknown>[],
    period: [] as Record<string, unknown>[],
    helpPlan: [] as Record<string, unknown>[],
    proposal: [] as Record<string, unknown>[],
    event: [] as Record<string, unknown>[],
  };
  const event = (trajectory: string, at: string, kind: string, by: string | null, provider: ProviderSlug | null, detail: string | null = null) =>
    rows.event.push({ trajectory_id: trajectory, at, kind, actor_user_id: by, actor_provider_id: provider && providerId(provider), expertise_request_id: null, detail }); // prettier-ignore

  CASES.forEach((c, i) => {
    const trajectory = seedId(`trajectory:intake:${c.key}`);
    const youth = seedId(`youth:intake:${c.key}`);
    const plan = seedId(`family-plan:intake:${c.key}`);
    const referredAt = isoDaysAgo(c.daysAgo, 9);
    const assignedAt = isoDaysAgo(Math.max(0, c.daysAgo - 2), 10);
    const startedAt = c.waited !== undefined ? isoDaysAgo(c.daysAgo - c.waited, 11) : null;
    const responsible = c.assigned ?? c.lead;
    rows.youth.push({
      id: youth,
      initials: ['M.K.', 'L.B.', 'Y.A.', 'S.T.', 'R.V.', 'D.E.', 'F.O.', 'N.J.', 'B.H.', 'Z.P.'][i],
      birth_date: birthDateFor(random.int(6, 15), random.int(100, 360)),
      municipality_id: municipalityId('0518'),
      area_id: areaId('0518', c.area),
    });
    const [question, societal, lifeDomain] = QUESTIONS[(i + 3) % QUESTIONS.length];
    rows.plan.push({ id: plan, municipality_id: municipalityId('0518'), question, context: 'Verwezen naar het samenwerkingsverband van het gebied.', created_by: referrer, created_at: referredAt, updated_at: referredAt }); // prettier-ignore
    rows.planYouth.push({ family_plan_id: plan, youth_id: youth });
    rows.goal.push({ id: seedId(`goal:intake:${c.key}:s1`), kind: 'SOCIETAL', description: societal, position: 0, family_plan_id: plan, help_plan_id: null, contributes_to_id: null, life_domain: lifeDomain }); // prettier-ignore
    rows.trajectory.push({
      id: trajectory,
      youth_id: youth,
      family_plan_id: plan,
      municipality_id: municipalityId('0518'),
      area_id: areaId('0518', c.area),
      status: c.status,
      responsible_provider_id: providerId(responsible),
      referrer_type: 'LOCAL_TEAM',
      pic_id: picId(c.profile, 'KL', '2024'),
      funding_variant: fundingVariant('0518', c.profile, day(referredAt)),
      referred_at: referredAt,
      referred_by: referrer,
      started_at: startedAt,
      closed_at: null,
      decline_reason: null,
      last_activity_at: startedAt ?? (c.assigned ? assignedAt : referredAt),
      consortium_id: consortiumId(c.consortium),
      // the deadline the consortium's contract sets: five working days after the referral
      intake_deadline: addWorkingDays(day(referredAt), 5),
    });
    rows.period.push({ id: seedId(`period:intake:${c.key}:lead`), trajectory_id: trajectory, provider_id: providerId(c.lead), since: referredAt, until: c.assigned && c.assigned !== c.lead ? assignedAt : null }); // prettier-ignore
    event(trajectory, referredAt, 'REFERRED_TO_CONSORTIUM', referrer, null);
    if (c.assigned) {
      if (c.assigned !== c.lead)
        rows.period.push({ id: seedId(`period:intake:${c.key}:assigned`), trajectory_id: trajectory, provider_id: providerId(c.assigned), since: assignedAt, until: null }); // prettier-ignore
      event(
        trajectory,
        assignedAt,
        'MAIN_CONTRACTOR_ASSIGNED',
        actor(c.lead),
        c.lead,
        'Past bij het profiel en heeft plek.',
      );
    }
    if (!startedAt) return;
    event(trajectory, startedAt, 'ACCEPTED', actor(responsible), responsible);
    rows.helpPlan.push({ trajectory_id: trajectory, version: 1, effort_description: 'Intake gedaan; wekelijkse gesprekken.', end_date: null, updated_at: startedAt }); // prettier-ignore
    if (c.proposeProfile) {
      const at = isoDaysAgo(Math.max(1, c.daysAgo - c.waited! - 3), 15);
      rows.proposal.push({
        id: seedId(`pic-proposal:${c.key}`),
        trajectory_id: trajectory,
        from_pic_id: picId(c.profile, 'KL', '2024'),
        to_pic_id: picId(c.proposeProfile, 'KL', '2024'),
        reason: 'Na de intake blijkt de vraag vooral in de opvoeding te liggen.',
        status: 'PROPOSED',
        proposed_by_provider_id: providerId(responsible),
        proposed_by: actor(responsible) ?? userId('admin@jeugdformaat.example'),
        proposed_at: at,
      });
      event(
        trajectory,
        at,
        'PIC_PROPOSED',
        actor(responsible),
        responsible,
        'Na de intake blijkt de vraag vooral in de opvoeding te liggen.',
      );
    }
  });

  await insertRows(client, 'youth', rows.youth);
  await insertRows(client, 'family_plan', rows.plan);
  await insertRows(client, 'family_plan_youth', rows.planYouth);
  await insertRows(client, 'goal', rows.goal);
  await insertRows(client, 'trajectory', rows.trajectory);
  await insertRows(client, 'responsibility_period', rows.period);
  await insertRows(client, 'help_plan', rows.helpPlan);
  await insertRows(client, 'pic_proposal', rows.proposal);
  await insertRows(
    client,
    'capacity',
    CAPACITY.map(([provider, profile, area, places, age]) => ({
      provider_id: providerId(provider),
      profile_id: profileId(profile),
      area_id: area && areaId('0518', area),
      free_places: places,
      updated_at: isoDaysAgo(age, 8),
      updated_by: actor(provider) ?? userId('admin@jeugdformaat.example'),
    })),
  );
  const { rowCount } = await client.query(`SELECT 1 FROM trajectory_event WHERE trajectory_id = $1`, [
    rows.trajectory[0].id,
  ]);
  if (!rowCount) await insertRows(client, 'trajectory_event', rows.event);
}
