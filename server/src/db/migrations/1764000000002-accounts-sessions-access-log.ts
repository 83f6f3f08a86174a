import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, login throttling, and the NEN 7513 access log; plus the `access` schema with
 * the viewer functions every row-level security policy uses.
 *
 * Row-level security: the request's transaction sets `app.user_id`, `app.roles`, `app.provider_id`,
 * `app.municipality_id` with set_config(..., true) (see server/src/core/access). Care tables enable
 * RLS and declare their policies in their own migration, using only the functions below.
 */
export class AccountsSessionsAccessLog1764000000002 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE SCHEMA access;
      GRANT USAGE ON SCHEMA access TO samenspel_app;

      CREATE FUNCTION access.setting_uuid(name text) RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting(name, true), '')::uuid $$;
      CREATE FUNCTION access.viewer_user_id() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT access.setting_uuid('app.user_id') $$;
      CREATE FUNCTION access.viewer_provider_id() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT access.setting_uuid('app.provider_id') $$;
      CREATE FUNCTION access.viewer_municipality_id() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT access.setting_uuid('app.municipality_id') $$;
      CREATE FUNCTION access.viewer_has_role(role text) RETURNS boolean LANGUAGE sql STABLE AS
        $$ SELECT role = ANY (string_to_array(current_setting('app.roles', true), ',')) $$;

      CREATE TABLE app_user (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email             text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 254),
        name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash     text NOT NULL,
        organisation_kind text NOT NULL CHECK (organisation_kind IN ('REGION', 'MUNICIPALITY', 'PROVIDER')),
        region_id         uuid REFERENCES region (id),
        municipality_id   uuid REFERENCES municipality (id),
        provider_id       uuid REFERENCES provider (id),
        roles             text[] NOT NULL CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['REGION_ADMIN', 'CONTRACT_MANAGER', 'REFERRER', 'PROVIDER_ADMIN', 'PROVIDER_STAFF']),
        active            boolean NOT NULL DEFAULT true,
        created_at        timestamptz NOT NULL DEFAULT now(),
        -- a user belongs to exactly one organisation, of the kind it names
        CHECK (num_nonnulls(region_id, municipality_id, provider_id) = 1),
        CHECK ((organisation_kind = 'REGION') = (region_id IS NOT NULL)),
        CHECK ((organisation_kind = 'MUNICIPALITY') = (municipality_id IS NOT NULL)),
        CHECK ((organisation_kind = 'PROVIDER') = (provider_id IS NOT NULL)),
        -- roles fit the organisation
        CHECK (organisation_kind = 'PROVIDER' OR NOT roles && ARRAY['PROVIDER_ADMIN', 'PROVIDER_STAFF']),
        CHECK (organisation_kind = 'MUNICIPALITY' OR NOT roles && ARRAY['CONTRACT_MANAGER', 'REFERRER']),
        CHECK (organisation_kind = 'REGION' OR NOT roles && ARRAY['REGION_ADMIN'])
      );
      CREATE UNIQUE INDEX app_user_email_idx ON app_user (lower(email));
      CREATE INDEX app_user_region_idx ON app_user (region_id);
      CREATE INDEX app_user_municipality_idx ON app_user (municipality_id);
      CREATE INDEX app_user_provider_idx ON app_user (provider_id);

      -- Sessions live here so that several server instances share them. Only a hash of the token is kept.
      CREATE TABLE user_session (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash   bytea NOT NULL UNIQUE,
        user_id      uuid NOT NULL REFERENCES app_user (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz
      );
      CREATE INDEX user_session_user_idx ON user_session (user_id);

      CREATE TABLE login_attempt (
        id        bigserial PRIMARY KEY,
        email     text NOT NULL,
        address   text NOT NULL,
        succeeded boolean NOT NULL,
        at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempt_email_idx ON login_attempt (lower(email), at);
      CREATE INDEX login_attempt_address_idx ON login_attempt (address, at);

      -- NEN 7513: who read or changed which youth's data, for which organisation, when and why.
      -- No foreign key to the youth: the log outlives a record deleted at the family's request.
      CREATE TABLE access_log (
        id                bigserial PRIMARY KEY,
        at                timestamptz NOT NULL DEFAULT now(),
        user_id           uuid NOT NULL REFERENCES app_user (id),
        user_email        text NOT NULL,
        organisation_id   uuid NOT NULL,
        organisation_name text NOT NULL,
        youth_id          uuid NOT NULL,
        action            text NOT NULL CHECK (action IN ('READ', 'CREATE', 'UPDATE', 'EXPORT')),
        purpose           text,
        request_id        text
      );
      CREATE INDEX access_log_youth_idx ON access_log (youth_id, at);
      CREATE INDEX access_log_user_idx ON access_log (user_id);

      -- Append-only for everyone, the table owner included.
      CREATE FUNCTION access.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the access log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access.refuse_change();
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access.refuse_change();

      -- The app writes entries only as the viewer of its own transaction.
      ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;
      CREATE POLICY access_log_insert ON access_log FOR INSERT TO samenspel_app
        WITH CHECK (user_id = access.viewer_user_id());
      CREATE POLICY access_log_read_region ON access_log FOR SELECT TO samenspel_app
        USING (access.viewer_has_role('REGION_ADMIN'));

      GRANT SELECT ON app_user TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON user_session TO samenspel_app;
      GRANT SELECT, INSERT ON login_attempt TO samenspel_app;
      GRANT USAGE ON SEQUENCE login_attempt_id_seq TO samenspel_app;
      GRANT SELECT, INSERT ON access_log TO samenspel_app;
      GRANT USAGE ON SEQUENCE access_log_id_seq TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE access_log, login_attempt, user_session, app_user;
      DROP SCHEMA access CASCADE;
    `);
  }
}
