import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../server/src/core/dates.js';
import { IjwMessageType, MESSAGE_CODE } from '../../../server/src/modules/ijw/ijw.codes.js';
import { at, list, node } from '../../../server/src/modules/ijw/ijw.parse.js';
import { JZ588_TO_CBS } from '../../../server/src/modules/outcome/jz588.js';
import { COD327, type ReferrerType } from '../../../server/src/modules/trajectory/trajectory.types.js';
import { DEN_HAAG, providerId } from '../helpers/care.js';
import { bericht, exportMessages, schemaErrors, testVault, type MessageView } from '../helpers/ijw.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Every message type Samenspel sends, built from the demo data of a fresh start (the leads of both
 * Den Haag consortia, whose administrators have accounts): each validates against the official XSD
 * with libxml2, and says what the data says (dates, JZ588 reason, product, municipality, amounts to
 * the cent); each event goes out once.
 */
let app: TestApp;
const ADMINS = { jeugdformaat: 'admin@jeugdformaat.example', incluzio: 'admin@incluzio.example' } as const;
const ORDER = [
  IjwMessageType.JW305,
  IjwMessageType.JW307,
  IjwMessageType.JW315,
  IjwMessageType.JW317,
  IjwMessageType.JW323,
];
/** What each provider exported, per type: the API's view and the file as stored (opened with the key). */
const sent = new Map<string, { view: MessageView; file: string; provider: string }[]>();

beforeAll(async () => {
  app = await startTestApp();
  for (const [slug, email] of Object.entries(ADMINS))
    for (const type of ORDER)
      for (const view of await exportMessages(app.as(email), type, DEN_HAAG)) {
        const { rows } = await app.admin.query<{ payload: Buffer }>(`SELECT payload FROM ijw_message WHERE id = $1`, [
          view.id,
        ]);
        const file = testVault.open(rows[0].payload, 'ijw-message').toString('utf8');
        sent.set(type, [...(sent.get(type) ?? []), { view, file, provider: slug }]);
      }
}, 180_000);
afterAll(async () => {
  await app?.close();
});

const one = async <T = Record<string, any>>(sql: string, params: unknown[]) =>
  (await app.admin.query(sql, params)).rows[0] as T;
const client = (xml: string) => list(bericht(xml).Client)[0];
const trajectoryOf = (view: MessageView) => {
  expect(view.trajectoryIds).toHaveLength(1);
  return view.trajectoryIds[0];
};
/** The BSN a youth's sealed identity holds. */
async function bsnOf(trajectoryId: string): Promise<string> {
  const { sealed } = await one<{ sealed: Buffer }>(
    `SELECT i.sealed FROM youth_identity i JOIN trajectory t ON t.youth_id = i.youth_id WHERE t.id = $1`,
    [trajectoryId],
  );
  return JSON.parse(testVault.open(sealed, 'youth-identity').toString('utf8')).bsn;
}
/** The trajectory's assignment and the iJw product of its PIC (profile and intensity) on a day. */
const assignmentAndProduct = (trajectoryId: string, day: string) =>
  one<{ number: string; start: string; category: string; code: string }>(
    `SELECT a.number::text, a.start_date AS start, ip.product_category AS category, ip.product_code AS code
       FROM trajectory t JOIN pic ON pic.id = t.pic_id
       JOIN ijw_product ip ON ip.profile_id = pic.profile_id AND ip.intensity_id = pic.intensity_id
        AND ip.valid_from <= $2 AND coalesce(ip.valid_until, 'infinity') >= $2
       LEFT JOIN ijw_assignment a ON a.trajectory_id = t.id WHERE t.id = $1`,
    [trajectoryId, day],
  );

describe('messages built from the demo data', () => {
  it('every type has messages, and every message validates against its official XSD (0 schema errors)', () => {
    for (const type of ORDER) {
      const messages = sent.get(type) ?? [];
      expect(messages.length, type).toBeGreaterThan(0);
      for (const { view, file } of messages) {
        expect(schemaErrors(type, file), `${type} ${view.reference}`).toBe(0);
        expect(schemaErrors(type, view.xml), `${type} ${view.reference} as the API shows it`).toBe(0);
        const header = node(bericht(file).Header)!;
        expect(at(header, 'BerichtCode')).toBe(MESSAGE_CODE[type]);
        expect(at(header, 'Ontvanger')).toBe('0518');
        expect(view.municipality.cbsCode).toBe('0518');
        expect(at(header, 'Afzender')).toBe(view.provider.agbCode);
        expect(at(header, 'BerichtIdentificatie', 'Identificatie')).toBe(view.reference);
      }
    }
  });

  it('identifications are unique per sender', () => {
    for (const slug of Object.keys(ADMINS)) {
      const references = [...sent.values()]
        .flat()
        .filter((m) => m.provider === slug)
        .map((m) => m.view.reference);
      expect(new Set(references).size).toBe(references.length);
    }
  });

  it('the API shows each message with its BSN masked; the file carries the youth’s BSN', async () => {
    for (const { view, file } of [...sent.values()].flat().filter((m) => m.view.type !== 'JW323')) {
      expect(at(client(view.xml), 'Bsn')).toBe('000000000');
      expect(at(client(file), 'Bsn')).toBe(await bsnOf(trajectoryOf(view)));
    }
  });

  it('JW305 says the day care started, the assignment’s number and the PIC’s product', async () => {
    for (const { view, file } of sent.get(IjwMessageType.JW305)!) {
      const id = trajectoryOf(view);
      const t = await one<{ startedAt: Date; birthDate: string }>(
        `SELECT t.started_at AS "startedAt", y.birth_date AS "birthDate" FROM trajectory t JOIN youth y ON y.id = t.youth_id WHERE t.id = $1`,
        [id],
      );
      const start = node(node(client(file).StartProducten)!.StartProduct)!;
      const expected = await assignmentAndProduct(id, dayOf(t.startedAt));
      expect(at(start, 'Begindatum')).toBe(dayOf(t.startedAt));
      expect(at(client(file), 'Geboortedatum', 'Datum')).toBe(t.birthDate);
      expect(at(start, 'Product', 'Categorie')).toBe(expected.category);
      expect(at(start, 'Product', 'Code')).toBe(expected.code);
      expect(at(start, 'ToewijzingNummer')).toBe(expected.number ?? undefined);
      expect(at(start, 'StatusAanlevering')).toBe('1');
    }
  });

  it('JW307 says the day care stopped and the JZ588 reason of the outcome, which maps to its CBS end code', async () => {
    for (const { view, file } of sent.get(IjwMessageType.JW307)!) {
      const id = trajectoryOf(view);
      const t = await one<{ startedAt: Date; closedAt: Date; reason: string; cbs: string }>(
        `SELECT t.started_at AS "startedAt", t.closed_at AS "closedAt", o.end_reason_code AS reason, o.cbs_end_code AS cbs
           FROM trajectory t JOIN LATERAL (SELECT * FROM outcome_report o WHERE o.trajectory_id = t.id ORDER BY version DESC LIMIT 1) o ON true
          WHERE t.id = $1`,
        [id],
      );
      const stop = node(node(client(file).StopProducten)!.StopProduct)!;
      expect(at(stop, 'Begindatum')).toBe(dayOf(t.startedAt));
      expect(at(stop, 'Einddatum')).toBe(dayOf(t.closedAt));
      expect(at(stop, 'RedenBeeindiging')).toBe(t.reason);
      expect(JZ588_TO_CBS[at(stop, 'RedenBeeindiging')!].cbs).toBe(t.cbs);
      // its start went out before
      const started = await one(`SELECT 1 FROM ijw_message_subject WHERE trajectory_id = $1 AND event_key = 'START'`, [
        id,
      ]);
      expect(started).toBeTruthy();
    }
  });

  it('JW315 asks for an assignment of a direct referral, naming the referrer (COD327) and the product', async () => {
    for (const { view, file } of sent.get(IjwMessageType.JW315)!) {
      const id = trajectoryOf(view);
      const t = await one<{ referrerType: ReferrerType; startedAt: Date | null; referredAt: Date }>(
        `SELECT referrer_type AS "referrerType", started_at AS "startedAt", referred_at AS "referredAt" FROM trajectory WHERE id = $1`,
        [id],
      );
      const asked = node(node(client(file).AangevraagdeProducten)!.AangevraagdProduct)!;
      expect(['GP', 'YOUTH_DOCTOR', 'MEDICAL_SPECIALIST']).toContain(t.referrerType);
      expect(at(asked, 'Verwijzer', 'Type')).toBe(COD327[t.referrerType]);
      expect(at(asked, 'ReferentieAanbieder')).toBe(id);
      const day = dayOf(t.startedAt ?? t.referredAt);
      expect(at(asked, 'ToewijzingIngangsdatum')).toBe(day);
      expect(at(asked, 'Product', 'Code')).toBe((await assignmentAndProduct(id, day)).code);
    }
  });

  it('JW317 asks to end the assigned product the day before the accepted PIC and to start the new product that day', async () => {
    for (const { view, file } of sent.get(IjwMessageType.JW317)!) {
      const id = trajectoryOf(view);
      const p = await one<{ id: string; decidedAt: Date; number: string; start: string }>(
        `SELECT pp.id, pp.decided_at AS "decidedAt", a.number::text, a.start_date AS start FROM pic_proposal pp
           JOIN ijw_assignment a ON a.trajectory_id = pp.trajectory_id WHERE pp.trajectory_id = $1 AND pp.status = 'ACCEPTED'`,
        [id],
      );
      const day = dayOf(p.decidedAt);
      const request = node(client(file).Verzoek)!;
      expect(at(request, 'ReferentieAanbieder')).toBe(p.id);
      const ending = node(node(request.TeWijzigenProducten)!.TeWijzigenProduct)!;
      expect(at(ending, 'ToewijzingNummer')).toBe(p.number);
      expect(at(ending, 'GewensteIngangsdatum')).toBe(p.start);
      expect(at(ending, 'Einddatum')! < day).toBe(true);
      const next = node(node(request.NieuweProducten)!.NieuwProduct)!;
      expect(at(next, 'GewensteIngangsdatum')).toBe(day);
      expect(at(next, 'Product', 'Code')).toBe((await assignmentAndProduct(id, day)).code);
    }
  });

  it('JW323 declares each settled trajectory for exactly its settlement, to the cent, within one calendar month', async () => {
    let declared = 0;
    for (const { file, provider } of sent.get(IjwMessageType.JW323)!) {
      const declaration = node(bericht(file).Declaratie)!;
      const [from, to] = [
        at(declaration, 'DeclaratiePeriode', 'Begindatum')!,
        at(declaration, 'DeclaratiePeriode', 'Einddatum')!,
      ];
      expect(from.slice(0, 7)).toBe(to.slice(0, 7));
      let total = 0;
      const perTrajectory = new Map<string, number>();
      for (const c of list(node(declaration.Clienten)!.Client))
        for (const p of list(node(c.Prestaties)!.Prestatie)) {
          const amount = Number(at(p, 'IngediendBedrag', 'Bedrag'));
          expect(at(p, 'IngediendBedrag', 'DebetCredit')).toBe('D');
          expect(amount).toBe(Number(at(p, 'GeleverdVolume')) * Number(at(p, 'ProductTarief')));
          expect(at(p, 'ProductPeriode', 'Begindatum')! >= from && at(p, 'ProductPeriode', 'Einddatum')! <= to).toBe(
            true,
          );
          total += amount;
          const line = await one<{ trajectoryId: string }>(
            `SELECT trajectory_id AS "trajectoryId" FROM ijw_declaration_line WHERE reference = $1 AND provider_id = $2`,
            [at(p, 'ProductReferentie', 'ReferentieNummer'), providerId(provider as 'jeugdformaat')],
          );
          expect(at(c, 'Bsn')).toBe(await bsnOf(line.trajectoryId));
          perTrajectory.set(line.trajectoryId, (perTrajectory.get(line.trajectoryId) ?? 0) + amount);
        }
      expect(Number(at(declaration, 'TotaalIngediendBedrag', 'TotaalBedrag'))).toBe(total);
      for (const [trajectoryId, amount] of perTrajectory) {
        // a trajectory's lines in this month: its settlement, or the part of its delivered units in this month
        const settled = await one<{ amount: number; variant: string; month: number }>(
          `SELECT s.amount_cents AS amount, s.funding_variant AS variant,
                  coalesce((SELECT sum(du.quantity * pp.price_cents) FROM delivered_units du JOIN product_price pp ON pp.id = du.product_price_id
                             WHERE du.trajectory_id = s.trajectory_id AND du.delivered_on BETWEEN $2 AND $3), 0)::int AS month
             FROM settlement s WHERE s.trajectory_id = $1 ORDER BY s.version DESC LIMIT 1`,
          [trajectoryId, from, to],
        );
        expect(amount).toBe(settled.variant === 'OUTPUT' ? settled.amount : settled.month);
        declared++;
      }
    }
    expect(declared).toBeGreaterThan(0);
    // over all months, every settlement is declared in full
    const { rows } = await app.admin.query(
      `SELECT d.trajectory_id, sum(d.amount_cents)::int AS declared, s.amount_cents AS settled
         FROM ijw_declaration_line d JOIN settlement s ON s.id = d.settlement_id GROUP BY d.trajectory_id, s.amount_cents
        HAVING sum(d.amount_cents) <> s.amount_cents`,
    );
    expect(rows).toEqual([]);
  });

  it('exporting again finds nothing: every event went out once', async () => {
    for (const email of Object.values(ADMINS))
      for (const type of ORDER) expect(await exportMessages(app.as(email), type, DEN_HAAG), type).toEqual([]);
  });

  it('each export is an EXPORT of the youths in the access log', async () => {
    const { view } = sent.get(IjwMessageType.JW305)![0];
    const entry = await one(
      `SELECT l.action, l.purpose FROM access_log l JOIN trajectory t ON t.youth_id = l.youth_id
        WHERE t.id = $1 AND l.action = 'EXPORT'`,
      [trajectoryOf(view)],
    );
    expect(entry).toEqual({ action: 'EXPORT', purpose: 'iJw JW305' });
  });

  it('a provider exports only its own trajectories', async () => {
    for (const { view, provider } of [...sent.values()].flat().filter((m) => m.view.type !== 'JW323')) {
      const t = await one<{ responsible: string }>(
        `SELECT responsible_provider_id AS responsible FROM trajectory WHERE id = $1`,
        [trajectoryOf(view)],
      );
      expect(t.responsible).toBe(providerId(provider as 'jeugdformaat'));
    }
  });
});
