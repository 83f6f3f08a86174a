import 'reflect-metadata';
import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './core/auth/auth-checker.js';
import { RULES } from './core/errors/errors.js';
import { DateTimeScalar } from './core/graphql/scalars.js';
import { validateArgument } from './core/graphql/validate-argument.js';
import { AccessLogResolver } from './modules/access-log/access-log.resolver.js';
import { JobsResolver } from './modules/jobs/jobs.resolver.js';
import { NotificationResolver } from './modules/notification/notification.resolver.js';
import { AccountResolver } from './modules/account/account.resolver.js';
import { FamilyResolver, TrajectoryFamilyResolver } from './modules/family/family.resolver.js';
import { FamilyRightsResolver } from './modules/family-rights/family-rights.resolver.js';
import { PicProposalResolver } from './modules/trajectory/pic-proposal.resolver.js';
import { CapacityResolver } from './modules/capacity/capacity.resolver.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { EligibleExpertiseProviderResolver, ExpertiseRequestResolver } from './modules/expertise/expertise.resolver.js';
import {
  IjwMessageResolver,
  IjwProductResolver,
  PicIjwResolver,
  TrajectoryIjwResolver,
} from './modules/ijw/ijw.resolver.js';
import { ImprovementPlanResolver } from './modules/improvement-plan/improvement-plan.resolver.js';
import { LiveResolver } from './modules/live/live.resolver.js';
import { MunicipalityPerformanceResolver, PerformanceResolver } from './modules/performance/performance.resolver.js';
import {
  GoalOutcomeResolver,
  GoalResultResolver,
  OutcomeResolver,
  TrajectoryOutcomeResolver,
} from './modules/outcome/outcome.resolver.js';
import {
  BudgetAllocationResolver,
  PopulationBudgetResolver,
  SettlementResolver,
  SubcontractPayoutResolver,
  TrajectorySettlementResolver,
} from './modules/settlement/settlement.resolver.js';
import { FamilyPlanResolver, GoalResolver, HelpPlanResolver } from './modules/plan/plan.resolver.js';
import {
  ReferralResolver,
  ResponsibilityTransferResolver,
  TrajectoryEventResolver,
  TrajectoryResolver,
  YouthResolver,
} from './modules/trajectory/trajectory.resolver.js';
import { CatalogueResolver } from './modules/catalogue/catalogue.resolver.js';
import { ConsortiumMembershipResolver, ConsortiumResolver } from './modules/consortium/consortium.resolver.js';
import { IntegratedTeamResolver } from './modules/integrated-team/integrated-team.resolver.js';
import { AreaResolver, MunicipalityResolver } from './modules/municipality/municipality.resolver.js';
import { ProviderResolver } from './modules/provider/provider.resolver.js';
import { SubcontractResolver } from './modules/subcontract/subcontract.resolver.js';

export const resolvers = [
  AccessLogResolver,
  JobsResolver,
  NotificationResolver,
  AccountResolver,
  AreaResolver,
  AuthResolver,
  BudgetAllocationResolver,
  CapacityResolver,
  CatalogueResolver,
  ConsortiumMembershipResolver,
  ConsortiumResolver,
  EligibleExpertiseProviderResolver,
  ExpertiseRequestResolver,
  FamilyPlanResolver,
  FamilyResolver,
  FamilyRightsResolver,
  GoalOutcomeResolver,
  GoalResolver,
  GoalResultResolver,
  HelpPlanResolver,
  IjwMessageResolver,
  IjwProductResolver,
  ImprovementPlanResolver,
  IntegratedTeamResolver,
  LiveResolver,
  MunicipalityResolver,
  OutcomeResolver,
  PerformanceResolver,
  MunicipalityPerformanceResolver,
  PicIjwResolver,
  PicProposalResolver,
  PopulationBudgetResolver,
  ProviderResolver,
  ReferralResolver,
  ResponsibilityTransferResolver,
  SettlementResolver,
  SubcontractPayoutResolver,
  SubcontractResolver,
  TrajectoryEventResolver,
  TrajectoryIjwResolver,
  TrajectoryFamilyResolver,
  TrajectoryOutcomeResolver,
  TrajectoryResolver,
  TrajectorySettlementResolver,
  YouthResolver,
] as const;

/** The rules errors name in `extensions.rule`; no field returns them, so they are added to the schema. */
const RuleNameEnum = new GraphQLEnumType({
  name: 'RuleName',
  description: 'The domain rule a RULE_VIOLATION error names in extensions.rule',
  values: Object.fromEntries(Object.entries(RULES).map(([name, description]) => [name, { description }])),
});

export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    authChecker,
    // Subscriptions fan out through PostgreSQL LISTEN/NOTIFY (modules/live), not type-graphql topics.
    pubSub: {
      publish: () => {
        throw new Error('publish through the database: a trajectory_event row notifies subscribers');
      },
      subscribe: () => {
        throw new Error('subscribe with a `subscribe` function, not topics');
      },
    },
    authMode: 'error',
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, RuleNameEnum] });
}

/** The SDL committed as schema/schema.graphql: sorted, so it changes only when the API does. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
