import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../../server/src/core/dates.js';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let jeugdformaat: Client;
let jeugdformaatAdmin: Client;
let region: Client;
const today = dayOf(new Date());
beforeAll(async () => {
  t = await startTestApp();
  jeugdformaat = t.as('staff@jeugdformaat.example');
  jeugdformaatAdmin = t.as('admin@jeugdformaat.example');
  region = t.as('admin@h10.example');
});
afterAll(() => t?.close());

const REGISTER = `mutation($input: RegisterDeliveredUnitsInput!) { registerDeliveredUnits(input: $input) { productCode unitCode quantity priceCents amountCents } }`;
const SET_PRICE = `mutation($input: SetProductPriceInput!) { setProductPrice(input: $input) { productCode name unitCode priceCents validFrom validUntil } }`;
const PRICES = `{ productPrices { productCode priceCents validFrom validUntil } }`;
const PAYOUTS = `query($from: Date!, $to: Date!) { subcontractPayouts(from: $from, to: $to) { from to amountCents subcontract { id } subcontractor { name } payment { from to amountCents paidOn reference } } }`;
const MARK_PAID = `mutation($input: MarkPayoutPaidInput!) { markPayoutPaid(input: $input) { amountCents payment { paidOn reference amountCents } } }`;

async function activeEffortTrajectory(): Promise<string> {
  const trajectory = await accept(jeugdformaat, (await refer(t.as('lokaalteam@denhaag.example'), {})).id);
  await t.admin.query(`UPDATE trajectory SET funding_variant = 'EFFORT' WHERE id = $1`, [trajectory.id]);
  return trajectory.id;
}

describe('PxQ: delivered units and their amount', () => {
  it('each registration shows its amount, units × the price of the delivery date', async () => {
    const id = await activeEffortTrajectory();
    const r = await jeugdformaat(REGISTER, {
      input: { trajectoryId: id, productCode: 'JGGZ01', quantity: 3, deliveredOn: today },
    });
    expect(r.data!.registerDeliveredUnits).toEqual({
      productCode: 'JGGZ01',
      unitCode: '04',
      quantity: 3,
      priceCents: 11_250,
      amountCents: 33_750,
    });
    const listed = await jeugdformaat(`query($id: ID!) { trajectory(id: $id) { deliveredUnits { amountCents } } }`, {
      id,
    });
    expect(listed.data!.trajectory.deliveredUnits).toEqual([{ amountCents: 33_750 }]);
  });
});

describe('the PxQ price list', () => {
  it('the region adds a price version from a date; the price in force ends the day before', async () => {
    const from = addDays(today, 30);
    const r = await region(SET_PRICE, {
      input: {
        productCode: 'JGGZ01',
        name: 'Jeugd-GGZ behandeling',
        unitCode: '04',
        priceCents: 11_900,
        validFrom: from,
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.setProductPrice).toMatchObject({ priceCents: 11_900, validFrom: from, validUntil: null });
    const versions = (await region(PRICES)).data!.productPrices.filter((p: any) => p.productCode === 'JGGZ01');
    expect(versions.at(-2)).toMatchObject({ priceCents: 11_250, validUntil: addDays(from, -1) });
  });

  it('a price in force is never rewritten: a new version starting today is refused (IMMUTABLE)', async () => {
    const r = await region(SET_PRICE, {
      input: { productCode: 'JDAG01', name: 'Dagbehandeling', unitCode: '16', priceCents: 1, validFrom: today },
    });
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
  });

  it('refuses a unit outside WJ756 and a price for anyone but the region', async () => {
    const input = { productCode: 'NEW01', name: 'Nieuw', unitCode: '99', priceCents: 100, validFrom: today };
    const bad = await region(SET_PRICE, { input });
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.unitCode', reason: 'NOT_A_UNIT_CODE' }],
    });
    const forbidden = await jeugdformaatAdmin(SET_PRICE, { input: { ...input, unitCode: '04' } });
    expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
    const { rows } = await t.admin.query(`SELECT 1 FROM product_price WHERE product_code = 'NEW01'`);
    expect(rows).toEqual([]);
  });
});

describe('marking a subcontract payout paid', () => {
  /** An expertise request of Jeugdformaat accepted today by its subcontractor Duinzicht. */
  async function acceptedSubcontractRequest() {
    const trajectory = await accept(
      jeugdformaat,
      (await refer(t.as('lokaalteam@denhaag.example'), { profile: 'P06' })).id,
    );
    const request = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: trajectory.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Vraag',
      },
    });
    await t.as('staff@duinzicht.example')(RESPOND, { input: { id: request.data!.requestExpertise.id, accept: true } });
  }
  const duinzicht = async () =>
    (await jeugdformaatAdmin(PAYOUTS, { from: today, to: today })).data!.subcontractPayouts.find(
      (p: any) => p.subcontractor.name === 'Praktijk Duinzicht',
    );

  it('records date, reference and the amount owed; a recorded payment is final in the service and the database', async () => {
    await acceptedSubcontractRequest();
    const owed = await duinzicht();
    expect(owed.payment).toBeNull();
    const input = {
      subcontractId: owed.subcontract.id,
      from: today,
      to: today,
      paidOn: today,
      reference: 'BT-2026-001',
    };
    const paid = await jeugdformaatAdmin(MARK_PAID, { input });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markPayoutPaid.payment).toEqual({
      paidOn: today,
      reference: 'BT-2026-001',
      amountCents: owed.amountCents,
    });
    expect((await duinzicht()).payment).toMatchObject({ from: today, to: today, reference: 'BT-2026-001' });

    const again = await jeugdformaatAdmin(MARK_PAID, { input: { ...input, reference: 'BT-2026-002' } });
    expect(again.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
    expect(again.errors![0].message).toContain('BT-2026-001');

    // even directly in the database, a recorded payment cannot be changed or removed
    for (const sql of [
      `UPDATE subcontract_payout_payment SET reference = 'changed' WHERE reference = 'BT-2026-001'`,
      `DELETE FROM subcontract_payout_payment WHERE reference = 'BT-2026-001'`,
    ])
      await expect(t.admin.query(sql)).rejects.toThrow(/immutable/);
    const { rows } = await t.admin.query(`SELECT reference FROM subcontract_payout_payment`);
    expect(rows).toEqual([{ reference: 'BT-2026-001' }]);
  });

  it('refuses a period in the future, a payment before the period and a period with nothing owed, with the fields named', async () => {
    const owed = await duinzicht();
    const tomorrow = addDays(today, 1);
    const future = await jeugdformaatAdmin(MARK_PAID, {
      input: {
        subcontractId: owed.subcontract.id,
        from: today,
        to: tomorrow,
        paidOn: addDays(today, -1),
        reference: 'x',
      },
    });
    expect(future.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.to', reason: 'IN_THE_FUTURE' },
        { field: 'input.paidOn', reason: 'BEFORE_START_DATE' },
      ],
    });
    const longAgo = '2001-01-01';
    const nothing = await jeugdformaatAdmin(MARK_PAID, {
      input: { subcontractId: owed.subcontract.id, from: longAgo, to: longAgo, paidOn: today, reference: 'x' },
    });
    expect(nothing.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.subcontractId', reason: 'NOTHING_OWED' }],
    });
  });

  it('only the main contractor’s administrator marks its own subcontract paid', async () => {
    const owed = await duinzicht();
    const input = { subcontractId: owed.subcontract.id, from: '2001-01-01', to: today, paidOn: today, reference: 'x' };
    const other = await t.as('admin@incluzio.example')(MARK_PAID, { input });
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    const staff = await jeugdformaat(MARK_PAID, { input });
    expect(staff.errors![0].extensions!.code).toBe('FORBIDDEN');
    const sub = await t.as('staff@duinzicht.example')(MARK_PAID, { input });
    expect(sub.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
