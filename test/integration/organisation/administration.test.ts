import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: Client;
let jfAdmin: Client;
let jfStaff: Client;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.as('admin@h10.example');
  jfAdmin = t.as('admin@jeugdformaat.example');
  jfStaff = t.as('staff@jeugdformaat.example');
  const { rows } = await t.admin.query(`
    SELECT 'jeugdformaat' k, id FROM provider WHERE name = 'Stichting Jeugdformaat'
    UNION ALL SELECT 'middin', id FROM provider WHERE name = 'Stichting Middin'
    UNION ALL SELECT 'incluzio', id FROM provider WHERE name = 'Incluzio Randstad B.V.'
    UNION ALL SELECT 'rondomjou', id FROM consortium WHERE name = 'RondomJou'
    UNION ALL SELECT 'P01', id FROM profile WHERE code = 'P01'
    UNION ALL SELECT 'P02', id FROM profile WHERE code = 'P02'
    UNION ALL SELECT 'KL', id FROM intensity WHERE code = 'KL'`);
  ids = Object.fromEntries(rows.map((r) => [r.k, r.id]));
});
afterAll(() => t?.close());

const CREATE_PROVIDER = `mutation($input: CreateProviderInput!) { createProvider(input: $input) { id name agbCode kvkNumber } }`;

describe('region administration', () => {
  it('registers a provider, and refuses a duplicate or malformed AGB code naming the field', async () => {
    const created = await admin(CREATE_PROVIDER, {
      input: { name: '  Jeugdpraktijk Noord ', agbCode: '12345678', kvkNumber: '87654321' },
    });
    expect(created.data!.createProvider).toMatchObject({
      name: 'Jeugdpraktijk Noord',
      agbCode: '12345678',
      kvkNumber: '87654321',
    });
    const duplicate = await admin(CREATE_PROVIDER, { input: { name: 'Ander', agbCode: '12345678' } });
    expect(duplicate.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.agbCode', message: 'is already registered for another provider' }],
    });
    const malformed = await admin(CREATE_PROVIDER, { input: { name: '', agbCode: '1234' } });
    expect(malformed.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(new Set(malformed.errors![0].extensions!.fields.map((f: any) => f.field))).toEqual(
      new Set(['input.agbCode', 'input.name']),
    );
    const { rows } = await t.admin.query(
      `SELECT count(*)::int n FROM provider WHERE agb_code IN ('12345678', '1234') OR name = 'Ander'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('is refused to anyone but the region administrator', async () => {
    for (const client of [
      jfAdmin,
      jfStaff,
      t.as('contractmanager@denhaag.example'),
      t.as('lokaalteam@denhaag.example'),
    ]) {
      const r = await client(CREATE_PROVIDER, { input: { name: 'X', agbCode: '11112222' } });
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    }
  });

  it('creates a consortium with lots and areas, adds members, and keeps one lead at a time', async () => {
    const { data: lots } = await admin(`{ lots { id code } municipalities { cbsCode areas { id name } } }`);
    const delftAreas = lots!.municipalities.find((m: any) => m.cbsCode === '0503').areas.map((a: any) => a.id);
    const created = await admin(
      `mutation($input: CreateConsortiumInput!) { createConsortium(input: $input) { id name lots { code } areas { name } } }`,
      {
        input: { name: 'Samen Sterk Delft', lotIds: [lots!.lots[0].id], areaIds: delftAreas },
      },
    );
    expect(created.errors).toBeUndefined();
    const consortiumId = created.data!.createConsortium.id;
    expect(created.data!.createConsortium.areas).toHaveLength(3);

    const ADD = `mutation($input: AddConsortiumMemberInput!) { addConsortiumMember(input: $input) { id role validFrom validUntil provider { name } } }`;
    const lead = await admin(ADD, {
      input: { consortiumId, providerId: ids.middin, role: 'LEAD', validFrom: '2025-01-01' },
    });
    expect(lead.data!.addConsortiumMember).toMatchObject({ role: 'LEAD', provider: { name: 'Stichting Middin' } });
    const secondLead = await admin(ADD, {
      input: { consortiumId, providerId: ids.incluzio, role: 'LEAD', validFrom: '2025-06-01' },
    });
    expect(secondLead.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.role' }],
    });
    const backwards = await admin(ADD, {
      input: {
        consortiumId,
        providerId: ids.incluzio,
        role: 'PARTNER',
        validFrom: '2025-06-01',
        validUntil: '2025-01-01',
      },
    });
    expect(backwards.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.validUntil' }],
    });

    const ended = await admin(
      `mutation($input: EndConsortiumMembershipInput!) { endConsortiumMembership(input: $input) { validUntil } }`,
      {
        input: { id: lead.data!.addConsortiumMember.id, validUntil: '2025-12-31' },
      },
    );
    expect(ended.data!.endConsortiumMembership.validUntil).toBe('2025-12-31');
    const newLead = await admin(ADD, {
      input: { consortiumId, providerId: ids.incluzio, role: 'LEAD', validFrom: '2026-01-01' },
    });
    expect(newLead.errors).toBeUndefined();
    const view = await admin(
      `query($id: ID!) { consortium(id: $id) { lead { name } members { role validUntil provider { name } } } }`,
      { id: consortiumId },
    );
    expect(view.data!.consortium.lead.name).toBe('Incluzio Randstad B.V.');
    expect(view.data!.consortium.members).toHaveLength(2);
  });

  it('changes a PIC tariff as a new version from a date, never rewriting the past', async () => {
    const SET = `mutation($input: SetPicTariffInput!) { setPicTariff(input: $input) { tariffCents validFrom validUntil } }`;
    const r = await admin(SET, {
      input: { profileId: ids.P01, intensityId: ids.KL, tariffCents: 330000, validFrom: '2027-01-01' },
    });
    expect(r.data!.setPicTariff).toEqual({ tariffCents: 330000, validFrom: '2027-01-01', validUntil: null });
    const { data } = await admin(`{ pics { tariffCents validFrom validUntil profile { code } intensity { code } } }`);
    expect(data!.pics.filter((p: any) => p.profile.code === 'P01' && p.intensity.code === 'KL')).toEqual([
      expect.objectContaining({ tariffCents: 290000, validFrom: '2020-01-01', validUntil: '2023-12-31' }),
      expect.objectContaining({ tariffCents: 313200, validFrom: '2024-01-01', validUntil: '2026-12-31' }),
      expect.objectContaining({ tariffCents: 330000, validFrom: '2027-01-01', validUntil: null }),
    ]);
    const rewrite = await admin(SET, {
      input: { profileId: ids.P01, intensityId: ids.KL, tariffCents: 1, validFrom: '2025-01-01' },
    });
    expect(rewrite.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
    // a version set far ahead by mistake is replaced by a nearer one: it had not started yet
    await admin(SET, {
      input: { profileId: ids.P01, intensityId: ids.KL, tariffCents: 999900, validFrom: '2040-01-01' },
    });
    const corrected = await admin(SET, {
      input: { profileId: ids.P01, intensityId: ids.KL, tariffCents: 340000, validFrom: '2028-01-01' },
    });
    expect(corrected.errors).toBeUndefined();
    const after = (
      await admin(`{ pics { tariffCents validFrom validUntil profile { code } intensity { code } } }`)
    ).data!.pics.filter((p: any) => p.profile.code === 'P01' && p.intensity.code === 'KL');
    expect(after.map((p: any) => [p.tariffCents, p.validFrom, p.validUntil])).toEqual([
      [290000, '2020-01-01', '2023-12-31'],
      [313200, '2024-01-01', '2026-12-31'],
      [330000, '2027-01-01', '2027-12-31'],
      [340000, '2028-01-01', null],
    ]);
    const negative = await admin(SET, {
      input: { profileId: ids.P01, intensityId: ids.KL, tariffCents: -5, validFrom: '2029-01-01' },
    });
    expect(negative.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.tariffCents' }],
    });
  });
});

describe('a main contractor manages its subcontracts and teams', () => {
  const REGISTER = `mutation($input: RegisterSubcontractInput!) {
    registerSubcontract(input: $input) { id validFrom validUntil mainContractor { name } subcontractor { name } profiles { code } } }`;

  it('registers, rescopes and ends its own subcontract', async () => {
    const registered = await jfAdmin(REGISTER, {
      input: {
        subcontractorId: ids.middin,
        profileIds: [ids.P01],
        validFrom: '2025-01-01',
        consultationRateCents: 30000,
        coTreatmentRateCents: 150000,
      },
    });
    expect(registered.data!.registerSubcontract).toMatchObject({
      mainContractor: { name: 'Stichting Jeugdformaat' },
      subcontractor: { name: 'Stichting Middin' },
      profiles: [{ code: 'P01' }],
    });
    const id = registered.data!.registerSubcontract.id;
    const rescoped = await jfAdmin(
      `mutation($input: UpdateSubcontractInput!) { updateSubcontract(input: $input) { profiles { code } validUntil } }`,
      {
        input: { id, profileIds: [ids.P01, ids.P02] },
      },
    );
    expect(rescoped.data!.updateSubcontract).toEqual({
      profiles: [{ code: 'P01' }, { code: 'P02' }],
      validUntil: null,
    });
    const ended = await jfAdmin(
      `mutation($input: EndSubcontractInput!) { endSubcontract(input: $input) { validUntil } }`,
      { input: { id, validUntil: '2026-06-30' } },
    );
    expect(ended.data!.endSubcontract.validUntil).toBe('2026-06-30');
    const tooEarly = await jfAdmin(
      `mutation($input: EndSubcontractInput!) { endSubcontract(input: $input) { validUntil } }`,
      { input: { id, validUntil: '2024-06-30' } },
    );
    expect(tooEarly.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.validUntil' }],
    });
  });

  it('cannot register or change another provider’s subcontracts; staff cannot at all', async () => {
    const forOther = await jfAdmin(REGISTER, {
      input: {
        mainContractorId: ids.incluzio,
        subcontractorId: ids.middin,
        profileIds: [ids.P01],
        validFrom: '2025-01-01',
        consultationRateCents: 1,
        coTreatmentRateCents: 1,
      },
    });
    expect(forOther.errors![0].extensions!.code).toBe('FORBIDDEN');
    const { rows } = await t.admin.query(
      `SELECT s.id FROM subcontract s JOIN provider p ON p.id = s.main_contractor_id WHERE p.name = 'Incluzio Randstad B.V.' LIMIT 1`,
    );
    const change = await jfAdmin(`mutation($input: EndSubcontractInput!) { endSubcontract(input: $input) { id } }`, {
      input: { id: rows[0].id, validUntil: '2026-01-01' },
    });
    expect(change.errors![0].extensions!.code).toBe('FORBIDDEN');
    const staff = await jfStaff(REGISTER, {
      input: {
        subcontractorId: ids.middin,
        profileIds: [ids.P01],
        validFrom: '2025-01-01',
        consultationRateCents: 1,
        coTreatmentRateCents: 1,
      },
    });
    expect(staff.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('creates and changes an integrated team it coordinates', async () => {
    const created = await jfAdmin(
      `mutation($input: CreateIntegratedTeamInput!) { createIntegratedTeam(input: $input) { id coordinator { name } members { name } disciplines } }`,
      {
        input: {
          name: 'Team Jeugd en Verslaving',
          memberIds: [ids.middin],
          disciplines: ['verslavingszorg', 'kinderpsychiatrie'],
        },
      },
    );
    expect(created.data!.createIntegratedTeam).toMatchObject({
      coordinator: { name: 'Stichting Jeugdformaat' },
      members: [{ name: 'Stichting Middin' }],
    });
    const id = created.data!.createIntegratedTeam.id;
    const UPDATE = `mutation($input: UpdateIntegratedTeamInput!) { updateIntegratedTeam(input: $input) { members { name } disciplines } }`;
    const updated = await jfAdmin(UPDATE, {
      input: { id, memberIds: [ids.middin, ids.incluzio], disciplines: ['verslavingszorg'] },
    });
    expect(updated.data!.updateIntegratedTeam.members.map((m: any) => m.name).sort()).toEqual([
      'Incluzio Randstad B.V.',
      'Stichting Middin',
    ]);
    const byOther = await t.as('admin@incluzio.example')(UPDATE, { input: { id, disciplines: [] } });
    expect(byOther.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
