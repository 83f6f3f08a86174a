import {
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { BadUserInputError, fieldProblem, type FieldProblem } from '../errors/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Ids are UUIDs; anything else is the caller's mistake, reported on the field it came from. */
export function assertId(value: string, field: string): string {
  if (!isUuid(value)) throw BadUserInputError.field(field, 'INVALID_ID');
  return value.toLowerCase();
}

/**
 * Every value of type `ID` in a field's arguments that is not a UUID, wherever it sits: an argument,
 * a field of an input object, an element of a list. Named as the validators name fields
 * (`toProviderId`, `input.profileIds.2`), so no id reaches the database malformed.
 */
export function invalidIds(args: readonly GraphQLArgument[], values: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    if (type instanceof GraphQLNonNull) return walk(type.ofType, value, path);
    if (type instanceof GraphQLList) {
      if (Array.isArray(value)) value.forEach((element, i) => walk(type.ofType, element, `${path}.${i}`));
      else walk(type.ofType, value, path); // GraphQL takes a single value for a list of one
    } else if (type instanceof GraphQLInputObjectType) {
      const fields = value as Record<string, unknown>;
      for (const field of Object.values(type.getFields()))
        walk(field.type, fields[field.name], `${path}.${field.name}`);
    } else if (isScalarType(type) && type.name === 'ID' && !isUuid(value)) {
      problems.push(fieldProblem(path, 'INVALID_ID'));
    }
  };
  for (const arg of args) walk(arg.type, values[arg.name], arg.name);
  return problems;
}
