import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { currentPic, DEN_HAAG, providerId } from '../helpers/care.js';
import { killMainProcesses, startMainProcess } from '../helpers/main-process.js';
import { DEMO_PASSWORD, postGraphQL } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';

const dataDirs: string[] = [];

afterAll(async () => {
  killMainProcesses();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

const REFER = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;

interface Outcome {
  requestId: string;
  startedAt: number;
  kind: 'write' | 'read';
  ok: boolean;
  refused: boolean;
  id?: string;
  error?: string;
}

/** The server's own account of each request: received by the handler, and finished with a status. */
function serverLog(output: string) {
  const received = new Set<string>();
  const finished = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; requestId?: string; status?: number };
    if (entry.msg === 'request received' && entry.requestId) received.add(entry.requestId);
    if (entry.msg === 'request' && entry.requestId) finished.set(entry.requestId, entry.status!);
  }
  return { received, finished };
}

/**
 * How the server is stopped: SIGTERM to its process (a process manager), or Ctrl-C in the terminal,
 * which sends SIGINT to the whole foreground process group — PostgreSQL must not get it.
 */
const STOPS = [
  { name: 'SIGTERM to the server', ownGroup: false, stop: (child: ChildProcess) => child.kill('SIGTERM') },
  {
    name: 'Ctrl-C to its process group',
    ownGroup: true,
    stop: (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT'),
  },
];

describe('stopping under load', () => {
  it.each(STOPS)(
    '$name: finishes every request in flight, refuses new ones, closes subscriptions with 1001, and loses no acknowledged write',
    async ({ ownGroup, stop: stopServer }) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'samenspel-drain-'));
      dataDirs.push(dataDir);
      const server = await startMainProcess(dataDir, { logLevel: 'debug', ownGroup });
      const login = async (email: string) =>
        (
          await postGraphQL<any>(
            server.url,
            `mutation { login(input: { email: "${email}", password: "${DEMO_PASSWORD}" }) { token } }`,
          )
        ).data.login.token as string;
      const referrer = await login('lokaalteam@denhaag.example');

      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      const closeCode = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      await new Promise((resolve) => socket.on('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${referrer}` } }));

      const outcomes: Outcome[] = [];
      let stop = false;
      let n = 0;
      const worker = async (w: number) => {
        while (!stop) {
          const kind = (n++ + w) % 2 ? 'write' : 'read';
          const startedAt = Date.now();
          const requestId = `load-${w}-${n}`;
          try {
            const response = await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${referrer}`,
                'x-request-id': requestId,
              },
              body: JSON.stringify(
                kind === 'write'
                  ? {
                      query: REFER,
                      variables: {
                        input: {
                          municipalityId: DEN_HAAG,
                          referrerType: 'LOCAL_TEAM',
                          picId: currentPic('P01'),
                          providerId: providerId('jeugdformaat'),
                          youthInitials: 'Z.Z.',
                          youthBirthDate: '2015-01-01',
                          question: `Belasting ${w}`,
                        },
                      },
                    }
                  : { query: '{ trajectories(first: 20) { totalCount edges { node { id status } } } }' },
              ),
            });
            const body = (await response.json()) as any;
            const ok = response.status === 200 && !body.errors;
            outcomes.push({
              requestId,
              startedAt,
              kind,
              ok,
              refused: response.status === 503,
              id: body.data?.createReferral?.id,
              error: ok ? undefined : JSON.stringify(body).slice(0, 200),
            });
          } catch (error) {
            outcomes.push({ requestId, startedAt, kind, ok: false, refused: true, error: String(error) }); // no answer: checked against the server's log below
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      };
      const workers = Array.from({ length: 6 }, (_, w) => worker(w));
      // under load long enough for what is checked below, however slow the machine
      await waitUntil(
        () =>
          outcomes.filter((o) => o.ok).length > 30 && outcomes.filter((o) => o.kind === 'write' && o.ok).length > 10,
        60_000,
      );
      const sigtermAt = Date.now();
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      stopServer(server.child);
      expect(await exited).toBe(0);
      stop = true;
      await Promise.all(workers);

      // every request the server took on (also those in flight at SIGTERM) finished successfully and
      // its answer reached the client; what it did not take on was refused (503, or no connection)
      const log = server.output();
      const { received, finished } = serverLog(log);
      expect(received.size).toBeGreaterThan(20);
      expect(outcomes.filter((o) => o.startedAt < sigtermAt && received.has(o.requestId)).length).toBeGreaterThan(10);
      for (const requestId of received) expect(finished.get(requestId), requestId).toBe(200);
      for (const o of outcomes) {
        if (received.has(o.requestId)) expect(o.ok, `${o.requestId}: ${o.error}`).toBe(true);
        else expect(o.refused, `${o.requestId}: ${o.error}`).toBe(true);
      }
      expect(await closeCode).toBe(1001);

      // PostgreSQL was stopped last: after the HTTP server and the pool
      expect(log.indexOf('"msg":"embedded PostgreSQL stopped"')).toBeGreaterThan(log.indexOf('"msg":"shutting down"'));
      expect(log.lastIndexOf('"msg":"request"')).toBeLessThan(log.indexOf('"msg":"embedded PostgreSQL stopped"'));

      // every acknowledged write is in the database after a restart
      const acknowledged = outcomes.filter((o) => o.kind === 'write' && o.ok).map((o) => o.id!);
      expect(acknowledged.length).toBeGreaterThan(5);
      const again = await startMainProcess(dataDir);
      const token = (
        await postGraphQL<any>(
          again.url,
          `mutation { login(input: { email: "lokaalteam@denhaag.example", password: "${DEMO_PASSWORD}" }) { token } }`,
        )
      ).data.login.token;
      for (const id of acknowledged) {
        const found = await postGraphQL<any>(
          again.url,
          `query($id: ID!) { trajectory(id: $id) { id } }`,
          { id },
          { token },
        );
        expect(found.data.trajectory?.id, id).toBe(id);
      }
      const stopped = new Promise((resolve) => again.child.once('exit', resolve));
      again.child.kill('SIGTERM');
      await stopped;
    },
    120_000,
  );
});
