import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../core/logging/logger.js';

/** A statement's text: prepared statements reach the logger as pg's `{ name, text }`. */
function textOf(query: string | { text: string }): string {
  return typeof query === 'string' ? query : query.text;
}

/**
 * TypeORM's logger hook: logs its failing or slow statements (a request's own statements are counted
 * and logged by its RequestDb). Parameters are never logged, since they can hold a youth's personal data.
 */
export class DbLogger implements TypeOrmLogger {
  constructor(private readonly logger?: Logger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger?.debug({ err: error, query: textOf(query).slice(0, 500) }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger?.warn({ ms: time, query: textOf(query).slice(0, 500) }, 'slow query');
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ typeorm: message }, 'typeorm');
  }
}
