import type { ApolloServerPlugin, GraphQLRequestContext, HTTPGraphQLRequest } from '@apollo/server';
import {
  getArgumentValues,
  getVariableValues,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../../context.js';
import { mayResolve } from '../auth/auth-checker.js';
import type { Role } from '../auth/roles.js';

/** A query field whose answer PostgreSQL can write as JSON text (see json-answer.ts). */
export interface PlannedField {
  /** The roles of the field's `@Authorized`: other viewers get normal execution and its error. */
  roles: Role[];
  /**
   * The field's JSON for these arguments, or undefined when this selection or these arguments are
   * not planned (normal execution answers then, with the same result).
   */
  answer(
    ctx: Context,
    args: Record<string, unknown>,
    type: GraphQLObjectType,
    selection: SelectionSetNode,
    fragments: Record<string, FragmentDefinitionNode>,
  ): Promise<string> | undefined;
}

/**
 * Answers a query of one planned root field with the JSON PostgreSQL wrote, skipping resolvers and
 * serialisation; every other operation executes as usual. It runs after parsing, validation and the
 * query limits, in the request's own transaction and context (viewer, row-level security, access log).
 * `take` hands the HTTP layer the finished body for the request, if any.
 */
export function plannedAnswers(fields: Record<string, PlannedField>) {
  const bodies = new WeakMap<HTTPGraphQLRequest, string>();
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async responseForOperation(rc: GraphQLRequestContext<Context>) {
          const planned = await answerOf(rc, fields);
          if (planned === undefined || !rc.request.http) return null;
          bodies.set(rc.request.http, `{"data":{${JSON.stringify(planned.key)}:${planned.json}}}\n`);
          // what Apollo writes is replaced by the body above (see `take`)
          return { http: rc.response.http, body: { kind: 'single', singleResult: { data: { [planned.key]: null } } } };
        },
      };
    },
  };
  return {
    plugin,
    take(request: HTTPGraphQLRequest): string | undefined {
      const body = bodies.get(request);
      bodies.delete(request);
      return body;
    },
  };
}

async function answerOf(
  rc: GraphQLRequestContext<Context>,
  fields: Record<string, PlannedField>,
): Promise<{ key: string; json: string } | undefined> {
  const { operation, document, schema, contextValue } = rc;
  if (!operation || !document || operation.operation !== 'query' || operation.directives?.length) return undefined;
  const [node, ...others] = operation.selectionSet.selections;
  if (others.length || node?.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet) return undefined;
  const planned = fields[node.name.value];
  const definition = schema.getQueryType()?.getFields()[node.name.value];
  // a nullable object: a field that can answer null for what it does not show
  const objectType = definition?.type;
  if (!planned || !definition || !isObjectType(objectType)) return undefined;
  if (!mayResolve(contextValue, node.name.value, planned.roles)) return undefined;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], rc.request.variables ?? {});
  if (variables.errors) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, node, variables.coerced);
  } catch {
    return undefined;
  }
  const json = planned.answer(contextValue, args, objectType, node.selectionSet, fragments);
  return json && { key: node.alias?.value ?? node.name.value, json: await json };
}
