import type { BsnVault } from '../../core/bsn/vault.js';
import type { RequestDb } from '../../db/request-db.js';

/**
 * What a message says about its client beyond Samenspel's initials and birth date: the BSN, and the
 * surname and gender when the municipality's assignment gave them. Kept sealed, for messages only.
 */
export interface YouthIdentity {
  bsn: string;
  surname?: string;
  surnamePrefix?: string;
  /** COD046: 0 unknown, 1 male, 2 female. */
  gender?: string;
  /** Letters only (Voorletters), as the assignment wrote them. */
  initials?: string;
}

/**
 * The youth's identity for messages (youth_identity): sealed with the BSN key, found by the keyed
 * hash of the BSN within a municipality. It is written by the referrer of the municipality, or by a
 * provider registering the municipality's assignment; it is read only to write messages, never
 * shown.
 */
export class IjwIdentityService {
  constructor(
    private readonly db: RequestDb,
    private readonly vault: BsnVault,
  ) {}

  /** The youth of the municipality with this BSN, as far as the viewer may see youths. */
  async youthWithBsn(municipalityId: string, bsn: string): Promise<string | undefined> {
    const row = await this.db.one<{ youthId: string }>(
      `SELECT youth_id AS "youthId" FROM youth_identity WHERE municipality_id = $1 AND bsn_hash = $2`,
      [municipalityId, this.vault.hash(bsn)],
    );
    return row?.youthId;
  }

  /** The youth with this BSN for a provider registering an assignment it received in this transaction. */
  async assignedYouth(municipalityId: string, bsn: string): Promise<string | undefined> {
    const row = await this.db.one<{ youthId: string | null }>(`SELECT access.assigned_youth($1, $2) AS "youthId"`, [
      municipalityId,
      this.vault.hash(bsn),
    ]);
    return row?.youthId ?? undefined;
  }

  /** Whether these youths have an identity (no opening needed). */
  async withIdentity(youthIds: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ youthId: string }>(
      `SELECT youth_id AS "youthId" FROM youth_identity WHERE youth_id = ANY($1)`,
      [youthIds],
    );
    return new Set(rows.map((r) => r.youthId));
  }

  /**
   * Records the identity of a youth, or completes it: what the new one says wins, what it leaves
   * out stays (an assignment adds a surname to a BSN the referrer gave).
   */
  async record(youthId: string, municipalityId: string, identity: YouthIdentity): Promise<void> {
    const [known] = await this.identitiesOf([youthId]);
    const merged = { ...known?.[1], ...Object.fromEntries(Object.entries(identity).filter(([, v]) => v)) };
    await this.db.query(
      `INSERT INTO youth_identity (youth_id, municipality_id, bsn_hash, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (youth_id) DO UPDATE SET bsn_hash = excluded.bsn_hash, sealed = excluded.sealed, invented = false,
         updated_at = now()`,
      [youthId, municipalityId, this.vault.hash(merged.bsn), this.seal(merged as YouthIdentity)],
    );
  }

  seal(identity: YouthIdentity): Buffer {
    return this.vault.seal(JSON.stringify(identity), 'youth-identity');
  }

  /** The identities of these youths (those the viewer may see), opened. */
  async identitiesOf(youthIds: string[]): Promise<[string, YouthIdentity][]> {
    const rows = await this.db.query<{ youthId: string; sealed: Buffer }>(
      `SELECT youth_id AS "youthId", sealed FROM youth_identity WHERE youth_id = ANY($1)`,
      [youthIds],
    );
    return rows.map((r) => [r.youthId, JSON.parse(this.vault.open(r.sealed, 'youth-identity').toString('utf8'))]);
  }
}
