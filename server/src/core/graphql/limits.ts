import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/** Deepest accepted selection (the trajectory page needs 8). */
export const MAX_DEPTH = 12;
/** Most aliases in one operation. */
export const MAX_ALIASES = 15;
/**
 * Cost budget: each object field costs 2 and each scalar 1, its selection counting 1.5 times per
 * level of depth. The portal's heaviest page (a trajectory with plans, goals, expertise and
 * timeline) costs about 1,500; the budget leaves room for it and refuses queries that multiply
 * lists into each other. Page sizes are capped separately (at most 100), so a page is costed per
 * item, the same whether `first` is written in the query or passed as a variable.
 */
export const MAX_COST = 5000;
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

/** Reports a refused query as a validation error; the limits are documented, not revealed. */
const refuseWith = (message: string) => ({
  exposeLimits: false,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
});

/**
 * The cost of each operation, as documented above. Fragments count as if written out where they
 * are spread; introspection (`__schema`, refused in production anyway) is free.
 */
export const costLimitRule =
  (maxCost: number, message: string): ValidationRule =>
  (context) => {
    const fragmentCosts = new Map<string, number>();
    const costOf = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): number => {
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === '__schema') continue;
          cost += selection.selectionSet
            ? OBJECT_COST + DEPTH_FACTOR * costOf(selection.selectionSet, seen)
            : SCALAR_COST;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          cost += costOf(selection.selectionSet, seen);
        } else {
          const name = selection.name.value;
          const fragment = context.getFragment(name);
          if (!fragment || seen.has(name)) continue; // unknown or cyclic: refused by the standard rules
          if (!fragmentCosts.has(name))
            fragmentCosts.set(name, costOf(fragment.selectionSet, new Set([...seen, name])));
          cost += fragmentCosts.get(name)!;
        }
      }
      return cost;
    };
    return {
      OperationDefinition(operation) {
        if (costOf(operation.selectionSet, new Set()) > maxCost) context.reportError(new GraphQLError(message));
      },
    };
  };

export const limitRules = [
  maxDepthRule({ n: MAX_DEPTH, ...refuseWith('Query refused: it is nested too deeply.') }),
  maxAliasesRule({ n: MAX_ALIASES, ...refuseWith('Query refused: it uses too many aliases.') }),
  costLimitRule(MAX_COST, 'Query refused: it is too expensive.'),
];
