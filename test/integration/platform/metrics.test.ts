import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-for-the-test';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ metricsToken: TOKEN });
});
afterAll(() => t?.close());

const scrape = (token?: string) =>
  fetch(`${t.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('/metrics', () => {
  it('shows the operation just called, its errors by code, the pool and the subscriptions', async () => {
    const me = await t.as('lokaalteam@denhaag.example')(`query MetricsProbe { me { id } }`);
    expect(me.data?.me.id).toBeDefined();
    await t.gql(`query MetricsProbeAnonymous { me { id } }`, {}, { token: 'not-a-session-token-at-all' });
    const response = await scrape(TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/samenspel_graphql_requests_total\{operation="MetricsProbe",transport="http"\} 1\n/);
    expect(text).toMatch(/samenspel_graphql_request_duration_seconds_count\{operation="MetricsProbe"\} 1\n/);
    expect(text).toMatch(/samenspel_graphql_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(text).toMatch(/samenspel_db_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/samenspel_db_pool_waiting \d+/);
    expect(text).toMatch(/samenspel_subscriptions_open 0/);
    expect(text).toMatch(/samenspel_jobs\{state="failed"\} \d+/);
  });

  it('answers a scrape without the token, or with a wrong one, with 401 and no figures', async () => {
    for (const token of [undefined, 'wrong-token', `${TOKEN}x`]) {
      const response = await scrape(token);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('samenspel_');
    }
  });

  it('gives a client-chosen operation name a label of its own only in a plain form', async () => {
    await t.gql(`query { __typename }`);
    const text = await (await scrape(TOKEN)).text();
    expect(text).toContain('operation="(anonymous)"');
    expect(t.app.metrics.operationLabel('a"} 1\nfake_metric 2')).toBe('(other)');
  });
});
