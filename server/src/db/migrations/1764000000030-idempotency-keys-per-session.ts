import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys belong to the session that sent them, not only to its user: another session of
 * the same user (another device, or whoever obtained an old key) never gets a stored reply, and a
 * session's replies end with it. A reply is written in the mutation's own transaction, so there is
 * no in-flight row any more (a transaction-level advisory lock marks a key in flight).
 */
export class IdempotencyKeysPerSession1764000000030 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- replies of at most a day; they cannot be attributed to a session, so they are dropped
      DELETE FROM idempotency_key;
      ALTER TABLE idempotency_key
        DROP CONSTRAINT idempotency_key_pkey,
        DROP COLUMN status,
        DROP COLUMN response_status,
        ALTER COLUMN response_body SET NOT NULL,
        ADD COLUMN session_id uuid NOT NULL REFERENCES user_session (id) ON DELETE CASCADE,
        ADD PRIMARY KEY (session_id, key);
      CREATE INDEX idempotency_key_user_idx ON idempotency_key (user_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM idempotency_key;
      DROP INDEX idempotency_key_user_idx;
      ALTER TABLE idempotency_key
        DROP CONSTRAINT idempotency_key_pkey,
        DROP COLUMN session_id,
        ALTER COLUMN response_body DROP NOT NULL,
        ADD COLUMN status text NOT NULL CHECK (status IN ('IN_FLIGHT', 'DONE')),
        ADD COLUMN response_status integer,
        ADD PRIMARY KEY (user_id, key),
        ADD CHECK ((status = 'DONE') = (response_body IS NOT NULL));
    `);
  }
}
