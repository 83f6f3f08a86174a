import { HeaderMap, type GraphQLRequestContextResponseForOperation, type HTTPGraphQLRequest } from '@apollo/server';
import { buildSchema, getOperationAST, GraphQLObjectType, parse, validate, type GraphQLFieldResolver } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../server/src/context.js';
import { AccessScope } from '../../server/src/core/access/scope.js';
import { mayResolve } from '../../server/src/core/auth/auth-checker.js';
import { Role } from '../../server/src/core/auth/roles.js';
import { ForbiddenError } from '../../server/src/core/errors/errors.js';
import { formatError } from '../../server/src/core/errors/format.js';
import {
  knownOperations,
  type OperationErrors,
  type PlannedField,
} from '../../server/src/core/graphql/known-operations.js';

/**
 * A request text is answered without Apollo only after Apollo parsed and validated it once; each
 * later request is checked again for what can differ per request (viewer, variables, the content
 * types asked for), executed with the same resolvers, and its errors formatted as Apollo formats
 * them; anything else is left to Apollo (undefined).
 */
const schema = buildSchema(`
  type Page { id: ID! name: String }
  type Query { page(id: ID!): Page other: String }
  type Mutation { rename(id: ID!, name: String!): Page }
`);
const resolve = (type: string, field: string, resolver: GraphQLFieldResolver<unknown, Context>) =>
  ((schema.getType(type) as GraphQLObjectType).getFields()[field].resolve = resolver as never);
// the resolvers: what normal execution answers (the planned page must answer the same)
resolve('Query', 'page', (_, { id }, ctx) => {
  if (!mayResolve(ctx, 'page', [Role.PROVIDER_STAFF])) throw new ForbiddenError();
  return { id, name: null };
});
resolve('Query', 'other', () => 'other');
resolve('Mutation', 'rename', (_, { name }) => {
  if (name === 'crash') throw new Error('the database went away');
  throw new ForbiddenError('Only the responsible provider can rename it.');
});

const QUERY = `query Page($id: ID!) { page(id: $id) { id name } }`;
const page: PlannedField = {
  roles: [Role.PROVIDER_STAFF],
  answer(_ctx, args) {
    return typeof args.id === 'string' && args.id.startsWith('p')
      ? Promise.resolve(`{"id":"${args.id}","name":null}`)
      : undefined;
  },
};
const contextOf = (roles: Role[]) =>
  ({ scope: new AccessScope(roles.length ? ({ roles } as never) : null) }) as unknown as Context;
const staff = contextOf([Role.PROVIDER_STAFF]);

/** Records what the server is told of each operation's errors; formats them as the server does. */
function recordingErrors() {
  const seen: { kind: string; messages: string[] }[] = [];
  const errors: OperationErrors = {
    encountered: (list, operation) =>
      void seen.push({ kind: operation!.operation, messages: list.map((e) => e.message) }),
    format: formatError,
  };
  return { seen, errors };
}

function request(body: Record<string, unknown>, headers: [string, string][] = []): HTTPGraphQLRequest {
  return {
    method: 'POST',
    headers: new HeaderMap([['content-type', 'application/json'], ...headers]),
    search: '',
    body,
  };
}

/** What Apollo hands the plugin once it has parsed and validated the request; the planned body, if any. */
async function throughApollo(answers: ReturnType<typeof knownOperations>, http: HTTPGraphQLRequest, ctx: Context) {
  const { query, variables, operationName } = http.body as {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const hooks = await answers.plugin.requestDidStart!({} as never);
  const rc = {
    document,
    operation: getOperationAST(document, operationName),
    schema,
    contextValue: ctx,
    request: { http, query, variables, operationName },
    response: { http: { headers: new HeaderMap() } },
  } as unknown as GraphQLRequestContextResponseForOperation<Context>;
  await hooks!.didResolveOperation!(rc as never);
  await hooks!.responseForOperation!(rc);
  return answers.take(http);
}

const FORBIDDEN = (path: string, message = 'You are not allowed to do this.') =>
  `{"errors":[{"message":"${message}","path":["${path}"],"extensions":{"code":"FORBIDDEN"}}],"data":{"${path}":null}}\n`;

describe('known operations', () => {
  it('are answered without Apollo only for a text Apollo validated before, checked again on every request', async () => {
    const { seen, errors } = recordingErrors();
    const answers = knownOperations({ page }, errors);
    const body = { query: QUERY, variables: { id: 'p1' } };
    // not seen yet: Apollo answers (planned), and the text is remembered
    expect(await answers.answerKnown(request(body), async () => staff)).toBeUndefined();
    expect(await throughApollo(answers, request(body), staff)).toBe('{"data":{"page":{"id":"p1","name":null}}}\n');
    expect(await answers.answerKnown(request({ ...body, variables: { id: 'p2' } }), async () => staff)).toEqual({
      body: '{"data":{"page":{"id":"p2","name":null}}}\n',
      operationName: 'Page',
      errorCodes: [],
      planned: true,
    });
    // arguments the plan does not answer: the resolvers answer, with the same result
    expect(await answers.answerKnown(request({ query: QUERY, variables: { id: 'q1' } }), async () => staff)).toEqual({
      body: '{"data":{"page":{"id":"q1","name":null}}}\n',
      operationName: 'Page',
      errorCodes: [],
      planned: false,
    });
    // a viewer without the role, or without a session: the resolver's error, as Apollo formats it
    for (const viewer of [contextOf([Role.CONTRACT_MANAGER]), contextOf([])])
      expect(await answers.answerKnown(request(body), async () => viewer)).toEqual({
        body: FORBIDDEN('page'),
        operationName: 'Page',
        errorCodes: ['FORBIDDEN'],
        planned: false,
      });
    expect(seen).toEqual([
      { kind: 'query', messages: ['You are not allowed to do this.'] },
      { kind: 'query', messages: ['You are not allowed to do this.'] },
    ]);
    const leftToApollo = [
      // a context that cannot be built: Apollo reports its failure as before
      answers.answerKnown(request(body), () => Promise.reject(new Error('no connection'))),
      // variables that do not fit, or none at all: nothing runs, Apollo answers with its request error
      answers.answerKnown(request({ query: QUERY, variables: { id: { no: 1 } } }), async () => staff),
      answers.answerKnown(request({ query: QUERY }), async () => staff),
      answers.answerKnown(request({ query: QUERY, variables: [] }), async () => staff),
      // another operation name, another text, extensions (persisted queries)
      answers.answerKnown(request({ ...body, operationName: 'Other' }), async () => staff),
      answers.answerKnown(request({ ...body, operationName: 5 }), async () => staff),
      answers.answerKnown(request({ ...body, query: `${QUERY} ` }), async () => staff),
      answers.answerKnown(request({ ...body, extensions: { persistedQuery: {} } }), async () => staff),
      // content types Apollo negotiates or refuses itself
      answers.answerKnown(request(body, [['accept', 'application/graphql-response+json']]), async () => staff),
      answers.answerKnown(request(body, [['accept', 'application/json;q=0, */*']]), async () => staff),
      answers.answerKnown(
        { ...request(body), headers: new HeaderMap([['content-type', 'text/plain']]) },
        async () => staff,
      ),
      answers.answerKnown({ ...request(body), method: 'GET' }, async () => staff),
    ];
    expect(await Promise.all(leftToApollo)).toEqual(leftToApollo.map(() => undefined));
    expect(seen).toHaveLength(2);
  });

  it("execute a known mutation, its errors formatted as Apollo does and reported as a mutation's", async () => {
    const { seen, errors } = recordingErrors();
    const answers = knownOperations({ page }, errors);
    const mutation = `mutation Rename($id: ID!, $name: String!) { rename(id: $id, name: $name) { id } }`;
    expect(await throughApollo(answers, request({ query: mutation, variables: { id: 'p1', name: 'x' } }), staff)).toBe(
      undefined,
    );
    const answer = (name: string) =>
      answers.answerKnown(request({ query: mutation, variables: { id: 'p1', name } }), async () => staff);
    expect((await answer('x'))?.body).toBe(FORBIDDEN('rename', 'Only the responsible provider can rename it.'));
    // an unexpected error is masked, as formatError masks it for Apollo
    expect(await answer('crash')).toEqual({
      body: '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"rename":null}}\n',
      operationName: 'Rename',
      errorCodes: ['INTERNAL_SERVER_ERROR'],
      planned: false,
    });
    // told before answering, so the request's transaction is rolled back
    expect(seen).toEqual([
      { kind: 'mutation', messages: ['Only the responsible provider can rename it.'] },
      { kind: 'mutation', messages: ['the database went away'] },
    ]);
  });

  it('never remembers a text too long to keep', async () => {
    const answers = knownOperations({ page }, recordingErrors().errors);
    const other = { query: `{ other }` };
    expect(await throughApollo(answers, request(other), staff)).toBeUndefined();
    expect((await answers.answerKnown(request(other), async () => staff))?.body).toBe('{"data":{"other":"other"}}\n');
    // one too long to keep is answered through Apollo each time
    const long = { query: `${QUERY}${' '.repeat(10_000)}`, variables: { id: 'p1' } };
    expect(await throughApollo(answers, request(long), staff)).toBe('{"data":{"page":{"id":"p1","name":null}}}\n');
    expect(await answers.answerKnown(request(long), async () => staff)).toBeUndefined();
  });
});
