import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.as('admin@h10.example');
});
afterAll(() => t?.close());

describe('organisation queries', () => {
  it('lists the ten H10 municipalities with their CBS codes and areas', async () => {
    const { data, errors } = await admin(`{ municipalities { name cbsCode areas { name municipality { cbsCode } } } }`);
    expect(errors).toBeUndefined();
    const byCode = Object.fromEntries(data!.municipalities.map((m: any) => [m.cbsCode, m]));
    expect(Object.keys(byCode).sort()).toEqual([
      '0503',
      '0518',
      '0603',
      '0629',
      '0637',
      '1621',
      '1783',
      '1842',
      '1916',
      '1926',
    ]);
    expect(byCode['0518'].name).toBe('Den Haag');
    expect(byCode['0518'].areas.map((a: any) => a.name)).toEqual([
      'Centrum',
      'Escamp',
      'Haagse Hout',
      'Laak',
      'Leidschenveen-Ypenburg',
      'Loosduinen',
      'Scheveningen',
      'Segbroek',
    ]);
    for (const m of data!.municipalities) {
      expect(m.areas.length).toBeGreaterThan(0);
      for (const a of m.areas) expect(a.municipality.cbsCode).toBe(m.cbsCode);
    }
  });

  it('shows both awarded consortia with their lead partners, members, lots and areas', async () => {
    const { data, errors } = await admin(
      `{ consortia { id name lead { name } members { role validFrom validUntil provider { name } } lots { code } areas { name } } }`,
    );
    expect(errors).toBeUndefined();
    const byName = Object.fromEntries(data!.consortia.map((c: any) => [c.name, c]));
    const rondomJou = byName['RondomJou'];
    expect(rondomJou.lead.name).toBe('Stichting Jeugdformaat');
    expect(rondomJou.lots.map((l: any) => l.code)).toEqual(['2', '4']);
    expect(
      rondomJou.members
        .filter((m: any) => m.role === 'PARTNER')
        .map((m: any) => m.provider.name)
        .sort(),
    ).toEqual(['Parnassia Groep', 'Stichting JESS', 'Stichting Middin']);
    const kracht = byName['Kracht voor Jeugd en Gezin'];
    expect(kracht.lead.name).toBe('Incluzio Randstad B.V.');
    expect(kracht.lots.map((l: any) => l.code)).toEqual(['1', '3']);
    expect(
      kracht.members
        .filter((m: any) => m.role === 'PARTNER')
        .map((m: any) => m.provider.name)
        .sort(),
    ).toEqual([
      'Family Supporters Haaglanden B.V.',
      'Impegno jeugd en gezin B.V.',
      'Mentaal Cure B.V.',
      'Yoep onderwijs en zorg B.V.',
    ]);
    expect(kracht.members[0]).toMatchObject({ role: 'LEAD', validFrom: '2024-01-01', validUntil: null });
    expect(kracht.areas.map((a: any) => a.name).sort()).toEqual([
      'Centrum',
      'Haagse Hout',
      'Laak',
      'Leidschenveen-Ypenburg',
    ]);
  });

  it('reads one consortium by id, and null for an unknown id', async () => {
    const { data: list } = await admin(`{ consortia { id name } }`);
    const id = list!.consortia[0].id;
    const one = await admin(`query($id: ID!) { consortium(id: $id) { id name } }`, { id });
    expect(one.data!.consortium).toEqual(list!.consortia[0]);
    const none = await admin(`query($id: ID!) { consortium(id: $id) { id } }`, {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(none.errors).toBeUndefined();
    expect(none.data!.consortium).toBeNull();
  });

  it('lists providers with AGB codes, and a provider with its subcontracts and teams', async () => {
    const { data } = await admin(`{ providers { id name agbCode kvkNumber } }`);
    expect(data!.providers.length).toBeGreaterThanOrEqual(15);
    for (const p of data!.providers) expect(p.agbCode).toMatch(/^\d{8}$/);
    const jeugdformaat = data!.providers.find((p: any) => p.name === 'Stichting Jeugdformaat');
    const detail = await admin(
      `query($id: ID!) { provider(id: $id) {
          name
          consortia { role consortium { name } }
          subcontractsAsMain { validFrom validUntil subcontractor { name } profiles { code segment } mainContractor { name } }
          subcontractsAsSub { id }
          integratedTeams { name coordinator { name } members { name } disciplines }
        } }`,
      { id: jeugdformaat.id },
    );
    expect(detail.errors).toBeUndefined();
    const p = detail.data!.provider;
    expect(p.consortia).toEqual([{ role: 'LEAD', consortium: { name: 'RondomJou' } }]);
    expect(p.subcontractsAsMain.map((s: any) => s.subcontractor.name).sort()).toEqual([
      'Praktijk Duinzicht',
      'Vaktherapie Zoetermeer',
    ]);
    for (const s of p.subcontractsAsMain) expect(s.mainContractor.name).toBe('Stichting Jeugdformaat');
    expect(
      p.subcontractsAsMain
        .find((s: any) => s.subcontractor.name === 'Praktijk Duinzicht')
        .profiles.map((x: any) => x.code),
    ).toEqual(['P02', 'P06']);
    expect(p.subcontractsAsSub).toEqual([]);
    expect(p.integratedTeams).toEqual([
      expect.objectContaining({
        name: 'Integraal Team Complexe Zorg Haaglanden',
        coordinator: { name: 'Parnassia Groep' },
      }),
    ]);
    expect(p.integratedTeams[0].members.map((m: any) => m.name)).toContain('Stichting Jeugdformaat');
  });

  it('answers a malformed id with BAD_USER_INPUT naming the field', async () => {
    const { data, errors } = await admin(`{ provider(id: "not-a-uuid") { id } }`);
    expect(data?.provider ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'id', message: 'is not a valid id' }],
    });
  });

  it('lists the PIC catalogue: 8 profiles × 4 intensities, in two tariff periods', async () => {
    const { data, errors } = await admin(
      `{ pics { tariffCents validFrom validUntil profile { code segment } intensity { code duration level } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.pics).toHaveLength(8 * 4 * 2);
    const segments = new Set(data!.pics.map((p: any) => p.profile.segment));
    expect(segments).toEqual(new Set(['SPECIALIST', 'HIGHLY_SPECIALIST']));
    const combos = new Set(data!.pics.map((p: any) => `${p.intensity.duration}/${p.intensity.level}`));
    expect(combos).toEqual(new Set(['SHORT/LOW', 'SHORT/HIGH', 'LONG/LOW', 'LONG/HIGH']));
    const p01 = data!.pics.filter((p: any) => p.profile.code === 'P01' && p.intensity.code === 'KL');
    expect(p01).toEqual([
      expect.objectContaining({ tariffCents: 290000, validFrom: '2020-01-01', validUntil: '2023-12-31' }),
      expect.objectContaining({ tariffCents: 313200, validFrom: '2024-01-01', validUntil: null }),
    ]);
  });
});
