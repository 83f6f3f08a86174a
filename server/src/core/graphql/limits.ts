import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext } from 'graphql';

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

/** Reports a refused query as a validation error; the limits are documented, not revealed. */
const refuseWith = (message: string) => ({
  exposeLimits: false,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
});

export const limitRules = [
  maxDepthRule({ n: MAX_DEPTH, ...refuseWith('Query refused: it is nested too deeply.') }),
  maxAliasesRule({ n: MAX_ALIASES, ...refuseWith('Query refused: it uses too many aliases.') }),
  costLimitRule({ maxCost: MAX_COST, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ...refuseWith('Query refused: it is too expensive.') }),
];
