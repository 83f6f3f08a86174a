import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IjwMessageType } from '../../../server/src/modules/ijw/ijw.codes.js';
import { at, list, node } from '../../../server/src/modules/ijw/ijw.parse.js';
import { JZ588_TO_CBS } from '../../../server/src/modules/outcome/jz588.js';
import { accept, DEN_HAAG } from '../helpers/care.js';
import {
  bericht,
  declarationAnswer,
  exportMessages,
  fixture,
  importMessage,
  municipalityRetour,
  schemaErrors,
  testVault,
  type MessageView,
} from '../helpers/ijw.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * One youth through the whole exchange: the municipality's assignment (JW301) comes in, the provider
 * accepts the referral and starts (JW305 with the assignment's number), closes with an outcome
 * (JW307 with the JZ588 reason that maps to its CBS end code), the trajectory is settled (JW323 for
 * the settlement's amount), and the municipality's answers (JW306, JW308, JW325) mark the messages
 * accepted; a rejecting retour marks one rejected and names the trajectory to correct.
 */
let app: TestApp;
const ADMIN = 'admin@jeugdformaat.example';
const STAFF = 'staff@jeugdformaat.example';
let trajectoryId: string;
const about = (messages: MessageView[]) => messages.filter((m) => m.trajectoryIds.includes(trajectoryId));
/** The message as sent (the file), opened with the test key. */
async function fileOf(message: MessageView): Promise<string> {
  const { rows } = await app.admin.query(`SELECT payload FROM ijw_message WHERE id = $1`, [message.id]);
  return testVault.open(rows[0].payload, 'ijw-message').toString('utf8');
}
async function statusOf(message: MessageView) {
  const { rows } = await app.admin.query(`SELECT status, retour_codes AS codes FROM ijw_message WHERE id = $1`, [
    message.id,
  ]);
  return rows[0];
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the round trip of one assignment', () => {
  const sent: Record<string, MessageView> = {};

  it('JW301 in: the referral of the municipality, accepted', async () => {
    const result = await importMessage(app.as(ADMIN), fixture('jw301-valid.xml'));
    expect(result.retourCodes).toEqual(['0200']);
    [trajectoryId] = result.message.trajectoryIds;
    const accepted = await accept(app.as(STAFF), trajectoryId);
    expect(accepted.status).toBe('ACTIVE');
  });

  it('care started: the JW305 carries the assignment’s number', async () => {
    const [start] = about(await exportMessages(app.as(ADMIN), 'JW305', DEN_HAAG));
    sent.JW305 = start;
    const file = await fileOf(start);
    expect(schemaErrors(IjwMessageType.JW305, file)).toBe(0);
    const product = node(node(list(bericht(file).Client)[0].StartProducten)!.StartProduct)!;
    expect(at(product, 'ToewijzingNummer')).toBe('260001');
    expect(at(product, 'ToewijzingIngangsdatum')).toBe('2026-12-01');
    expect(at(product, 'Product', 'Code')).toBe('J08KL');
    expect(at(list(bericht(file).Client)[0], 'Bsn')).toBe('999800012');
  });

  it('closed with an outcome: the JW307 carries the JZ588 reason, which maps to the outcome’s CBS end code', async () => {
    const staff = app.as(STAFF);
    const submitted = await staff(
      `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { endReasonCode cbsEndCode } }`,
      {
        input: {
          trajectoryId,
          goalResults: [],
          satisfaction: [{ informant: 'YOUTH', score: 7 }],
          continuation: 'LIGHTER',
          endReasonCode: '34',
        },
      },
    );
    expect(submitted.data?.submitOutcome, JSON.stringify(submitted.errors)).toEqual({
      endReasonCode: '34',
      cbsEndCode: '02',
    });
    const closed = await staff(`mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { status } }`, {
      id: trajectoryId,
    });
    expect(closed.data?.closeTrajectory.status).toBe('CLOSED');
    const [stop] = about(await exportMessages(app.as(ADMIN), 'JW307', DEN_HAAG));
    sent.JW307 = stop;
    const file = await fileOf(stop);
    expect(schemaErrors(IjwMessageType.JW307, file)).toBe(0);
    const product = node(node(list(bericht(file).Client)[0].StopProducten)!.StopProduct)!;
    expect(at(product, 'ToewijzingNummer')).toBe('260001');
    expect(at(product, 'RedenBeeindiging')).toBe('34');
    expect(JZ588_TO_CBS[at(product, 'RedenBeeindiging')!].cbs).toBe('02');
  });

  it('settled: the JW323 declares the settlement’s amount to the cent on the assignment', async () => {
    const { rows } = await app.admin.query(
      `SELECT amount_cents AS amount, funding_variant AS variant FROM settlement WHERE trajectory_id = $1`,
      [trajectoryId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].variant).toBe('OUTPUT');
    const [declaration] = about(await exportMessages(app.as(ADMIN), 'JW323', DEN_HAAG));
    sent.JW323 = declaration;
    const file = await fileOf(declaration);
    expect(schemaErrors(IjwMessageType.JW323, file)).toBe(0);
    const lines = list(node(node(bericht(file).Declaratie)!.Clienten)!.Client)
      .filter((c) => at(c, 'Bsn') === '999800012')
      .flatMap((c) => list(node(c.Prestaties)!.Prestatie));
    expect(lines).toHaveLength(1);
    expect(at(lines[0], 'ToewijzingNummer')).toBe('260001');
    expect(at(lines[0], 'Eenheid')).toBe('82');
    expect(Number(at(lines[0], 'IngediendBedrag', 'Bedrag'))).toBe(rows[0].amount);
  });

  it('the municipality’s answers mark each message accepted: JW306, JW308 and the JW325 retour', async () => {
    const admin = app.as(ADMIN);
    const retours = [
      municipalityRetour(await fileOf(sent.JW305), ['0200'], 'GEM306'),
      municipalityRetour(await fileOf(sent.JW307), ['0200'], 'GEM308'),
      declarationAnswer(await fileOf(sent.JW323), ['8001'], 'GEM325'),
    ];
    for (const [i, xml] of retours.entries()) {
      const type = [IjwMessageType.JW306, IjwMessageType.JW308, IjwMessageType.JW325][i];
      expect(schemaErrors(type, xml), type).toBe(0);
      const result = await importMessage(admin, xml);
      expect(result).toMatchObject({ accepted: true, retour: null });
      expect(result.message).toMatchObject({ type, direction: 'IN', status: 'RECEIVED' });
    }
    expect(await statusOf(sent.JW305)).toEqual({ status: 'ACCEPTED', codes: ['0200'] });
    expect(await statusOf(sent.JW307)).toEqual({ status: 'ACCEPTED', codes: ['0200'] });
    expect((await statusOf(sent.JW323)).status).toBe('ACCEPTED');
    // the trajectory shows what went out about it, and how it was answered
    const page = await app.as(STAFF)(`query($id: ID!) { trajectory(id: $id) { ijwMessages { type status } } }`, {
      id: trajectoryId,
    });
    expect(page.data?.trajectory.ijwMessages).toEqual([
      { type: 'JW301', status: 'ACCEPTED' },
      { type: 'JW302', status: 'SENT' },
      { type: 'JW305', status: 'ACCEPTED' },
      { type: 'JW307', status: 'ACCEPTED' },
      { type: 'JW323', status: 'ACCEPTED' },
    ]);
  });

  it('a rejecting retour marks the message rejected, with the meaning of its code and the trajectory to correct', async () => {
    const result = await importMessage(
      app.as(ADMIN),
      municipalityRetour(await fileOf(sent.JW307), ['9069'], 'GEM308B'),
    );
    expect(result).toMatchObject({ accepted: false, retourCodes: ['9069'] });
    const listed = await app.as(ADMIN)(
      `{ ijwMessages(type: JW307, first: 100) { edges { node { id status trajectoryIds
           retourCodes { code meaning rejects } } } } }`,
    );
    const stop = listed.data?.ijwMessages.edges.find((e: { node: MessageView }) => e.node.id === sent.JW307.id).node;
    expect(stop).toEqual({
      id: sent.JW307.id,
      status: 'REJECTED',
      trajectoryIds: [trajectoryId],
      retourCodes: [{ code: '9069', meaning: 'Er is geen actueel startbericht met dezelfde sleutel.', rejects: true }],
    });
  });

  it('a retour on a message the provider never sent is refused as bad input', async () => {
    const foreign = municipalityRetour(await fileOf(sent.JW305), ['0200'], 'GEM306X').replace(
      /<ijw:Identificatie>\d+<\/ijw:Identificatie>/,
      '<ijw:Identificatie>999999</ijw:Identificatie>',
    );
    const result = await app.as(ADMIN)(`mutation($xml: String!) { importIjwMessage(xml: $xml) { accepted } }`, {
      xml: foreign,
    });
    expect(result.errors?.[0].extensions?.fields).toEqual([
      expect.objectContaining({ field: 'xml', reason: 'ANSWERS_NO_MESSAGE_OF_YOURS' }),
    ]);
  });
});
