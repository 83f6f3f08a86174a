import { passesElevenTest } from '../../core/bsn/bsn.js';
import type { BsnVault } from '../../core/bsn/vault.js';
import { today } from '../../core/dates.js';
import { BadUserInputError } from '../../core/errors/errors.js';
import { isCalendarDate } from '../../core/graphql/scalars.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { ReferralService } from '../trajectory/referral.service.js';
import { buildAnswerRetour, buildAssignmentRetour, type AssignmentVerdict } from './ijw.build.js';
import { acceptedBy, IjwMessageType, RETOUR_OF, type ExportedType } from './ijw.codes.js';
import {
  parseMessage,
  readAssignment,
  readDeclarationAnswer,
  readHeader,
  readRequestAnswer,
  retourCodesIn,
  type AssignedProduct,
  type Assignment,
  type IjwHeader,
  type XmlNode,
} from './ijw.parse.js';
import type { IjwIdentityService } from './ijw-identity.service.js';
import { MESSAGE_COLUMNS, type IjwMessageService, type Subject } from './ijw-message.service.js';
import type { IjwProductService } from './ijw-product.service.js';
import { ijwSchemas, recoverXml, type SchemaCheck } from './ijw.xsd.js';
import { IjwDirection, IjwMessageStatus, type IjwMessageRow } from './ijw.types.js';

export interface ImportResult {
  message: IjwMessageRow;
  retour: IjwMessageRow | null;
  accepted: boolean;
  retourCodes: string[];
}

/** Messages the municipality writes itself (Afzender its code); the others are retours echoing the provider's header. */
const FROM_MUNICIPALITY = new Set<IjwMessageType>([IjwMessageType.JW301, IjwMessageType.JW319, IjwMessageType.JW325]);
const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const IDENTIFICATION = /^(?=.*\S).{1,12}$/s;

/** The municipality and the provider a message is between, whichever way it goes. */
function parties(h: IjwHeader): { municipalityCode?: string; agb?: string } {
  const fromMunicipality = FROM_MUNICIPALITY.has(h.type!);
  return { municipalityCode: fromMunicipality ? h.sender : h.receiver, agb: fromMunicipality ? h.receiver : h.sender };
}

/** The received message's own identification (of a retour: IdentificatieRetour). */
const ownReference = (h: IjwHeader) => (FROM_MUNICIPALITY.has(h.type!) ? h.identification : h.retourIdentification);

/** Retours on the provider's own messages: which of its messages each answers. */
const RETOURS = new Map(Object.entries(RETOUR_OF).map(([sent, retour]) => [retour, sent as ExportedType]));

/**
 * Reading what the municipality sends: a JW301 assignment is checked against its schema and the iJw
 * rules Samenspel can check, stored exactly as received, applied (matched to the youth by BSN and to
 * the trajectory by product and period, or registered as the municipality's referral), and answered
 * with a JW302; retours on the provider's messages mark them accepted or rejected; a JW319 answer
 * is recorded and answered with a JW320. The same file twice is one import.
 */
export class IjwImportService {
  constructor(
    private readonly db: RequestDb,
    private readonly vault: BsnVault,
    private readonly messages: IjwMessageService,
    private readonly products: IjwProductService,
    private readonly identities: IjwIdentityService,
    private readonly referrals: ReferralService,
    private readonly accessLog: AccessLogService,
  ) {}

  async import(xml: string): Promise<ImportResult> {
    const { providerId } = this.messages.requireAdmin();
    if (/<!DOCTYPE/i.test(xml)) throw BadUserInputError.field('xml', 'NOT_AN_IJW_MESSAGE');
    const contentHash = this.vault.hash(Buffer.from(xml, 'utf8'));
    const seen = await this.db.one<IjwMessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ijw_message m WHERE m.provider_id = $1 AND m.content_hash = $2`,
      [providerId, contentHash],
    );
    if (seen) return this.resultOf(seen);

    const bericht = readable(xml);
    const header = bericht ? readHeader(bericht) : {};
    if (!bericht || !answerable(header)) throw BadUserInputError.field('xml', 'NOT_AN_IJW_MESSAGE');
    const provider = await this.db.one<{ agb: string }>(`SELECT agb_code AS agb FROM provider WHERE id = $1`, [
      providerId,
    ]);
    const { agb } = parties(header);
    if (agb !== provider!.agb) throw BadUserInputError.field('xml', 'ADDRESSED_TO_ANOTHER_PROVIDER', { agb: agb! });
    const type = header.type!;
    const received = { xml, bericht, header, contentHash, check: ijwSchemas.check(type, xml) };
    if (type === IjwMessageType.JW301) return this.assignment(received);
    if (type === IjwMessageType.JW319) return this.answer(received);
    const answers = RETOURS.get(type);
    if (answers) return this.retour(received, answers);
    throw BadUserInputError.field('xml', 'NOT_IMPORTABLE', { type });
  }

  private async resultOf(message: IjwMessageRow): Promise<ImportResult> {
    const [retour] = (await this.messages.answersTo([message.id])).filter((m) => m.direction === IjwDirection.OUT);
    const codes = retour ? retour.retourCodes : message.retourCodes;
    return { message, retour: retour ?? null, accepted: acceptedBy(codes), retourCodes: codes };
  }

  private municipality(code: string) {
    return this.db.one<{ id: string }>(`SELECT id FROM municipality WHERE cbs_code = $1`, [code]);
  }

  // --- JW301 → JW302 ----------------------------------------------------------------------------

  private async assignment(r: Received): Promise<ImportResult> {
    const municipality = await this.municipality(r.header.sender!);
    const assignment = readAssignment(r.bericht);
    const verdict = await this.judge(r, municipality?.id, assignment);
    const codes = [...new Set([verdict.header, verdict.client ?? [], ...(verdict.products ?? [])].flat())];
    const accepted = acceptedBy(codes);
    const [message] = await this.messages.store([
      {
        type: IjwMessageType.JW301,
        direction: IjwDirection.IN,
        reference: r.header.identification!,
        fileName: `JW301_${r.header.sender}_${r.header.identification}.xml`.replace(/[^\w.-]/g, '_'),
        xml: r.xml,
        status: accepted ? IjwMessageStatus.ACCEPTED : IjwMessageStatus.REJECTED,
        retourCodes: codes,
        municipalityId: municipality?.id ?? null,
        municipalityCode: r.header.sender!,
        contentHash: r.contentHash,
      },
    ]);
    const subjects: Subject[] = [];
    if (municipality && verdict.client?.[0] === '0200')
      for (const [i, product] of assignment.products.entries())
        if (verdict.products![i][0] === '0200')
          subjects.push(await this.apply(municipality.id, message.id, assignment, product));
    const [reference] = await this.messages.nextReferences(message.providerId, 1);
    const xml = buildAssignmentRetour(r.bericht, { reference, day: today() }, verdict);
    ijwSchemas.assertValid(IjwMessageType.JW302, xml);
    const [retour] = await this.messages.store([
      {
        type: IjwMessageType.JW302,
        direction: IjwDirection.OUT,
        reference,
        fileName: `JW302_${r.header.receiver}_${r.header.sender}_${reference}.xml`,
        xml,
        status: IjwMessageStatus.SENT,
        retourCodes: codes,
        municipalityId: municipality?.id ?? null,
        municipalityCode: r.header.sender!,
        answersId: message.id,
      },
    ]);
    await this.messages.recordSubjects(message.id, subjects);
    await this.messages.recordSubjects(
      retour.id,
      subjects.map((s) => ({ ...s, eventKey: `RETOUR:${retour.id}` })),
    );
    return { message, retour, accepted, retourCodes: codes };
  }

  /** The WJ001 codes of a JW301: header, client and each product (classes under a refused one are not assessed). */
  private async judge(r: Received, municipalityId: string | undefined, a: Assignment): Promise<AssignmentVerdict> {
    const refused = (header: string[]): AssignmentVerdict => ({ header });
    if (!r.check.wellFormed || r.check.problems.length) return refused(['0001']);
    if (!municipalityId) return refused(['S300']);
    const duplicate = await this.db.one(
      `SELECT 1 FROM ijw_message WHERE provider_id = access.viewer_provider_id() AND direction = 'IN' AND type = 'JW301'
          AND municipality_code = $1 AND reference = $2`,
      [r.header.sender, r.header.identification],
    );
    if (duplicate) return refused(['9056']);
    if (r.header.date! > today()) return refused(['8848']);
    if (!passesElevenTest(a.bsn ?? '')) return { header: ['0200'], client: ['0001'], products: [] };
    const products: string[][] = [];
    for (const p of a.products) products.push([await this.judgeProduct(municipalityId, a.bsn!, p)]);
    return { header: ['0200'], client: ['0200'], products };
  }

  private async judgeProduct(municipalityId: string, bsn: string, p: AssignedProduct): Promise<string> {
    if (!p.category || !p.code || !(await this.products.picOfProduct(p.category, p.code, p.start!))) return 'S329';
    if (p.end && p.end < p.start!) return '0001';
    // a number names one assignment of the municipality: for this client it is a change, for another a conflict
    const taken = await this.db.one<{ sameClient: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM youth_identity i WHERE i.youth_id = a.youth_id AND i.bsn_hash = $3) AS "sameClient"
         FROM ijw_assignment a WHERE a.municipality_id = $1 AND a.number = $2`,
      [municipalityId, p.number, this.vault.hash(bsn)],
    );
    return taken && !taken.sameClient ? '9332' : '0200';
  }

  /**
   * An accepted product: the youth by BSN, the trajectory of the provider with this product whose
   * period meets the assignment's, or a new referral from the municipality; then the assignment.
   */
  private async apply(municipalityId: string, messageId: string, a: Assignment, p: AssignedProduct): Promise<Subject> {
    const picId = (await this.products.picOfProduct(p.category!, p.code!, p.start!))!;
    const known = await this.db.one<{ id: string; trajectoryId: string | null }>(
      `SELECT id, trajectory_id AS "trajectoryId" FROM ijw_assignment WHERE municipality_id = $1 AND number = $2`,
      [municipalityId, p.number],
    );
    let youthId = await this.identities.assignedYouth(municipalityId, a.bsn!);
    let trajectory = youthId ? await this.matchingTrajectory(youthId, picId, p) : undefined;
    if (known?.trajectoryId)
      trajectory = (await this.db.one(`SELECT id FROM trajectory WHERE id = $1`, [known.trajectoryId])) as
        { id: string } | undefined;
    if (!trajectory) {
      const created = await this.referrals.registerAssignedReferral({
        municipalityId,
        youthId,
        initials: a.initials,
        birthDate: a.birthDate!,
        picId,
        startDate: p.start!,
        question: `Toewijzing ${p.number} van de gemeente (iJw-bericht JW301).`,
      });
      trajectory = { id: created.id };
      youthId = created.youthId;
    } else await this.accessLog.record([youthId!], 'UPDATE', 'assignment from the municipality (iJw)');
    await this.identities.record(youthId!, municipalityId, {
      bsn: a.bsn!,
      surname: a.surname,
      surnamePrefix: a.surnamePrefix,
      gender: a.gender,
      initials: a.initials,
    });
    if (known)
      await this.db.query(`UPDATE ijw_assignment SET trajectory_id = $2, end_date = $3 WHERE id = $1`, [
        known.id,
        trajectory.id,
        p.end ?? null,
      ]);
    else
      await this.db.query(
        `INSERT INTO ijw_assignment (municipality_id, provider_id, youth_id, trajectory_id, number, product_category,
                                     product_code, start_date, end_date, assigned_on, message_id)
         VALUES ($1, access.viewer_provider_id(), $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          municipalityId,
          youthId,
          trajectory.id,
          p.number,
          p.category,
          p.code,
          p.start,
          p.end ?? null,
          p.assignedOn,
          messageId,
        ],
      );
    return { trajectoryId: trajectory.id, youthId: youthId!, eventKey: `ASSIGNMENT:${messageId}` };
  }

  /** The provider's trajectory of this youth for the product's PIC, open during the assignment, not yet assigned. */
  private matchingTrajectory(youthId: string, picId: string, p: AssignedProduct) {
    return this.db.one<{ id: string }>(
      `SELECT t.id FROM trajectory t JOIN pic tp ON tp.id = t.pic_id JOIN pic ap ON ap.id = $2
        WHERE t.youth_id = $1 AND t.responsible_provider_id = access.viewer_provider_id()
          AND tp.profile_id = ap.profile_id AND tp.intensity_id = ap.intensity_id AND t.status <> 'CANCELLED'
          AND (t.referred_at AT TIME ZONE 'Europe/Amsterdam')::date <= coalesce($4::date, 'infinity')
          AND (t.closed_at IS NULL OR (t.closed_at AT TIME ZONE 'Europe/Amsterdam')::date >= $3::date)
          AND NOT EXISTS (SELECT 1 FROM ijw_assignment a WHERE a.trajectory_id = t.id)
        ORDER BY t.referred_at DESC LIMIT 1`,
      [youthId, picId, p.start, p.end ?? null],
    );
  }

  // --- retours on the provider's messages ----------------------------------------------------------

  private async retour(r: Received, answers: ExportedType): Promise<ImportResult> {
    if (!r.check.wellFormed || r.check.problems.length) throw BadUserInputError.field('xml', 'NOT_AN_IJW_MESSAGE');
    const reference =
      r.header.type === IjwMessageType.JW325 ? readDeclarationAnswer(r.bericht).declaration : r.header.identification;
    const sent = await this.db.one<IjwMessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ijw_message m
        WHERE m.provider_id = access.viewer_provider_id() AND m.direction = 'OUT' AND m.type = $1 AND m.reference = $2`,
      [answers, reference],
    );
    if (!sent) throw BadUserInputError.field('xml', 'ANSWERS_NO_MESSAGE_OF_YOURS');
    const codes = retourCodesIn(r.bericht);
    const accepted = acceptedBy(codes);
    const [message] = await this.messages.store([this.incoming(r, sent, codes)]);
    await this.messages.status(sent.id, accepted ? IjwMessageStatus.ACCEPTED : IjwMessageStatus.REJECTED, codes);
    if (r.header.type === IjwMessageType.JW325)
      for (const line of readDeclarationAnswer(r.bericht).lines)
        await this.db.query(
          `UPDATE ijw_declaration_line SET retour_codes = $3 WHERE message_id = $1 AND reference = $2`,
          [sent.id, line.reference, line.codes],
        );
    return { message, retour: null, accepted, retourCodes: codes };
  }

  private incoming(r: Received, answers: IjwMessageRow, codes: string[]) {
    const type = r.header.type!;
    return {
      type,
      direction: IjwDirection.IN,
      reference: ownReference(r.header)!,
      fileName: `${type}_${answers.municipalityCode}_${ownReference(r.header)}.xml`.replace(/[^\w.-]/g, '_'),
      xml: r.xml,
      status: IjwMessageStatus.RECEIVED,
      retourCodes: codes,
      municipalityId: answers.municipalityId,
      municipalityCode: answers.municipalityCode,
      answersId: answers.id,
      contentHash: r.contentHash,
    };
  }

  // --- JW319 → JW320 -----------------------------------------------------------------------------

  /** The municipality's answer to a request (JW315, JW317), by the provider's reference; answered with a JW320. */
  private async answer(r: Received): Promise<ImportResult> {
    const own = !r.check.wellFormed || r.check.problems.length ? ['0001'] : ['0200'];
    const { reference } = readRequestAnswer(r.bericht);
    // ReferentieAanbieder: the trajectory of a JW315, the PIC proposal of a JW317
    const request = await this.db.one<IjwMessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ijw_message m JOIN ijw_message_subject s ON s.message_id = m.id
        WHERE m.provider_id = access.viewer_provider_id() AND m.direction = 'OUT' AND m.municipality_code = $1
          AND ((m.type = 'JW315' AND s.event_key = 'REQUEST' AND s.trajectory_id::text = $2)
               OR (m.type = 'JW317' AND s.event_key = 'CHANGE:' || $2))
        LIMIT 1`,
      [r.header.sender, reference ?? ''],
    );
    if (!request) throw BadUserInputError.field('xml', 'ANSWERS_NO_MESSAGE_OF_YOURS');
    const [message] = await this.messages.store([this.incoming(r, request, own)]);
    const [retourReference] = await this.messages.nextReferences(message.providerId, 1);
    const xml = buildAnswerRetour(r.bericht, { reference: retourReference, day: today() }, own);
    ijwSchemas.assertValid(IjwMessageType.JW320, xml);
    const [retour] = await this.messages.store([
      {
        type: IjwMessageType.JW320,
        direction: IjwDirection.OUT,
        reference: retourReference,
        fileName: `JW320_${r.header.receiver}_${r.header.sender}_${retourReference}.xml`,
        xml,
        status: IjwMessageStatus.SENT,
        retourCodes: own,
        municipalityId: request.municipalityId,
        municipalityCode: request.municipalityCode,
        answersId: message.id,
      },
    ]);
    return { message, retour, accepted: acceptedBy(own), retourCodes: own };
  }
}

interface Received {
  xml: string;
  bericht: XmlNode;
  header: IjwHeader;
  contentHash: Buffer;
  check: SchemaCheck;
}

/** The AGB code of the provider a received message is for, as far as it can be read. */
export function addresseeOf(xml: string): string | undefined {
  const bericht = readable(xml);
  return bericht ? parties(readHeader(bericht)).agb : undefined;
}

/** The message as far as it can be read: as it is, or what libxml2 recovers of XML that is not well-formed. */
function readable(xml: string): XmlNode | null {
  for (const candidate of [xml, recoverXml(xml)]) {
    if (candidate === null) continue;
    try {
      const bericht = parseMessage(candidate);
      if (bericht) return bericht;
    } catch {
      // not well-formed: try what libxml2 recovers
    }
  }
  return null;
}

/** A header that names both parties and its identification, so that a retour can echo it and be valid. */
function answerable(h: IjwHeader): boolean {
  const { municipalityCode, agb } = parties(h);
  return (
    !!h.type &&
    /^[0-9]{4}$/.test(municipalityCode ?? '') &&
    /^[0-9]{8}$/.test(agb ?? '') &&
    IDENTIFICATION.test(h.identification ?? '') &&
    IDENTIFICATION.test(ownReference(h) ?? '') &&
    isCalendarDate(h.date ?? '') &&
    VERSION.test(h.basisschemaVersion ?? '') &&
    VERSION.test(h.berichtVersion ?? '')
  );
}
