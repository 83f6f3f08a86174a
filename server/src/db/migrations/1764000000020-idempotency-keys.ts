import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key (IETF draft): a mutation sent again with the same key and payload returns the
 * stored response instead of running twice. Keys belong to the user who sent them and expire after
 * 24 hours. The response is stored in the mutation's own transaction, so "done" and "stored" agree.
 */
export class IdempotencyKeys1764000000020 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_key (
        user_id         uuid NOT NULL REFERENCES app_user (id),
        key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        fingerprint     bytea NOT NULL,
        status          text NOT NULL CHECK (status IN ('IN_FLIGHT', 'DONE')),
        started_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL DEFAULT now() + interval '24 hours',
        response_status integer,
        response_body   text,
        PRIMARY KEY (user_id, key),
        CHECK ((status = 'DONE') = (response_body IS NOT NULL))
      );
      CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);
      GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_key;`);
  }
}
