import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from '../core/logging/logger.js';
import type { RequestDb } from './request-db.js';

/** A statement's text: prepared statements reach the logger as pg's `{ name, text }`. */
function textOf(query: string | { text: string }): string {
  return typeof query === 'string' ? query : query.text;
}

/**
 * TypeORM's logger hook: counts each request's SQL statements and logs failing or slow ones.
 * Parameters are never logged, since they can hold a youth's personal data.
 */
export class DbLogger implements TypeOrmLogger {
  constructor(private readonly logger?: Logger) {}

  logQuery(_query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    const requestDb = (runner?.data as { requestDb?: RequestDb } | undefined)?.requestDb;
    requestDb?.countStatement();
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    this.loggerOf(runner)?.debug({ err: error, query: textOf(query).slice(0, 500) }, 'query failed');
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    this.loggerOf(runner)?.warn({ ms: time, query: textOf(query).slice(0, 500) }, 'slow query');
  }

  /** The request's logger when the statement belongs to a request, so the line carries its id. */
  private loggerOf(runner?: QueryRunner): Logger | undefined {
    return (runner?.data as { requestDb?: RequestDb } | undefined)?.requestDb?.log ?? this.logger;
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ typeorm: message }, 'typeorm');
  }
}
