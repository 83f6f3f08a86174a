import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../core/logging/logger.js';

/** A statement's text: prepared statements reach the logger as pg's `{ name, text }`. */
function textOf(query: string | { text: string }): string {
  return typeof query === 'string' ? query : query.text;
}

/** Statements slower than this are logged (without parameters). */
export const SLOW_QUERY_MS = Number(process.env.SLOW_QUERY_MS) || 1000;

/** The line of a failed statement: its text (the start of it), never its parameters. */
export function logFailedQuery(logger: Logger | undefined, error: unknown, query: string | { text: string }): void {
  logger?.debug({ err: error, query: textOf(query).slice(0, 500) }, 'query failed');
}

/** The line of a statement slower than `SLOW_QUERY_MS`. */
export function logSlowQuery(logger: Logger | undefined, ms: number, query: string | { text: string }): void {
  logger?.warn({ ms, query: textOf(query).slice(0, 500) }, 'slow query');
}

/**
 * TypeORM's logger hook: logs its failing or slow statements (a request's own statements are counted
 * and logged by its RequestDb). Parameters are never logged, since they can hold a youth's personal data.
 */
export class DbLogger implements TypeOrmLogger {
  constructor(private readonly logger?: Logger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    logFailedQuery(this.logger, error, query);
  }

  logQuerySlow(time: number, query: string): void {
    logSlowQuery(this.logger, time, query);
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ typeorm: message }, 'typeorm');
  }
}
