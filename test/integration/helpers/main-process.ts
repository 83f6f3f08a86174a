import { spawn, type ChildProcess } from 'node:child_process';
import { findProjectRoot } from '../../../server/src/config.js';

export interface MainProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

const started: ChildProcess[] = [];

/**
 * Starts `server/src/main.ts` as `npm start` does, on an embedded PostgreSQL in `dataDir` (null:
 * the default, `.data` of the project), and resolves with its URL once it says it is running.
 * `ownGroup`: in a process group of its own, as a terminal's foreground job; `cwd`: the project
 * (a copy of it elsewhere).
 */
export async function startMainProcess(
  dataDir: string | null,
  { logLevel = 'info', ownGroup = false, cwd = findProjectRoot() } = {},
): Promise<MainProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: logLevel };
  if (dataDir) env.DATA_DIR = dataDir;
  else delete env.DATA_DIR;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  started.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Samenspel is running at (http:\/\/\S+?)\/? /.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

/** Kills every server started here that is still running (after a failed test). */
export function killMainProcesses(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
