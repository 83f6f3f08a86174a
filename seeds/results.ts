import type pg from 'pg';
import { dayOf } from '../server/src/core/dates.js';
import {
  goalShare,
  outputAmount,
  percentagePaid,
  type PaymentTier,
} from '../server/src/modules/settlement/settlement.rules.js';
import { cbsEndCode, JZ588_TO_CBS } from '../server/src/modules/outcome/jz588.js';
import type { GoalRealisation } from '../server/src/modules/outcome/outcome.types.js';
import { userId } from './accounts.js';
import { actor, expertiseTarget, fundingVariant, initials, QUESTIONS, TREATMENT_GOALS } from './care.js';
import { CONSORTIA, consortiumId, providerId, type ProviderSlug } from './organisations.js';
import { createRandom, type Random } from './random.js';
import { areaId, INTENSITIES, MUNICIPALITIES, municipalityId, picId, PROFILES, tariffCents } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/**
 * Results over two years: several hundred closed trajectories with outcomes, settlements and
 * facts, so that every figure of the contract managers is filled for the big groups and
 * suppressed for the small ones (Family Supporters and Yoep close only a few). Stichting Middin
 * uses clearly heavier intensities than its peers for the same profiles ("high trust, high
 * penalty"). Also the bonus-malus rules, the PxQ price list and 2026 population budgets.
 */

export const PAYMENT_RULES = [
  {
    key: '2020',
    validFrom: '2020-01-01',
    validUntil: '2023-12-31',
    description: 'Bonus-malus 2020–2023',
    tiers: [
      { minGoalShare: 0, percentagePaid: 70 },
      { minGoalShare: 0.5, percentagePaid: 85 },
      { minGoalShare: 0.8, percentagePaid: 100 },
    ],
  },
  {
    key: '2024',
    validFrom: '2024-01-01',
    validUntil: null,
    description: 'Bonus-malus vanaf 2024',
    tiers: [
      { minGoalShare: 0, percentagePaid: 60 },
      { minGoalShare: 0.25, percentagePaid: 75 },
      { minGoalShare: 0.5, percentagePaid: 90 },
      { minGoalShare: 0.75, percentagePaid: 100 },
    ],
  },
];

/** PxQ products (prices per WJ756 unit: 01 minute, 04 hour, 14 etmaal, 16 dagdeel). */
export const PRODUCT_PRICES = [
  { code: 'JGGZ01', name: 'Behandeling jeugd-GGZ, individueel', unit: '04', cents: 11250 },
  { code: 'JBEG01', name: 'Begeleiding individueel', unit: '04', cents: 6480 },
  { code: 'JDAG01', name: 'Dagbehandeling', unit: '16', cents: 5520 },
  { code: 'JVBL01', name: 'Verblijf behandelgroep', unit: '14', cents: 26000 },
  { code: 'JDIA01', name: 'Diagnostiek', unit: '01', cents: 190 },
];

const HEAVY: ProviderSlug = 'middin';
const NORMAL_MIX: [string, number][] = [
  ['KL', 0.35],
  ['KH', 0.25],
  ['LL', 0.25],
  ['LH', 0.15],
];
const HEAVY_MIX: [string, number][] = [
  ['KL', 0.08],
  ['KH', 0.2],
  ['LL', 0.22],
  ['LH', 0.5],
];
const END_REASONS: [string, number][] = [
  ['31', 0.62],
  ['34', 0.12],
  ['32', 0.1],
  ['33', 0.05],
  ['35', 0.05],
  ['39', 0.04],
  ['38', 0.02],
];
const CONTINUATION: [string, number][] = [
  ['NONE', 0.45],
  ['LIGHTER', 0.3],
  ['NONE_NOW_EXPECTS_RETURN', 0.1],
  ['SAME_OR_HEAVIER', 0.15],
];

function weighted(random: Random, options: [string, number][]): string {
  let r = random.next();
  for (const [value, weight] of options) if ((r -= weight) < 0) return value;
  return options[options.length - 1][0];
}

const day = (iso: string) => dayOf(new Date(iso));
const addDays = (iso: string, days: number, hour = 10) => {
  const d = new Date(iso);
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** Who serves which Den Haag areas (per consortium) and how many closed trajectories each gets. */
const DEN_HAAG_VOLUME: { slug: ProviderSlug; consortium: string; count: number }[] = [
  { slug: 'jeugdformaat', consortium: 'rondomjou', count: 70 },
  { slug: 'parnassia', consortium: 'rondomjou', count: 55 },
  { slug: 'jess', consortium: 'rondomjou', count: 30 },
  { slug: 'middin', consortium: 'rondomjou', count: 40 },
  { slug: 'incluzio', consortium: 'krachtvoorjeugd', count: 70 },
  { slug: 'mentaalcure', consortium: 'krachtvoorjeugd', count: 50 },
  { slug: 'impegno', consortium: 'krachtvoorjeugd', count: 12 },
  { slug: 'familysupporters', consortium: 'krachtvoorjeugd', count: 3 },
  { slug: 'yoep', consortium: 'krachtvoorjeugd', count: 3 },
];
const OTHER_VOLUME: { slug: ProviderSlug; cbsCode: string; count: number }[] = [
  { slug: 'delfland', cbsCode: '0503', count: 25 },
  { slug: 'brugwachter', cbsCode: '0503', count: 15 },
  { slug: 'incluzio', cbsCode: '0637', count: 20 },
  { slug: 'parnassia', cbsCode: '1783', count: 15 },
  { slug: 'jeugdformaat', cbsCode: '0603', count: 10 },
];

interface ClosedCase {
  key: string;
  cbsCode: string;
  area: string;
  provider: ProviderSlug;
  profile: string;
  intensity: string;
  referredAt: string;
  startedAt: string;
  closedAt: string;
  /** A youth who comes back: the key of the case whose youth this is. */
  youthOf?: string;
  /** The JZ588 end reason, when not drawn at random. */
  endReason?: string;
}

/**
 * Youths who come back: every fifth Den Haag case closed before September 2025 is followed, within a year,
 * by a new closed trajectory of the same youth at the same provider — so repeat use reads a real
 * figure — and these returns end for each JZ588 reason in turn, so every end reason occurs.
 * A random stream of their own leaves the other cases as they were.
 */
function returningCases(cases: readonly ClosedCase[]): ClosedCase[] {
  const random = createRandom(2026);
  const reasons = Object.keys(JZ588_TO_CBS);
  return cases
    .filter((c, i) => c.cbsCode === '0518' && c.closedAt < '2025-09-01' && i % 5 === 0)
    .map((c, i) => {
      const referredAt = addDays(c.closedAt, random.int(20, 250), 9);
      const startedAt = addDays(referredAt, random.int(3, 25), 11);
      return {
        ...c,
        key: `return-${c.key}`,
        youthOf: c.youthOf ?? c.key,
        endReason: reasons[i % reasons.length],
        referredAt,
        startedAt,
        closedAt: addDays(startedAt, random.int(30, 150), 15),
      };
    });
}

function buildClosedCases(random: Random): ClosedCase[] {
  const first = Date.parse('2024-12-01T00:00:00Z');
  const span = Date.parse('2026-11-15T00:00:00Z') - first;
  const cases: ClosedCase[] = [];
  const add = (slug: ProviderSlug, cbsCode: string, areas: readonly string[], n: number) => {
    for (let i = 0; i < n; i++) {
      const closedAt = new Date(first + random.next() * span).toISOString();
      const lengthDays = random.int(30, 330);
      const waitingDays = random.int(2, slug === 'mentaalcure' ? 70 : 40);
      const startedAt = addDays(closedAt, -lengthDays, 11);
      const referredAt = addDays(startedAt, -waitingDays, 9);
      const highly = random.chance(0.12);
      const profile = highly ? random.pick(PROFILES.slice(6)).code : random.pick(PROFILES.slice(0, 6)).code;
      cases.push({
        key: `closed-${slug}-${cbsCode}-${i}`,
        cbsCode,
        area: random.pick(areas),
        provider: slug,
        profile,
        intensity: weighted(random, slug === HEAVY ? HEAVY_MIX : NORMAL_MIX),
        referredAt,
        startedAt,
        closedAt,
      });
    }
  };
  for (const v of DEN_HAAG_VOLUME) add(v.slug, '0518', CONSORTIA.find((c) => c.key === v.consortium)!.areas, v.count);
  for (const v of OTHER_VOLUME)
    add(v.slug, v.cbsCode, MUNICIPALITIES.find((m) => m.cbsCode === v.cbsCode)!.areas, v.count);
  return [...cases, ...returningCases(cases)];
}

export async function seedResultsReference(client: pg.ClientBase): Promise<void> {
  await insertRows(
    client,
    'payment_rule',
    PAYMENT_RULES.map((r) => ({
      id: seedId(`payment-rule:${r.key}`),
      valid_from: r.validFrom,
      valid_until: r.validUntil,
      description: r.description,
    })),
  );
  await insertRows(
    client,
    'payment_rule_tier',
    PAYMENT_RULES.flatMap((r) =>
      r.tiers.map((t) => ({
        payment_rule_id: seedId(`payment-rule:${r.key}`),
        min_goal_share: t.minGoalShare,
        percentage_paid: t.percentagePaid,
      })),
    ),
  );
  await insertRows(
    client,
    'product_price',
    PRODUCT_PRICES.map((p) => ({
      id: seedId(`price:${p.code}`),
      product_code: p.code,
      name: p.name,
      unit_code: p.unit,
      price_cents: p.cents,
      valid_from: '2020-01-01',
      valid_until: null,
    })),
  );
}

export async function seedResults(client: pg.ClientBase): Promise<void> {
  const random = createRandom(2025);
  const cases = buildClosedCases(random);
  const rows: Record<string, Record<string, unknown>[]> = {
    youth: [],
    family_plan: [],
    family_plan_youth: [],
    trajectory: [],
    responsibility_period: [],
    help_plan: [],
    goal: [],
    expertise_request: [],
    outcome_report: [],
    goal_result: [],
    delivered_units: [],
    settlement: [],
    trajectory_event: [],
  };
  const referrerOf = (cbsCode: string) =>
    userId(cbsCode === '0503' ? 'lokaalteam@delft.example' : 'lokaalteam@denhaag.example');
  const payment = PAYMENT_RULES[1];

  cases.forEach((c, index) => {
    const youth = seedId(`youth:${c.youthOf ?? c.key}`);
    const plan = seedId(`family-plan:${c.key}`);
    const trajectory = seedId(`trajectory:${c.key}`);
    const variant = fundingVariant(c.cbsCode, c.profile, day(c.referredAt));
    const profile = PROFILES.find((p) => p.code === c.profile)!;
    const intensity = INTENSITIES.find((i) => i.code === c.intensity)!;
    const [question, societal] = QUESTIONS[index % QUESTIONS.length];
    const referrer = referrerOf(c.cbsCode);
    const who = actor(c.provider);
    if (!c.youthOf)
      rows.youth.push({
        id: youth,
        initials: initials(random),
        birth_date: `20${String(random.int(8, 20)).padStart(2, '0')}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
        municipality_id: municipalityId(c.cbsCode),
        area_id: areaId(c.cbsCode, c.area),
      });
    rows.family_plan.push({
      id: plan,
      municipality_id: municipalityId(c.cbsCode),
      question,
      context: '',
      created_by: referrer,
      created_at: c.referredAt,
      updated_at: c.referredAt,
    });
    rows.family_plan_youth.push({ family_plan_id: plan, youth_id: youth });
    rows.goal.push({
      id: seedId(`goal:${c.key}:s1`),
      kind: 'SOCIETAL',
      description: societal,
      position: 0,
      family_plan_id: plan,
      help_plan_id: null,
      contributes_to_id: null,
    });
    rows.trajectory.push({
      id: trajectory,
      youth_id: youth,
      family_plan_id: plan,
      municipality_id: municipalityId(c.cbsCode),
      area_id: areaId(c.cbsCode, c.area),
      status: 'CLOSED',
      responsible_provider_id: providerId(c.provider),
      referrer_type: 'LOCAL_TEAM',
      pic_id: picId(c.profile, c.intensity, '2024'),
      funding_variant: variant,
      referred_at: c.referredAt,
      referred_by: referrer,
      started_at: c.startedAt,
      closed_at: c.closedAt,
      last_activity_at: c.closedAt,
    });
    rows.responsibility_period.push({
      id: seedId(`period:${c.key}`),
      trajectory_id: trajectory,
      provider_id: providerId(c.provider),
      since: c.referredAt,
      until: c.closedAt,
    });
    rows.help_plan.push({
      trajectory_id: trajectory,
      version: 1,
      effort_description: 'Behandeling volgens het hulpverleningsplan.',
      end_date: day(c.closedAt),
      updated_at: c.startedAt,
    });

    // outcome: a result for every treatment goal
    const outcomeId = seedId(`outcome:${c.key}`);
    const results: GoalRealisation[] = [];
    for (let g = 0; g < random.int(1, 3); g++) {
      const goalId = seedId(`goal:${c.key}:t${g}`);
      const realisation = weighted(random, [
        ['ACHIEVED', 0.58],
        ['PARTLY_ACHIEVED', 0.27],
        ['NOT_ACHIEVED', 0.15],
      ]) as GoalRealisation;
      results.push(realisation);
      rows.goal.push({
        id: goalId,
        kind: 'TREATMENT',
        description: random.pick(TREATMENT_GOALS),
        position: g,
        family_plan_id: null,
        help_plan_id: trajectory,
        contributes_to_id: seedId(`goal:${c.key}:s1`),
      });
      rows.goal_result.push({ outcome_report_id: outcomeId, goal_id: goalId, realisation });
    }
    const endReason = c.endReason ?? weighted(random, END_REASONS);
    rows.outcome_report.push({
      id: outcomeId,
      trajectory_id: trajectory,
      version: 1,
      continuation: weighted(random, CONTINUATION),
      end_reason_code: endReason,
      cbs_end_code: cbsEndCode(endReason),
      dropout: cbsEndCode(endReason) === '03',
      satisfaction_youth: random.chance(0.7) ? random.int(5, 10) : null,
      satisfaction_parent: random.chance(0.85) ? random.int(5, 10) : null,
      correction_reason: null,
      submitted_by: who ?? userId('admin@jeugdformaat.example'),
      submitted_at: addDays(c.closedAt, -1),
    });

    // settlement by funding variant, with the same rules as the service
    let amount = 0;
    let tariff: number | null = null;
    let share: number | null = null;
    let percentage: number | null = null;
    if (variant === 'OUTPUT') {
      tariff = tariffCents(profile.baseEuros, intensity.factor, 1.08);
      share = goalShare(results);
      percentage = percentagePaid(payment.tiers as PaymentTier[], share);
      amount = outputAmount(tariff, percentage);
    } else {
      const product = random.pick(PRODUCT_PRICES.slice(0, 3));
      const quantity = product.unit === '04' ? random.int(8, 60) : random.int(10, 80);
      rows.delivered_units.push({
        id: seedId(`units:${c.key}`),
        trajectory_id: trajectory,
        product_price_id: seedId(`price:${product.code}`),
        quantity,
        delivered_on: day(addDays(c.startedAt, 14)),
        registered_by: who ?? userId('admin@jeugdformaat.example'),
      });
      if (variant === 'EFFORT') amount = quantity * product.cents;
    }
    rows.settlement.push({
      id: seedId(`settlement:${c.key}`),
      trajectory_id: trajectory,
      version: 1,
      outcome_report_id: outcomeId,
      funding_variant: variant,
      tariff_cents: tariff,
      goal_share: share,
      payment_rule_id: variant === 'OUTPUT' ? seedId('payment-rule:2024') : null,
      percentage_paid: percentage,
      amount_cents: amount,
      correction_reason: null,
      created_at: c.closedAt,
    });

    // a third asked for expertise along the way: paid out under a subcontract, or within the consortium
    const target = index % 3 === 0 ? expertiseTarget(c.provider, c.profile, random) : null;
    if (target) {
      const at = addDays(c.startedAt, 10);
      rows.expertise_request.push({
        id: seedId(`expertise:${c.key}`),
        trajectory_id: trajectory,
        requested_by_provider_id: providerId(c.provider),
        provider_id: providerId(target.provider),
        mode: random.chance(0.6) ? 'CONSULTATION' : 'CO_TREATMENT',
        profile_id: seedId(`profile:${c.profile}`),
        question: 'Meekijken bij de behandeling?',
        status: 'COMPLETED',
        relation: target.relation,
        subcontract_id: target.subcontract_id,
        consortium_id: target.consortium_id,
        integrated_team_id: null,
        requested_by: who ?? userId('admin@jeugdformaat.example'),
        requested_at: at,
        responded_at: at,
        ended_at: addDays(at, 30),
      });
    }
    const event = (kind: string, at: string, by: string | null, provider: ProviderSlug | null) => ({
      trajectory_id: trajectory,
      at,
      kind,
      actor_user_id: by,
      actor_provider_id: provider && providerId(provider),
      expertise_request_id: null,
      detail: null,
    });
    rows.trajectory_event.push(
      event('REFERRED', c.referredAt, referrer, null),
      event('ACCEPTED', c.startedAt, who, c.provider),
      event('OUTCOME_SUBMITTED', addDays(c.closedAt, -1), who, c.provider),
      event('CLOSED', c.closedAt, who, c.provider),
    );
  });

  const alreadySeeded = (await client.query(`SELECT 1 FROM trajectory WHERE id = $1`, [rows.trajectory[0].id]))
    .rowCount;
  for (const [table, tableRows] of Object.entries(rows)) {
    if (table === 'trajectory_event' && alreadySeeded) continue; // the timeline has no natural key
    await insertRows(client, table, tableRows);
  }
  await client.query(`SELECT access.refresh_trajectory_facts($1)`, [rows.trajectory.map((t) => t.id)]);
  await seedBudgets(client);
}

/** 2026 population budgets of the Den Haag consortia per area, allocated by the lead partners. */
async function seedBudgets(client: pg.ClientBase): Promise<void> {
  const budgets = CONSORTIA.flatMap((c) =>
    c.areas.map((a) => ({
      id: seedId(`budget:${c.key}:${a}:2026`),
      consortium_id: consortiumId(c.key),
      area_id: areaId('0518', a),
      year: 2026,
      amount_cents: 250_000_000,
    })),
  );
  await insertRows(client, 'population_budget', budgets);
  await insertRows(
    client,
    'budget_allocation',
    CONSORTIA.flatMap((c) => {
      const partners = c.members.filter((m) => m.role !== 'SUBCONTRACTOR');
      return c.areas.flatMap((a) =>
        partners.map((m) => ({
          budget_id: seedId(`budget:${c.key}:${a}:2026`),
          provider_id: providerId(m.slug),
          amount_cents: Math.floor(240_000_000 / partners.length),
        })),
      );
    }),
  );
}
