import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { sqlStateOf } from './database-errors.js';
import { DomainError, type FieldProblem } from './errors.js';
import type { FieldParams, FieldReason } from './field-reasons.js';

/** What a validation decorator tells about its refusal, besides its message (see `because`). */
interface ReasonContext {
  reason?: FieldReason;
  params?: FieldParams;
}

export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * Flattens class-validator's nested errors into `{ field: 'input.goals.0.description', reason, message }`;
 * a decorator without a reason (e.g. a type check GraphQL already made) is INVALID_VALUE.
 */
export function fieldProblemsFrom(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]): FieldProblem => {
      const { reason = 'INVALID_VALUE', params } = (e.contexts?.[constraint] ?? {}) as ReasonContext;
      return { field, reason, ...(params ? { params } : {}), message };
    });
    return [...own, ...fieldProblemsFrom(e.children ?? [], field)];
  });
}

/** Codes GraphQL-js and Apollo raise before execution; all are the caller's mistake. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * GraphQL-js stops coercing variables after 50 wrong values and adds this error, without a code: the
 * caller's mistake (the 50 errors before it name the fields), not an internal error.
 */
const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables, error limit reached\./;

const isRequestError = (code: unknown, message: string) =>
  (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) || TOO_MANY_VARIABLE_ERRORS.test(message);

/**
 * The field a request error is about, named as the validators name it (`input.goals.0.description`).
 * Variable coercion messages name the offending path, e.g.
 * `Variable "$input" got invalid value "x" at "input.goals[0].targetDate"; ...`; a missing or
 * unknown field of an input object is named in the reason after the path of its object:
 * `... at "input.goals[0]"; Field "description" of required type "String!" was not provided.`
 */
export function fieldFromCoercionMessage(message: string): string | undefined {
  const variable = /^Variable "\$([^"]+)"/.exec(message)?.[1];
  const at = /^Variable "\$[^"]+" got invalid value .*? at "([^"]+)"; /s.exec(message)?.[1];
  const child = /; Field "([^"]*)" (?:of required type "[^"]+" was not provided|is not defined by type "[^"]+")\./.exec(
    message,
  )?.[1];
  const base = at ?? variable;
  if (base) return (child === undefined ? base : `${base}.${child}`).replace(/\[(\d+)\]/g, '.$1');
  return /^Field "([^"]+)" of required type/.exec(message)?.[1];
}

/**
 * The one place where errors become responses: domain errors keep their code and details,
 * request errors become BAD_USER_INPUT, everything else is masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // Two changes collided in the database (deadlock, or a serialization failure): nothing was written.
  const pgCode = sqlStateOf(original);
  if (pgCode === '40001' || pgCode === '40P01') {
    return {
      message: 'Another change was saved at the same moment; nothing was written. Please try again.',
      path: formatted.path,
      extensions: { code: 'CONFLICT' },
    };
  }
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, ...original.extensions },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'UNAUTHENTICATED') return { message: formatted.message, extensions: { code } };
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') {
    return { message: 'You are not allowed to do this.', path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  }
  if (isRequestError(code, formatted.message)) {
    const field = fieldFromCoercionMessage(formatted.message);
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: {
        code: 'BAD_USER_INPUT',
        ...(field ? { fields: [{ field, reason: 'INVALID_VALUE', message: formatted.message }] } : {}),
      },
    };
  }
  return { message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** True when an error will be masked, so the server logs it with its request id. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return false;
  const { extensions, message } = (original ?? {}) as { extensions?: { code?: unknown }; message?: string };
  const code = extensions?.code;
  return !(isRequestError(code, message ?? '') || code === 'UNAUTHENTICATED' || code === 'UNAUTHORIZED');
}
