import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling by counters instead of a log of attempts: one row per account, per client
 * address and per account-and-address pair, updated in one statement that locks the rows it
 * counts (so a burst of parallel attempts cannot all read "not throttled").
 */
export class SignInThrottle1764000000032 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE login_attempt;

      CREATE TABLE sign_in_throttle (
        kind            text NOT NULL CHECK (kind IN ('ACCOUNT', 'ADDRESS', 'ACCOUNT_ADDRESS')),
        -- the e-mail address (lower case), the client address, or both separated by a space
        subject         text NOT NULL,
        -- attempts not (yet) proven right: counted before the password is checked, undone on success
        failures        integer NOT NULL CHECK (failures >= 0),
        last_failure_at timestamptz NOT NULL,
        -- ACCOUNT_ADDRESS only: the account signed in from this address
        last_success_at timestamptz,
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (kind, subject)
      );
      CREATE INDEX sign_in_throttle_expires_idx ON sign_in_throttle (expires_at);
      GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE sign_in_throttle;
      CREATE TABLE login_attempt (
        id        bigserial PRIMARY KEY,
        email     text NOT NULL,
        address   text NOT NULL,
        succeeded boolean NOT NULL,
        at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempt_email_idx ON login_attempt (lower(email), at);
      CREATE INDEX login_attempt_address_idx ON login_attempt (address, at);
      GRANT SELECT, INSERT ON login_attempt TO samenspel_app;
      GRANT USAGE ON SEQUENCE login_attempt_id_seq TO samenspel_app;
    `);
  }
}
