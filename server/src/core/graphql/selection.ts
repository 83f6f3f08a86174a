import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the client asked for any field with one of these names anywhere below the field being
 * resolved (through fragments too): so that a resolver computes costly parts only when they are read.
 */
export function selectsAnyOf(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const search = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === Kind.FIELD) return names.has(s.name.value) || search(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return search(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return search(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}

/**
 * Whether the client asked for the fields along `path` below the field being resolved (through
 * fragments too), e.g. `['familyPlan', 'goals']`: so that a resolver reads only what is shown.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const fieldsNamed = (set: SelectionSetNode | undefined, name: string, seen: Set<string>): SelectionSetNode[] =>
    (set?.selections ?? []).flatMap((s): SelectionSetNode[] => {
      if (s.kind === Kind.FIELD)
        return s.name.value === name ? [s.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }] : [];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsNamed(s.selectionSet, name, seen);
      if (seen.has(s.name.value)) return [];
      seen.add(s.name.value);
      return fieldsNamed(info.fragments[s.name.value]?.selectionSet, name, seen);
    });
  let sets = info.fieldNodes.map((node) => node.selectionSet);
  for (const name of path) {
    sets = sets.flatMap((set) => fieldsNamed(set, name, new Set()));
    if (!sets.length) return false;
  }
  return true;
}
