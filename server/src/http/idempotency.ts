import { createHmac } from 'node:crypto';
import { getOperationAST, parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { DomainError } from '../core/errors/errors.js';
import { RequestTextMemory } from '../core/graphql/request-text-memory.js';
import type { RequestDb } from '../db/request-db.js';
import { hashToken } from '../modules/auth/auth.service.js';

/** Keys are printable ASCII, at most 255 characters (the draft leaves the format to the server). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type Claim =
  | { kind: 'new'; sessionId: string; userId: string; key: string; fingerprint: Buffer }
  | { kind: 'replay'; body: string }
  | { kind: 'in-flight' }
  | { kind: 'mismatch' };

export interface GraphQLPayload {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** Serialises JSON with sorted keys, so the same payload always has the same fingerprint. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const KEY_FORMAT = '1 to 255 printable ASCII characters';

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Whether recently seen texts are mutations. */
const mutations = new RequestTextMemory<boolean>();

/** True when the payload is a GraphQL mutation (only mutations are made idempotent). */
export function isMutation(payload: unknown): boolean {
  const { query, operationName } = (payload ?? {}) as GraphQLPayload;
  if (typeof query !== 'string') return false;
  let mutation = mutations.get(query, operationName);
  if (mutation === undefined) {
    try {
      const name = typeof operationName === 'string' ? operationName : undefined;
      mutation = getOperationAST(parse(query), name)?.operation === 'mutation';
    } catch {
      mutation = false; // GraphQL will report the syntax error
    }
    mutations.set(query, operationName, mutation);
  }
  return mutation;
}

/**
 * The payload's fingerprint, keyed with the session's token (which the database holds only as a
 * hash): a payload with personal data in it (a BSN, say) cannot be guessed back from the
 * fingerprint by trying the values, as an unkeyed hash of a nine-digit number could.
 */
export function fingerprintOf(payload: unknown, token: string): Buffer {
  const { query, operationName, variables } = (payload ?? {}) as GraphQLPayload;
  return createHmac('sha256', token)
    .update(canonical({ query, operationName: operationName ?? null, variables: variables ?? null }))
    .digest();
}

/** Why a claimed key is refused: still in flight (409 over HTTP), or used for another payload (422). */
export function refusalOf(claim: Extract<Claim, { kind: 'in-flight' | 'mismatch' }>): DomainError {
  return claim.kind === 'in-flight'
    ? new DomainError('CONFLICT', 'A request with this idempotency key is still being processed; try again shortly.')
    : new DomainError('BAD_USER_INPUT', 'This idempotency key was already used for a different request.');
}

/**
 * A successful reply that may be stored for replay: no errors, and it hands out no session. A
 * replay must never give a session token to whoever repeats the key.
 */
export function storableReply(reply: string, handsOutSession: boolean): boolean {
  return !handsOutSession && !(JSON.parse(reply) as { errors?: unknown[] }).errors?.length;
}

/**
 * Idempotency-Key (IETF draft), kept per session: a mutation sent again by the same session with
 * the same key and payload gets the stored reply instead of running twice. Everything happens in
 * the mutation's own transaction, on the request's one connection: `claim` takes a transaction-level
 * advisory lock on the key (a concurrent request with the same key is told it is in flight) and
 * reads a stored reply; `store` writes the reply, so it commits with the mutation or not at all. A
 * mutation that wrote nothing stores nothing, and the same key can simply be sent again.
 */
export const idempotency = {
  /** Claims `key` for the session of `token` (already checked by the request's context). */
  async claim(db: RequestDb, token: string, key: string, payload: unknown): Promise<Claim> {
    const session = await db.one<{ sessionId: string; userId: string; locked: boolean }>(
      `SELECT id AS "sessionId", user_id AS "userId",
              pg_try_advisory_xact_lock(hashtextextended('idempotency-key ' || id || ' ' || $2, 0)) AS locked
         FROM user_session WHERE token_hash = $1`,
      [hashToken(token), key],
    );
    if (!session?.locked) return { kind: 'in-flight' };
    // a new statement, so it sees a reply committed by the request that held the lock before
    const stored = await db.one<{ fingerprint: Buffer; body: string }>(
      `SELECT fingerprint, response_body AS body FROM idempotency_key
        WHERE session_id = $1 AND key = $2 AND expires_at > now()`,
      [session.sessionId, key],
    );
    const fingerprint = fingerprintOf(payload, token);
    if (!stored) return { kind: 'new', sessionId: session.sessionId, userId: session.userId, key, fingerprint };
    return fingerprint.equals(stored.fingerprint) ? { kind: 'replay', body: stored.body } : { kind: 'mismatch' };
  },

  /** Stores the reply in the mutation's transaction, replacing an expired one under the same key. */
  async store(db: RequestDb, claim: Extract<Claim, { kind: 'new' }>, reply: string): Promise<void> {
    await db.query(
      `INSERT INTO idempotency_key (session_id, user_id, key, fingerprint, response_body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id, key) DO UPDATE
          SET fingerprint = excluded.fingerprint, response_body = excluded.response_body,
              started_at = now(), expires_at = now() + interval '24 hours'
        WHERE idempotency_key.expires_at <= now()`,
      [claim.sessionId, claim.userId, claim.key, claim.fingerprint, reply],
    );
  },

  /** Drops replies older than 24 hours and those of sessions that have ended. */
  async purge(dataSource: DataSource): Promise<void> {
    await dataSource.query(
      `DELETE FROM idempotency_key k USING user_session s
        WHERE s.id = k.session_id AND (k.expires_at < now() OR s.revoked_at IS NOT NULL)`,
    );
  },
};
