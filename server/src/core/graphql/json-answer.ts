import {
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';

/**
 * Answers written by PostgreSQL: a selection on an object type planned into one SQL expression that
 * builds the field's JSON exactly as GraphQL execution would write it (keys in selection order,
 * aliases, `__typename`, moments as ISO 8601 in UTC), so the server passes the text through instead
 * of parsing rows and walking resolvers. Only what a shape describes is planned; anything else
 * (an unknown field, arguments, directives, a field asked twice) leaves the query to normal execution.
 */

/** How each field of one object type is read, over the SQL alias of that type's row. */
export type JsonShape = Record<string, JsonField>;

export type JsonField =
  /** A scalar or enum: an SQL expression over the row alias. */
  | { scalar: (row: string) => string; uses?: string }
  /** Another object: rows `child` of `from`, the first one (or null). `self`: the same row. */
  | { one: (row: string, child: string) => string; shape: () => JsonShape; uses?: string }
  | { self: () => JsonShape; uses?: string }
  /** A list: rows `child` of `from` in the order of `orderBy`. */
  | {
      many: (row: string, child: string) => string;
      orderBy: (child: string) => string;
      shape: () => JsonShape;
      uses?: string;
    };

export interface JsonPlan {
  sql: string;
  /** The `uses` tags of the fields the selection asked for: which parts the statement must read. */
  uses: Set<string>;
}

/** json_build_object takes at most 100 arguments. */
const MAX_KEYS = 50;

/** A moment as DateTimeScalar writes it (`Date.toISOString()`: milliseconds, UTC). */
const isoMoment = (sql: string) => `to_char((${sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The SQL of the JSON value of `selection` on `type` over row alias `row`, or undefined when the
 * selection asks for more than the shape plans.
 */
export function planJson(
  type: GraphQLObjectType,
  shape: JsonShape,
  selection: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  row: string,
): JsonPlan | undefined {
  const uses = new Set<string>();
  let aliases = 0;
  const objectOf = (type: GraphQLObjectType, shape: JsonShape, selection: SelectionSetNode, row: string) => {
    const pairs: string[] = [];
    const keys = new Set<string>();
    const collect = (set: SelectionSetNode): boolean => {
      for (const node of set.selections) {
        if (node.directives?.length) return false;
        if (node.kind === Kind.INLINE_FRAGMENT) {
          if (node.typeCondition && node.typeCondition.name.value !== type.name) return false;
          if (!collect(node.selectionSet)) return false;
          continue;
        }
        if (node.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments[node.name.value];
          if (!fragment || fragment.typeCondition.name.value !== type.name || fragment.directives?.length) return false;
          if (!collect(fragment.selectionSet)) return false;
          continue;
        }
        const key = node.alias?.value ?? node.name.value;
        if (keys.has(key) || node.arguments?.length || keys.size >= MAX_KEYS) return false;
        keys.add(key);
        const value = fieldSql(type, shape, node.name.value, node.selectionSet, row);
        if (value === undefined) return false;
        pairs.push(`'${key}', ${value}`);
      }
      return true;
    };
    return collect(selection) ? `json_build_object(${pairs.join(', ')})` : undefined;
  };
  const fieldSql = (
    type: GraphQLObjectType,
    shape: JsonShape,
    name: string,
    selection: SelectionSetNode | undefined,
    row: string,
  ): string | undefined => {
    if (name === '__typename') return `'${type.name}'::text`;
    const field = shape[name];
    const definition = type.getFields()[name];
    if (!field || !definition) return undefined;
    if (field.uses) uses.add(field.uses);
    const named = getNamedType(definition.type);
    if ('scalar' in field) {
      if (selection) return undefined;
      return named.name === 'DateTime' ? isoMoment(field.scalar(row)) : field.scalar(row);
    }
    if (!selection || !isObjectType(named)) return undefined;
    if ('self' in field) return objectOf(named, field.self(), selection, row);
    const child = `j${++aliases}`;
    const object = objectOf(named, field.shape(), selection, child);
    if (object === undefined) return undefined;
    if ('one' in field) return `(SELECT ${object} FROM ${field.one(row, child)} LIMIT 1)`;
    return `(SELECT coalesce(json_agg(${object} ORDER BY ${field.orderBy(child)}), '[]') FROM ${field.many(row, child)})`;
  };
  const sql = objectOf(type, shape, selection, row);
  return sql === undefined ? undefined : { sql, uses };
}
