import { createHash } from 'node:crypto';
import { getOperationAST, parse } from 'graphql';
import type { DataSource } from 'typeorm';
import type { RequestDb } from '../db/request-db.js';
import { hashToken } from '../modules/auth/auth.service.js';

/** Keys are printable ASCII, at most 255 characters (the draft leaves the format to the server). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** An IN_FLIGHT key older than this belongs to a request that died; it may be taken over. */
const ABANDONED_AFTER_SECONDS = 60;

export type Claim =
  | { kind: 'new'; userId: string; key: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'in-flight' }
  | { kind: 'mismatch' };

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** Serialises JSON with sorted keys, so the same payload always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** True when the body is a GraphQL mutation (only mutations are made idempotent). */
export function isMutation(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as GraphQLBody;
  if (typeof query !== 'string') return false;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    return operation?.operation === 'mutation';
  } catch {
    return false; // Apollo will report the syntax error
  }
}

export function fingerprintOf(body: unknown): Buffer {
  const { query, operationName, variables } = (body ?? {}) as GraphQLBody;
  return createHash('sha256')
    .update(canonical({ query, operationName: operationName ?? null, variables: variables ?? null }))
    .digest();
}

/**
 * The Idempotency-Key store. `claim` runs on its own connection (committed at once), so a second
 * request with the same key sees the first one in flight; `complete` stores the response inside the
 * mutation's transaction; `release` forgets a key whose mutation wrote nothing, so it can be retried.
 */
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async userOfToken(token: string, idleMinutes: number): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT user_id FROM user_session WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
         AND last_seen_at > now() - make_interval(mins => $2)`,
      [hashToken(token), idleMinutes],
    );
    return row?.user_id ?? null;
  }

  async claim(userId: string, key: string, fingerprint: Buffer): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.dataSource.query(
        `INSERT INTO idempotency_key (user_id, key, fingerprint, status) VALUES ($1, $2, $3, 'IN_FLIGHT')
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [userId, key, fingerprint],
      );
      if (inserted.length) return { kind: 'new', userId, key };
      const [existing] = await this.dataSource.query(
        `SELECT fingerprint, status, response_status, response_body, expires_at < now() AS expired,
                started_at < now() - make_interval(secs => $3) AS abandoned
           FROM idempotency_key WHERE user_id = $1 AND key = $2`,
        [userId, key, ABANDONED_AFTER_SECONDS],
      );
      if (!existing) continue; // released meanwhile: try again
      if (existing.expired || (existing.status === 'IN_FLIGHT' && existing.abandoned)) {
        await this.dataSource.query(
          `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND (expires_at < now() OR status = 'IN_FLIGHT')`,
          [userId, key],
        );
        continue;
      }
      if (!fingerprint.equals(existing.fingerprint)) return { kind: 'mismatch' };
      if (existing.status === 'IN_FLIGHT') return { kind: 'in-flight' };
      return { kind: 'replay', status: existing.response_status, body: existing.response_body };
    }
    return { kind: 'in-flight' };
  }

  /** Stores the response in the mutation's transaction: it commits with the mutation or not at all. */
  async complete(db: RequestDb, claim: { userId: string; key: string }, status: number, body: string): Promise<void> {
    await db.query(
      `UPDATE idempotency_key SET status = 'DONE', response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
      [claim.userId, claim.key, status, body],
    );
  }

  async release(claim: { userId: string; key: string }): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND status = 'IN_FLIGHT'`,
      [claim.userId, claim.key],
    );
  }

  /** Drops keys older than 24 hours. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE expires_at < now()`);
  }
}
