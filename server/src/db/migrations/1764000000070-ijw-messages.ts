import type { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES = ['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316', 'JW317', 'JW318', 'JW319']
  .concat(['JW320', 'JW323', 'JW325'])
  .map((t) => `'${t}'`)
  .join(', ');

const REGION_ADMIN = `access.viewer_has_role('REGION_ADMIN')`;
const PROVIDER_ADMIN = `(access.viewer_has_role('PROVIDER_ADMIN') AND provider_id = access.viewer_provider_id())`;
const OWN_MESSAGE = `EXISTS (SELECT 1 FROM ijw_message m WHERE m.id = message_id AND m.provider_id = access.viewer_provider_id())`;

const FUNCTIONS = `
  -- The viewer's provider received a JW301 assignment from the municipality in this transaction: its administrator
  -- registers the referral it brings (a youth, a family plan, a trajectory) as the municipality's.
  CREATE FUNCTION access.viewer_receives_assignment(m_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT access.viewer_has_role('PROVIDER_ADMIN') AND EXISTS (
      SELECT 1 FROM public.ijw_message m
       WHERE m.provider_id = access.viewer_provider_id() AND m.municipality_id = m_id AND m.type = 'JW301'
         AND m.direction = 'IN' AND m.created_at = now())
  $$;
  -- The youth with this BSN (by its keyed hash) in the municipality, for the provider matching an assignment it
  -- received in this transaction: the provider may not see the youth yet. Runs as the owner.
  CREATE FUNCTION access.assigned_youth(m_id uuid, bsn_hash bytea) RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT i.youth_id FROM public.youth_identity i
     WHERE i.municipality_id = m_id AND i.bsn_hash = assigned_youth.bsn_hash AND access.viewer_receives_assignment(m_id)
  $$;
  -- A youth and a family plan of the municipality (rows the provider may not see yet). Runs as the owner.
  CREATE FUNCTION access.within_municipality(y_id uuid, f_id uuid, m_id uuid) RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM public.youth y WHERE y.id = y_id AND y.municipality_id = m_id)
       AND EXISTS (SELECT 1 FROM public.family_plan f WHERE f.id = f_id AND f.municipality_id = m_id)
  $$;
  GRANT EXECUTE ON FUNCTION access.viewer_receives_assignment(uuid), access.assigned_youth(uuid, bytea),
    access.within_municipality(uuid, uuid, uuid) TO samenspel_app;`;

/** [table, policy, command and clauses]; every policy is for the application role. */
const POLICIES: [string, string, string][] = [
  // reference data: read by all, kept by the region
  ...['ijw_product', 'ijw_declaration_form'].flatMap((t): [string, string, string][] => [
    [t, `${t}_read`, 'FOR SELECT USING (true)'],
    [t, `${t}_insert`, `FOR INSERT WITH CHECK (${REGION_ADMIN})`],
    [t, `${t}_update`, `FOR UPDATE USING (${REGION_ADMIN}) WITH CHECK (${REGION_ADMIN})`],
    [t, `${t}_delete`, `FOR DELETE USING (${REGION_ADMIN})`],
  ]),
  // the BSN (sealed) follows its youth; the referrer of the municipality, or the provider registering an
  // assignment, writes it
  ['youth_identity', 'youth_identity_read', 'FOR SELECT USING (EXISTS (SELECT 1 FROM youth y WHERE y.id = youth_id))'],
  [
    'youth_identity',
    'youth_identity_write',
    `FOR INSERT WITH CHECK (access.viewer_refers_in(municipality_id) OR access.viewer_receives_assignment(municipality_id))`,
  ],
  [
    'youth_identity',
    'youth_identity_rewrite',
    `FOR UPDATE USING (EXISTS (SELECT 1 FROM youth y WHERE y.id = youth_id))
     WITH CHECK (access.viewer_refers_in(municipality_id) OR access.viewer_receives_assignment(municipality_id))`,
  ],
  // the messages of a provider: its people read them, its administrators exchange them
  ['ijw_sender', 'ijw_sender_read', `FOR SELECT USING (${PROVIDER_ADMIN})`],
  ['ijw_sender', 'ijw_sender_start', `FOR INSERT WITH CHECK (${PROVIDER_ADMIN})`],
  ['ijw_sender', 'ijw_sender_count', `FOR UPDATE USING (${PROVIDER_ADMIN}) WITH CHECK (${PROVIDER_ADMIN})`],
  ['ijw_message', 'ijw_message_read', 'FOR SELECT USING (provider_id = access.viewer_provider_id())'],
  [
    'ijw_message',
    'ijw_message_write',
    `FOR INSERT WITH CHECK (${PROVIDER_ADMIN} AND created_by = access.viewer_user_id())`,
  ],
  ['ijw_message', 'ijw_message_answered', `FOR UPDATE USING (${PROVIDER_ADMIN}) WITH CHECK (${PROVIDER_ADMIN})`],
  ['ijw_assignment', 'ijw_assignment_read', 'FOR SELECT USING (provider_id = access.viewer_provider_id())'],
  ['ijw_assignment', 'ijw_assignment_receive', `FOR INSERT WITH CHECK (${PROVIDER_ADMIN} AND ${OWN_MESSAGE})`],
  [
    'ijw_assignment',
    'ijw_assignment_link',
    `FOR UPDATE USING (${PROVIDER_ADMIN}) WITH CHECK (${PROVIDER_ADMIN} AND (trajectory_id IS NULL OR EXISTS (
       SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.responsible_provider_id = access.viewer_provider_id())))`,
  ],
  ['ijw_message_subject', 'ijw_message_subject_read', `FOR SELECT USING (${OWN_MESSAGE})`],
  [
    'ijw_message_subject',
    'ijw_message_subject_write',
    `FOR INSERT WITH CHECK (access.viewer_has_role('PROVIDER_ADMIN') AND ${OWN_MESSAGE} AND EXISTS (
       SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.responsible_provider_id = access.viewer_provider_id()))`,
  ],
  ['ijw_declaration_line', 'ijw_declaration_line_read', 'FOR SELECT USING (provider_id = access.viewer_provider_id())'],
  [
    'ijw_declaration_line',
    'ijw_declaration_line_write',
    `FOR INSERT WITH CHECK (${PROVIDER_ADMIN} AND ${OWN_MESSAGE})`,
  ],
  [
    'ijw_declaration_line',
    'ijw_declaration_line_answered',
    `FOR UPDATE USING (${PROVIDER_ADMIN}) WITH CHECK (${PROVIDER_ADMIN})`,
  ],
  // a referral registered from a municipality's assignment: REFERRED to the receiving provider, as the municipality's
  ['youth', 'youth_assigned', 'FOR INSERT WITH CHECK (access.viewer_receives_assignment(municipality_id))'],
  [
    'family_plan',
    'family_plan_assigned',
    'FOR INSERT WITH CHECK (created_by = access.viewer_user_id() AND access.viewer_receives_assignment(municipality_id))',
  ],
  [
    'trajectory',
    'trajectory_assigned',
    `FOR INSERT WITH CHECK (status = 'REFERRED' AND consortium_id IS NULL AND referrer_type = 'LOCAL_TEAM'
       AND referred_by = access.viewer_user_id() AND responsible_provider_id = access.viewer_provider_id()
       AND access.viewer_receives_assignment(municipality_id) AND access.within_municipality(youth_id, family_plan_id, municipality_id))`,
  ],
  [
    'family_plan_youth',
    'family_plan_youth_assigned',
    `FOR INSERT WITH CHECK (EXISTS (SELECT 1 FROM trajectory t
       WHERE t.family_plan_id = family_plan_youth.family_plan_id AND t.youth_id = family_plan_youth.youth_id
         AND t.responsible_provider_id = access.viewer_provider_id() AND access.viewer_receives_assignment(t.municipality_id)))`,
  ],
  [
    'responsibility_period',
    'responsibility_period_assigned',
    `FOR INSERT WITH CHECK (until IS NULL AND provider_id = access.viewer_provider_id() AND EXISTS (
       SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.status = 'REFERRED' AND t.responsible_provider_id = provider_id
         AND access.viewer_receives_assignment(t.municipality_id)))`,
  ],
];

const TABLES = [
  'ijw_product',
  'ijw_declaration_form',
  'youth_identity',
  'ijw_sender',
  'ijw_message',
  'ijw_assignment',
  'ijw_message_subject',
  'ijw_declaration_line',
];

/**
 * iJw 3.2 messages with the municipalities. The product list (each PIC's iJw product, each funding
 * variant's form of declaration; versioned by date like tariffs), a youth's BSN for the messages
 * (sealed with a key the database never holds, found by a keyed hash), every message exactly as sent
 * or received (sealed too), the assignments (toewijzingen) received, which trajectory and event each
 * message is about (an event goes out once: a unique key), and the lines of declarations.
 */
export class IjwMessages1764000000070 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- a PIC's iJw product: JZ020 category and the regional product code, per validity period
      CREATE TABLE ijw_product (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile_id       uuid NOT NULL REFERENCES profile (id),
        intensity_id     uuid NOT NULL REFERENCES intensity (id),
        product_category text NOT NULL CHECK (product_category ~ '^[0-9]{2}$'),
        product_code     text NOT NULL CHECK (product_code ~ '^[0-9A-Za-z]{1,5}$'),
        valid_from       date NOT NULL,
        valid_until      date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CONSTRAINT ijw_product_no_overlap EXCLUDE USING gist (
          profile_id WITH =, intensity_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&),
        -- a received product code names one PIC at a time
        CONSTRAINT ijw_product_code_unique EXCLUDE USING gist (
          product_category WITH =, product_code WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
      );
      CREATE INDEX ijw_product_intensity_idx ON ijw_product (intensity_id);

      -- how a funding variant is declared: per trajectory (output, with its WJ756 unit), in delivered units
      -- (effort: the unit of each product price), or not at all (task: a population budget)
      CREATE TABLE ijw_declaration_form (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funding_variant text NOT NULL CHECK (funding_variant IN ('EFFORT', 'OUTPUT', 'TASK')),
        form            text NOT NULL CHECK (form IN ('PER_TRAJECTORY', 'UNITS', 'NONE')),
        unit_code       text CHECK (unit_code IN ('01', '04', '14', '16', '82', '83', '84')),
        valid_from      date NOT NULL,
        valid_until     date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CHECK ((form = 'PER_TRAJECTORY') = (unit_code IS NOT NULL)),
        CONSTRAINT ijw_declaration_form_no_overlap EXCLUDE USING gist (
          funding_variant WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
      );

      -- the BSN of a youth, for messages only: sealed with the key from configuration (with what else a message
      -- needs, such as the surname from an assignment), found by its keyed hash; never readable here
      ALTER TABLE youth ADD CONSTRAINT youth_id_municipality_key UNIQUE (id, municipality_id);
      CREATE TABLE youth_identity (
        youth_id        uuid PRIMARY KEY,
        municipality_id uuid NOT NULL,
        bsn_hash        bytea NOT NULL CHECK (octet_length(bsn_hash) = 32),
        sealed          bytea NOT NULL,
        -- demo and test data: an invented number, never a person's
        invented        boolean NOT NULL DEFAULT false,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (youth_id, municipality_id) REFERENCES youth (id, municipality_id),
        CONSTRAINT youth_identity_one_per_bsn UNIQUE (municipality_id, bsn_hash)
      );

      -- each provider numbers the messages it sends: identifications are unique per sender
      CREATE TABLE ijw_sender (
        provider_id uuid PRIMARY KEY REFERENCES provider (id),
        last_number bigint NOT NULL DEFAULT 0 CHECK (last_number BETWEEN 0 AND 999999999999)
      );

      CREATE TABLE ijw_message (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id       uuid NOT NULL REFERENCES provider (id),
        -- NULL for a message from a code that is no municipality of the region (answered S300)
        municipality_id   uuid REFERENCES municipality (id),
        municipality_code text NOT NULL CHECK (municipality_code ~ '^[0-9]{4}$'),
        type              text NOT NULL CHECK (type IN (${TYPES})),
        direction         text NOT NULL CHECK (direction IN ('IN', 'OUT')),
        -- its identification (of a retour: IdentificatieRetour)
        reference         text NOT NULL CHECK (length(reference) BETWEEN 1 AND 12),
        file_name         text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        -- the message exactly as sent or received, sealed
        payload           bytea NOT NULL,
        -- a received file's keyed hash: the same file twice is imported once
        content_hash      bytea CHECK (octet_length(content_hash) = 32),
        status            text NOT NULL CHECK (status IN ('RECEIVED', 'SENT', 'ACCEPTED', 'REJECTED')),
        retour_codes      text[] NOT NULL DEFAULT '{}',
        -- a retour or answer: the message it answers
        answers_id        uuid REFERENCES ijw_message (id),
        created_by        uuid NOT NULL REFERENCES app_user (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        CHECK ((direction = 'IN') = (content_hash IS NOT NULL))
      );
      CREATE UNIQUE INDEX ijw_message_sent_reference_idx ON ijw_message (provider_id, reference) WHERE direction = 'OUT';
      CREATE UNIQUE INDEX ijw_message_received_file_idx ON ijw_message (provider_id, content_hash);
      CREATE INDEX ijw_message_list_idx ON ijw_message (provider_id, created_at DESC, id DESC);
      CREATE INDEX ijw_message_type_idx ON ijw_message (provider_id, type, created_at DESC, id DESC);
      CREATE INDEX ijw_message_received_idx ON ijw_message (provider_id, municipality_code, type, reference) WHERE direction = 'IN';
      CREATE INDEX ijw_message_municipality_idx ON ijw_message (municipality_id);
      CREATE INDEX ijw_message_answers_idx ON ijw_message (answers_id);
      CREATE INDEX ijw_message_created_by_idx ON ijw_message (created_by);

      -- toewijzing: a product the municipality assigned to the provider (JW301), and the trajectory it is for
      CREATE TABLE ijw_assignment (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id  uuid NOT NULL REFERENCES municipality (id),
        provider_id      uuid NOT NULL REFERENCES provider (id),
        youth_id         uuid NOT NULL REFERENCES youth (id),
        trajectory_id    uuid REFERENCES trajectory (id),
        number           bigint NOT NULL CHECK (number BETWEEN 0 AND 999999999),
        product_category text NOT NULL,
        product_code     text NOT NULL,
        start_date       date NOT NULL,
        end_date         date,
        assigned_on      date NOT NULL,
        -- the JW301 it came in (none for the assignments of the demo data)
        message_id       uuid REFERENCES ijw_message (id),
        CHECK (end_date IS NULL OR end_date >= start_date),
        CONSTRAINT ijw_assignment_number_unique UNIQUE (municipality_id, number)
      );
      CREATE INDEX ijw_assignment_provider_idx ON ijw_assignment (provider_id);
      CREATE INDEX ijw_assignment_youth_idx ON ijw_assignment (youth_id);
      CREATE INDEX ijw_assignment_trajectory_idx ON ijw_assignment (trajectory_id);
      CREATE INDEX ijw_assignment_message_idx ON ijw_assignment (message_id);

      -- what a message is about: a trajectory and the event (START, STOP, REQUEST, CHANGE:…, DECLARE:…); each event
      -- of a trajectory is in one message only
      CREATE TABLE ijw_message_subject (
        message_id    uuid NOT NULL REFERENCES ijw_message (id),
        trajectory_id uuid NOT NULL REFERENCES trajectory (id),
        youth_id      uuid NOT NULL,
        event_key     text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 100),
        PRIMARY KEY (trajectory_id, event_key)
      );
      CREATE INDEX ijw_message_subject_message_idx ON ijw_message_subject (message_id);

      -- a declared prestatie (JW323): debit, or credit of an earlier line when the settlement was corrected
      CREATE TABLE ijw_declaration_line (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id        uuid NOT NULL REFERENCES ijw_message (id),
        provider_id       uuid NOT NULL REFERENCES provider (id),
        trajectory_id     uuid NOT NULL REFERENCES trajectory (id),
        settlement_id     uuid NOT NULL REFERENCES settlement (id),
        reference         text NOT NULL CHECK (length(reference) BETWEEN 1 AND 20),
        credits_reference text CHECK (length(credits_reference) BETWEEN 1 AND 20),
        debit_credit      text NOT NULL CHECK (debit_credit IN ('D', 'C')),
        period_start      date NOT NULL,
        period_end        date NOT NULL,
        product_price_id  uuid REFERENCES product_price (id),
        volume            integer NOT NULL CHECK (volume >= 0),
        unit_code         text NOT NULL,
        tariff_cents      integer NOT NULL CHECK (tariff_cents >= 0),
        amount_cents      integer NOT NULL CHECK (amount_cents >= 0),
        retour_codes      text[] NOT NULL DEFAULT '{}',
        CHECK (period_end >= period_start),
        CHECK ((debit_credit = 'C') = (credits_reference IS NOT NULL)),
        CONSTRAINT ijw_declaration_line_reference_unique UNIQUE (provider_id, reference)
      );
      CREATE INDEX ijw_declaration_line_message_idx ON ijw_declaration_line (message_id);
      CREATE INDEX ijw_declaration_line_trajectory_idx ON ijw_declaration_line (trajectory_id);
      CREATE INDEX ijw_declaration_line_settlement_idx ON ijw_declaration_line (settlement_id);
      CREATE INDEX ijw_declaration_line_price_idx ON ijw_declaration_line (product_price_id);

      ${FUNCTIONS}
      ${TABLES.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`).join('\n')}
      ${POLICIES.map(([t, name, rest]) => `CREATE POLICY ${name} ON ${t} ${rest.replace(/^FOR \w+/, '$& TO samenspel_app')};`).join('\n')}

      GRANT SELECT, INSERT, DELETE ON ijw_product, ijw_declaration_form TO samenspel_app;
      GRANT UPDATE (valid_until) ON ijw_product, ijw_declaration_form TO samenspel_app;
      GRANT SELECT, INSERT ON youth_identity TO samenspel_app;
      GRANT UPDATE (bsn_hash, sealed, invented, updated_at) ON youth_identity TO samenspel_app;
      GRANT SELECT, INSERT ON ijw_sender, ijw_message, ijw_assignment, ijw_message_subject, ijw_declaration_line TO samenspel_app;
      GRANT UPDATE (last_number) ON ijw_sender TO samenspel_app;
      GRANT UPDATE (status, retour_codes) ON ijw_message TO samenspel_app;
      GRANT UPDATE (trajectory_id, end_date) ON ijw_assignment TO samenspel_app;
      GRANT UPDATE (retour_codes) ON ijw_declaration_line TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY youth_assigned ON youth;
      DROP POLICY family_plan_assigned ON family_plan;
      DROP POLICY trajectory_assigned ON trajectory;
      DROP POLICY family_plan_youth_assigned ON family_plan_youth;
      DROP POLICY responsibility_period_assigned ON responsibility_period;
      DROP FUNCTION access.within_municipality(uuid, uuid, uuid), access.assigned_youth(uuid, bytea);
      DROP TABLE ijw_declaration_line, ijw_message_subject, ijw_assignment, ijw_message, ijw_sender, youth_identity,
        ijw_declaration_form, ijw_product;
      DROP FUNCTION access.viewer_receives_assignment(uuid);
      ALTER TABLE youth DROP CONSTRAINT youth_id_municipality_key;
    `);
  }
}
