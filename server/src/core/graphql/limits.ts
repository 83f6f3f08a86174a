import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';

/** Deepest accepted selection (the trajectory page needs 8). */
export const MAX_DEPTH = 12;
/** Most aliases in one operation. */
export const MAX_ALIASES = 15;
/**
 * Cost budget: each object field costs 2 and each scalar 1, multiplied by 1.5 per level of depth.
 * The portal's heaviest page (a trajectory with plans, goals, expertise and timeline) costs about
 * 1,500; the budget leaves room for it and refuses queries that multiply lists into each other.
 */
export const MAX_COST = 5000;

// The limits are documented here and in the README, not in error messages.
export const limitRules = [
  maxDepthRule({ n: MAX_DEPTH, exposeLimits: false, errorMessage: 'Query refused: it is nested too deeply.' }),
  maxAliasesRule({ n: MAX_ALIASES, exposeLimits: false, errorMessage: 'Query refused: it uses too many aliases.' }),
  costLimitRule({
    maxCost: MAX_COST,
    objectCost: 2,
    scalarCost: 1,
    depthCostFactor: 1.5,
    exposeLimits: false,
    errorMessage: 'Query refused: it is too expensive.',
  }),
];
