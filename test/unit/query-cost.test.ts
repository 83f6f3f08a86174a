import { readFileSync } from 'node:fs';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimitRule } from '../../server/src/core/graphql/limits.js';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
/** Whether `query` fits a budget of `budget`. */
const fits = (query: string, budget: number) =>
  validate(schema, parse(query), [...specifiedRules, costLimitRule(budget, 'too expensive')]).length === 0;
/** The cost of `query`, rounded up: the smallest whole budget it fits. */
function costOf(query: string): number {
  let [low, high] = [0, 100_000];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fits(query, middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

const planFields = 'id status reason provider { id name } actions { id description dueDate }';

describe('query cost', () => {
  it('counts scalars 1 and objects 2, an object’s selection 1.5 times per level', () => {
    expect(costOf('{ municipalities { id name } }')).toBe(2 + 1.5 * 2);
    expect(costOf('{ municipalities { id areas { id name } } }')).toBe(2 + 1.5 * (1 + 2 + 1.5 * 2));
  });

  it('costs a page the same whether its size is written in the query or passed as a variable', () => {
    const literal = costOf(`{ improvementPlans(first: 100) { totalCount edges { node { ${planFields} } } } }`);
    const variable = costOf(
      `query ($first: Int!) { improvementPlans(first: $first) { totalCount edges { node { ${planFields} } } } }`,
    );
    expect(literal).toBe(variable);
    expect(literal).toBeLessThan(200);
  });

  it('costs a fragment as if it were written out where it is spread', () => {
    const written = costOf(`{ improvementPlans(first: 10) { edges { node { ${planFields} } } } }`);
    const spread = costOf(
      `{ improvementPlans(first: 10) { edges { node { ...F } } } } fragment F on ImprovementPlan { ${planFields} }`,
    );
    const inline = costOf(
      `{ improvementPlans(first: 10) { edges { node { ... on ImprovementPlan { ${planFields} } } } } }`,
    );
    expect(spread).toBe(written);
    expect(inline).toBe(written);
  });
});
