import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../server/src/core/dates.js';
import { providerId } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let manager: Client;
let providerAdmin: Client;

const PLAN = `id status version reason dueDate response overdue submittedAt provider { name } municipality { name } actions { description dueDate }`;
const REQUIRE = `mutation($input: RequireImprovementPlanInput!) { requireImprovementPlan(input: $input) { ${PLAN} } }`;
const SUBMIT = `mutation($input: SubmitImprovementPlanInput!) { submitImprovementPlan(input: $input) { ${PLAN} } }`;
const ACCEPT = `mutation($input: ImprovementPlanDecisionInput!) { acceptImprovementPlan(input: $input) { ${PLAN} } }`;
const CLOSE = `mutation($input: ImprovementPlanDecisionInput!) { closeImprovementPlan(input: $input) { ${PLAN} } }`;
const LIST = `query($status: ImprovementPlanStatus, $first: Int, $after: String) {
  improvementPlans(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status provider { name } } } } }`;
const ONE = `query($id: ID!) { improvementPlan(id: $id) { ${PLAN} } }`;

const inDays = (days: number) => addDays(today(), days);
const codeOf = (result: { errors?: { extensions?: Record<string, any> }[] }) => result.errors?.[0]?.extensions?.code;

async function requirePlan(reason = 'Zwaardere intensiteiten dan vergelijkbare aanbieders (P01, 2024).') {
  const result = await manager(REQUIRE, {
    input: { providerId: providerId('jeugdformaat'), reason, dueDate: inDays(30) },
  });
  if (!result.data?.requireImprovementPlan) throw new Error(JSON.stringify(result.errors));
  return result.data.requireImprovementPlan;
}

const ACTIONS = [
  { description: 'Intake door een tweede behandelaar bij elke hoge intensiteit', dueDate: inDays(60) },
  { description: 'Maandelijkse intervisie op de keuze van intensiteiten', dueDate: inDays(90) },
];

beforeAll(async () => {
  t = await startTestApp();
  manager = t.as('contractmanager@denhaag.example');
  providerAdmin = t.as('admin@jeugdformaat.example');
});
afterAll(() => t?.close());

describe('improvement plans (verbeterplannen)', () => {
  it('a contract manager requires one, the provider admin answers with actions and dates, the contract manager accepts and closes it', async () => {
    const required = await requirePlan();
    expect(required).toMatchObject({
      status: 'REQUIRED',
      version: 1,
      response: null,
      overdue: false,
      provider: { name: 'Stichting Jeugdformaat' },
      municipality: { name: 'Den Haag' },
      actions: [],
    });

    const submitted = await providerAdmin(SUBMIT, {
      input: { id: required.id, version: 1, response: 'Analyse: te snel hoog ingezet.', actions: ACTIONS },
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitImprovementPlan).toMatchObject({
      status: 'SUBMITTED',
      version: 2,
      response: 'Analyse: te snel hoog ingezet.',
      actions: ACTIONS,
    });
    expect(submitted.data!.submitImprovementPlan.submittedAt).toBeTruthy();

    // both see its status
    for (const client of [manager, providerAdmin, t.as('admin@h10.example')]) {
      expect((await client(ONE, { id: required.id })).data!.improvementPlan).toMatchObject({
        status: 'SUBMITTED',
        version: 2,
      });
    }

    // the provider may revise until it is accepted: the actions are replaced
    const revised = await providerAdmin(SUBMIT, {
      input: { id: required.id, version: 2, response: 'Herziene analyse.', actions: ACTIONS.slice(1) },
    });
    expect(revised.data!.submitImprovementPlan).toMatchObject({
      status: 'SUBMITTED',
      version: 3,
      actions: ACTIONS.slice(1),
    });

    const accepted = await manager(ACCEPT, { input: { id: required.id, version: 3 } });
    expect(accepted.data!.acceptImprovementPlan).toMatchObject({ status: 'ACCEPTED', version: 4 });
    const late = await providerAdmin(SUBMIT, {
      input: { id: required.id, version: 4, response: 'Nog een wijziging.', actions: ACTIONS },
    });
    expect(late.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INVALID_TRANSITION' });

    const closed = await manager(CLOSE, { input: { id: required.id, version: 4 } });
    expect(closed.data!.closeImprovementPlan).toMatchObject({ status: 'CLOSED', version: 5 });
    expect(codeOf(await manager(CLOSE, { input: { id: required.id, version: 5 } }))).toBe('RULE_VIOLATION');
  });

  it('refuses a stale version with CONFLICT and the current version, and changes nothing', async () => {
    const plan = await requirePlan();
    await providerAdmin(SUBMIT, { input: { id: plan.id, version: 1, response: 'Eerste antwoord.', actions: ACTIONS } });
    const stale = await providerAdmin(SUBMIT, {
      input: { id: plan.id, version: 1, response: 'Tweede antwoord.', actions: ACTIONS.slice(0, 1) },
    });
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect((await manager(ONE, { id: plan.id })).data!.improvementPlan).toMatchObject({
      version: 2,
      response: 'Eerste antwoord.',
      actions: ACTIONS,
    });
    const staleAccept = await manager(ACCEPT, { input: { id: plan.id, version: 1 } });
    expect(staleAccept.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });

  it('checks roles: only contract managers require and decide, only the provider’s own admin answers', async () => {
    const plan = await requirePlan();
    const input = { providerId: providerId('jeugdformaat'), reason: 'Reden', dueDate: inDays(30) };
    for (const email of ['lokaalteam@denhaag.example', 'admin@jeugdformaat.example', 'admin@h10.example']) {
      expect(codeOf(await t.as(email)(REQUIRE, { input })), email).toBe('FORBIDDEN');
    }
    const answer = { id: plan.id, version: 1, response: 'Antwoord', actions: ACTIONS };
    expect(codeOf(await t.as('staff@jeugdformaat.example')(SUBMIT, { input: answer }))).toBe('FORBIDDEN');
    expect(codeOf(await t.as('admin@incluzio.example')(SUBMIT, { input: answer }))).toBe('NOT_FOUND');
    expect(codeOf(await manager(SUBMIT, { input: answer }))).toBe('FORBIDDEN');
    // accepting needs a submitted plan; another municipality's manager does not see it at all
    expect((await manager(ACCEPT, { input: { id: plan.id, version: 1 } })).errors![0].extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'INVALID_TRANSITION',
    });
    expect(codeOf(await t.as('contractmanager@delft.example')(ACCEPT, { input: { id: plan.id, version: 1 } }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await providerAdmin(ACCEPT, { input: { id: plan.id, version: 1 } }))).toBe('FORBIDDEN');
    expect((await t.as('contractmanager@delft.example')(ONE, { id: plan.id })).data!.improvementPlan).toBeNull();
    expect((await t.as('admin@incluzio.example')(ONE, { id: plan.id })).data!.improvementPlan).toBeNull();
    expect(codeOf(await t.as('staff@jeugdformaat.example')(ONE, { id: plan.id }))).toBe('FORBIDDEN');
  });

  it('validates input and names every wrong field', async () => {
    const past = await manager(REQUIRE, {
      input: { providerId: providerId('jeugdformaat'), reason: '  ', dueDate: '2020-01-01' },
    });
    expect(past.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.reason', message: 'is required' }],
    });
    const inPast = await manager(REQUIRE, {
      input: { providerId: providerId('jeugdformaat'), reason: 'Reden', dueDate: '2020-01-01' },
    });
    expect(inPast.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.dueDate', message: 'is in the past' }],
    });
    const unknown = await manager(REQUIRE, {
      input: { providerId: '00000000-0000-4000-8000-000000000000', reason: 'Reden', dueDate: inDays(10) },
    });
    expect(unknown.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.providerId',
          reason: 'UNKNOWN',
          params: { what: 'provider' },
          message: 'is not a known provider',
        },
      ],
    });

    const plan = await requirePlan();
    const noActions = await providerAdmin(SUBMIT, {
      input: { id: plan.id, version: 1, response: 'Antwoord', actions: [] },
    });
    expect(noActions.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.actions',
          reason: 'EMPTY_LIST',
          params: { what: 'action' },
          message: 'needs at least one action',
        },
      ],
    });
    const badActions = await providerAdmin(SUBMIT, {
      input: {
        id: plan.id,
        version: 1,
        response: 'Antwoord',
        actions: [
          ACTIONS[0],
          { description: 'Te laat', dueDate: '2020-01-01' },
          { description: '', dueDate: inDays(5) },
        ],
      },
    });
    expect(badActions.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(badActions.errors![0].extensions!.fields).toContainEqual({
      field: 'input.actions.2.description',
      reason: 'REQUIRED',
      message: 'is required',
    });
    const pastAction = await providerAdmin(SUBMIT, {
      input: {
        id: plan.id,
        version: 1,
        response: 'Antwoord',
        actions: [{ description: 'Te laat', dueDate: '2020-01-01' }],
      },
    });
    expect(pastAction.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.actions.0.dueDate', message: 'is in the past' }],
    });
    expect((await manager(ONE, { id: plan.id })).data!.improvementPlan).toMatchObject({
      status: 'REQUIRED',
      version: 1,
    });
  });

  it('lists plans per viewer, newest first, in pages', async () => {
    const before = (await manager(LIST, { first: 100 })).data!.improvementPlans.totalCount;
    const a = await requirePlan('Eerste');
    const b = await requirePlan('Tweede');
    const page1 = (await manager(LIST, { first: 1 })).data!.improvementPlans;
    expect(page1.totalCount).toBe(before + 2);
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([b.id]);
    const page2 = (await manager(LIST, { first: 1, after: page1.pageInfo.endCursor })).data!.improvementPlans;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([a.id]);

    const required = (await providerAdmin(LIST, { status: 'REQUIRED', first: 100 })).data!.improvementPlans;
    expect(required.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await t.as('contractmanager@delft.example')(LIST, { first: 100 })).data!.improvementPlans.totalCount).toBe(
      0,
    );
    expect((await t.as('admin@incluzio.example')(LIST, { first: 100 })).data!.improvementPlans.totalCount).toBe(0);
    expect((await t.as('admin@h10.example')(LIST, { first: 100 })).data!.improvementPlans.totalCount).toBe(
      page1.totalCount,
    );
    const forged = await manager(LIST, { first: 1, after: 'bm9uc2Vuc2U' });
    expect(forged.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });
});
