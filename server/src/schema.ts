import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './core/auth/auth-checker.js';
import { DateTimeScalar } from './core/graphql/scalars.js';
import { validateArgument } from './core/graphql/validate-argument.js';
import { AccessLogResolver } from './modules/access-log/access-log.resolver.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { EligibleExpertiseProviderResolver, ExpertiseRequestResolver } from './modules/expertise/expertise.resolver.js';
import { LiveResolver } from './modules/live/live.resolver.js';
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
  AreaResolver,
  AuthResolver,
  CatalogueResolver,
  ConsortiumMembershipResolver,
  ConsortiumResolver,
  EligibleExpertiseProviderResolver,
  ExpertiseRequestResolver,
  FamilyPlanResolver,
  GoalResolver,
  HelpPlanResolver,
  IntegratedTeamResolver,
  LiveResolver,
  MunicipalityResolver,
  ProviderResolver,
  ReferralResolver,
  ResponsibilityTransferResolver,
  SubcontractResolver,
  TrajectoryEventResolver,
  TrajectoryResolver,
  YouthResolver,
] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
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
}

/** The SDL committed as schema/schema.graphql: sorted, so it changes only when the API does. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
