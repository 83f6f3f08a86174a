import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../server/src/core/logging/logger.js';

/**
 * Every server a test starts logs here, at debug level, one file per logger, so that the last step
 * of `npm test` (test/suite-logs) can search the logs of the whole suite for tokens, passwords and
 * BSNs. TEST_LOG_LEVEL also shows them on the console.
 */
export const SUITE_LOG_DIR = fileURLToPath(new URL('../../test-results/suite-logs/', import.meta.url));

/** At the start of a run: the previous run's logs go. */
export function clearSuiteLogs(): void {
  rmSync(SUITE_LOG_DIR, { recursive: true, force: true });
  mkdirSync(SUITE_LOG_DIR, { recursive: true });
}

let opened = 0;

export function suiteLogger(name: string): Logger {
  const file = pino.destination({
    dest: `${SUITE_LOG_DIR}${name}-${process.pid}-${++opened}.jsonl`,
    sync: true,
    mkdir: true,
  });
  const consoleLevel = process.env.TEST_LOG_LEVEL;
  if (!consoleLevel || consoleLevel === 'silent') return createLogger('debug', file);
  return createLogger(
    'debug',
    pino.multistream([
      { level: 'debug', stream: file },
      { level: consoleLevel as pino.Level, stream: process.stdout },
    ]),
  );
}
