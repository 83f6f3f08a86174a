import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../server/src/core/dates.js';
import { consortiumId as seededConsortium } from '../../../seeds/organisations.js';
import { areaId, profileId } from '../../../seeds/reference.js';
import { createSchema } from '../../../server/src/schema.js';
import { DELFT, DEN_HAAG, providerId } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';
import { createConsortium, createProviders, insertFacts, type Fact } from './facts.js';

/**
 * Domain rule 6 and the contract managers' "aggregates only, never a named family": no
 * performance operation returns a youth's initials or birth date, the id of a youth or trajectory,
 * or anything of a plan or goal — proved on the schema (nothing personal is reachable) and on
 * every response (nothing personal is in it).
 */

const PERFORMANCE_OPERATIONS = [
  'consortiumPerformance', 'consortiumPerformanceCsv', 'municipalityPerformance', 'intensityOutliers', 'providerOutcomes', 'improvementPlans', 'improvementPlan',
  'requireImprovementPlan', 'submitImprovementPlan', 'acceptImprovementPlan', 'closeImprovementPlan',
]; // prettier-ignore
const PERSONAL_FIELDS = new Set([
  'youth',
  'youths',
  'youthId',
  'youthKey',
  'initials',
  'birthDate',
  'trajectory',
  'trajectoryId',
  'familyPlan',
  'helpPlan',
  'goals',
  'goalResults',
  'question',
  'context',
]);
const PERSONAL_TYPES = [
  'Youth',
  'Trajectory',
  'Referral',
  'FamilyPlan',
  'HelpPlan',
  'Goal',
  'GoalResult',
  'OutcomeReport',
  'Satisfaction',
  'AccessLogEntry',
  'Settlement',
];

/** Every object type reachable from a field's type. */
function reachableTypes(schema: GraphQLSchema, from: string[]): Set<string> {
  const seen = new Set<string>();
  const root = { ...schema.getQueryType()!.getFields(), ...schema.getMutationType()!.getFields() };
  const queue = from.map((name) => getNamedType(root[name].type));
  while (queue.length) {
    const type = queue.pop()!;
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) queue.push(getNamedType(field.type));
  }
  return seen;
}

const FIGURES = `trajectoriesClosed youthCount goalRealisationRate satisfactionYouthAvg satisfactionParentAvg dropoutRate
  endedAsPlannedRate repeatUseRate averageWaitingDays averageTariffCents averageCostCents costToTariffRatio
  highIntensityShare longDurationShare suppressed`;
const PROVIDER = `provider { id name agbCode kvkNumber }`;
const PERFORMANCE = `query($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
    consortium { id name } from to municipality { id name cbsCode } figures { ${FIGURES} }
    byProvider { ${PROVIDER} figures { ${FIGURES} } } byProfile { profile { id code name segment } figures { ${FIGURES} } }
    byArea { area { id name } figures { ${FIGURES} } } byPeriod { period start end figures { ${FIGURES} } }
    quarters: byPeriod(granularity: QUARTER) { period start end figures { ${FIGURES} } } }
  consortiumPerformanceCsv(consortiumId: $consortiumId, from: $from, to: $to) }`;
const MUNICIPALITY = `query($municipalityId: ID!, $from: Date!, $to: Date!) {
  municipalityPerformance(municipalityId: $municipalityId, from: $from, to: $to) {
    municipality { id name } from to figures { ${FIGURES} waitingNow referralsPerYouth picChangeRate overdueIntakes
      dropoutByReason { code label count } }
    byConsortium { consortium { id name } figures { ${FIGURES} } byProvider { ${PROVIDER} figures { ${FIGURES} } }
      byProfile { profile { id code } figures { ${FIGURES} } } }
    byProvider { ${PROVIDER} figures { ${FIGURES} dropoutByReason { code count } } }
    byReferrerType { referrerType picChangeRate referralsPerYouth suppressed }
    byReferringOrganisation { organisationName picChangeRate referralsPerYouth suppressed } } }`;
const COMPARISON = `trajectories comparedProfiles observedShare expectedShare ratio zScore flagged`;
const OUTLIERS = `query($from: Date!, $to: Date!) { intensityOutliers(from: $from, to: $to) { from to municipality { id name }
  thresholds { minimumRatio minimumZ minimumProviderTrajectories minimumPeerTrajectories }
  providers { ${PROVIDER} flagged highLevel { ${COMPARISON} } longDuration { ${COMPARISON} } } } }`;
const OUTCOMES = `query($profileId: ID) { providerOutcomes(profileId: $profileId) { from to profile { id code }
  providers { ${PROVIDER} figures { trajectoriesClosed youthCount goalRealisationRate satisfactionYouthAvg satisfactionParentAvg
    dropoutRate endedAsPlannedRate repeatUseRate averageWaitingDays suppressed } } } }`;
const PLAN = `id status version reason dueDate response overdue requestedAt submittedAt ${PROVIDER} municipality { id name } actions { id description dueDate }`;
const PLANS = `{ improvementPlans(first: 20) { totalCount edges { cursor node { ${PLAN} } } } }`;

let t: TestApp;
let proefverband: string;
const responses: { operation: string; data: unknown }[] = [];
const inDays = (days: number) => addDays(today(), days);
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
/** The last complete calendar year: what providerOutcomes covers, and a period the grid accepts. */
const LAST_YEAR = Number(today().slice(0, 4)) - 1;

async function record(operation: string, client: Client, query: string, variables?: Record<string, unknown>) {
  const result = await client(query, variables);
  expect(result.errors, operation).toBeUndefined();
  responses.push({ operation, data: result.data });
  return result.data!;
}

beforeAll(async () => {
  t = await startTestApp();
  const [A, B] = await createProviders(t.admin, ['Aanbieder Alfa', 'Aanbieder Bravo']);
  proefverband = await createConsortium(t.admin, 'Proefverband', [
    { providerId: A, role: 'LEAD' },
    { providerId: B, role: 'PARTNER', validFrom: '2000-01-01' },
  ]);
  const jeugdformaat = providerId('jeugdformaat');
  const spread = (provider: string, n: number, closed: (i: number) => string): Fact[] =>
    Array.from({ length: n }, (_, i) => ({
      provider, municipality: DEN_HAAG, area: areaId('0518', i % 2 ? 'Escamp' : 'Loosduinen'), profile: i % 3 ? 'P01' : 'P02',
      intensity: (['KL', 'KH', 'LL', 'LH'] as const)[i % 4], closedAt: closed(i), satisfactionYouth: 1 + (i % 10), satisfactionParent: 10 - (i % 10),
      dropout: i % 5 === 0, goals: [2, i % 3, 1 - (i % 2)], variant: i % 4 === 0 ? 'TASK' : 'OUTPUT',
    })); // prettier-ignore
  await insertFacts(t.admin, [
    ...spread(A, 14, (i) => `2001-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`),
    ...spread(B, 3, (i) => `2001-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`),
    ...spread(jeugdformaat, 25, (i) => `${LAST_YEAR}-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 10}T10:00:00Z`),
  ]);

  // every performance operation, as every viewer that may use it
  const manager = t.as('contractmanager@denhaag.example');
  const judges: [string, Client][] = [
    ['denhaag', manager],
    ['delft', t.as('contractmanager@delft.example')],
    ['region', t.as('admin@h10.example')],
  ];
  const recent = { from: `${LAST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` };
  for (const [who, client] of judges) {
    await record(`consortiumPerformance ${who} 2001`, client, PERFORMANCE, {
      consortiumId: proefverband,
      from: '2001-01-01',
      to: '2001-12-31',
    });
    for (const key of ['rondomjou', 'krachtvoorjeugd'])
      await record(`consortiumPerformance ${who} ${key}`, client, PERFORMANCE, {
        consortiumId: seededConsortium(key),
        ...recent,
      });
    for (const [name, id] of [
      ['denhaag', DEN_HAAG],
      ['delft', DELFT],
    ])
      if (who === 'region' || who === name)
        await record(`municipalityPerformance ${who} ${name}`, client, MUNICIPALITY, { municipalityId: id, ...recent });
    await record(`intensityOutliers ${who}`, client, OUTLIERS, recent);
    await record(`intensityOutliers ${who} 2001`, client, OUTLIERS, { from: '2001-01-01', to: '2001-12-31' });
  }
  for (const email of ['lokaalteam@denhaag.example', 'lokaalteam@delft.example', 'staff@jeugdformaat.example']) {
    await record(`providerOutcomes ${email}`, t.as(email), OUTCOMES, {});
    await record(`providerOutcomes ${email} P01`, t.as(email), OUTCOMES, { profileId: profileId('P01') });
  }
  const required = await record(
    'requireImprovementPlan',
    manager,
    `mutation($input: RequireImprovementPlanInput!) { requireImprovementPlan(input: $input) { ${PLAN} } }`,
    {
      input: {
        providerId: jeugdformaat,
        reason: 'Zwaardere intensiteiten dan vergelijkbare aanbieders.',
        dueDate: inDays(30),
      },
    },
  );
  const plan = (required as any).requireImprovementPlan;
  await record(
    'submitImprovementPlan',
    t.as('admin@jeugdformaat.example'),
    `mutation($input: SubmitImprovementPlanInput!) { submitImprovementPlan(input: $input) { ${PLAN} } }`,
    {
      input: {
        id: plan.id,
        version: 1,
        response: 'Analyse en acties.',
        actions: [{ description: 'Tweede beoordelaar bij hoge intensiteit', dueDate: inDays(60) }],
      },
    },
  );
  await record(
    'acceptImprovementPlan',
    manager,
    `mutation($input: ImprovementPlanDecisionInput!) { acceptImprovementPlan(input: $input) { ${PLAN} } }`,
    { input: { id: plan.id, version: 2 } },
  );
  await record(
    'closeImprovementPlan',
    manager,
    `mutation($input: ImprovementPlanDecisionInput!) { closeImprovementPlan(input: $input) { ${PLAN} } }`,
    { input: { id: plan.id, version: 3 } },
  );
  for (const email of ['contractmanager@denhaag.example', 'admin@jeugdformaat.example', 'admin@h10.example']) {
    await record(`improvementPlans ${email}`, t.as(email), PLANS);
    await record(`improvementPlan ${email}`, t.as(email), `query($id: ID!) { improvementPlan(id: $id) { ${PLAN} } }`, {
      id: plan.id,
    });
  }
});
afterAll(() => t?.close());

/** Every string in a response, and every cell of a CSV in it. */
function leaves(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    out.add(value);
    for (const line of value.split('\r\n')) for (const cell of line.split(',')) out.add(cell.replace(/^"|"$/g, ''));
  } else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => leaves(v, out));
  return out;
}

function keys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keys(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) keys(v, out.add(k));
  return out;
}

describe('no performance operation returns personal data', () => {
  it('cannot: no type with a youth, trajectory, plan or goal is reachable from any performance operation', async () => {
    const reachable = reachableTypes(await createSchema(), PERFORMANCE_OPERATIONS);
    expect(reachable.has('PerformanceFigures')).toBe(true);
    expect(PERSONAL_TYPES.filter((type) => reachable.has(type))).toEqual([]);
  });

  it('does not: no response holds any youth’s initials, birth date or id, any trajectory id, or any plan or goal text', async () => {
    const youths = (
      await t.admin.query<{ id: string; initials: string; birth_date: string }>(
        `SELECT id, initials, birth_date::text FROM youth`,
      )
    ).rows;
    const trajectories = (
      await t.admin.query<{ id: string }>(`SELECT id FROM trajectory UNION SELECT youth_key FROM trajectory_fact`)
    ).rows;
    const texts = (
      await t.admin.query<{ text: string }>(
        `SELECT description AS text FROM goal UNION SELECT question FROM family_plan UNION SELECT context FROM family_plan
         UNION SELECT effort_description FROM help_plan`,
      )
    ).rows
      .map((r) => r.text)
      .filter((text) => text.length >= 12); // shorter strings ("Vraag") say nothing about a family
    expect(youths.length).toBeGreaterThan(50);
    expect(responses.length).toBeGreaterThanOrEqual(PERFORMANCE_OPERATIONS.length);
    const secretIds = new Set([...youths.map((y) => y.id), ...trajectories.map((r) => r.id)]);
    const initials = new Set(youths.map((y) => y.initials));
    const birthDates = new Set(youths.map((y) => y.birth_date));

    for (const { operation, data } of responses) {
      const json = JSON.stringify(data);
      const ids = json.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
      expect(
        ids.filter((id) => secretIds.has(id)),
        operation,
      ).toEqual([]);
      const values = [...leaves(data)];
      expect(
        values.filter((v) => initials.has(v) || birthDates.has(v)),
        operation,
      ).toEqual([]);
      expect(
        texts.filter((text) => json.includes(JSON.stringify(text).slice(1, -1))),
        operation,
      ).toEqual([]);
      expect(
        [...keys(data)].filter((k) => PERSONAL_FIELDS.has(k)),
        operation,
      ).toEqual([]);
    }
    // what the responses did hold: figures from the facts
    expect(JSON.stringify(responses)).toContain('"trajectoriesClosed":14');
  });
});
