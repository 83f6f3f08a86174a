import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Fields of database errors that carry values or a connection: the statement's parameters
 * (TypeORM), the server's detail ("Failing row contains (...)", "Key (...)=(...) already exists"),
 * and the pg client that pg-boss attaches to a dropped connection's error (its whole state, with
 * the key that cancels that connection's queries).
 */
const VALUE_FIELDS = new Set(['parameters', 'detail', 'client']);

/** A serialized error, at any depth (driverError, originalError, cause), without the values. */
function withoutValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutValues);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VALUE_FIELDS.has(key))
      .map(([key, field]) => [key, withoutValues(field)]),
  );
}

/**
 * Structured JSON logs. Log lines carry ids and codes, never a youth's personal data: GraphQL
 * variables, request bodies and statement parameters are not logged, and the fields below are
 * censored wherever they appear by accident.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: { err: (error: Error) => withoutValues(pino.stdSerializers.err(error)) },
    base: { service: 'samenspel' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        'variables',
        '*.variables',
        'initials',
        '*.initials',
        'youthInitials',
        '*.youthInitials',
        'birthDate',
        '*.birthDate',
        'youthBirthDate',
        '*.youthBirthDate',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Portal pages opened by a one-time link carry their token in the path: the log gets the route. */
const TOKEN_IN_PATH = /^\/(vragenlijst|inzage)\/[^/]+/;
export const loggablePath = (path: string): string => path.replace(TOKEN_IN_PATH, '/$1/[token]');
