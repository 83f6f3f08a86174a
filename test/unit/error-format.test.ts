import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldFromCoercionMessage, formatError, isUnexpected } from '../../server/src/core/errors/format.js';

const schema = buildSchema(`
  input Goal { description: String! targetDate: String }
  input Plan { name: String! goals: [Goal!] ids: [ID!] }
  type Query { ok: Boolean }
  type Mutation { update(input: Plan!, reason: String!): Boolean }
`);

/** The field the formatter names for GraphQL-js's own message about these variables. */
async function fieldFor(variables: Record<string, unknown>): Promise<(string | undefined)[]> {
  const result = await graphql({
    schema,
    source: 'mutation($input: Plan!, $reason: String!) { update(input: $input, reason: $reason) }',
    variableValues: variables,
  });
  return (result.errors ?? []).map((e) => fieldFromCoercionMessage(e.message));
}

describe('the field a GraphQL request error names', () => {
  it('is written like the validators write it: input.goals.0.description, not input.goals[0].description', async () => {
    expect(await fieldFor({ input: { name: 'x', goals: [{ description: 1 }] }, reason: 'r' })).toEqual([
      'input.goals.0.description',
    ]);
    expect(await fieldFor({ input: { name: 'x', ids: ['a', null] }, reason: 'r' })).toEqual(['input.ids.1']);
  });

  it('names a missing required field itself, not the object around it', async () => {
    expect(await fieldFor({ input: { goals: [] }, reason: 'r' })).toEqual(['input.name']);
    expect(await fieldFor({ input: { name: 'x', goals: [{ targetDate: null }] }, reason: 'r' })).toEqual([
      'input.goals.0.description',
    ]);
  });

  it('names an unknown field, also when a similar one is suggested', async () => {
    expect(await fieldFor({ input: { name: 'x', goals: [{ description: 'd', colour: 'red' }] }, reason: 'r' })).toEqual(
      ['input.goals.0.colour'],
    );
    expect(await fieldFor({ input: { nam: 'x' }, reason: 'r' })).toEqual(['input.name', 'input.nam']);
  });

  it('names the variable when the whole variable is wrong', async () => {
    expect(await fieldFor({ input: null, reason: null })).toEqual(['input', 'reason']);
    expect(await fieldFor({ input: 5 })).toEqual(['input', 'reason']);
  });

  it('is BAD_USER_INPUT, not an internal error, when GraphQL-js gives up after 50 wrong values', async () => {
    const result = await graphql({
      schema,
      source: 'mutation($input: Plan!, $reason: String!) { update(input: $input, reason: $reason) }',
      variableValues: { input: { name: 'x', ids: Array.from({ length: 60 }, () => 1.5) }, reason: 'r' },
    });
    const last = result.errors!.at(-1)!;
    expect(last.message).toMatch(/^Too many errors processing variables/);
    const formatted = formatError({ message: last.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, last);
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(isUnexpected(last)).toBe(false);
  });

  it('is not confused by a value that looks like a path', async () => {
    expect(
      await fieldFor({
        input: { name: 'x', goals: [{ description: ' at "input.name"; ' }, { description: 2 }] },
        reason: 'r',
      }),
    ).toEqual(['input.goals.1.description']);
  });
});
