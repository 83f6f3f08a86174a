import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL operations: `graphql(\`query { … }\`)` is checked against schema/schema.graphql and
 * gives the result and variable types. Regenerate graphql-env.d.ts with `npm run codegen:web`.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Date: string; DateTime: string };
}>();

export type { ResultOf } from 'gql.tada';
