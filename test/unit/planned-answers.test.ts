import { HeaderMap, type GraphQLRequestContextResponseForOperation, type HTTPGraphQLRequest } from '@apollo/server';
import { buildSchema, getOperationAST, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../server/src/context.js';
import { AccessScope } from '../../server/src/core/access/scope.js';
import { Role } from '../../server/src/core/auth/roles.js';
import { plannedAnswers, type PlannedField } from '../../server/src/core/graphql/planned-answers.js';

/**
 * A query text is answered without Apollo only after Apollo parsed, validated and planned it once;
 * each later request is checked again for what can differ per request (viewer, variables, the
 * content types asked for), and anything else is left to Apollo (undefined).
 */
const schema = buildSchema(`type Page { id: ID! name: String } type Query { page(id: ID!): Page other: String }`);
const QUERY = `query Page($id: ID!) { page(id: $id) { id name } }`;
const page: PlannedField = {
  roles: [Role.PROVIDER_STAFF],
  answer(_ctx, args) {
    return typeof args.id === 'string' && args.id.startsWith('p') ? Promise.resolve(`{"id":"${args.id}"}`) : undefined;
  },
};
const contextOf = (roles: Role[]) =>
  ({ scope: new AccessScope(roles.length ? ({ roles } as never) : null) }) as unknown as Context;
const staff = contextOf([Role.PROVIDER_STAFF]);

function request(body: Record<string, unknown>, headers: [string, string][] = []): HTTPGraphQLRequest {
  return {
    method: 'POST',
    headers: new HeaderMap([['content-type', 'application/json'], ...headers]),
    search: '',
    body,
  };
}

/** What Apollo hands the plugin once it has parsed and validated the request. */
async function throughApollo(answers: ReturnType<typeof plannedAnswers>, http: HTTPGraphQLRequest, ctx: Context) {
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
  await hooks!.responseForOperation!(rc);
  return answers.take(http);
}

describe('planned answers of a known query', () => {
  it('are answered without Apollo only for a text Apollo planned before, checked again on every request', async () => {
    const answers = plannedAnswers({ page });
    const body = { query: QUERY, variables: { id: 'p1' } };
    // not seen yet: Apollo answers, and the plan is remembered
    expect(await answers.answerKnown(request(body), async () => staff)).toBeUndefined();
    expect(await throughApollo(answers, request(body), staff)).toBe('{"data":{"page":{"id":"p1"}}}\n');
    expect(await answers.answerKnown(request({ ...body, variables: { id: 'p2' } }), async () => staff)).toEqual({
      body: '{"data":{"page":{"id":"p2"}}}\n',
      operationName: 'Page',
    });
    const leftToApollo = [
      // a viewer without the role, or without a session
      answers.answerKnown(request(body), async () => contextOf([Role.CONTRACT_MANAGER])),
      answers.answerKnown(request(body), async () => contextOf([])),
      // a context that cannot be built: Apollo reports its failure as before
      answers.answerKnown(request(body), () => Promise.reject(new Error('no connection'))),
      // variables that do not fit, none at all, or arguments the plan does not answer
      answers.answerKnown(request({ query: QUERY, variables: { id: { no: 1 } } }), async () => staff),
      answers.answerKnown(request({ query: QUERY }), async () => staff),
      answers.answerKnown(request({ query: QUERY, variables: { id: 'q1' } }), async () => staff),
      // another operation name, another text, extensions (persisted queries)
      answers.answerKnown(request({ ...body, operationName: 'Other' }), async () => staff),
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
  });

  it('never remembers a text whose answer was not planned, nor a long one', async () => {
    const answers = plannedAnswers({ page });
    const other = { query: `{ other }` };
    expect(await throughApollo(answers, request(other), staff)).toBeUndefined();
    expect(await answers.answerKnown(request(other), async () => staff)).toBeUndefined();
    // nor one too long to keep (it is answered through Apollo each time)
    const long = { query: `${QUERY}${' '.repeat(10_000)}`, variables: { id: 'p1' } };
    expect(await throughApollo(answers, request(long), staff)).toBe('{"data":{"page":{"id":"p1"}}}\n');
    expect(await answers.answerKnown(request(long), async () => staff)).toBeUndefined();
    const refused = { query: QUERY, variables: { id: 'q1' } };
    expect(await throughApollo(answers, request(refused), staff)).toBeUndefined();
    expect(
      await answers.answerKnown(request({ ...refused, variables: { id: 'p1' } }), async () => staff),
    ).toBeUndefined();
  });
});
