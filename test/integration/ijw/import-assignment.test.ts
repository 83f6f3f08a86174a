import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IjwMessageType } from '../../../server/src/modules/ijw/ijw.codes.js';
import { list, node } from '../../../server/src/modules/ijw/ijw.parse.js';
import { currentPic, DEN_HAAG, providerId } from '../helpers/care.js';
import { bericht, codesOf, fixture, importMessage, schemaErrors, type ImportView } from '../helpers/ijw.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * JW301 assignments written by hand from JW301.xsd (test/fixtures/ijw): each is answered with a
 * JW302 that validates against the official JW302.xsd and carries exactly the WJ001 codes the iJw
 * rules give; the valid one registers the municipality's referral once.
 */
let app: TestApp;
const ADMIN = 'admin@jeugdformaat.example';

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await app.admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

/** The JW302's codes per class: header, client, each assigned product. */
function retourCodes(result: ImportView) {
  expect(result.retour?.type).toBe(IjwMessageType.JW302);
  expect(schemaErrors(IjwMessageType.JW302, result.retour!.xml)).toBe(0);
  const retour = bericht(result.retour!.xml);
  const client = node(retour.Client);
  return {
    header: codesOf(node(retour.Header)),
    client: client ? codesOf(client) : undefined,
    products: list(node(client?.ToegewezenProducten)?.ToegewezenProduct).map(codesOf),
  };
}

describe('a JW301 assignment answered with a JW302', () => {
  it('a valid assignment is accepted (0200 for header, client and product) and registers the referral of the municipality', async () => {
    const before = await count(`trajectory WHERE responsible_provider_id = $1`, [providerId('jeugdformaat')]);
    const result = await importMessage(app.as(ADMIN), fixture('jw301-valid.xml'));
    expect(result.accepted).toBe(true);
    expect(result.retourCodes).toEqual(['0200']);
    expect(retourCodes(result)).toEqual({ header: ['0200'], client: ['0200'], products: [['0200']] });
    expect(result.message).toMatchObject({
      type: 'JW301',
      direction: 'IN',
      status: 'ACCEPTED',
      reference: 'GDH26110001',
    });
    expect(result.message.municipality.cbsCode).toBe('0518');

    // one new trajectory: REFERRED to the provider, the municipality's (local team), the product's PIC
    expect(await count(`trajectory WHERE responsible_provider_id = $1`, [providerId('jeugdformaat')])).toBe(before + 1);
    expect(result.message.trajectoryIds).toHaveLength(1);
    const { rows } = await app.admin.query(
      `SELECT t.status, t.referrer_type, t.municipality_id, pr.code AS profile, i.code AS intensity, y.initials, y.birth_date,
              a.number, a.start_date, a.end_date
         FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
         JOIN intensity i ON i.id = pic.intensity_id JOIN youth y ON y.id = t.youth_id
         JOIN ijw_assignment a ON a.trajectory_id = t.id WHERE t.id = $1`,
      [result.message.trajectoryIds[0]],
    );
    expect(rows).toEqual([
      {
        status: 'REFERRED',
        referrer_type: 'LOCAL_TEAM',
        municipality_id: DEN_HAAG,
        profile: 'P08',
        intensity: 'KL',
        initials: 'L.M.',
        birth_date: '2013-04-17',
        number: 260001,
        start_date: '2026-12-01',
        end_date: '2027-05-31',
      },
    ]);
    // the provider sees it on its caseload, with the messages about it
    const seen = await app.as('staff@jeugdformaat.example')(
      `query($id: ID!) { trajectory(id: $id) { status ijwMessages { type direction status } } }`,
      { id: result.message.trajectoryIds[0] },
    );
    expect(seen.data?.trajectory).toEqual({
      status: 'REFERRED',
      ijwMessages: [
        { type: 'JW301', direction: 'IN', status: 'ACCEPTED' },
        { type: 'JW302', direction: 'OUT', status: 'SENT' },
      ],
    });
  });

  it('the same file imported twice changes nothing the second time', async () => {
    const tables = ['trajectory', 'youth', 'youth_identity', 'ijw_message', 'ijw_assignment', 'access_log'];
    const counts = async () => Promise.all(tables.map((t) => count(t)));
    const before = await counts();
    const again = await app.as(ADMIN)(
      `mutation($xml: String!) { importIjwMessage(xml: $xml) { accepted retourCodes } }`,
      {
        xml: fixture('jw301-valid.xml'),
      },
    );
    expect(again.data?.importIjwMessage).toEqual({ accepted: true, retourCodes: ['0200'] });
    expect(await counts()).toEqual(before);
  });

  it('another message under an identification seen before is refused with 9056, and changes no trajectory', async () => {
    const before = await count('trajectory');
    const result = await importMessage(app.as(ADMIN), fixture('jw301-duplicate-identification.xml'));
    expect(result.accepted).toBe(false);
    expect(result.retourCodes).toEqual(['9056']);
    expect(retourCodes(result)).toEqual({ header: ['9056'], client: undefined, products: [] });
    expect(result.message.status).toBe('REJECTED');
    expect(await count('trajectory')).toBe(before);
  });

  it('an assignment from a municipality outside the region is refused with S300', async () => {
    const before = await count('trajectory');
    const result = await importMessage(app.as(ADMIN), fixture('jw301-unknown-municipality.xml'));
    expect(result.retourCodes).toEqual(['S300']);
    expect(retourCodes(result)).toEqual({ header: ['S300'], client: undefined, products: [] });
    expect(result.message.municipality.cbsCode).toBe('0363');
    expect(await count('trajectory')).toBe(before);
  });

  it('an unknown product code is refused with S329 on that product, the rest of the message assessed 0200', async () => {
    const before = await count('trajectory');
    const result = await importMessage(app.as(ADMIN), fixture('jw301-unknown-product.xml'));
    expect(result.accepted).toBe(false);
    expect(result.retourCodes).toEqual(['0200', 'S329']);
    expect(retourCodes(result)).toEqual({ header: ['0200'], client: ['0200'], products: [['S329']] });
    expect(await count('trajectory')).toBe(before);
  });

  it('XML that is not well-formed is answered with 0001', async () => {
    const before = await count('trajectory');
    const result = await importMessage(app.as(ADMIN), fixture('jw301-broken.xml'));
    expect(result.retourCodes).toEqual(['0001']);
    expect(retourCodes(result)).toEqual({ header: ['0001'], client: undefined, products: [] });
    expect(await count('trajectory')).toBe(before);
  });

  it('an assignment for a youth the local team referred with its BSN matches that trajectory instead of making one', async () => {
    const referral = await app.as('lokaalteam@denhaag.example')(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
      {
        input: {
          municipalityId: DEN_HAAG,
          referrerType: 'LOCAL_TEAM',
          picId: currentPic('P02', 'KH'),
          providerId: providerId('jeugdformaat'),
          youthInitials: 'R.S.',
          youthBirthDate: '2014-02-02',
          youthBsn: '999800048',
          question: 'Angst; wil niet naar school.',
          context: '',
          goals: [],
        },
      },
    );
    const trajectoryId = referral.data?.createReferral.id;
    expect(trajectoryId, JSON.stringify(referral.errors)).toBeTruthy();
    const before = await count('trajectory');
    const xml = fixture('jw301-valid.xml')
      .replace('GDH26110001', 'GDH26110009')
      .replace('<Bsn>999800012</Bsn>', '<Bsn>999800048</Bsn>')
      .replace('<ijw:Code>J08KL</ijw:Code>', '<ijw:Code>J02KH</ijw:Code>')
      .replace('<ToewijzingNummer>260001</ToewijzingNummer>', '<ToewijzingNummer>260009</ToewijzingNummer>');
    const result = await importMessage(app.as(ADMIN), xml);
    expect(result.retourCodes).toEqual(['0200']);
    expect(result.message.trajectoryIds).toEqual([trajectoryId]);
    expect(await count('trajectory')).toBe(before);
    expect(await count(`ijw_assignment WHERE trajectory_id = $1 AND number = 260009`, [trajectoryId])).toBe(1);
  });

  it('an assignment addressed to another provider is refused as bad input, and nothing is stored', async () => {
    const before = await count('ijw_message');
    const result = await app.as('admin@incluzio.example')(
      `mutation($xml: String!) { importIjwMessage(xml: $xml) { accepted } }`,
      { xml: fixture('jw301-valid.xml').replace('GDH26110001', 'GDH26110010') },
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'xml', reason: 'ADDRESSED_TO_ANOTHER_PROVIDER' }],
    });
    expect(await count('ijw_message')).toBe(before);
  });
});
