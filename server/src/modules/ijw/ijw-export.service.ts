import type { BsnVault } from '../../core/bsn/vault.js';
import { addDays, today } from '../../core/dates.js';
import { BadUserInputError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import { COD327, type ReferrerType } from '../trajectory/trajectory.types.js';
import {
  buildChange,
  buildDeclaration,
  buildRequest,
  buildStart,
  buildStop,
  type ClientIdentity,
  type DeclaredLine,
  type HeaderFields,
  type ProductCode,
} from './ijw.build.js';
import { EXPORTED_TYPES, IjwMessageType, type ExportedType } from './ijw.codes.js';
import {
  PENDING_CHANGES,
  PENDING_REQUESTS,
  PENDING_SETTLEMENTS,
  PENDING_STARTS,
  PENDING_STOPS,
  UNCREDITED_LINES,
  UNITS_BY_MONTH,
} from './ijw.queries.js';
import type { YouthIdentity } from './ijw-identity.service.js';
import type { IjwMessageService, NewMessage, Subject } from './ijw-message.service.js';
import { ijwSchemas } from './ijw.xsd.js';
import { DeclarationForm, IjwDirection, IjwMessageStatus, type IjwMessageRow } from './ijw.types.js';

/** Events read and turned into messages at a time: memory stays flat however large the batch. */
const CHUNK = 250;
/** Clients in one declaration (JW323) at most; a month with more is declared in several. */
const CLIENTS_PER_DECLARATION = 250;
/** Messages one API call makes at most (the next call makes the next batch). */
export const API_BATCH = 1000;

const QUERIES: Record<ExportedType, string> = {
  JW305: PENDING_STARTS,
  JW307: PENDING_STOPS,
  JW315: PENDING_REQUESTS,
  JW317: PENDING_CHANGES,
  JW323: PENDING_SETTLEMENTS,
};

/** One pending event, as the queries read it. */
interface EventRow {
  trajectoryId: string;
  youthId: string;
  birthDate: string;
  initials: string;
  sealed: Buffer;
  assignmentNumber: string | null;
  assignmentStart: string | null;
  productCategory: string | null;
  productCode: string | null;
  day: string;
  sortKey: string;
  startDate?: string;
  endReason?: string;
  referrerType?: ReferrerType;
  proposalId?: string;
  newCategory?: string | null;
  newCode?: string | null;
  settlementId?: string;
  amountCents?: number;
  closedDate?: string;
  form?: DeclarationForm;
  unitCode?: string | null;
}

/** A message made from events, before it has its identification. */
interface Draft {
  build: (h: HeaderFields) => string;
  subjects: Subject[];
  lines?: (DeclaredLine & { settlementId: string; trajectoryId: string; priceId: string | null })[];
}

export interface ExportOptions {
  /** Events from / until these days only (the command line; a provider going live skips what it reported before). */
  from?: string;
  to?: string;
  /** Messages at most (the API's batch). */
  limit?: number;
  /** Called with each message as it is stored (the command line writes it to a file). */
  onMessage?: (message: IjwMessageRow, xml: string) => Promise<void>;
  /** Keep the stored rows to return them (the API); the command line does not, so memory stays flat. */
  collect?: boolean;
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
function lastOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The provider's next batch of one message type for one municipality: every event not sent yet,
 * none twice, each message valid against its XSD before it is stored (one that is not is a bug:
 * the export fails and stores nothing). Events are read in chunks and each chunk is stored before
 * the next is read, so a month of a large municipality never sits in memory at once.
 */
export class IjwExportService {
  constructor(
    private readonly db: RequestDb,
    private readonly vault: BsnVault,
    private readonly messages: IjwMessageService,
    private readonly accessLog: AccessLogService,
  ) {}

  async export(type: IjwMessageType, municipalityId: string, options: ExportOptions = {}): Promise<IjwMessageRow[]> {
    const { providerId } = this.messages.requireAdmin();
    if (!(EXPORTED_TYPES as readonly string[]).includes(type))
      throw BadUserInputError.field('type', 'NOT_EXPORTABLE', { types: EXPORTED_TYPES.join(', ') });
    const parties = await this.db.one<{ cbs: string; agb: string }>(
      `SELECT m.cbs_code AS cbs, p.agb_code AS agb FROM municipality m, provider p WHERE m.id = $1 AND p.id = $2`,
      [municipalityId, providerId],
    );
    if (!parties) throw BadUserInputError.field('municipalityId', 'UNKNOWN', { what: 'municipality' });
    // one batch of a type per provider and municipality at a time: a second waits, then finds nothing left
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('ijw-export'), hashtext($1))`, [
      `${providerId}:${municipalityId}:${type}`,
    ]);
    const day = today();
    const limit = options.limit ?? Infinity;
    const kept: IjwMessageRow[] = [];
    let made = 0;
    let after: [string | null, string | null] = [null, null];
    for (;;) {
      const events = await this.db.query<EventRow>(QUERIES[type as ExportedType], [
        providerId,
        municipalityId,
        options.from ?? null,
        options.to ?? null,
        after[0],
        after[1],
        CHUNK,
      ]);
      if (!events.length) break;
      const last = events.at(-1)!;
      after = [last.sortKey, last.proposalId ?? last.trajectoryId];
      const drafts = await this.drafts(type as ExportedType, events.slice(0, Math.max(0, limit - made)));
      const stored = await this.store(type, drafts, { ...parties, municipalityId, day }, options);
      made += stored.length;
      if (options.collect) kept.push(...stored);
      if (events.length < CHUNK || made >= limit) break;
    }
    return kept;
  }

  /** Stores a chunk of messages (validated first), their subjects and declaration lines, and logs the export. */
  private async store(
    type: IjwMessageType,
    drafts: Draft[],
    to: { cbs: string; agb: string; municipalityId: string; day: string },
    options: ExportOptions,
  ): Promise<IjwMessageRow[]> {
    if (!drafts.length) return [];
    const references = await this.messages.nextReferences(this.messages.requireAdmin().providerId, drafts.length);
    const made: NewMessage[] = drafts.map((d, i) => {
      const xml = d.build({ from: to.agb, to: to.cbs, reference: references[i], day: to.day });
      ijwSchemas.assertValid(type, xml);
      return {
        type,
        direction: IjwDirection.OUT,
        reference: references[i],
        fileName: `${type}_${to.agb}_${to.cbs}_${references[i]}.xml`,
        xml,
        status: IjwMessageStatus.SENT,
        retourCodes: [],
        municipalityId: to.municipalityId,
        municipalityCode: to.cbs,
      };
    });
    const rows = await this.messages.store(made);
    for (const [i, row] of rows.entries()) {
      await this.messages.recordSubjects(row.id, drafts[i].subjects);
      await this.recordLines(row, drafts[i]);
      await options.onMessage?.(row, made[i].xml);
    }
    await this.accessLog.record(
      drafts.flatMap((d) => d.subjects.map((s) => s.youthId)),
      'EXPORT',
      `iJw ${type}`,
    );
    return rows;
  }

  private async recordLines(message: IjwMessageRow, draft: Draft): Promise<void> {
    if (!draft.lines?.length) return;
    const column = <K extends keyof NonNullable<Draft['lines']>[number]>(k: K) => draft.lines!.map((l) => l[k] ?? null);
    await this.db.query(
      `INSERT INTO ijw_declaration_line (message_id, provider_id, trajectory_id, settlement_id, reference, credits_reference,
         debit_credit, period_start, period_end, product_price_id, volume, unit_code, tariff_cents, amount_cents)
       SELECT $1, $2, x.t, x.s, x.r, x.c, CASE WHEN x.c IS NULL THEN 'D' ELSE 'C' END, x.ps, x.pe, x.p, x.v, x.u, x.tc, x.a
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::date[], $8::date[], $9::uuid[], $10::int[],
                     $11::text[], $12::int[], $13::int[]) AS x(t, s, r, c, ps, pe, p, v, u, tc, a)`,
      [
        message.id,
        message.providerId,
        column('trajectoryId'),
        column('settlementId'),
        column('reference'),
        column('credits'),
        column('periodStart'),
        column('periodEnd'),
        column('priceId'),
        column('volume'),
        column('unitCode'),
        column('tariffCents'),
        column('amountCents'),
      ],
    );
  }

  private identity(e: EventRow): ClientIdentity {
    const who = JSON.parse(this.vault.open(e.sealed, 'youth-identity').toString('utf8')) as YouthIdentity;
    const letters = e.initials.replace(/\./g, '');
    return {
      bsn: who.bsn,
      birthDate: e.birthDate,
      gender: who.gender ?? '0',
      // Samenspel keeps initials only: the surname is the assignment's when one came in
      surname: who.surname ?? e.initials,
      surnamePrefix: who.surname ? who.surnamePrefix : undefined,
      initials: who.initials ?? letters,
    };
  }

  private async drafts(type: ExportedType, events: EventRow[]): Promise<Draft[]> {
    const product = (category: string | null | undefined, code: string | null | undefined): ProductCode | undefined =>
      category && code ? { category, code } : undefined;
    const assignment = (e: EventRow) =>
      e.assignmentNumber ? { number: e.assignmentNumber, start: e.assignmentStart! } : undefined;
    const one = (e: EventRow, eventKey: string, build: (h: HeaderFields) => string): Draft => ({
      build,
      subjects: [{ trajectoryId: e.trajectoryId, youthId: e.youthId, eventKey }],
    });
    switch (type) {
      case 'JW305':
        return events.map((e) =>
          one(e, 'START', (h) =>
            buildStart(h, this.identity(e), {
              assignment: assignment(e),
              product: product(e.productCategory, e.productCode),
              startDate: e.day,
            }),
          ),
        );
      case 'JW307':
        return events.map((e) =>
          one(e, 'STOP', (h) =>
            buildStop(h, this.identity(e), {
              assignment: assignment(e),
              product: product(e.productCategory, e.productCode),
              startDate: e.startDate!,
              endReason: e.endReason!,
              endDate: e.day,
            }),
          ),
        );
      case 'JW315':
        return events.map((e) =>
          one(e, 'REQUEST', (h) =>
            buildRequest(h, this.identity(e), {
              reference: e.trajectoryId,
              product: product(e.productCategory, e.productCode),
              start: e.day,
              referrer: COD327[e.referrerType!],
            }),
          ),
        );
      case 'JW317':
        return events.map((e) =>
          one(e, `CHANGE:${e.proposalId}`, (h) => {
            const ending = assignment(e);
            return buildChange(h, this.identity(e).bsn, {
              reference: e.proposalId!,
              ending: ending && ending.start < e.day ? { ...ending, end: addDays(e.day, -1) } : undefined,
              product: product(e.newCategory, e.newCode),
              start: e.day,
            });
          }),
        );
      case 'JW323':
        return this.declarations(events);
      default:
        throw new Error(`no messages of type ${type as string} are made`);
    }
  }

  /**
   * The declarations of these settlements: a line per trajectory (output) or per product price and
   * month of delivered units (effort), credits for the lines of an earlier settlement of the same
   * trajectory, grouped into one message per calendar month.
   */
  private async declarations(events: EventRow[]): Promise<Draft[]> {
    const ids = events.map((e) => e.trajectoryId);
    const units = await this.db.query<{
      trajectoryId: string;
      priceId: string;
      unitCode: string;
      priceCents: number;
      volume: number;
      periodStart: string;
      periodEnd: string;
    }>(UNITS_BY_MONTH, [ids]);
    const uncredited = await this.db.query<{
      trajectoryId: string;
      reference: string;
      periodStart: string;
      periodEnd: string;
      volume: number;
      unitCode: string;
      tariffCents: number;
      amountCents: number;
      priceId: string | null;
    }>(UNCREDITED_LINES, [ids]);
    type Line = NonNullable<Draft['lines']>[number] & { bsn: string; youthId: string };
    const lines: Line[] = [];
    for (const e of events) {
      const base = {
        trajectoryId: e.trajectoryId,
        settlementId: e.settlementId!,
        youthId: e.youthId,
        bsn: this.identity(e).bsn,
        assignmentNumber: e.assignmentNumber!,
        product: { category: e.productCategory!, code: e.productCode! },
      };
      for (const c of uncredited.filter((u) => u.trajectoryId === e.trajectoryId))
        lines.push({ ...base, ...c, reference: '', credits: c.reference });
      if (e.form === DeclarationForm.PER_TRAJECTORY) {
        const start = firstOfMonth(e.closedDate!) > e.startDate! ? firstOfMonth(e.closedDate!) : e.startDate!;
        lines.push({
          ...base,
          reference: '',
          priceId: null,
          periodStart: start,
          periodEnd: e.closedDate!,
          volume: 1,
          unitCode: e.unitCode!,
          tariffCents: e.amountCents!,
          amountCents: e.amountCents!,
        });
      } else
        for (const u of units.filter((x) => x.trajectoryId === e.trajectoryId))
          lines.push({
            ...base,
            reference: '',
            priceId: u.priceId,
            periodStart: u.periodStart,
            periodEnd: u.periodEnd,
            volume: u.volume,
            unitCode: u.unitCode,
            tariffCents: u.priceCents,
            amountCents: u.volume * u.priceCents,
          });
    }
    const months = new Map<string, Line[]>();
    for (const l of lines) months.set(l.periodStart.slice(0, 7), [...(months.get(l.periodStart.slice(0, 7)) ?? []), l]);
    const drafts: Draft[] = [];
    for (const [month, monthLines] of [...months].sort(([a], [b]) => a.localeCompare(b))) {
      const byClient = new Map<string, Line[]>();
      for (const l of monthLines) byClient.set(l.bsn, [...(byClient.get(l.bsn) ?? []), l]);
      const clients = [...byClient.values()];
      for (let i = 0; i < clients.length; i += CLIENTS_PER_DECLARATION) {
        const part = clients.slice(i, i + CLIENTS_PER_DECLARATION);
        const flat = part.flat();
        drafts.push({
          subjects: [
            ...new Map(
              flat.map((l) => [
                `${l.trajectoryId}:${l.credits ?? l.settlementId}`,
                {
                  trajectoryId: l.trajectoryId,
                  youthId: l.youthId,
                  eventKey: l.credits ? `CREDIT:${l.credits}` : `DECLARE:${l.settlementId}:${month}`,
                },
              ]),
            ).values(),
          ],
          lines: flat,
          // each line's reference: the declaration's identification and its position in it
          build: (h) => {
            flat.forEach((l, n) => (l.reference = `${h.reference}-${n + 1}`));
            return buildDeclaration(h, {
              periodStart: `${month}-01`,
              periodEnd: lastOfMonth(`${month}-01`),
              clients: part.map((c) => ({ bsn: c[0].bsn, lines: c })),
            });
          },
        });
      }
    }
    return drafts;
  }
}
