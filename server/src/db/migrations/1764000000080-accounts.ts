import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that run for real: invitations (the only way an account is made), password resets,
 * a second factor (TOTP with one-time recovery codes) and the organisations that require one.
 * Tokens and recovery codes are kept only as SHA-256 hashes.
 *
 * app_user becomes writable for the application role under row-level security: a user changes
 * itself, a region administrator anyone, a provider administrator the users of its provider; a new
 * user is inserted only against the open invitation the request proved it holds (app.invitation_id).
 */
export class Accounts1764000000080 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE app_user
        ADD COLUMN last_sign_in_at     timestamptz,
        -- the authenticator secret (base32) once confirmed, and one being set up
        ADD COLUMN totp_secret         text,
        ADD COLUMN totp_pending_secret text,
        -- the last accepted time step: a code is never accepted twice
        ADD COLUMN totp_last_step      bigint;

      CREATE TABLE user_invitation (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash        bytea NOT NULL UNIQUE,
        email             text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 254),
        name              text CHECK (length(name) BETWEEN 1 AND 200),
        roles             text[] NOT NULL CHECK (cardinality(roles) > 0),
        organisation_kind text NOT NULL CHECK (organisation_kind IN ('REGION', 'MUNICIPALITY', 'PROVIDER')),
        region_id         uuid REFERENCES region (id),
        municipality_id   uuid REFERENCES municipality (id),
        provider_id       uuid REFERENCES provider (id),
        -- null: the first administrator, invited by the operator's command
        invited_by        uuid REFERENCES app_user (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        expires_at        timestamptz NOT NULL,
        accepted_at       timestamptz,
        CHECK (num_nonnulls(region_id, municipality_id, provider_id) = 1)
      );
      CREATE INDEX user_invitation_email_idx ON user_invitation (lower(email));

      CREATE TABLE password_reset (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id    uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      );
      CREATE INDEX password_reset_user_idx ON password_reset (user_id);

      CREATE TABLE recovery_code (
        user_id   uuid NOT NULL REFERENCES app_user (id),
        code_hash bytea NOT NULL,
        used_at   timestamptz,
        PRIMARY KEY (user_id, code_hash)
      );

      -- An organisation (region, municipality or provider) whose users all need a second factor.
      CREATE TABLE second_factor_requirement (
        organisation_id uuid PRIMARY KEY,
        required_by     uuid NOT NULL REFERENCES app_user (id),
        required_at     timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
      CREATE POLICY app_user_read ON app_user FOR SELECT TO samenspel_app USING (true);
      CREATE POLICY app_user_update ON app_user FOR UPDATE TO samenspel_app
        USING (id = access.viewer_user_id() OR access.viewer_administers(provider_id));
      CREATE POLICY app_user_insert ON app_user FOR INSERT TO samenspel_app WITH CHECK (EXISTS (
        SELECT FROM user_invitation i
         WHERE i.id = access.setting_uuid('app.invitation_id') AND i.accepted_at IS NULL AND i.expires_at > now()
           AND lower(i.email) = lower(app_user.email) AND i.roles = app_user.roles
           AND i.organisation_kind = app_user.organisation_kind
           AND i.region_id IS NOT DISTINCT FROM app_user.region_id
           AND i.municipality_id IS NOT DISTINCT FROM app_user.municipality_id
           AND i.provider_id IS NOT DISTINCT FROM app_user.provider_id));
      GRANT INSERT (email, name, password_hash, organisation_kind, region_id, municipality_id, provider_id, roles)
        ON app_user TO samenspel_app;
      GRANT UPDATE (password_hash, active, last_sign_in_at, totp_secret, totp_pending_secret, totp_last_step)
        ON app_user TO samenspel_app;

      ALTER TABLE user_invitation ENABLE ROW LEVEL SECURITY;
      CREATE POLICY user_invitation_read ON user_invitation FOR SELECT TO samenspel_app USING (true);
      CREATE POLICY user_invitation_insert ON user_invitation FOR INSERT TO samenspel_app
        WITH CHECK (invited_by = access.viewer_user_id() AND access.viewer_administers(provider_id));
      -- accepted by someone not signed in, who proved the token
      CREATE POLICY user_invitation_accept ON user_invitation FOR UPDATE TO samenspel_app
        USING (id = access.setting_uuid('app.invitation_id'));
      GRANT SELECT, INSERT ON user_invitation TO samenspel_app;
      GRANT UPDATE (accepted_at) ON user_invitation TO samenspel_app;

      ALTER TABLE second_factor_requirement ENABLE ROW LEVEL SECURITY;
      CREATE POLICY second_factor_requirement_read ON second_factor_requirement FOR SELECT TO samenspel_app
        USING (true);
      CREATE POLICY second_factor_requirement_write ON second_factor_requirement FOR ALL TO samenspel_app
        USING (access.viewer_has_role('REGION_ADMIN')) WITH CHECK (access.viewer_has_role('REGION_ADMIN'));
      GRANT SELECT, INSERT, DELETE ON second_factor_requirement TO samenspel_app;

      -- written before a viewer is known (a reset, a sign-in with a recovery code), like sessions
      GRANT SELECT, INSERT, UPDATE ON password_reset TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_code TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE second_factor_requirement, recovery_code, password_reset, user_invitation;
      DROP POLICY app_user_read ON app_user;
      DROP POLICY app_user_update ON app_user;
      DROP POLICY app_user_insert ON app_user;
      ALTER TABLE app_user DISABLE ROW LEVEL SECURITY;
      REVOKE INSERT, UPDATE ON app_user FROM samenspel_app;
      ALTER TABLE app_user DROP COLUMN last_sign_in_at, DROP COLUMN totp_secret,
        DROP COLUMN totp_pending_secret, DROP COLUMN totp_last_step;
    `);
  }
}
