import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

function rootFieldCount(selectionSet: SelectionSetNode, context: ValidationContext): number {
  return selectionSet.selections.reduce((n, selection) => {
    if (selection.kind === Kind.FIELD) return n + (selection.name.value === '__typename' ? 0 : 1);
    if (selection.kind === Kind.INLINE_FRAGMENT) return n + rootFieldCount(selection.selectionSet, context);
    const fragment = context.getFragment(selection.name.value);
    return n + (fragment ? rootFieldCount(fragment.selectionSet, context) : 0);
  }, 0);
}

/**
 * One mutation per request: the request's transaction is the mutation's transaction, so a
 * refused mutation leaves nothing behind (the HTTP layer rolls back when a mutation errs).
 */
export function singleMutationRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'mutation' && rootFieldCount(node.selectionSet, context) > 1) {
        context.reportError(
          new GraphQLError('Send one mutation per request; each mutation is its own transaction.', { nodes: [node] }),
        );
      }
    },
  };
}
