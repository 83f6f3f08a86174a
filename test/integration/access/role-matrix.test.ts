import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../server/src/config.js';
import { consortiumId, providerId, subcontractId, teamId } from '../../../seeds/organisations.js';
import { currentPic, DEN_HAAG, ESCAMP } from '../helpers/care.js';
import { DEMO_PASSWORD, startTestApp, type GqlResult, type TestApp } from '../helpers/test-app.js';

/**
 * The role × operation matrix: every query and mutation of the schema, called by each kind of
 * account. Allowed: the call passes access control (data, or a validation/rule error about the
 * input). Not allowed: FORBIDDEN / UNAUTHENTICATED / NOT_FOUND with no data, or null for an
 * object the caller may not see.
 */
const ACCOUNTS = {
  anonymous: null,
  region: 'admin@h10.example',
  contractManager: 'contractmanager@denhaag.example',
  referrer: 'lokaalteam@denhaag.example',
  providerAdmin: 'admin@jeugdformaat.example',
  staff: 'staff@jeugdformaat.example',
  otherProvider: 'staff@parnassia.example',
} as const;
type Account = keyof typeof ACCOUNTS;
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'null';

interface Ids {
  active: string;
  referred: string;
  youth: string;
  familyPlan: string;
  helpGoal: string;
  request: string;
  transfer: string;
  improvementPlan: string;
  budget: string;
}

interface Operation {
  query: string;
  variables?: (ids: Ids) => Record<string, unknown>;
  /** Accounts that pass access control; every other signed-in account gets `denied`. */
  allowed: Account[] | 'all';
  denied?: Outcome;
  /** Outcomes that differ from the rule above, per account. */
  except?: Partial<Record<Account, Outcome>>;
}

const CARE: Account[] = ['referrer', 'providerAdmin', 'staff', 'otherProvider'];
const PROVIDERS: Account[] = ['providerAdmin', 'staff', 'otherProvider'];
const ADMINS: Account[] = ['region', 'providerAdmin'];
const BAD_DATE = '2020-01-01';

const QUERIES: Record<string, Operation> = {
  me: { query: '{ me { id } }', allowed: 'all' },
  users: { query: '{ users { totalCount } }', allowed: ADMINS },
  secondFactorRequirements: { query: '{ secondFactorRequirements }', allowed: ['region'] },
  failedJobs: { query: '{ failedJobs { id } }', allowed: ['region'] },
  // every account has notifications and choices of its own
  notifications: { query: '{ notifications { unreadCount } }', allowed: 'all' },
  notificationPreferences: { query: '{ notificationPreferences { kind channel } }', allowed: 'all' },
  municipalities: { query: '{ municipalities { id } }', allowed: 'all' },
  providers: { query: '{ providers { id } }', allowed: 'all' },
  provider: {
    query: 'query($id: ID!) { provider(id: $id) { id } }',
    variables: () => ({ id: providerId('middin') }),
    allowed: 'all',
  },
  consortia: { query: '{ consortia { id } }', allowed: 'all' },
  consortium: {
    query: 'query($id: ID!) { consortium(id: $id) { id } }',
    variables: () => ({ id: consortiumId('rondomjou') }),
    allowed: 'all',
  },
  lots: { query: '{ lots { id } }', allowed: 'all' },
  pics: { query: '{ pics { id } }', allowed: 'all' },
  profiles: { query: '{ profiles { id } }', allowed: 'all' },
  intensities: { query: '{ intensities { id } }', allowed: 'all' },
  integratedTeams: { query: '{ integratedTeams { id } }', allowed: 'all' },
  integratedTeam: {
    query: 'query($id: ID!) { integratedTeam(id: $id) { id } }',
    variables: () => ({ id: teamId('complexe-zorg') }),
    allowed: 'all',
  },
  subcontract: {
    query: 'query($id: ID!) { subcontract(id: $id) { id } }',
    variables: () => ({ id: subcontractId('jf-duinzicht') }),
    allowed: 'all',
  },
  paymentRules: { query: '{ paymentRules { id } }', allowed: 'all' },
  productPrices: { query: '{ productPrices { id } }', allowed: 'all' },
  trajectories: { query: '{ trajectories { totalCount } }', allowed: CARE },
  trajectory: {
    query: 'query($id: ID!) { trajectory(id: $id) { id youth { initials } } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['referrer', 'providerAdmin', 'staff'],
    except: { otherProvider: 'null' },
  },
  waitingList: {
    query: 'query($id: ID!) { waitingList(consortiumId: $id) { totalCount } }',
    variables: () => ({ id: consortiumId('rondomjou') }),
    // all three provider accounts are a lead or partner of RondomJou
    allowed: PROVIDERS,
  },
  capacity: { query: '{ capacity { freePlaces } }', allowed: CARE },
  picProposals: { query: '{ picProposals { id } }', allowed: CARE },
  expertiseRequestsInbox: { query: '{ expertiseRequestsInbox { id } }', allowed: PROVIDERS },
  sentExpertiseRequests: { query: '{ sentExpertiseRequests { id } }', allowed: PROVIDERS },
  eligibleExpertiseProviders: {
    query: 'query($id: ID!) { eligibleExpertiseProviders(trajectoryId: $id) { relation } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  accessLog: {
    query: 'query($id: ID!) { accessLog(youthId: $id) { action } }',
    variables: (i) => ({ id: i.youth }),
    allowed: ['region', 'providerAdmin'],
  },
  // the main contractor's "Wie heeft dit dossier ingezien"; the referrer sees the trajectory but not its log
  trajectoryAccessLog: {
    query: 'query($id: ID!) { trajectoryAccessLog(trajectoryId: $id) { action } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  // no account: a token that is no link is NOT_FOUND for everyone
  familyAccessLog: {
    query: 'query { familyAccessLog(token: "x") { action } }',
    allowed: [],
    denied: 'NOT_FOUND',
    except: { anonymous: 'NOT_FOUND' },
  },
  subcontractPayouts: {
    query: `{ subcontractPayouts(from: "2024-01-01", to: "2026-12-31") { amountCents } }`,
    allowed: ADMINS,
  },
  populationBudgets: {
    query: 'query($id: ID!) { populationBudgets(consortiumId: $id, year: 2026) { id } }',
    variables: () => ({ id: consortiumId('rondomjou') }),
    allowed: ['region', 'contractManager', 'providerAdmin', 'staff'],
    except: { otherProvider: 'ok' },
  },
  consortiumPerformance: {
    query:
      'query($id: ID!) { consortiumPerformance(consortiumId: $id, from: "2025-01-01", to: "2025-12-31") { figures { trajectoriesClosed } } }',
    variables: () => ({ id: consortiumId('rondomjou') }),
    allowed: ['region', 'contractManager'],
  },
  municipalityPerformance: {
    query:
      'query($id: ID!) { municipalityPerformance(municipalityId: $id, from: "2025-01-01", to: "2025-12-31") { figures { waitingNow } } }',
    variables: () => ({ id: DEN_HAAG }),
    allowed: ['region', 'contractManager'],
  },
  consortiumPerformanceCsv: {
    query: 'query($id: ID!) { consortiumPerformanceCsv(consortiumId: $id, from: "2025-01-01", to: "2025-12-31") }',
    variables: () => ({ id: consortiumId('rondomjou') }),
    allowed: ['region', 'contractManager'],
  },
  ijwMessages: { query: '{ ijwMessages(first: 1) { __typename } }', allowed: ['providerAdmin'] },
  ijwProducts: { query: '{ ijwProducts { __typename } }', allowed: 'all' },
  ijwDeclarationForms: { query: '{ ijwDeclarationForms { __typename } }', allowed: 'all' },
  intensityOutliers: {
    query: '{ intensityOutliers(from: "2025-01-01", to: "2025-12-31") { __typename } }',
    allowed: ['region', 'contractManager'],
  },
  providerOutcomes: { query: '{ providerOutcomes { __typename } }', allowed: 'all' },
  improvementPlans: {
    query: '{ improvementPlans { __typename } }',
    allowed: ['region', 'contractManager', 'providerAdmin'],
  },
  improvementPlan: {
    query: 'query($id: ID!) { improvementPlan(id: $id) { id } }',
    variables: (i) => ({ id: i.improvementPlan }),
    allowed: ['region', 'contractManager', 'providerAdmin'],
  },
};

const MUTATIONS: Record<string, Operation> = {
  login: {
    query: `mutation { login(input: { email: "staff@ypenburg.example", password: "${DEMO_PASSWORD}" }) { token } }`,
    allowed: 'all',
  },
  logout: { query: 'mutation { logout }', allowed: 'all' },
  logoutEverywhere: { query: 'mutation { logoutEverywhere }', allowed: 'all' },
  // accounts: a link's token is proof enough without a session
  acceptInvitation: {
    query: `mutation { acceptInvitation(input: { token: "x", name: "X", password: "x" }) { token } }`,
    allowed: 'all',
    except: { anonymous: 'ok' },
  },
  requestPasswordReset: {
    query: `mutation { requestPasswordReset(email: "niemand@nergens.example") }`,
    allowed: 'all',
    except: { anonymous: 'ok' },
  },
  resetPassword: {
    query: `mutation { resetPassword(input: { token: "x", newPassword: "x" }) }`,
    allowed: 'all',
    except: { anonymous: 'ok' },
  },
  changePassword: {
    query: `mutation { changePassword(input: { currentPassword: "x", newPassword: "x" }) }`,
    allowed: 'all',
  },
  inviteUser: {
    query: `mutation { inviteUser(input: { email: "x", roles: [PROVIDER_STAFF] }) { id } }`,
    allowed: ADMINS,
  },
  deactivateUser: { query: `mutation { deactivateUser(id: "x") { id } }`, allowed: ADMINS },
  startTotpSetup: { query: 'mutation { startTotpSetup { secret } }', allowed: 'all' },
  confirmTotpSetup: { query: `mutation { confirmTotpSetup(code: "${'9'.repeat(101)}") }`, allowed: 'all' },
  requireSecondFactor: {
    query: `mutation { requireSecondFactor(input: { organisationId: "x", required: true }) }`,
    allowed: ['region'],
  },
  markNotificationsRead: { query: 'mutation { markNotificationsRead(input: {}) }', allowed: 'all' },
  setNotificationPreference: {
    query: 'mutation { setNotificationPreference(input: { kind: NEW_REFERRAL, channel: EMAIL }) { channel } }',
    allowed: 'all',
  },
  createProvider: {
    query: `mutation { createProvider(input: { name: "", agbCode: "1" }) { id } }`,
    allowed: ['region'],
  },
  updateProvider: { query: `mutation { updateProvider(input: { id: "x", name: "" }) { id } }`, allowed: ['region'] },
  createConsortium: { query: `mutation { createConsortium(input: { name: "" }) { id } }`, allowed: ['region'] },
  updateConsortium: { query: `mutation { updateConsortium(input: { id: "x" }) { id } }`, allowed: ['region'] },
  addConsortiumMember: {
    query: `mutation { addConsortiumMember(input: { consortiumId: "x", providerId: "x", role: PARTNER, validFrom: "${BAD_DATE}" }) { id } }`,
    allowed: ['region'],
  },
  endConsortiumMembership: {
    query: `mutation { endConsortiumMembership(input: { id: "x", validUntil: "${BAD_DATE}" }) { id } }`,
    allowed: ['region'],
  },
  createLot: { query: `mutation { createLot(input: { code: "", name: "" }) { id } }`, allowed: ['region'] },
  createProfile: {
    query: `mutation { createProfile(input: { code: "", name: "", segment: SPECIALIST }) { id } }`,
    allowed: ['region'],
  },
  setPicTariff: {
    query: `mutation { setPicTariff(input: { profileId: "x", intensityId: "x", tariffCents: 0, validFrom: "${BAD_DATE}" }) { id } }`,
    allowed: ['region'],
  },
  setIjwProduct: {
    query: `mutation { setIjwProduct(input: { profileId: "x", intensityId: "x", productCategory: "", productCode: "", validFrom: "${BAD_DATE}" }) { validFrom } }`,
    allowed: ['region'],
  },
  setIjwDeclarationForm: {
    query: `mutation { setIjwDeclarationForm(input: { fundingVariant: TASK, form: NONE, validFrom: "${BAD_DATE}" }) { validFrom } }`,
    allowed: ['region'],
  },
  exportIjwMessages: {
    query: 'mutation { exportIjwMessages(municipalityId: "x", type: JW305) { id } }',
    allowed: ['providerAdmin'],
  },
  importIjwMessage: { query: 'mutation { importIjwMessage(xml: "") { __typename } }', allowed: ['providerAdmin'] },
  setPaymentRule: {
    query: `mutation { setPaymentRule(input: { validFrom: "${BAD_DATE}", description: "", tiers: [] }) { id } }`,
    allowed: ['region'],
  },
  setProductPrice: {
    query: `mutation { setProductPrice(input: { productCode: "x", name: "", unitCode: "x", priceCents: -1, validFrom: "${BAD_DATE}" }) { id } }`,
    allowed: ['region'],
  },
  markPayoutPaid: {
    query: `mutation { markPayoutPaid(input: { subcontractId: "x", from: "${BAD_DATE}", to: "${BAD_DATE}", paidOn: "${BAD_DATE}", reference: "" }) { amountCents } }`,
    allowed: ['providerAdmin'],
  },
  setPopulationBudget: {
    query: `mutation { setPopulationBudget(input: { consortiumId: "x", areaId: "x", year: 1, amountCents: -1 }) { id } }`,
    allowed: ['region'],
  },
  allocateBudget: {
    query:
      'mutation($id: ID!) { allocateBudget(input: { budgetId: $id, allocations: [{ providerId: "x", amountCents: -1 }] }) { id } }',
    variables: (i) => ({ id: i.budget }),
    allowed: ['providerAdmin'],
  },
  registerSubcontract: {
    query: `mutation { registerSubcontract(input: { subcontractorId: "x", profileIds: [], validFrom: "${BAD_DATE}", consultationRateCents: -1, coTreatmentRateCents: -1 }) { id } }`,
    allowed: ADMINS,
  },
  updateSubcontract: { query: `mutation { updateSubcontract(input: { id: "x" }) { id } }`, allowed: ADMINS },
  endSubcontract: {
    query: `mutation { endSubcontract(input: { id: "x", validUntil: "${BAD_DATE}" }) { id } }`,
    allowed: ADMINS,
  },
  createIntegratedTeam: {
    query: `mutation { createIntegratedTeam(input: { name: "", memberIds: [], disciplines: [] }) { id } }`,
    allowed: ADMINS,
  },
  updateIntegratedTeam: { query: `mutation { updateIntegratedTeam(input: { id: "x" }) { id } }`, allowed: ADMINS },
  createReferral: {
    query: 'mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }',
    variables: () => ({
      input: {
        municipalityId: DEN_HAAG,
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P01'),
        providerId: providerId('jeugdformaat'),
      },
    }),
    allowed: ['referrer'],
  },
  referToConsortium: {
    query: 'mutation($input: ReferToConsortiumInput!) { referToConsortium(input: $input) { id } }',
    variables: () => ({
      input: {
        youthInitials: '',
        youthBirthDate: '2014-01-01',
        municipalityId: DEN_HAAG,
        areaId: ESCAMP,
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P01'),
        question: '',
        context: '',
        goals: [],
      },
    }),
    allowed: ['referrer'],
  },
  assignMainContractor: {
    query:
      'mutation($id: ID!, $to: ID!) { assignMainContractor(input: { trajectoryId: $id, providerId: $to }) { id } }',
    variables: (i) => ({ id: i.referred, to: providerId('parnassia') }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  setCapacity: {
    query: 'mutation { setCapacity(input: { profileId: "x", freePlaces: -1 }) { freePlaces } }',
    allowed: PROVIDERS,
  },
  proposeOtherPic: {
    query: 'mutation($id: ID!) { proposeOtherPic(input: { trajectoryId: $id, picId: "x", reason: "" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: PROVIDERS,
  },
  respondToPicProposal: {
    query: 'mutation { respondToPicProposal(input: { id: "x", accept: true }) { id } }',
    allowed: ['referrer'],
  },
  acceptReferral: {
    query: 'mutation($id: ID!) { acceptReferral(trajectoryId: $id) { id } }',
    variables: (i) => ({ id: i.referred }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  declineReferral: {
    query: 'mutation($id: ID!) { declineReferral(trajectoryId: $id, reason: "") { id } }',
    variables: (i) => ({ id: i.referred }),
    allowed: ['providerAdmin', 'staff', 'otherProvider'],
  },
  updateFamilyPlan: {
    query: 'mutation($id: ID!) { updateFamilyPlan(input: { id: $id, version: 999 }) { id } }',
    variables: (i) => ({ id: i.familyPlan }),
    allowed: ['referrer', 'providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  updateHelpPlan: {
    query: 'mutation($id: ID!) { updateHelpPlan(input: { trajectoryId: $id, version: 999 }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  // refused for its empty reason (so nothing is erased) once access control let the region administrator through
  eraseYouth: {
    query: 'mutation($id: ID!) { eraseYouth(youthId: $id, reason: "") }',
    variables: (i) => ({ id: i.youth }),
    allowed: ['region'],
  },
  requestExpertise: {
    query:
      'mutation($id: ID!) { requestExpertise(input: { trajectoryId: $id, providerId: "x", mode: CONSULTATION, question: "" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: PROVIDERS,
  },
  // the request was asked by Parnassia (otherProvider) of Jeugdformaat: the receiver answers, the requester withdraws
  respondToExpertiseRequest: {
    query: 'mutation($id: ID!) { respondToExpertiseRequest(input: { id: $id, accept: false }) { id } }',
    variables: (i) => ({ id: i.request }),
    allowed: ['providerAdmin', 'staff'],
  },
  completeExpertiseRequest: {
    query: 'mutation($id: ID!) { completeExpertiseRequest(id: $id) { id } }',
    variables: (i) => ({ id: i.request }),
    allowed: PROVIDERS,
  },
  withdrawExpertiseRequest: {
    query: 'mutation($id: ID!) { withdrawExpertiseRequest(id: $id) { id } }',
    variables: (i) => ({ id: i.request }),
    allowed: ['otherProvider'],
  },
  transferResponsibility: {
    query:
      'mutation($id: ID!) { transferResponsibility(input: { trajectoryId: $id, toProviderId: "x", reason: "" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: CARE,
  },
  respondToTransfer: {
    query: 'mutation($id: ID!) { respondToTransfer(input: { id: $id, accept: false }) { id } }',
    variables: (i) => ({ id: i.transfer }),
    allowed: ['providerAdmin', 'staff'],
    except: { providerAdmin: 'NOT_FOUND', staff: 'NOT_FOUND', otherProvider: 'NOT_FOUND' },
  },
  submitOutcome: {
    query:
      'mutation($id: ID!) { submitOutcome(input: { trajectoryId: $id, goalResults: [], satisfaction: [], continuation: NONE, endReasonCode: "x" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: PROVIDERS,
  },
  createQuestionnaireLink: {
    query: 'mutation($id: ID!) { createQuestionnaireLink(trajectoryId: $id, informant: PARENT) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  // no account: refused for its input before any look-up
  submitQuestionnaire: {
    query: 'mutation { submitQuestionnaire(input: { token: "x", score: 5, declined: true }) }',
    allowed: 'all',
    except: { anonymous: 'ok' },
  },
  createFamilyAccessLink: {
    query: 'mutation($id: ID!) { createFamilyAccessLink(youthId: $id) { url } }',
    variables: (i) => ({ id: i.youth }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  correctOutcome: {
    query:
      'mutation($id: ID!) { correctOutcome(input: { trajectoryId: $id, goalResults: [], satisfaction: [], continuation: NONE, endReasonCode: "x", reason: "" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: PROVIDERS,
  },
  closeTrajectory: {
    query: 'mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: ['providerAdmin', 'staff'],
    except: { otherProvider: 'NOT_FOUND' },
  },
  recordSocietalResults: {
    query: 'mutation($id: ID!) { recordSocietalResults(input: { familyPlanId: $id, results: [] }) { id } }',
    variables: (i) => ({ id: i.familyPlan }),
    allowed: ['referrer'],
  },
  registerDeliveredUnits: {
    query:
      'mutation($id: ID!) { registerDeliveredUnits(input: { trajectoryId: $id, productCode: "x", quantity: 0, deliveredOn: "2020-01-01" }) { id } }',
    variables: (i) => ({ id: i.active }),
    allowed: PROVIDERS,
  },
  requireImprovementPlan: {
    query: `mutation { requireImprovementPlan(input: { providerId: "x", reason: "", dueDate: "${BAD_DATE}" }) { id } }`,
    allowed: ['contractManager'],
  },
  submitImprovementPlan: {
    query:
      'mutation($id: ID!) { submitImprovementPlan(input: { id: $id, version: 999, response: "", actions: [] }) { id } }',
    variables: (i) => ({ id: i.improvementPlan }),
    allowed: ['providerAdmin'],
  },
  acceptImprovementPlan: {
    query: 'mutation($id: ID!) { acceptImprovementPlan(input: { id: $id, version: 999 }) { id } }',
    variables: (i) => ({ id: i.improvementPlan }),
    allowed: ['contractManager'],
  },
  closeImprovementPlan: {
    query: 'mutation($id: ID!) { closeImprovementPlan(input: { id: $id, version: 999 }) { id } }',
    variables: (i) => ({ id: i.improvementPlan }),
    allowed: ['contractManager'],
  },
};

let t: TestApp;
const tokens: Partial<Record<Account, string>> = {};
let ids: Ids;
const responses: { account: Account; operation: string; result: GqlResult }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  for (const [account, email] of Object.entries(ACCOUNTS))
    if (email) tokens[account as Account] = await t.login(email, DEMO_PASSWORD);
  const one = async (sql: string) => (await t.admin.query(sql)).rows[0];
  const jf = providerId('jeugdformaat');
  const active = await one(
    `SELECT t.id, t.youth_id, t.family_plan_id FROM trajectory t WHERE t.status = 'ACTIVE' AND t.responsible_provider_id = '${jf}' ORDER BY t.id LIMIT 1`,
  );
  const referred = await one(
    `SELECT id FROM trajectory WHERE status = 'REFERRED' AND responsible_provider_id = '${jf}' ORDER BY id LIMIT 1`,
  );
  // a request Parnassia (a consortium partner) asked of Jeugdformaat, still to answer
  const theirs = await one(
    `SELECT id FROM trajectory WHERE status = 'ACTIVE' AND responsible_provider_id = '${providerId('parnassia')}' LIMIT 1`,
  );
  const request =
    await one(`INSERT INTO expertise_request (trajectory_id, requested_by_provider_id, provider_id, mode, question, relation, consortium_id, requested_by)
    SELECT '${theirs.id}', '${providerId('parnassia')}', '${jf}', 'CONSULTATION', 'Matrix', 'CONSORTIUM', '${consortiumId('rondomjou')}', id
      FROM app_user WHERE email = 'staff@parnassia.example' RETURNING id`);
  const transfer = await one(`SELECT id FROM responsibility_transfer WHERE status = 'PENDING' LIMIT 1`);
  const goal = await one(`SELECT id FROM goal WHERE help_plan_id = '${active.id}' LIMIT 1`);
  const budget = await one(
    `SELECT b.id FROM population_budget b WHERE b.consortium_id = '${consortiumId('rondomjou')}' LIMIT 1`,
  );
  // an improvement plan the Den Haag contract manager required of Jeugdformaat
  const plan =
    await one(`INSERT INTO improvement_plan (provider_id, municipality_id, reason, due_date, status, requested_by)
    SELECT '${jf}', '${DEN_HAAG}', 'Matrix', '2027-01-01', 'REQUIRED', id FROM app_user WHERE email = 'contractmanager@denhaag.example' RETURNING id`);
  ids = {
    active: active.id,
    referred: referred.id,
    youth: active.youth_id,
    familyPlan: active.family_plan_id,
    helpGoal: goal?.id,
    request: request.id,
    transfer: transfer.id,
    improvementPlan: plan.id,
    budget: budget.id,
  };
});
afterAll(() => t?.close());

function outcomeOf(result: GqlResult, field: string): Outcome {
  // an error without a path is about the query itself: the matrix must send valid operations
  if (result.errors?.some((e) => !e.path && e.extensions?.code !== 'UNAUTHENTICATED'))
    throw new Error(`invalid operation ${field}: ${JSON.stringify(result.errors)}`);
  const code = result.errors?.[0]?.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || code === 'NOT_FOUND') return code;
  return result.data?.[field] === null && !result.errors ? 'null' : 'ok';
}

function expected(operation: Operation, account: Account, field: string): Outcome {
  if (operation.except?.[account]) return operation.except[account]!;
  if (account === 'anonymous') return field === 'login' ? 'ok' : 'UNAUTHENTICATED';
  return operation.allowed === 'all' || operation.allowed.includes(account) ? 'ok' : (operation.denied ?? 'FORBIDDEN');
}

describe('role × operation matrix', () => {
  it('covers every query and mutation of the schema', async () => {
    const schema = buildSchema(await readFile(join(findProjectRoot(), 'schema', 'schema.graphql'), 'utf8'));
    expect(Object.keys(QUERIES).sort()).toEqual(Object.keys(schema.getQueryType()!.getFields()).sort());
    expect(Object.keys(MUTATIONS).sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  });

  for (const [kind, operations] of [
    ['query', QUERIES],
    ['mutation', MUTATIONS],
  ] as const) {
    for (const [field, operation] of Object.entries(operations)) {
      it(`${kind} ${field}`, async () => {
        const seen: Record<string, Outcome> = {};
        const want: Record<string, Outcome> = {};
        // signing out runs on a session of its own; signing out everywhere ends the shared one too
        const signsOut = field === 'logout' || field === 'logoutEverywhere';
        for (const account of Object.keys(ACCOUNTS) as Account[]) {
          const token = tokens[account];
          const result = await t.gql(
            operation.query,
            operation.variables?.(ids),
            token && !signsOut ? { token } : token ? { token: await t.login(ACCOUNTS[account]!, DEMO_PASSWORD) } : {},
          );
          if (token && field === 'logoutEverywhere') tokens[account] = await t.login(ACCOUNTS[account]!, DEMO_PASSWORD);
          responses.push({ account, operation: field, result });
          seen[account] = outcomeOf(result, field);
          want[account] = expected(operation, account, field);
          if (seen[account] !== 'ok') expect(result.data?.[field] ?? null, `${account} got data`).toBeNull();
          expect(result.errors?.[0]?.extensions?.code, `${account}: ${JSON.stringify(result.errors)}`).not.toBe(
            'INTERNAL_SERVER_ERROR',
          );
        }
        expect(seen).toEqual(want);
      });
    }
  }

  it('never returns personal data to a contract manager', async () => {
    const { rows } = await t.admin.query(`SELECT initials, birth_date::text AS birth, id FROM youth`);
    const forContractManager = JSON.stringify(
      responses.filter((r) => r.account === 'contractManager').map((r) => r.result.data),
    );
    for (const youth of rows) {
      expect(forContractManager).not.toContain(youth.id);
      expect(forContractManager).not.toContain(youth.birth);
    }
    expect(forContractManager).not.toMatch(/"initials"|"birthDate"|"question"|"description"/);
  });
});
