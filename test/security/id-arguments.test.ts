import { getNamedType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../server/src/schema.js';
import { addDays, today } from '../../server/src/core/dates.js';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';
import { applyEdits, documentFor, pathName, positionsOf } from '../integration/reliability/helpers/hostile.js';
import type { FixtureContext } from '../integration/reliability/helpers/mutation-cases.js';
import { QUERY_CASES } from '../integration/reliability/helpers/query-cases.js';

const schema = await createSchema();

let t: TestApp;
let ctx: FixtureContext;
beforeAll(async () => {
  t = await startTestApp();
  ctx = {
    t,
    as: (email) => t.as(email),
    inDays: (days) => addDays(today(), days),
  };
});
afterAll(() => t?.close());

/** Not a uuid, in the shapes that reach PostgreSQL's uuid parser (22P02) when nothing checks them. */
const MALFORMED = ["6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f' OR '1'='1", 'not-an-id', '42'];

describe('malformed ids', () => {
  it('a malformed id in any ID argument of any query or field is refused as BAD_USER_INPUT naming it, never a server error', async () => {
    const checked: string[] = [];
    for (const [key, c] of Object.entries(QUERY_CASES)) {
      const [typeName, fieldName] = key.split('.');
      const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName];
      const document = c.document ?? documentFor(field, 'query');
      const valid = await c.setup(ctx);
      const idPositions = positionsOf(field.args).filter((p) => getNamedType(p.type).name === 'ID');
      for (const position of idPositions) {
        for (const value of MALFORMED) {
          const { variables } = applyEdits(valid.variables, [{ op: 'set', path: position.path, value, label: '' }]);
          const r = await t.as(valid.as!)(document, variables);
          const name = pathName(position.path);
          expect(r.status, `${key}(${name}: ${value})`).toBeLessThan(500);
          expect(r.errors?.[0].extensions, `${key}(${name}: ${value})`).toMatchObject({
            code: 'BAD_USER_INPUT',
            fields: [{ field: name, reason: 'INVALID_ID' }],
          });
          checked.push(`${key}.${name}`);
        }
      }
    }
    expect(checked).toContain('Query.sentExpertiseRequests.toProviderId');
    expect(checked).toContain('Query.trajectories.filter.providerId');
  });

  it('sentExpertiseRequests(toProviderId) with an injection string is BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const r = await t.as('staff@jeugdformaat.example')(
      `query($to: ID) { sentExpertiseRequests(toProviderId: $to) { id } }`,
      { to: "x' OR '1'='1" },
    );
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'toProviderId', reason: 'INVALID_ID', message: 'is not a valid id' }],
    });
  });
});

describe('a transfer of responsibility', () => {
  it('a former main contractor withdrawing an expertise request after the transfer (or completing one) is refused by the one-responsible-provider rule', async () => {
    const referrer = t.as('lokaalteam@denhaag.example');
    const jeugdformaat = t.as('staff@jeugdformaat.example');
    const parnassia = t.as('staff@parnassia.example');
    const trajectory = await accept(jeugdformaat, (await refer(referrer, { profile: 'P02' })).id);
    const ask = async () => {
      const r = await jeugdformaat(REQUEST_EXPERTISE, {
        input: {
          trajectoryId: trajectory.id,
          providerId: providerId('duinzicht'),
          mode: 'CONSULTATION',
          question: 'Graag een consult.',
        },
      });
      return r.data!.requestExpertise.id as string;
    };
    const requestId = await ask();
    const acceptedId = await ask();
    const answered = await t.as('staff@duinzicht.example')(RESPOND, { input: { id: acceptedId, accept: true } });
    expect(answered.errors).toBeUndefined();
    const offered = await jeugdformaat(
      `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`,
      { input: { trajectoryId: trajectory.id, toProviderId: providerId('parnassia'), reason: 'Verhuizing.' } },
    );
    expect(offered.errors).toBeUndefined();
    const { rows } = await t.admin.query(
      `SELECT id FROM responsibility_transfer WHERE trajectory_id = $1 AND status = 'PENDING'`,
      [trajectory.id],
    );
    const accepted = await parnassia(
      `mutation($input: RespondToTransferInput!) { respondToTransfer(input: $input) { responsibleProvider { name } } }`,
      { input: { id: rows[0].id, accept: true } },
    );
    expect(accepted.data!.respondToTransfer.responsibleProvider.name).toBe('Parnassia Groep');

    const WITHDRAW = `mutation($id: ID!) { withdrawExpertiseRequest(id: $id) { status } }`;
    const former = await jeugdformaat(WITHDRAW, { id: requestId });
    expect(former.errors?.[0].extensions).toEqual({ code: 'RULE_VIOLATION', rule: 'ONE_RESPONSIBLE_PROVIDER' });
    expect(former.errors![0].message).toMatch(/no longer responsible/);
    const completed = await jeugdformaat(`mutation($id: ID!) { completeExpertiseRequest(id: $id) { status } }`, {
      id: acceptedId,
    });
    expect(completed.errors?.[0].extensions).toEqual({ code: 'RULE_VIOLATION', rule: 'ONE_RESPONSIBLE_PROVIDER' });
    const { rows: after } = await t.admin.query(
      `SELECT status FROM expertise_request WHERE id = ANY($1) ORDER BY status DESC`,
      [[requestId, acceptedId]],
    );
    expect(after.map((r) => r.status)).toEqual(['REQUESTED', 'ACCEPTED']);

    // the provider responsible now decides about the request
    const current = await parnassia(WITHDRAW, { id: requestId });
    expect(current.errors).toBeUndefined();
    expect(current.data!.withdrawExpertiseRequest.status).toBe('WITHDRAWN');
  });
});
