import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation model: region, municipalities and areas, providers, lots, consortia with their
 * memberships, subcontracts, integrated teams, and the profile × intensity catalogue with tariffs.
 * Validity periods are inclusive date ranges; overlapping periods are excluded by constraints.
 */
export class OrganisationModel1764000000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;

      CREATE TABLE region (
        id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200)
      );

      -- gemeente
      CREATE TABLE municipality (
        id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES region (id),
        cbs_code  text NOT NULL UNIQUE CHECK (cbs_code ~ '^[0-9]{4}$'),
        name      text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200)
      );
      CREATE INDEX municipality_region_idx ON municipality (region_id);

      -- gebied
      CREATE TABLE area (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality (id),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        UNIQUE (municipality_id, name)
      );

      -- jeugdhulpaanbieder
      CREATE TABLE provider (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        agb_code   text NOT NULL UNIQUE CHECK (agb_code ~ '^[0-9]{8}$'),
        kvk_number text UNIQUE CHECK (kvk_number ~ '^[0-9]{8}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- perceel
      CREATE TABLE lot (
        id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
      );

      -- samenwerkingsverband
      CREATE TABLE consortium (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE consortium_membership (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consortium_id uuid NOT NULL REFERENCES consortium (id),
        provider_id   uuid NOT NULL REFERENCES provider (id),
        role          text NOT NULL CHECK (role IN ('LEAD', 'PARTNER', 'SUBCONTRACTOR')),
        valid_from    date NOT NULL,
        valid_until   date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        -- a provider has one role in a consortium at a time
        CONSTRAINT membership_no_overlap EXCLUDE USING gist (consortium_id WITH =, provider_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&),
        -- and a consortium has one lead partner (penvoerder) at a time
        CONSTRAINT membership_one_lead EXCLUDE USING gist (consortium_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&) WHERE (role = 'LEAD')
      );
      CREATE INDEX consortium_membership_consortium_idx ON consortium_membership (consortium_id);
      CREATE INDEX consortium_membership_provider_idx ON consortium_membership (provider_id);

      CREATE TABLE consortium_lot (
        consortium_id uuid NOT NULL REFERENCES consortium (id),
        lot_id        uuid NOT NULL REFERENCES lot (id),
        PRIMARY KEY (consortium_id, lot_id)
      );
      CREATE INDEX consortium_lot_lot_idx ON consortium_lot (lot_id);

      CREATE TABLE consortium_area (
        consortium_id uuid NOT NULL REFERENCES consortium (id),
        area_id       uuid NOT NULL REFERENCES area (id),
        PRIMARY KEY (consortium_id, area_id)
      );
      CREATE INDEX consortium_area_area_idx ON consortium_area (area_id);

      CREATE TABLE profile (
        id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code    text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
        name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        segment text NOT NULL CHECK (segment IN ('SPECIALIST', 'HIGHLY_SPECIALIST'))
      );

      CREATE TABLE intensity (
        id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code     text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
        duration text NOT NULL CHECK (duration IN ('SHORT', 'LONG')),
        level    text NOT NULL CHECK (level IN ('LOW', 'HIGH')),
        UNIQUE (duration, level)
      );

      -- Profiel-Intensiteit-Combinatie: a tariff change is a new row with its own validity
      CREATE TABLE pic (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile_id   uuid NOT NULL REFERENCES profile (id),
        intensity_id uuid NOT NULL REFERENCES intensity (id),
        tariff_cents integer NOT NULL CHECK (tariff_cents > 0),
        valid_from   date NOT NULL,
        valid_until  date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CONSTRAINT pic_no_overlap EXCLUDE USING gist (profile_id WITH =, intensity_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
      );
      CREATE INDEX pic_profile_idx ON pic (profile_id);
      CREATE INDEX pic_intensity_idx ON pic (intensity_id);

      -- onderaanneming: the main contractor (hoofdaannemer) engages a subcontractor (onderaannemer)
      CREATE TABLE subcontract (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        main_contractor_id      uuid NOT NULL REFERENCES provider (id),
        subcontractor_id        uuid NOT NULL REFERENCES provider (id),
        valid_from              date NOT NULL,
        valid_until             date,
        consultation_rate_cents integer NOT NULL DEFAULT 0 CHECK (consultation_rate_cents >= 0),
        co_treatment_rate_cents integer NOT NULL DEFAULT 0 CHECK (co_treatment_rate_cents >= 0),
        created_at              timestamptz NOT NULL DEFAULT now(),
        CHECK (main_contractor_id <> subcontractor_id),
        CHECK (valid_until IS NULL OR valid_until >= valid_from)
      );
      CREATE INDEX subcontract_main_idx ON subcontract (main_contractor_id);
      CREATE INDEX subcontract_sub_idx ON subcontract (subcontractor_id);

      CREATE TABLE subcontract_profile (
        subcontract_id uuid NOT NULL REFERENCES subcontract (id) ON DELETE CASCADE,
        profile_id     uuid NOT NULL REFERENCES profile (id),
        PRIMARY KEY (subcontract_id, profile_id)
      );
      CREATE INDEX subcontract_profile_profile_idx ON subcontract_profile (profile_id);

      -- integraal team
      CREATE TABLE integrated_team (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        coordinator_id uuid NOT NULL REFERENCES provider (id),
        disciplines    text[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX integrated_team_coordinator_idx ON integrated_team (coordinator_id);

      CREATE TABLE integrated_team_member (
        team_id     uuid NOT NULL REFERENCES integrated_team (id) ON DELETE CASCADE,
        provider_id uuid NOT NULL REFERENCES provider (id),
        PRIMARY KEY (team_id, provider_id)
      );
      CREATE INDEX integrated_team_member_provider_idx ON integrated_team_member (provider_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE integrated_team_member, integrated_team, subcontract_profile, subcontract, pic, intensity,
        profile, consortium_area, consortium_lot, consortium_membership, consortium, lot, provider, area,
        municipality, region;
    `);
  }
}
