import { consortiumId, providerId, subcontractId, teamId } from '../../../../seeds/organisations.js';
import { areaId, municipalityId, profileId } from '../../../../seeds/reference.js';
import type { Edit } from './hostile.js';
import {
  active,
  CONTRACT_MANAGER,
  expertiseRequest,
  familyAccessToken,
  improvementPlan,
  PROVIDER_ADMIN,
  REFERRER,
  REGION_ADMIN,
  STAFF,
  type Call,
  type FixtureContext,
} from './mutation-cases.js';

/**
 * For every field of the schema (besides mutations) that takes arguments — the queries and the
 * fields below them — who may read it, and a valid call on realistic data, so that a hostile value
 * is refused for what it is. Keyed `Type.field`; the variables are named after the arguments.
 */
export interface QueryCase {
  setup(ctx: FixtureContext): Promise<Call>;
  /** For a field below Query: an operation that reaches it, passing its arguments as variables of the same names. */
  document?: string;
  /** Besides the edited argument, the arguments a refusal may name for it (`from` → `to`). */
  related?: Record<string, string[]>;
  avoid?: (edit: Edit) => boolean;
  extraCodes?: string[];
}

const LAST_YEAR = { from: '2025-01-01', to: '2025-12-31' };
/** A period refused for its end: a start after the end, or too long, is reported on `to`. */
const PERIOD = { from: ['to'] };

export const QUERY_CASES: Record<string, QueryCase> = {
  'Query.users': {
    setup: async () => ({ as: REGION_ADMIN, variables: { first: 5 } }),
  },
  'Query.notifications': {
    setup: async () => ({ as: REGION_ADMIN, variables: { first: 5 } }),
  },
  'Query.accessLog': {
    setup: async (ctx) => {
      const { rows } = await ctx.t.admin.query(`SELECT id FROM youth ORDER BY id LIMIT 1`);
      return { as: REGION_ADMIN, variables: { youthId: rows[0].id } };
    },
  },
  'Query.trajectoryAccessLog': {
    setup: async (ctx) => ({ as: STAFF, variables: { trajectoryId: (await active(ctx)).id } }),
  },
  'Query.familyAccessLog': {
    // no account: the token of an access link; unknown ones are NOT_FOUND, many of them THROTTLED
    setup: async (ctx) => ({ as: null, variables: { token: await familyAccessToken(ctx) } }),
    extraCodes: ['UNAUTHENTICATED'],
  },
  'Query.consortium': {
    setup: async () => ({ as: REFERRER, variables: { id: consortiumId('rondomjou') } }),
  },
  'Query.consortiumPerformance': {
    setup: async () => ({ as: CONTRACT_MANAGER, variables: { consortiumId: consortiumId('rondomjou'), ...LAST_YEAR } }),
    related: PERIOD,
  },
  'Query.consortiumPerformanceCsv': {
    setup: async () => ({ as: CONTRACT_MANAGER, variables: { consortiumId: consortiumId('rondomjou'), ...LAST_YEAR } }),
    related: PERIOD,
  },
  'Query.municipalityPerformance': {
    setup: async () => ({ as: CONTRACT_MANAGER, variables: { municipalityId: municipalityId('0518'), ...LAST_YEAR } }),
    related: PERIOD,
  },
  'ConsortiumPerformance.byPeriod': {
    document: `query($granularity: PeriodGranularity!) {
      consortiumPerformance(consortiumId: "${consortiumId('rondomjou')}", from: "2025-01-01", to: "2025-12-31") {
        byPeriod(granularity: $granularity) { period } } }`,
    setup: async () => ({ as: CONTRACT_MANAGER, variables: { granularity: 'QUARTER' } }),
  },
  'Query.eligibleExpertiseProviders': {
    setup: async (ctx) => ({
      as: STAFF,
      variables: { trajectoryId: (await active(ctx)).id, profileId: profileId('P02') },
    }),
  },
  'Query.improvementPlan': {
    setup: async (ctx) => ({ as: CONTRACT_MANAGER, variables: { id: (await improvementPlan(ctx, false)).id } }),
  },
  'Query.ijwMessages': {
    setup: async () => ({ as: PROVIDER_ADMIN, variables: { first: 5, type: 'JW305' } }),
  },
  'Query.improvementPlans': {
    setup: async (ctx) => {
      await improvementPlan(ctx, false);
      return {
        as: CONTRACT_MANAGER,
        variables: { first: 5, providerId: providerId('jeugdformaat'), status: 'REQUIRED' },
      };
    },
  },
  'Query.integratedTeam': {
    setup: async () => ({ as: STAFF, variables: { id: teamId('complexe-zorg') } }),
  },
  'Query.intensityOutliers': {
    setup: async () => ({ as: CONTRACT_MANAGER, variables: { ...LAST_YEAR } }),
    related: PERIOD,
  },
  'Query.populationBudgets': {
    setup: async () => ({ as: PROVIDER_ADMIN, variables: { consortiumId: consortiumId('rondomjou'), year: 2026 } }),
  },
  'Query.provider': {
    setup: async () => ({ as: REFERRER, variables: { id: providerId('parnassia') } }),
  },
  'Query.providerOutcomes': {
    setup: async () => ({ as: REFERRER, variables: { profileId: profileId('P02') } }),
  },
  'Query.sentExpertiseRequests': {
    setup: async (ctx) => {
      await expertiseRequest(ctx, false);
      return { as: STAFF, variables: { toProviderId: providerId('duinzicht') } };
    },
  },
  'Query.subcontract': {
    setup: async () => ({ as: PROVIDER_ADMIN, variables: { id: subcontractId('jf-duinzicht') } }),
  },
  'Query.subcontractPayouts': {
    // the region: a provider admin may only name its own organisation
    setup: async () => ({
      as: REGION_ADMIN,
      variables: { mainContractorId: providerId('jeugdformaat'), ...LAST_YEAR },
    }),
    related: PERIOD,
  },
  'Query.trajectories': {
    setup: async () => ({
      as: STAFF,
      variables: {
        first: 5,
        filter: { status: 'ACTIVE', involvement: 'RESPONSIBLE', providerId: providerId('jeugdformaat'), search: 'H' },
      },
    }),
  },
  'Query.trajectory': {
    setup: async (ctx) => ({ as: STAFF, variables: { id: (await active(ctx)).id } }),
  },
  'Query.waitingList': {
    setup: async () => ({ as: STAFF, variables: { consortiumId: consortiumId('rondomjou'), first: 5 } }),
  },
  'Query.capacity': {
    setup: async () => ({
      as: REFERRER,
      variables: {
        profileId: profileId('P02'),
        areaId: areaId('0518', 'Escamp'),
        consortiumId: consortiumId('rondomjou'),
      },
    }),
  },
  'Query.picProposals': {
    setup: async () => ({ as: REFERRER, variables: { status: 'PROPOSED' } }),
  },
};
