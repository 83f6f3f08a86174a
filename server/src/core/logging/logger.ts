import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Log lines carry ids and codes, never a youth's personal data: GraphQL
 * variables and request bodies are not logged, and the fields below are censored wherever they
 * appear by accident.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
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
  });
}
