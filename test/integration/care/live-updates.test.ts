import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { subscribe } from '../helpers/subscriptions.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';

let a: TestApp;
let b: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  a = await startTestApp();
  // a second server instance on the same database, as behind a load balancer
  b = await startTestApp({ database: a.db });
  referrer = a.as('lokaalteam@denhaag.example');
  jeugdformaat = a.as('staff@jeugdformaat.example');
});
afterAll(async () => {
  await b?.app.close();
  await a?.close();
});

const UPDATED = `subscription($id: ID!) { trajectoryUpdated(id: $id) { id status familyPlan { version question } timeline { kind } } }`;

describe('live updates through PostgreSQL LISTEN/NOTIFY', () => {
  it('a change made through one instance reaches a subscriber connected to another', async () => {
    const trajectory = await refer(referrer);
    const sub = subscribe(b.url, await b.login('lokaalteam@denhaag.example'), UPDATED, { id: trajectory.id });
    try {
      await waitUntil(() => b.app.notifier.listenerCount(trajectory.id) === 1);
      await accept(jeugdformaat, trajectory.id);
      const first: any = await sub.next();
      expect(first.trajectoryUpdated).toMatchObject({ id: trajectory.id, status: 'ACTIVE' });

      await referrer(`mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`, {
        input: { id: trajectory.familyPlan.id, version: 1, question: 'Nieuwe vraag' },
      });
      const second: any = await sub.next();
      expect(second.trajectoryUpdated.familyPlan).toEqual({ version: 2, question: 'Nieuwe vraag' });
      expect(second.trajectoryUpdated.timeline.at(-1).kind).toBe('FAMILY_PLAN_UPDATED');
    } finally {
      await sub.close();
    }
  });

  it('a subscriber that loses access stops receiving: its subscription completes', async () => {
    const trajectory = await accept(jeugdformaat, (await refer(referrer, { profile: 'P02' })).id);
    const request = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: trajectory.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Meekijken?',
      },
    });
    const duinzicht = a.as('staff@duinzicht.example');
    await duinzicht(RESPOND, { input: { id: request.data!.requestExpertise.id, accept: true } });
    const sub = subscribe(b.url, await b.login('staff@duinzicht.example'), UPDATED, { id: trajectory.id });
    try {
      await waitUntil(() => b.app.notifier.listenerCount(trajectory.id) === 1);
      await duinzicht(`mutation($id: ID!) { completeExpertiseRequest(id: $id) { status } }`, {
        id: request.data!.requestExpertise.id,
      });
      await sub.completed;
      expect(sub.received).toEqual([]);
    } finally {
      await sub.close();
    }
  });

  it('refuses to subscribe to a family the viewer cannot see, and a connection without a session', async () => {
    const trajectory = await refer(referrer);
    const sub = subscribe(b.url, await b.login('staff@parnassia.example'), UPDATED, { id: trajectory.id });
    await sub.completed;
    expect(sub.received).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] }]);
    await sub.close();

    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url: b.url.replace('http', 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: { closed: (e) => resolve((e as { code: number }).code) },
      });
      client.subscribe({ query: UPDATED, variables: { id: trajectory.id } }, { next() {}, error() {}, complete() {} });
    });
    expect(closed).toBe(4403);
  });

  it('keeps delivering after the LISTEN connection is killed: it reconnects and listens again', async () => {
    const trajectory = await refer(referrer);
    const sub = subscribe(b.url, await b.login('lokaalteam@denhaag.example'), UPDATED, { id: trajectory.id });
    try {
      await waitUntil(() => b.app.notifier.listenerCount(trajectory.id) === 1);
      const pid = await b.app.notifier.backendPid();
      await a.admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
      await waitUntil(async () => b.app.notifier.listening && (await b.app.notifier.backendPid()) !== pid);
      await accept(jeugdformaat, trajectory.id);
      const update: any = await sub.next();
      expect(update.trajectoryUpdated.status).toBe('ACTIVE');
    } finally {
      await sub.close();
    }
  });
});
