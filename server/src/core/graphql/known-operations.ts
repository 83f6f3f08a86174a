import type { ApolloServerPlugin, GraphQLRequestContext, HTTPGraphQLRequest } from '@apollo/server';
import {
  execute,
  getArgumentValues,
  getNullableType,
  getVariableValues,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../../context.js';
import { mayResolve } from '../auth/auth-checker.js';
import type { Role } from '../auth/roles.js';
import { RequestTextMemory } from './request-text-memory.js';

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

/** What the server does with an operation's errors, whichever path executed it. */
export interface OperationErrors {
  /** Before they are answered: e.g. a mutation that erred is rolled back, a masked error logged. */
  encountered(errors: readonly GraphQLError[], operation?: OperationDefinitionNode, ctx?: Context): void;
  /** Apollo's `formatError`: what the client is told. */
  format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

/** An operation Apollo parsed and validated (the query limits included): found once per text. */
interface KnownOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Set when the operation is one planned root field (see `plannedRouteOf`). */
  planned?: PlannedRoute;
}

/** What answering a planned operation needs of its document. */
interface PlannedRoute {
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  type: GraphQLObjectType;
  field: PlannedField;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** A response body written without Apollo. */
export interface KnownAnswer {
  body: string;
  /** The operation's name (its metrics label). */
  operationName: string | undefined;
  /** The codes of the errors answered, if any. */
  errorCodes: unknown[];
  /** True when PostgreSQL wrote the answer. */
  planned: boolean;
}

const INTERNAL = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

/**
 * Operations answered without Apollo's request pipeline once Apollo has parsed and validated their
 * text. The first request of a text goes through Apollo (parsing, validation, query limits); the
 * plugin remembers the validated document, and `answerKnown` answers the next requests of that text
 * itself: the operation executes with graphql-js over the same schema, resolvers and context, and its
 * errors are formatted as Apollo formats them (`errors` then `data`, codes defaulted, `formatError`).
 * A query of one planned root field is answered with the JSON PostgreSQL wrote, skipping resolvers
 * and serialisation (on the first request too, through `take`). Both run in the request's own
 * transaction and context (viewer, row-level security, access log); anything unusual (another
 * content type or Accept, GET, extensions, variables that do not fit) goes through Apollo again.
 */
export function knownOperations(fields: Record<string, PlannedField>, errors: OperationErrors) {
  const bodies = new WeakMap<HTTPGraphQLRequest, string>();
  const known = new RequestTextMemory<KnownOperation>();
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      /** This request's operation, once Apollo resolved it (also when its text is too long to keep). */
      let current: KnownOperation | undefined;
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!request.query || (operation?.operation !== 'query' && operation?.operation !== 'mutation')) return;
          current = { schema, document, operation, planned: plannedRouteOf(schema, document, operation, fields) };
          known.set(request.query, request.operationName, current);
        },
        async responseForOperation(rc: GraphQLRequestContext<Context>) {
          if (!current?.planned || !rc.request.http || !rc.contextValue) return null;
          const answer = await plannedAnswerOf(current, rc.contextValue, rc.request.variables);
          if (answer === undefined) return null;
          bodies.set(rc.request.http, answer);
          // what Apollo writes is replaced by the body above (see `take`)
          return {
            http: rc.response.http,
            body: { kind: 'single', singleResult: { data: { [responseKey(current.planned)]: null } } },
          };
        },
      };
    },
  };
  return {
    plugin,
    /** The body PostgreSQL wrote for a request Apollo handled, if any. */
    take(request: HTTPGraphQLRequest): string | undefined {
      const body = bodies.get(request);
      bodies.delete(request);
      return body;
    },
    /**
     * The answer to a POSTed JSON request whose text Apollo validated before, or undefined: then
     * Apollo handles the request (also when the context cannot be built, so that its failure is
     * answered as before, and when the variables do not fit, before anything ran). An answer that
     * fails rejects.
     */
    async answerKnown(request: HTTPGraphQLRequest, context: () => Promise<Context>): Promise<KnownAnswer | undefined> {
      const body = request.body as Record<string, unknown> | undefined;
      if (request.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined)
        return undefined;
      const { operationName: name } = body;
      if (name !== undefined && name !== null && typeof name !== 'string') return undefined; // Apollo refuses it
      const operation = known.get(body.query, name);
      if (!operation || !isPlainJsonRequest(request)) return undefined;
      const variables = body.variables ?? {};
      if (typeof variables !== 'object' || Array.isArray(variables)) return undefined;
      let ctx: Context;
      try {
        ctx = await context();
      } catch {
        return undefined;
      }
      const operationName = operation.operation.name?.value;
      if (operation.planned) {
        const answer = await plannedAnswerOf(operation, ctx, variables as Record<string, unknown>);
        if (answer !== undefined) return { body: answer, operationName, errorCodes: [], planned: true };
      }
      const result = await execute({
        schema: operation.schema,
        document: operation.document,
        operationName: name ?? undefined,
        variableValues: variables as Record<string, unknown>,
        contextValue: ctx,
      });
      // nothing executed (the variables did not fit): Apollo answers with its request error
      if (result.data === undefined) return undefined;
      const formatted = result.errors?.length ? formatErrors(result.errors, operation.operation, ctx) : undefined;
      return {
        // as Apollo writes a single result
        body: `${JSON.stringify({ errors: formatted, data: result.data })}\n`,
        operationName,
        errorCodes: formatted?.map((error) => error.extensions?.code) ?? [],
        planned: false,
      };
    },
  };

  /** As Apollo's `normalizeAndFormatErrors` for errors of execution (our errors set no HTTP head). */
  function formatErrors(list: readonly GraphQLError[], operation: OperationDefinitionNode, ctx: Context) {
    errors.encountered(list, operation, ctx);
    return list.map((error): GraphQLFormattedError => {
      try {
        const extensions = { ...error.extensions, code: error.extensions.code ?? INTERNAL.extensions.code };
        return errors.format({ ...error.toJSON(), extensions }, error);
      } catch {
        return INTERNAL;
      }
    });
  }
}

const responseKey = (route: PlannedRoute) => route.node.alias?.value ?? route.node.name.value;

/** JSON in, and an Accept that Apollo would answer with plain `application/json` (else Apollo negotiates). */
function isPlainJsonRequest(request: HTTPGraphQLRequest): boolean {
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) return false;
  const accept = request.headers.get('accept');
  return (
    accept === undefined ||
    accept.split(',').every((type) => ['*/*', 'application/*', 'application/json'].includes(type.trim().toLowerCase()))
  );
}

/** The planned route of a validated operation, when it is a query of one planned root field. */
function plannedRouteOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  fields: Record<string, PlannedField>,
): PlannedRoute | undefined {
  if (operation.operation !== 'query' || operation.directives?.length) return undefined;
  const [node, ...others] = operation.selectionSet.selections;
  if (others.length || node?.kind !== Kind.FIELD || node.directives?.length || !node.selectionSet) return undefined;
  const field = fields[node.name.value];
  const definition = schema.getQueryType()?.getFields()[node.name.value];
  const type = definition && getNullableType(definition.type);
  if (!field || !definition || !isObjectType(type)) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return { node, definition, type, field, fragments };
}

/** The response body for this viewer and these variables, or undefined when it is not planned. */
async function plannedAnswerOf(
  { schema, operation, planned }: KnownOperation,
  ctx: Context,
  variableValues: Record<string, unknown> | undefined,
): Promise<string | undefined> {
  const { node, definition, type, field, fragments } = planned!;
  if (!mayResolve(ctx, node.name.value, field.roles)) return undefined;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  if (variables.errors) return undefined;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, node, variables.coerced);
  } catch {
    return undefined;
  }
  const json = field.answer(ctx, args, type, node.selectionSet!, fragments);
  return json && `{"data":{${JSON.stringify(responseKey(planned!))}:${await json}}}\n`;
}
