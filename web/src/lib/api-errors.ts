import type { introspection_types } from './graphql/graphql-env.d.ts';
import { isMessageKey, type MessageKey, type Params } from './i18n/translate.js';

/** The contract's `extensions.code` values, plus INTERNAL for masked or network failures. */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RULE_VIOLATION' | 'INTERNAL';

/** The schema's RuleName enum: each names a rule of the domain, explained in the catalogue as `rule.<name>`. */
export type RuleName = introspection_types['RuleName']['enumValues'];

/** Every rule, checked against the schema: a rule added or dropped there fails the type check here. */
const RULES: Record<RuleName, true> = {
  ONE_RESPONSIBLE_PROVIDER: true,
  SUBCONTRACT_REQUIRED: true,
  ACCEPTANCE_OBLIGATION: true,
  OUTCOME_REQUIRED: true,
  TARIFF_CEILING: true,
  IMMUTABLE: true,
  INVALID_TRANSITION: true,
  COLLECTIVE_RESPONSIBILITY: true,
  CONSORTIUM_MEMBER_REQUIRED: true,
  LEGAL_HOLD: true,
  ERASED: true,
};
const isRuleName = (value: unknown): value is RuleName => typeof value === 'string' && Object.hasOwn(RULES, value);

/** A wrong field as the API names it: path, reason code (server/src/core/errors/field-reasons.ts), English text. */
export interface FieldProblem {
  field: string;
  reason?: string;
  params?: Params;
  message: string;
}

/** What is wrong with a field: our own words (a message key), or the API's own (in English). */
export type FieldMessage = { key: MessageKey; params?: Params } | { api: string };

/** The API's field problem in the user's language: by its reason, or its English text for a reason we do not know. */
export function fieldMessageOf(problem: FieldProblem): FieldMessage {
  const key = `apiField.${problem.reason}`;
  return problem.reason && isMessageKey(key) ? { key, params: problem.params } : { api: problem.message };
}

/** An API error as plain data, so form actions can return it to the page. */
export interface ApiErrorInfo {
  code: ErrorCode;
  rule?: RuleName;
  fields?: FieldProblem[];
  currentVersion?: number;
  /** e.g. THROTTLED on a refused sign-in. */
  reason?: string;
  /** With THROTTLED: how long to wait before trying again. */
  retryAfterSeconds?: number;
}

const KNOWN_CODES: ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RULE_VIOLATION',
];

/** Reads a GraphQL error's extensions; anything unexpected becomes INTERNAL (its text is never shown). */
export function apiErrorFrom(extensions: Record<string, unknown> | undefined): ApiErrorInfo {
  const code = extensions?.code;
  if (!KNOWN_CODES.includes(code as ErrorCode)) return { code: 'INTERNAL' };
  const info: ApiErrorInfo = { code: code as ErrorCode };
  if (isRuleName(extensions?.rule)) info.rule = extensions.rule;
  if (Array.isArray(extensions?.fields)) info.fields = extensions.fields as FieldProblem[];
  if (typeof extensions?.currentVersion === 'number') info.currentVersion = extensions.currentVersion;
  if (typeof extensions?.reason === 'string') info.reason = extensions.reason;
  if (typeof extensions?.retryAfterSeconds === 'number') info.retryAfterSeconds = extensions.retryAfterSeconds;
  return info;
}

export interface ErrorDescription {
  message: MessageKey;
  params?: Params;
  /** For a refused rule: the rule in plain language. */
  explanation?: MessageKey;
}

/** What to tell the user about an API error, as message keys for the current language. */
export function describeApiError(error: ApiErrorInfo): ErrorDescription {
  switch (error.code) {
    case 'CONFLICT':
      return { message: 'error.CONFLICT', params: { version: error.currentVersion ?? '?' } };
    case 'RULE_VIOLATION':
      return { message: 'error.RULE_VIOLATION', explanation: error.rule && `rule.${error.rule}` };
    default:
      return { message: `error.${error.code}` };
  }
}
