import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './core/auth/auth-checker.js';
import { DateTimeScalar } from './core/graphql/scalars.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { CatalogueResolver } from './modules/catalogue/catalogue.resolver.js';
import { ConsortiumMembershipResolver, ConsortiumResolver } from './modules/consortium/consortium.resolver.js';
import { IntegratedTeamResolver } from './modules/integrated-team/integrated-team.resolver.js';
import { AreaResolver, MunicipalityResolver } from './modules/municipality/municipality.resolver.js';
import { ProviderResolver } from './modules/provider/provider.resolver.js';
import { SubcontractResolver } from './modules/subcontract/subcontract.resolver.js';

export const resolvers = [
  AreaResolver,
  AuthResolver,
  CatalogueResolver,
  ConsortiumMembershipResolver,
  ConsortiumResolver,
  IntegratedTeamResolver,
  MunicipalityResolver,
  ProviderResolver,
  SubcontractResolver,
] as const;

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
    authChecker,
    authMode: 'error',
  });
}

/** The SDL committed as schema/schema.graphql: sorted, so it changes only when the API does. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
