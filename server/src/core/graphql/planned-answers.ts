import type { ApolloServerPlugin, GraphQLRequestContext, HTTPGraphQLRequest } from '@apollo/server';
import {
  getArgumentValues,
  getVariableValues,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
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

/** What answering a planned operation needs of its document: found once per document. */
interface Route {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  type: GraphQLObjectType;
  planned: PlannedField;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** An answer PostgreSQL wrote: the response body and the operation's name (its metrics label). */
export interface PlannedBody {
  body: string;
  operationName: string | undefined;
}

/** Query texts remembered at most; past that the memory starts again (they are few in practice). */
const REMEMBERED_QUERIES = 1000;
/** Longer texts are not remembered (a page's query is about 1,000 characters): at most 10 MB in all. */
const REMEMBERED_QUERY_CHARS = 10_000;
const keyOf = (query: string, operationName: unknown) =>
  `${typeof operationName === 'string' ? operationName : ''}\n${query}`;

/**
 * Answers a query of one planned root field with the JSON PostgreSQL wrote, skipping resolvers and
 * serialisation; every other operation executes as usual. The first request of a query text goes
 * through Apollo: parsing, validation and the query limits; once its answer was planned, the text is
 * remembered and `answerKnown` answers the next requests of that text without Apollo's pipeline
 * (variables, viewer and arguments are checked on each; anything else goes through Apollo again).
 * Both run in the request's own transaction and context (viewer, row-level security, access log).
 * `take` hands the HTTP layer the finished body of a request Apollo handled, if any.
 */
export function plannedAnswers(fields: Record<string, PlannedField>) {
  const bodies = new WeakMap<HTTPGraphQLRequest, string>();
  const routes = new Map<string, Route>();
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async responseForOperation(rc: GraphQLRequestContext<Context>) {
          const route = routeOf(rc, fields);
          if (!route || !rc.request.http) return null;
          const answer = await answerOf(route, rc.contextValue, rc.request.variables);
          if (answer === undefined) return null;
          if (rc.request.query && rc.request.query.length <= REMEMBERED_QUERY_CHARS) {
            if (routes.size >= REMEMBERED_QUERIES) routes.clear();
            routes.set(keyOf(rc.request.query, rc.request.operationName), route);
          }
          bodies.set(rc.request.http, answer);
          // what Apollo writes is replaced by the body above (see `take`)
          return {
            http: rc.response.http,
            body: { kind: 'single', singleResult: { data: { [responseKey(route)]: null } } },
          };
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
    /**
     * The answer to a POSTed JSON query whose text Apollo validated and answered through a plan
     * before, or undefined: then Apollo handles the request (also when the context cannot be built,
     * so that its failure is answered as before). An answer that fails rejects.
     */
    async answerKnown(request: HTTPGraphQLRequest, context: () => Promise<Context>): Promise<PlannedBody | undefined> {
      const body = request.body as Record<string, unknown> | undefined;
      if (request.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined)
        return undefined;
      const route = routes.get(keyOf(body.query, body.operationName));
      if (!route || !isPlainJsonRequest(request)) return undefined;
      const variables = body.variables ?? {};
      if (typeof variables !== 'object' || Array.isArray(variables)) return undefined;
      let ctx: Context;
      try {
        ctx = await context();
      } catch {
        return undefined;
      }
      const answer = await answerOf(route, ctx, variables as Record<string, unknown>);
      return answer === undefined ? undefined : { body: answer, operationName: route.operation.name?.value };
    },
  };
}

const responseKey = (route: Route) => route.node.alias?.value ?? route.node.name.value;

/** JSON in, and an Accept that Apollo would answer with plain `application/json` (else Apollo negotiates). */
function isPlainJsonRequest(request: HTTPGraphQLRequest): boolean {
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) return false;
  const accept = request.headers.get('accept');
  return (
    accept === undefined ||
    accept.split(',').every((type) => ['*/*', 'application/*', 'application/json'].includes(type.trim().toLowerCase()))
  );
}

/** The route of an operation Apollo parsed and validated, when it is one planned root field. */
function routeOf(rc: GraphQLRequestContext<Context>, fields: Record<string, PlannedField>): Route | undefined {
  const { operation, document, schema, contextValue } = rc;
  if (!operation || !document || operation.operation !== 'query' || operation.directives?.length) return undefined;
  const [node, ...others] = operation.selectionSet.selections;
  if (others.length || node?.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet) return undefined;
  const planned = fields[node.name.value];
  const definition = schema.getQueryType()?.getFields()[node.name.value];
  // a nullable object: a field that can answer null for what it does not show
  const type = definition?.type;
  if (!planned || !definition || !isObjectType(type) || !contextValue) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return { schema, operation, node, definition, type, planned, fragments };
}

/** The response body for this viewer and these variables, or undefined when it is not planned. */
async function answerOf(
  route: Route,
  ctx: Context,
  variableValues: Record<string, unknown> | undefined,
): Promise<string | undefined> {
  const { schema, operation, node, definition, type, planned, fragments } = route;
  if (!mayResolve(ctx, node.name.value, planned.roles)) return undefined;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  if (variables.errors) return undefined;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, node, variables.coerced);
  } catch {
    return undefined;
  }
  const json = planned.answer(ctx, args, type, node.selectionSet!, fragments);
  return json && `{"data":{${JSON.stringify(responseKey(route))}:${await json}}}\n`;
}
