import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The care process: youths, shared family plans, trajectories under one responsible provider,
 * help plans, goals, expertise requests, transfers of responsibility, the timeline, and the
 * regional funding settings. Row-level security on every table holding a family's data.
 *
 * Visibility (also enforced in the services): a provider sees the trajectories in
 * `trajectory_access` for it (as responsible provider, or with an accepted expertise request);
 * a referrer sees its municipality's trajectories; nobody else sees any youth.
 */
export class CareProcess1764000000003 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- How a municipality pays for a segment in a period (uitvoeringsvariant): never a global switch.
      CREATE TABLE funding_rule (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality (id),
        segment         text NOT NULL CHECK (segment IN ('SPECIALIST', 'HIGHLY_SPECIALIST')),
        variant         text NOT NULL CHECK (variant IN ('EFFORT', 'OUTPUT', 'TASK')),
        valid_from      date NOT NULL,
        valid_until     date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CONSTRAINT funding_rule_no_overlap EXCLUDE USING gist (
          municipality_id WITH =, segment WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
      );

      -- jeugdige: data minimisation, initials and birth date only
      CREATE TABLE youth (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        initials        text NOT NULL CHECK (initials ~ '^([A-Z]\\.){1,6}$'),
        birth_date      date NOT NULL CHECK (birth_date > '1990-01-01'),
        municipality_id uuid NOT NULL REFERENCES municipality (id),
        area_id         uuid REFERENCES area (id),
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX youth_municipality_idx ON youth (municipality_id);
      CREATE INDEX youth_area_idx ON youth (area_id);

      -- gezinsplan: written by the local team, shared by the youths of one family
      CREATE TABLE family_plan (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL REFERENCES municipality (id),
        question        text NOT NULL CHECK (length(question) BETWEEN 1 AND 10000),
        context         text NOT NULL CHECK (length(context) <= 20000),
        version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by      uuid NOT NULL REFERENCES app_user (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX family_plan_municipality_idx ON family_plan (municipality_id);
      CREATE INDEX family_plan_created_by_idx ON family_plan (created_by);

      CREATE TABLE family_plan_youth (
        family_plan_id uuid NOT NULL REFERENCES family_plan (id),
        youth_id       uuid NOT NULL REFERENCES youth (id),
        PRIMARY KEY (family_plan_id, youth_id)
      );
      CREATE INDEX family_plan_youth_youth_idx ON family_plan_youth (youth_id);

      CREATE TABLE trajectory (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        youth_id                uuid NOT NULL REFERENCES youth (id),
        family_plan_id          uuid NOT NULL REFERENCES family_plan (id),
        municipality_id         uuid NOT NULL REFERENCES municipality (id),
        area_id                 uuid REFERENCES area (id),
        status                  text NOT NULL CHECK (status IN ('REFERRED', 'ACTIVE', 'CLOSED', 'CANCELLED')),
        -- the one responsible provider (hoofdaannemer); only a recorded transfer changes it
        responsible_provider_id uuid NOT NULL REFERENCES provider (id),
        -- the referral (verwijzing)
        referrer_type           text NOT NULL CHECK (referrer_type IN ('LOCAL_TEAM', 'GP', 'YOUTH_DOCTOR', 'CERTIFIED_INSTITUTION', 'MEDICAL_SPECIALIST', 'COURT', 'SELF')),
        pic_id                  uuid NOT NULL REFERENCES pic (id),
        funding_variant         text NOT NULL CHECK (funding_variant IN ('EFFORT', 'OUTPUT', 'TASK')),
        referred_at             timestamptz NOT NULL DEFAULT now(),
        referred_by             uuid NOT NULL REFERENCES app_user (id),
        started_at              timestamptz,
        closed_at               timestamptz,
        decline_reason          text CHECK (length(decline_reason) <= 2000),
        last_activity_at        timestamptz NOT NULL DEFAULT now(),
        CHECK (CASE status
                 WHEN 'REFERRED' THEN started_at IS NULL AND closed_at IS NULL
                 WHEN 'ACTIVE' THEN started_at IS NOT NULL AND closed_at IS NULL
                 WHEN 'CLOSED' THEN started_at IS NOT NULL AND closed_at IS NOT NULL
                 ELSE closed_at IS NOT NULL END),
        CHECK (started_at IS NULL OR started_at >= referred_at),
        CHECK (closed_at IS NULL OR closed_at >= coalesce(started_at, referred_at))
      );
      CREATE INDEX trajectory_youth_idx ON trajectory (youth_id);
      CREATE INDEX trajectory_family_plan_idx ON trajectory (family_plan_id);
      CREATE INDEX trajectory_municipality_idx ON trajectory (municipality_id, last_activity_at DESC, id DESC);
      CREATE INDEX trajectory_area_idx ON trajectory (area_id);
      CREATE INDEX trajectory_responsible_idx ON trajectory (responsible_provider_id, last_activity_at DESC, id DESC);
      CREATE INDEX trajectory_pic_idx ON trajectory (pic_id);
      CREATE INDEX trajectory_referred_by_idx ON trajectory (referred_by);

      -- Who is responsible when: periods may not overlap, so never two responsible providers at once.
      CREATE TABLE responsibility_period (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id uuid NOT NULL REFERENCES trajectory (id),
        provider_id   uuid NOT NULL REFERENCES provider (id),
        since         timestamptz NOT NULL DEFAULT now(),
        until         timestamptz,
        CHECK (until IS NULL OR until >= since),
        CONSTRAINT one_responsible_provider EXCLUDE USING gist (trajectory_id WITH =, tstzrange(since, until, '[)') WITH &&)
      );
      CREATE UNIQUE INDEX responsibility_period_open_idx ON responsibility_period (trajectory_id) WHERE until IS NULL;
      CREATE INDEX responsibility_period_provider_idx ON responsibility_period (provider_id);

      -- hulpverleningsplan: written by the responsible provider after intake
      CREATE TABLE help_plan (
        trajectory_id      uuid PRIMARY KEY REFERENCES trajectory (id),
        version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
        effort_description text NOT NULL DEFAULT '' CHECK (length(effort_description) <= 20000),
        end_date           date,
        updated_at         timestamptz NOT NULL DEFAULT now()
      );

      -- doelen: SOCIETAL goals belong to a family plan, TREATMENT goals to a help plan
      CREATE TABLE goal (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind              text NOT NULL CHECK (kind IN ('SOCIETAL', 'TREATMENT')),
        description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        target_date       date,
        position          integer NOT NULL DEFAULT 0,
        family_plan_id    uuid REFERENCES family_plan (id),
        help_plan_id      uuid REFERENCES help_plan (trajectory_id),
        -- the societal goal a treatment goal works toward
        contributes_to_id uuid REFERENCES goal (id) ON DELETE SET NULL,
        CHECK ((kind = 'SOCIETAL') = (family_plan_id IS NOT NULL AND help_plan_id IS NULL)),
        CHECK ((kind = 'TREATMENT') = (help_plan_id IS NOT NULL AND family_plan_id IS NULL)),
        CHECK (kind = 'TREATMENT' OR contributes_to_id IS NULL)
      );
      CREATE INDEX goal_family_plan_idx ON goal (family_plan_id, position);
      CREATE INDEX goal_help_plan_idx ON goal (help_plan_id, position);
      CREATE INDEX goal_contributes_to_idx ON goal (contributes_to_id);

      -- Every saved version of a plan: who, when, what changed.
      CREATE TABLE plan_revision (
        id             bigserial PRIMARY KEY,
        family_plan_id uuid REFERENCES family_plan (id),
        help_plan_id   uuid REFERENCES help_plan (trajectory_id),
        version        integer NOT NULL,
        changed_at     timestamptz NOT NULL DEFAULT now(),
        changed_by     uuid NOT NULL REFERENCES app_user (id),
        changes        jsonb NOT NULL,
        CHECK (num_nonnulls(family_plan_id, help_plan_id) = 1)
      );
      CREATE UNIQUE INDEX plan_revision_family_idx ON plan_revision (family_plan_id, version) WHERE family_plan_id IS NOT NULL;
      CREATE UNIQUE INDEX plan_revision_help_idx ON plan_revision (help_plan_id, version) WHERE help_plan_id IS NOT NULL;
      CREATE INDEX plan_revision_changed_by_idx ON plan_revision (changed_by);

      -- expertise toevoegen: the responsible provider engages another provider; it stays responsible
      CREATE TABLE expertise_request (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id            uuid NOT NULL REFERENCES trajectory (id),
        requested_by_provider_id uuid NOT NULL REFERENCES provider (id),
        provider_id              uuid NOT NULL REFERENCES provider (id),
        mode                     text NOT NULL CHECK (mode IN ('CONSULTATION', 'CO_TREATMENT')),
        profile_id               uuid REFERENCES profile (id),
        question                 text NOT NULL CHECK (length(question) BETWEEN 1 AND 5000),
        status                   text NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'WITHDRAWN')),
        -- the basis on which it was allowed (domain rule 2), fixed at request time
        relation                 text NOT NULL CHECK (relation IN ('SUBCONTRACT', 'CONSORTIUM', 'INTEGRATED_TEAM')),
        subcontract_id           uuid REFERENCES subcontract (id),
        consortium_id            uuid REFERENCES consortium (id),
        integrated_team_id       uuid REFERENCES integrated_team (id),
        decline_reason           text CHECK (length(decline_reason) <= 2000),
        requested_by             uuid NOT NULL REFERENCES app_user (id),
        requested_at             timestamptz NOT NULL DEFAULT now(),
        responded_at             timestamptz,
        ended_at                 timestamptz,
        CHECK (provider_id <> requested_by_provider_id),
        CHECK ((relation = 'SUBCONTRACT') = (subcontract_id IS NOT NULL)),
        CHECK ((relation = 'CONSORTIUM') = (consortium_id IS NOT NULL)),
        CHECK ((relation = 'INTEGRATED_TEAM') = (integrated_team_id IS NOT NULL)),
        CHECK (status <> 'DECLINED' OR decline_reason IS NOT NULL)
      );
      CREATE INDEX expertise_request_trajectory_idx ON expertise_request (trajectory_id);
      CREATE INDEX expertise_request_provider_idx ON expertise_request (provider_id, status, requested_at DESC);
      CREATE INDEX expertise_request_requested_by_provider_idx ON expertise_request (requested_by_provider_id);
      CREATE INDEX expertise_request_profile_idx ON expertise_request (profile_id);
      CREATE INDEX expertise_request_subcontract_idx ON expertise_request (subcontract_id);
      CREATE INDEX expertise_request_consortium_idx ON expertise_request (consortium_id);
      CREATE INDEX expertise_request_team_idx ON expertise_request (integrated_team_id);
      CREATE INDEX expertise_request_requested_by_idx ON expertise_request (requested_by);

      -- overdracht van verantwoordelijkheid: the only way the responsible provider changes
      CREATE TABLE responsibility_transfer (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id    uuid NOT NULL REFERENCES trajectory (id),
        from_provider_id uuid NOT NULL REFERENCES provider (id),
        to_provider_id   uuid NOT NULL REFERENCES provider (id),
        reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status           text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'FORCED')),
        decline_reason   text CHECK (length(decline_reason) <= 2000),
        requested_by     uuid NOT NULL REFERENCES app_user (id),
        requested_at     timestamptz NOT NULL DEFAULT now(),
        responded_at     timestamptz,
        CHECK (from_provider_id <> to_provider_id)
      );
      -- one pending transfer per trajectory: concurrent transfers cannot both be open
      CREATE UNIQUE INDEX responsibility_transfer_pending_idx ON responsibility_transfer (trajectory_id) WHERE status = 'PENDING';
      CREATE INDEX responsibility_transfer_trajectory_idx ON responsibility_transfer (trajectory_id);
      CREATE INDEX responsibility_transfer_from_idx ON responsibility_transfer (from_provider_id);
      CREATE INDEX responsibility_transfer_to_idx ON responsibility_transfer (to_provider_id, status);
      CREATE INDEX responsibility_transfer_requested_by_idx ON responsibility_transfer (requested_by);

      -- The timeline: every event of a trajectory, in order.
      CREATE TABLE trajectory_event (
        id                bigserial PRIMARY KEY,
        trajectory_id     uuid NOT NULL REFERENCES trajectory (id),
        at                timestamptz NOT NULL DEFAULT now(),
        kind              text NOT NULL,
        actor_user_id     uuid REFERENCES app_user (id),
        actor_provider_id uuid REFERENCES provider (id),
        expertise_request_id uuid REFERENCES expertise_request (id),
        detail            text CHECK (length(detail) <= 2000)
      );
      CREATE INDEX trajectory_event_trajectory_idx ON trajectory_event (trajectory_id, at, id);
      CREATE INDEX trajectory_event_actor_user_idx ON trajectory_event (actor_user_id);
      CREATE INDEX trajectory_event_actor_provider_idx ON trajectory_event (actor_provider_id);
      CREATE INDEX trajectory_event_request_idx ON trajectory_event (expertise_request_id);

      -- Which provider works on which trajectory, kept by triggers: the responsible provider, a
      -- provider with an accepted expertise request, and the candidate of a pending transfer (who
      -- must be able to assess the family before taking responsibility). Row-level security and the
      -- caseload read it; it holds no personal data.
      CREATE TABLE trajectory_access (
        trajectory_id uuid NOT NULL REFERENCES trajectory (id),
        provider_id   uuid NOT NULL REFERENCES provider (id),
        role          text NOT NULL CHECK (role IN ('RESPONSIBLE', 'EXPERTISE', 'TRANSFER')),
        -- the expertise request or transfer that grants it
        source_id     uuid,
        CHECK ((role = 'RESPONSIBLE') = (source_id IS NULL))
      );
      -- at most one responsible provider per trajectory, also here
      CREATE UNIQUE INDEX trajectory_access_responsible_idx ON trajectory_access (trajectory_id) WHERE role = 'RESPONSIBLE';
      CREATE UNIQUE INDEX trajectory_access_source_idx ON trajectory_access (source_id);
      CREATE INDEX trajectory_access_provider_idx ON trajectory_access (provider_id, trajectory_id);
      CREATE INDEX trajectory_access_trajectory_idx ON trajectory_access (trajectory_id, provider_id);

      CREATE FUNCTION access.sync_responsible_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO trajectory_access (trajectory_id, provider_id, role) VALUES (NEW.id, NEW.responsible_provider_id, 'RESPONSIBLE');
        ELSIF NEW.responsible_provider_id <> OLD.responsible_provider_id THEN
          UPDATE trajectory_access SET provider_id = NEW.responsible_provider_id WHERE trajectory_id = NEW.id AND role = 'RESPONSIBLE';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER trajectory_responsible_access AFTER INSERT OR UPDATE OF responsible_provider_id ON trajectory
        FOR EACH ROW EXECUTE FUNCTION access.sync_responsible_access();

      -- An accepted expertise request (or a pending transfer) grants access; any other status ends it.
      CREATE FUNCTION access.sync_granted_access() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        grants boolean := (TG_ARGV[0] = 'EXPERTISE' AND NEW.status = 'ACCEPTED') OR (TG_ARGV[0] = 'TRANSFER' AND NEW.status = 'PENDING');
        grantee uuid := CASE TG_ARGV[0] WHEN 'EXPERTISE' THEN to_jsonb(NEW) ->> 'provider_id' ELSE to_jsonb(NEW) ->> 'to_provider_id' END;
      BEGIN
        IF grants THEN
          INSERT INTO trajectory_access (trajectory_id, provider_id, role, source_id)
          VALUES (NEW.trajectory_id, grantee, TG_ARGV[0], NEW.id) ON CONFLICT DO NOTHING;
        ELSE
          DELETE FROM trajectory_access WHERE source_id = NEW.id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER expertise_request_access AFTER INSERT OR UPDATE OF status ON expertise_request
        FOR EACH ROW EXECUTE FUNCTION access.sync_granted_access('EXPERTISE');
      CREATE TRIGGER responsibility_transfer_access AFTER INSERT OR UPDATE OF status ON responsibility_transfer
        FOR EACH ROW EXECUTE FUNCTION access.sync_granted_access('TRANSFER');

      -- The viewer's visibility of a trajectory, in one place for every policy below.
      CREATE FUNCTION access.can_see_trajectory(t_id uuid, t_municipality uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT (access.viewer_has_role('REFERRER') AND t_municipality = access.viewer_municipality_id())
            OR EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t_id AND a.provider_id = access.viewer_provider_id())
      $$;

      ALTER TABLE trajectory ENABLE ROW LEVEL SECURITY;
      CREATE POLICY trajectory_visible ON trajectory TO samenspel_app
        USING (access.can_see_trajectory(id, municipality_id));

      ALTER TABLE youth ENABLE ROW LEVEL SECURITY;
      CREATE POLICY youth_visible ON youth TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.youth_id = youth.id)
               OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id()));

      ALTER TABLE family_plan ENABLE ROW LEVEL SECURITY;
      CREATE POLICY family_plan_visible ON family_plan TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.family_plan_id = family_plan.id)
               OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id()));

      ALTER TABLE family_plan_youth ENABLE ROW LEVEL SECURITY;
      CREATE POLICY family_plan_youth_visible ON family_plan_youth TO samenspel_app
        USING (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = family_plan_youth.family_plan_id));

      ALTER TABLE help_plan ENABLE ROW LEVEL SECURITY;
      CREATE POLICY help_plan_visible ON help_plan TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = help_plan.trajectory_id));

      ALTER TABLE goal ENABLE ROW LEVEL SECURITY;
      CREATE POLICY goal_visible ON goal TO samenspel_app
        USING (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = goal.family_plan_id)
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = goal.help_plan_id));

      ALTER TABLE plan_revision ENABLE ROW LEVEL SECURITY;
      CREATE POLICY plan_revision_visible ON plan_revision TO samenspel_app
        USING (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = plan_revision.family_plan_id)
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = plan_revision.help_plan_id));

      -- A request is visible to both providers it concerns (the receiver decides on it before it
      -- may see the family), and to whoever sees the trajectory.
      ALTER TABLE expertise_request ENABLE ROW LEVEL SECURITY;
      CREATE POLICY expertise_request_visible ON expertise_request TO samenspel_app
        USING (provider_id = access.viewer_provider_id()
               OR requested_by_provider_id = access.viewer_provider_id()
               OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = expertise_request.trajectory_id));

      ALTER TABLE responsibility_transfer ENABLE ROW LEVEL SECURITY;
      CREATE POLICY responsibility_transfer_visible ON responsibility_transfer TO samenspel_app
        USING (to_provider_id = access.viewer_provider_id()
               OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = responsibility_transfer.trajectory_id));

      ALTER TABLE responsibility_period ENABLE ROW LEVEL SECURITY;
      CREATE POLICY responsibility_period_visible ON responsibility_period TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = responsibility_period.trajectory_id));

      ALTER TABLE trajectory_event ENABLE ROW LEVEL SECURITY;
      CREATE POLICY trajectory_event_visible ON trajectory_event FOR SELECT TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_event.trajectory_id));
      -- Events are written in the actor's own name; the receiver of an expertise request records
      -- its answer on a trajectory it may not see (yet).
      CREATE POLICY trajectory_event_record ON trajectory_event FOR INSERT TO samenspel_app
        WITH CHECK (actor_user_id = access.viewer_user_id() AND (
          EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_event.trajectory_id)
          OR EXISTS (SELECT 1 FROM expertise_request r WHERE r.id = trajectory_event.expertise_request_id
                     AND r.provider_id = access.viewer_provider_id())));

      -- Each event is the trajectory's latest activity, and is announced to live subscribers
      -- (NOTIFY is delivered at commit, so only what was saved is announced).
      CREATE FUNCTION access.on_trajectory_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        UPDATE trajectory SET last_activity_at = greatest(last_activity_at, NEW.at) WHERE id = NEW.trajectory_id;
        PERFORM pg_notify('trajectory_updated', NEW.trajectory_id::text);
        RETURN NEW;
      END $$;
      CREATE TRIGGER trajectory_event_activity AFTER INSERT ON trajectory_event
        FOR EACH ROW EXECUTE FUNCTION access.on_trajectory_event();

      -- The access log of a youth is also readable by the admin of its responsible provider.
      CREATE POLICY access_log_read_provider_admin ON access_log FOR SELECT TO samenspel_app
        USING (access.viewer_has_role('PROVIDER_ADMIN') AND EXISTS (
          SELECT 1 FROM trajectory t WHERE t.youth_id = access_log.youth_id AND t.responsible_provider_id = access.viewer_provider_id()));

      GRANT SELECT ON funding_rule TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON youth, family_plan, trajectory, help_plan, expertise_request,
        responsibility_transfer, responsibility_period TO samenspel_app;
      GRANT SELECT, INSERT ON family_plan_youth, plan_revision, trajectory_event TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON goal TO samenspel_app;
      GRANT SELECT ON trajectory_access TO samenspel_app;
      GRANT USAGE ON SEQUENCE plan_revision_id_seq, trajectory_event_id_seq TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY access_log_read_provider_admin ON access_log;
      DROP TABLE trajectory_access, trajectory_event, responsibility_transfer, expertise_request, plan_revision, goal,
        help_plan, responsibility_period, trajectory, family_plan_youth, family_plan, youth, funding_rule;
      DROP FUNCTION access.on_trajectory_event(), access.can_see_trajectory(uuid, uuid), access.sync_granted_access(), access.sync_responsible_access();
    `);
  }
}
