import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../server/src/core/logging/logger.js';

/**
 * Every server a test starts logs here, at debug level, one file per logger, so that the last step
 * of `npm test` (test/suite-logs) can search the logs of the whole suite for tokens, passwords and
 * BSNs. Each run has a folder of its own (runs side by side in one checkout do not mix); its path
 * reaches the test workers through the environment. TEST_LOG_LEVEL also shows them on the console.
 */
const SUITE_LOGS = fileURLToPath(new URL('../../test-results/suite-logs/', import.meta.url));
const RUN_VARIABLE = 'SAMENSPEL_SUITE_LOG_DIR';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** At the start of a run (global setup): this run's folder; the folders of runs that ended go. */
export function startSuiteLogs(): void {
  mkdirSync(SUITE_LOGS, { recursive: true });
  for (const name of readdirSync(SUITE_LOGS)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || !alive(pid)) rmSync(join(SUITE_LOGS, name), { recursive: true, force: true });
  }
  const dir = join(SUITE_LOGS, `run-${process.pid}`);
  mkdirSync(dir);
  process.env[RUN_VARIABLE] = dir;
}

/** This run's log folder; only a run started by vitest with its global setup has one. */
export function suiteLogDir(): string {
  const dir = process.env[RUN_VARIABLE];
  if (!dir) throw new Error(`${RUN_VARIABLE} is not set: run the tests with vitest (npm test)`);
  return dir;
}

let opened = 0;

export function suiteLogger(name: string): Logger {
  const file = pino.destination({
    dest: join(suiteLogDir(), `${name}-${process.pid}-${++opened}.jsonl`),
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
