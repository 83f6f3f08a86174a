import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import type { BsnVault } from '../../core/bsn/vault.js';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import { decodeCursor, keysetConnection } from '../../core/graphql/keyset-cursor.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { IjwMessageType } from './ijw.codes.js';
import type { IjwMessagesArgs } from './ijw.inputs.js';
import { IjwDirection, IjwMessageStatus, type IjwMessageRow } from './ijw.types.js';

export const MESSAGE_COLUMNS = `m.id, m.type, m.direction, m.reference, m.file_name AS "fileName", m.status,
  m.retour_codes AS "retourCodes", m.provider_id AS "providerId", m.municipality_id AS "municipalityId",
  m.municipality_code AS "municipalityCode", m.answers_id AS "answersId", m.created_at AS "createdAt"`;

/** A message to store: its payload is sealed here. */
export interface NewMessage {
  type: IjwMessageType;
  direction: IjwDirection;
  reference: string;
  fileName: string;
  xml: string;
  status: IjwMessageStatus;
  retourCodes: string[];
  municipalityId: string | null;
  municipalityCode: string;
  answersId?: string | null;
  /** A received file's keyed hash. */
  contentHash?: Buffer | null;
}

export interface Subject {
  trajectoryId: string;
  youthId: string;
  eventKey: string;
}

/** The masked BSN in XML shown over the API: nine zeros, still valid against the schemas. */
export const MASKED_BSN = '000000000';

/**
 * The messages of the viewer's provider: stored sealed (exactly as sent or received), numbered per
 * sender, listed, shown with the BSN masked, and handed out as files to its administrators. Every
 * message's content is a read of its youths' personal data, logged as such.
 */
export class IjwMessageService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly vault: BsnVault,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The viewer's provider, as its administrator (who exchanges messages). */
  requireAdmin(): { providerId: string; userId: string } {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    return { providerId: viewer.providerId!, userId: viewer.id };
  }

  /** The next `count` identifications of the provider: unique per sender, across all types. */
  async nextReferences(providerId: string, count: number): Promise<string[]> {
    const [{ last }] = await this.db.query<{ last: number }>(
      `INSERT INTO ijw_sender AS s (provider_id, last_number) VALUES ($1, $2)
       ON CONFLICT (provider_id) DO UPDATE SET last_number = s.last_number + excluded.last_number RETURNING last_number AS last`,
      [providerId, count],
    );
    return Array.from({ length: count }, (_, i) => String(last - count + 1 + i));
  }

  /** Stores messages (sealed) in one statement; returns them in the same order. */
  async store(messages: NewMessage[]): Promise<IjwMessageRow[]> {
    if (!messages.length) return [];
    const { providerId, userId } = this.requireAdmin();
    const column = <K extends keyof NewMessage>(key: K) => messages.map((m) => m[key] ?? null);
    return this.db.query<IjwMessageRow>(
      `INSERT INTO ijw_message AS m (provider_id, created_by, type, direction, reference, file_name, payload, status,
                                     retour_codes, municipality_id, municipality_code, answers_id, content_hash)
       SELECT $1, $2, x.type, x.direction, x.reference, x.file_name, x.payload, x.status,
              string_to_array(x.codes, ','), x.municipality_id, x.municipality_code, x.answers_id, x.content_hash
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::text[], $9::text[], $10::uuid[],
                     $11::text[], $12::uuid[], $13::bytea[]) WITH ORDINALITY
              AS x(type, direction, reference, file_name, payload, status, codes, municipality_id, municipality_code,
                   answers_id, content_hash, n)
        ORDER BY x.n RETURNING ${MESSAGE_COLUMNS}`,
      [
        providerId,
        userId,
        column('type'),
        column('direction'),
        column('reference'),
        column('fileName'),
        messages.map((m) => this.vault.seal(m.xml, 'ijw-message')),
        column('status'),
        messages.map((m) => m.retourCodes.join(',')),
        column('municipalityId'),
        column('municipalityCode'),
        column('answersId'),
        column('contentHash'),
      ],
    );
  }

  async recordSubjects(messageId: string, subjects: Subject[]): Promise<void> {
    if (!subjects.length) return;
    await this.db.query(
      `INSERT INTO ijw_message_subject (message_id, trajectory_id, youth_id, event_key)
       SELECT $1, t, y, e FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS x(t, y, e)`,
      [messageId, subjects.map((s) => s.trajectoryId), subjects.map((s) => s.youthId), subjects.map((s) => s.eventKey)],
    );
  }

  /** The provider's messages, newest first, as a connection. */
  async list(args: IjwMessagesArgs) {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    const first = args.first ?? 20;
    const params: unknown[] = [viewer.providerId, args.type ?? null];
    const own = `m.provider_id = $1 AND ($2::text IS NULL OR m.type = $2)`;
    let page = own;
    if (args.after) {
      const cursor = decodeCursor(args.after);
      page += ` AND (m.created_at, m.id) < ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`;
    }
    const rows = await this.db.query<IjwMessageRow & { createdKey: string }>(
      `SELECT ${MESSAGE_COLUMNS}, m.created_at::text AS "createdKey" FROM ijw_message m
        WHERE ${page} ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.push(first + 1)}`,
      params,
    );
    const [{ count }] = await this.db.query<{ count: number }>(
      `SELECT count(*) AS count FROM ijw_message m WHERE ${own}`,
      params.slice(0, 2),
    );
    return keysetConnection(rows, first, 'createdKey', count);
  }

  byIds(ids: string[]): Promise<IjwMessageRow[]> {
    return this.db.query(`SELECT ${MESSAGE_COLUMNS} FROM ijw_message m WHERE m.id = ANY($1)`, [ids]);
  }

  /** Messages about these trajectories (sent, and the assignments received), oldest first. */
  ofTrajectories(trajectoryIds: string[]): Promise<(IjwMessageRow & { trajectoryId: string })[]> {
    if (!this.scope.providerId) return Promise.resolve([]);
    return this.db.query(
      // a retour is stored in the transaction of the message it answers (the same created_at): after it
      `SELECT DISTINCT ON (s.trajectory_id, m.created_at, m.answers_id IS NOT NULL, m.id)
              s.trajectory_id AS "trajectoryId", ${MESSAGE_COLUMNS}
         FROM ijw_message_subject s JOIN ijw_message m ON m.id = s.message_id
        WHERE s.trajectory_id = ANY($1) ORDER BY s.trajectory_id, m.created_at, m.answers_id IS NOT NULL, m.id`,
      [trajectoryIds],
    );
  }

  /** The trajectories each message is about (a rejected message links to the trajectory to correct). */
  subjectsOf(messageIds: string[]): Promise<{ messageId: string; trajectoryId: string }[]> {
    return this.db.query(
      `SELECT DISTINCT message_id AS "messageId", trajectory_id AS "trajectoryId" FROM ijw_message_subject
        WHERE message_id = ANY($1) ORDER BY 1, 2`,
      [messageIds],
    );
  }

  /** The messages that answer these (a retour, an answer). */
  answersTo(messageIds: string[]): Promise<IjwMessageRow[]> {
    return this.db.query(
      `SELECT ${MESSAGE_COLUMNS} FROM ijw_message m WHERE m.answers_id = ANY($1) ORDER BY m.created_at`,
      [messageIds],
    );
  }

  /**
   * The message itself (decrypted), for its provider's administrators; `action` says whether it is
   * shown (a READ of its youths, BSN masked) or handed out as a file (an EXPORT).
   */
  async content(id: string, action: 'READ' | 'EXPORT'): Promise<{ message: IjwMessageRow; xml: string }> {
    this.scope.requireRole(Role.PROVIDER_ADMIN);
    const row = await this.db.one<IjwMessageRow & { payload: Buffer; youthIds: string[]; erased: boolean }>(
      `SELECT ${MESSAGE_COLUMNS}, m.payload, m.erased_at IS NOT NULL AS erased,
              ARRAY(SELECT DISTINCT s.youth_id FROM ijw_message_subject s WHERE s.message_id = m.id) AS "youthIds"
         FROM ijw_message m WHERE m.id = $1`,
      [assertId(id, 'id')],
    );
    if (!row) throw new NotFoundError('Message');
    if (!this.scope.isAdminOf(row.providerId))
      throw new ForbiddenError('Only the administrators of the provider read its messages.');
    const { payload, youthIds, erased, ...message } = row;
    if (erased)
      throw new RuleViolationError('ERASED', 'This message named a youth whose data was erased; its content is gone.');
    await this.accessLog.record(youthIds, action, action === 'EXPORT' ? 'iJw message file' : 'iJw message');
    const xml = this.vault.open(payload, 'ijw-message').toString('utf8');
    return { message, xml: action === 'READ' ? maskBsn(xml) : xml };
  }

  async status(id: string, status: IjwMessageStatus, retourCodes: string[]): Promise<void> {
    await this.db.query(`UPDATE ijw_message SET status = $2, retour_codes = $3 WHERE id = $1`, [
      id,
      status,
      retourCodes,
    ]);
  }
}

/**
 * The XML with every BSN masked: the text of each Bsn element, and wherever else those digits
 * occur. The message stays valid against its schema.
 */
export function maskBsn(xml: string): string {
  const bsns = new Set([...xml.matchAll(/<(?:[\w.-]+:)?Bsn>\s*(\d{9})\s*</g)].map((m) => m[1]));
  let masked = xml;
  for (const bsn of bsns) masked = masked.replaceAll(bsn, MASKED_BSN);
  return masked;
}
