import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRAJECTORY_TRANSITIONS = ['REFERRED>ACTIVE', 'REFERRED>CANCELLED', 'ACTIVE>CLOSED'];
const INTAKE_TRANSITIONS = ['INTAKE>REFERRED', 'REFERRED>INTAKE'];
const list = (moves: string[]) => moves.map((m) => `'${m}'`).join(', ');

/**
 * The writes of the 2023 model, as narrow as the rest: a referrer creates a referral to an area
 * consortium in INTAKE with the consortium's lead responsible; the responsibility moves only
 * within the consortium (the lead assigns a lead or partner, the assigned member returns the youth
 * to the lead); and a trajectory's PIC changes only by the referring municipality's decision on an
 * open proposal of that PIC.
 */
export class IntakeWritePolicies1764000000052 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The consortium's lead (penvoerder) and whether a provider is a lead or partner, on today's Amsterdam date.
      CREATE FUNCTION access.consortium_lead(c_id uuid) RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT cm.provider_id FROM public.consortium_membership cm
         WHERE cm.consortium_id = c_id AND cm.role = 'LEAD'
           AND (now() AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')
      $$;
      CREATE FUNCTION access.consortium_member(c_id uuid, p_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM public.consortium_membership cm
                        WHERE cm.consortium_id = c_id AND cm.provider_id = p_id AND cm.role IN ('LEAD', 'PARTNER')
                          AND (now() AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity'))
      $$;
      -- The viewer, responsible for a consortium youth still waiting, hands it to another member: the lead assigns,
      -- an assigned member returns it to the lead.
      CREATE FUNCTION access.viewer_hands_over_in_intake(t_id uuid, to_provider uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM public.trajectory t
                        WHERE t.id = t_id AND t.consortium_id IS NOT NULL AND t.status IN ('INTAKE', 'REFERRED')
                          AND t.responsible_provider_id = access.viewer_provider_id()
                          AND access.consortium_member(t.consortium_id, to_provider))
      $$;
      GRANT EXECUTE ON FUNCTION access.consortium_lead(uuid), access.consortium_member(uuid, uuid),
        access.viewer_hands_over_in_intake(uuid, uuid) TO samenspel_app;

      -- a referral to one provider starts REFERRED; to an area consortium, INTAKE with its lead responsible
      DROP POLICY trajectory_refer ON trajectory;
      CREATE POLICY trajectory_refer ON trajectory FOR INSERT TO samenspel_app
        WITH CHECK (referred_by = access.viewer_user_id() AND access.referral_within(municipality_id, youth_id, family_plan_id)
                    AND ((status = 'REFERRED' AND consortium_id IS NULL)
                         OR (status = 'INTAKE' AND responsible_provider_id = access.consortium_lead(consortium_id))));
      DROP POLICY responsibility_period_refer ON responsibility_period;
      CREATE POLICY responsibility_period_refer ON responsibility_period FOR INSERT TO samenspel_app
        WITH CHECK (until IS NULL AND EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.status IN ('REFERRED', 'INTAKE')
                                                AND t.responsible_provider_id = provider_id
                                                AND access.viewer_refers_in(t.municipality_id)));

      -- handing over within the consortium during intake
      -- (the new row only: a trajectory policy must not read trajectory again; the guard trigger checks the move)
      CREATE POLICY trajectory_intake_handover ON trajectory FOR UPDATE TO samenspel_app
        USING (responsible_provider_id = access.viewer_provider_id())
        WITH CHECK (consortium_id IS NOT NULL AND status IN ('INTAKE', 'REFERRED')
                    AND access.consortium_member(consortium_id, responsible_provider_id)
                    AND access.consortium_member(consortium_id, access.viewer_provider_id()));
      CREATE POLICY responsibility_period_intake ON responsibility_period FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_hands_over_in_intake(trajectory_id, provider_id));

      -- the referring municipality decides on a proposed PIC; nobody else changes it
      GRANT UPDATE (pic_id, funding_variant) ON trajectory TO samenspel_app;
      CREATE POLICY trajectory_pic_decision ON trajectory FOR UPDATE TO samenspel_app
        USING (access.viewer_refers_in(municipality_id))
        WITH CHECK (access.viewer_refers_in(municipality_id)); -- which PIC: the guard trigger (an open proposal of it)

      CREATE OR REPLACE FUNCTION access.guard_trajectory_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT row_security_active(TG_RELID) THEN
          RETURN NEW;
        END IF;
        IF NEW.responsible_provider_id <> OLD.responsible_provider_id
           AND NOT access.viewer_transfers(OLD.id, OLD.responsible_provider_id, NEW.responsible_provider_id)
           -- intake: the lead assigns a member, or the assigned member returns the youth to the lead
           AND NOT (OLD.responsible_provider_id = access.viewer_provider_id() AND OLD.consortium_id IS NOT NULL
                    AND ((OLD.status = 'INTAKE' AND NEW.status = 'REFERRED' AND access.consortium_member(OLD.consortium_id, NEW.responsible_provider_id))
                         OR (OLD.status = 'REFERRED' AND NEW.status = 'INTAKE' AND NEW.responsible_provider_id = access.consortium_lead(OLD.consortium_id)))) THEN
          RAISE EXCEPTION 'the responsible provider changes only through a transfer of responsibility, or within the consortium during intake'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.status, NEW.started_at, NEW.closed_at, NEW.decline_reason)
             IS DISTINCT FROM (OLD.status, OLD.started_at, OLD.closed_at, OLD.decline_reason)
           AND OLD.responsible_provider_id IS DISTINCT FROM access.viewer_provider_id() THEN
          RAISE EXCEPTION 'only the responsible provider accepts, declines or closes a trajectory'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.pic_id, NEW.funding_variant) IS DISTINCT FROM (OLD.pic_id, OLD.funding_variant)
           AND NOT (access.viewer_refers_in(OLD.municipality_id) AND EXISTS (
             SELECT 1 FROM public.pic_proposal pp WHERE pp.trajectory_id = OLD.id AND pp.status = 'PROPOSED'
                AND pp.from_pic_id = OLD.pic_id AND pp.to_pic_id = NEW.pic_id)) THEN
          RAISE EXCEPTION 'the PIC changes only by the referrer''s decision on a proposal' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER trajectory_guard ON trajectory;
      CREATE TRIGGER trajectory_guard
        BEFORE UPDATE OF status, started_at, closed_at, decline_reason, responsible_provider_id, pic_id, funding_variant
        ON trajectory FOR EACH ROW EXECUTE FUNCTION access.guard_trajectory_change();

      DROP TRIGGER trajectory_transition ON trajectory;
      CREATE TRIGGER trajectory_transition BEFORE UPDATE OF status ON trajectory
        FOR EACH ROW EXECUTE FUNCTION access.refuse_invalid_transition(${list([...TRAJECTORY_TRANSITIONS, ...INTAKE_TRANSITIONS])});
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER trajectory_transition ON trajectory;
      CREATE TRIGGER trajectory_transition BEFORE UPDATE OF status ON trajectory
        FOR EACH ROW EXECUTE FUNCTION access.refuse_invalid_transition(${list(TRAJECTORY_TRANSITIONS)});
      DROP TRIGGER trajectory_guard ON trajectory;
      CREATE TRIGGER trajectory_guard BEFORE UPDATE OF status, started_at, closed_at, decline_reason, responsible_provider_id
        ON trajectory FOR EACH ROW EXECUTE FUNCTION access.guard_trajectory_change();
      DROP POLICY trajectory_pic_decision ON trajectory;
      REVOKE UPDATE (pic_id, funding_variant) ON trajectory FROM samenspel_app;
      DROP POLICY responsibility_period_intake ON responsibility_period;
      DROP POLICY trajectory_intake_handover ON trajectory;
      DROP POLICY responsibility_period_refer ON responsibility_period;
      CREATE POLICY responsibility_period_refer ON responsibility_period FOR INSERT TO samenspel_app
        WITH CHECK (until IS NULL AND EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.status = 'REFERRED'
                                                AND t.responsible_provider_id = provider_id
                                                AND access.viewer_refers_in(t.municipality_id)));
      DROP POLICY trajectory_refer ON trajectory;
      CREATE POLICY trajectory_refer ON trajectory FOR INSERT TO samenspel_app
        WITH CHECK (status = 'REFERRED' AND referred_by = access.viewer_user_id()
                    AND access.referral_within(municipality_id, youth_id, family_plan_id));
      DROP FUNCTION access.viewer_hands_over_in_intake(uuid, uuid), access.consortium_member(uuid, uuid),
        access.consortium_lead(uuid);
    `);
  }
}
