import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The read policies of the care tables, unchanged, now for SELECT only (they were FOR ALL). */
const READS: Record<string, string> = {
  youth: `EXISTS (SELECT 1 FROM trajectory t WHERE t.youth_id = youth.id)
          OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id())`,
  family_plan: `EXISTS (SELECT 1 FROM trajectory t WHERE t.family_plan_id = family_plan.id)
                OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id())`,
  family_plan_youth: `EXISTS (SELECT 1 FROM family_plan f WHERE f.id = family_plan_youth.family_plan_id)`,
  trajectory: `responsible_provider_id = access.viewer_provider_id()
               OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id())
               OR EXISTS (SELECT 1 FROM trajectory_access a
                           WHERE a.trajectory_id = trajectory.id AND a.provider_id = access.viewer_provider_id())`,
  help_plan: `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = help_plan.trajectory_id)`,
  goal: `EXISTS (SELECT 1 FROM family_plan f WHERE f.id = goal.family_plan_id)
         OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = goal.help_plan_id)`,
  plan_revision: `EXISTS (SELECT 1 FROM family_plan f WHERE f.id = plan_revision.family_plan_id)
                  OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = plan_revision.help_plan_id)`,
  expertise_request: `provider_id = access.viewer_provider_id()
                      OR requested_by_provider_id = access.viewer_provider_id()
                      OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = expertise_request.trajectory_id)`,
  responsibility_transfer: `to_provider_id = access.viewer_provider_id()
                            OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = responsibility_transfer.trajectory_id)`,
  responsibility_period: `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = responsibility_period.trajectory_id)`,
  outcome_report: `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = outcome_report.trajectory_id)`,
  goal_result: `EXISTS (SELECT 1 FROM outcome_report o WHERE o.id = goal_result.outcome_report_id)`,
  societal_goal_result: `EXISTS (SELECT 1 FROM goal g WHERE g.id = societal_goal_result.goal_id)`,
  delivered_units: `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = delivered_units.trajectory_id)`,
  settlement: `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = settlement.trajectory_id)`,
  trajectory_fact: `(access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
                    OR access.viewer_has_role('REGION_ADMIN')
                    OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_fact.trajectory_id)`,
  improvement_plan: `(access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
                     OR provider_id = access.viewer_provider_id()
                     OR access.viewer_has_role('REGION_ADMIN')`,
  improvement_action: `EXISTS (SELECT 1 FROM improvement_plan p WHERE p.id = improvement_action.plan_id)`,
};

/** Columns the application may change; every other column of these tables is fixed once written. */
const UPDATABLE: Record<string, string[]> = {
  family_plan: ['question', 'context', 'version', 'updated_at'],
  trajectory: ['status', 'started_at', 'closed_at', 'decline_reason', 'responsible_provider_id'],
  responsibility_period: ['until'],
  help_plan: ['version', 'effort_description', 'end_date', 'updated_at'],
  goal: ['description', 'target_date', 'position', 'contributes_to_id'],
  expertise_request: ['status', 'decline_reason', 'responded_at', 'ended_at'],
  responsibility_transfer: ['status', 'decline_reason', 'responded_at'],
  societal_goal_result: ['realisation', 'recorded_by', 'recorded_at'],
  improvement_plan: ['status', 'response', 'submitted_by', 'submitted_at', 'version'],
};

/** Privileges the application held and never uses: nobody edits a youth, a fact or an action in place. */
const UNUSED = `
  REVOKE UPDATE ON youth, improvement_action FROM samenspel_app;
  REVOKE INSERT, UPDATE ON trajectory_fact FROM samenspel_app;`;

/** Status transitions ('FROM>TO') the application may make. */
const TRANSITIONS: Record<string, string[]> = {
  trajectory: ['REFERRED>ACTIVE', 'REFERRED>CANCELLED', 'ACTIVE>CLOSED'],
  expertise_request: [
    'REQUESTED>ACCEPTED',
    'REQUESTED>DECLINED',
    'REQUESTED>WITHDRAWN',
    'ACCEPTED>COMPLETED',
    'ACCEPTED>WITHDRAWN',
  ],
  responsibility_transfer: ['PENDING>ACCEPTED', 'PENDING>DECLINED'],
  improvement_plan: [
    'REQUIRED>SUBMITTED',
    'SUBMITTED>ACCEPTED',
    'REQUIRED>CLOSED',
    'SUBMITTED>CLOSED',
    'ACCEPTED>CLOSED',
  ],
};

const FUNCTIONS = `
  -- Who the viewer is to a record, for the write policies. Plain SQL the planner inlines; they read as the
  -- viewer, so row-level security applies inside them as well. Tables are named with their schema: a temporary
  -- table of the caller's must never stand in for one.
  CREATE FUNCTION access.viewer_refers_in(m_id uuid) RETURNS boolean LANGUAGE sql STABLE AS
    $$ SELECT access.viewer_has_role('REFERRER') AND m_id = access.viewer_municipality_id() $$;

  -- The viewer works for the responsible provider (hoofdaannemer) of the trajectory, in one of these statuses (any when NULL).
  CREATE FUNCTION access.viewer_is_responsible(t_id uuid, statuses text[] DEFAULT NULL) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.trajectory t WHERE t.id = t_id AND t.responsible_provider_id = access.viewer_provider_id()
                     AND (statuses IS NULL OR t.status = ANY (statuses)))
  $$;

  -- The viewer is carrying out a transfer of responsibility of the trajectory (between the given providers, any when
  -- NULL): it accepts an offer made to its provider, or it recorded a forced transfer in this transaction.
  CREATE FUNCTION access.viewer_transfers(t_id uuid, from_provider uuid, to_provider uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.responsibility_transfer r
                    WHERE r.trajectory_id = t_id
                      AND (from_provider IS NULL OR r.from_provider_id = from_provider)
                      AND (to_provider IS NULL OR r.to_provider_id = to_provider)
                      AND ((r.status = 'PENDING' AND r.to_provider_id = access.viewer_provider_id())
                           OR (r.status = 'FORCED' AND r.requested_by = access.viewer_user_id() AND r.requested_at = now())))
  $$;

  -- A referral ties a youth and a family plan of the referrer's own municipality.
  CREATE FUNCTION access.referral_within(m_id uuid, y_id uuid, f_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT access.viewer_refers_in(m_id)
       AND EXISTS (SELECT 1 FROM public.youth y WHERE y.id = y_id AND y.municipality_id = m_id)
       AND EXISTS (SELECT 1 FROM public.family_plan f WHERE f.id = f_id AND f.municipality_id = m_id)
  $$;

  -- The family plan is edited by the referrer of its municipality and by a responsible provider of one of its
  -- trajectories; a help plan (and its goals) by the responsible provider of its active trajectory.
  CREATE FUNCTION access.viewer_edits_plan(f_id uuid, h_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN f_id IS NOT NULL THEN EXISTS (
             SELECT 1 FROM public.family_plan f WHERE f.id = f_id AND (access.viewer_refers_in(f.municipality_id)
               OR EXISTS (SELECT 1 FROM public.trajectory t WHERE t.family_plan_id = f.id AND t.responsible_provider_id = access.viewer_provider_id())))
           ELSE access.viewer_is_responsible(h_id, '{ACTIVE}') END
  $$;

  -- Events are written on a trajectory the viewer works on (sees), or by the provider asked for expertise about its
  -- own request on that trajectory (it answers before it may see the family).
  CREATE FUNCTION access.viewer_records_event(t_id uuid, request_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.trajectory t WHERE t.id = t_id)
        OR EXISTS (SELECT 1 FROM public.expertise_request r
                    WHERE r.id = request_id AND r.trajectory_id = t_id AND r.provider_id = access.viewer_provider_id())
  $$;

  -- Domain rule 2 as far as who is concerned: the basis named links the two providers.
  CREATE FUNCTION access.relation_links(main uuid, other uuid, sub_id uuid, cons_id uuid, team_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE
      WHEN sub_id IS NOT NULL THEN EXISTS (
        SELECT 1 FROM public.subcontract s WHERE s.id = sub_id AND s.main_contractor_id = main AND s.subcontractor_id = other)
      WHEN cons_id IS NOT NULL THEN (
        SELECT count(DISTINCT m.provider_id) = 2 FROM public.consortium_membership m
         WHERE m.consortium_id = cons_id AND m.provider_id IN (main, other) AND m.role IN ('LEAD', 'PARTNER'))
      WHEN team_id IS NOT NULL THEN (
        SELECT count(DISTINCT x.provider_id) = 2 FROM (
          SELECT coordinator_id AS provider_id FROM public.integrated_team WHERE id = team_id
          UNION SELECT provider_id FROM public.integrated_team_member WHERE integrated_team_member.team_id = relation_links.team_id) x
         WHERE x.provider_id IN (main, other))
      ELSE false END
  $$;

  -- The responsible provider of an open trajectory, or its referrer, offers it to another provider; a highly
  -- specialist trajectory moves at once (FORCED: the acceptance obligation), any other waits for an answer.
  CREATE FUNCTION access.viewer_offers_transfer(t_id uuid, from_provider uuid, offered_status text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.trajectory t JOIN public.pic ON pic.id = t.pic_id JOIN public.profile pr ON pr.id = pic.profile_id
                    WHERE t.id = t_id AND t.status IN ('REFERRED', 'ACTIVE') AND t.responsible_provider_id = from_provider
                      AND (from_provider = access.viewer_provider_id() OR access.viewer_refers_in(t.municipality_id))
                      AND offered_status = CASE pr.segment WHEN 'HIGHLY_SPECIALIST' THEN 'FORCED' ELSE 'PENDING' END)
  $$;

  -- Goal results belong to an outcome version the viewer reports in this transaction (reports are immutable once
  -- written), and to a treatment goal of that trajectory's help plan.
  CREATE FUNCTION access.viewer_reports_result(report_id uuid, g_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.outcome_report o JOIN public.goal g ON g.help_plan_id = o.trajectory_id
                    WHERE o.id = report_id AND g.id = g_id AND o.submitted_by = access.viewer_user_id()
                      AND o.submitted_at = now() AND access.viewer_is_responsible(o.trajectory_id))
  $$;

  -- A settlement is written when the responsible provider closes the trajectory, or corrects the outcome of a
  -- closed one, in this transaction; for an outcome of that trajectory.
  CREATE FUNCTION access.viewer_settles(t_id uuid, report_id uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.trajectory t JOIN public.outcome_report o ON o.trajectory_id = t.id
                    WHERE t.id = t_id AND o.id = report_id AND t.status = 'CLOSED'
                      AND t.responsible_provider_id = access.viewer_provider_id()
                      AND (t.closed_at = now() OR o.submitted_at = now()))
  $$;

  -- What a policy cannot see is the old row. The responsible provider changes only through a transfer from it to
  -- the new one, and only the responsible provider moves the trajectory along its lifecycle.
  CREATE FUNCTION access.guard_trajectory_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT row_security_active(TG_RELID) THEN
      RETURN NEW;
    END IF;
    IF NEW.responsible_provider_id <> OLD.responsible_provider_id
       AND NOT access.viewer_transfers(OLD.id, OLD.responsible_provider_id, NEW.responsible_provider_id) THEN
      RAISE EXCEPTION 'the responsible provider changes only through a transfer of responsibility'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.status, NEW.started_at, NEW.closed_at, NEW.decline_reason)
         IS DISTINCT FROM (OLD.status, OLD.started_at, OLD.closed_at, OLD.decline_reason)
       AND OLD.responsible_provider_id IS DISTINCT FROM access.viewer_provider_id() THEN
      RAISE EXCEPTION 'only the responsible provider accepts, declines or closes a trajectory'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$;

  -- The provider's answer to an improvement plan is its own: it changes only when the plan becomes SUBMITTED,
  -- which only the provider's administrator may do (policy improvement_plan_answer).
  CREATE FUNCTION access.guard_improvement_plan_answer() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF row_security_active(TG_RELID) AND NEW.status <> 'SUBMITTED'
       AND (NEW.response, NEW.submitted_by, NEW.submitted_at) IS DISTINCT FROM (OLD.response, OLD.submitted_by, OLD.submitted_at) THEN
      RAISE EXCEPTION 'only the provider answers its improvement plan' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$;

  -- A status moves only along the transitions given as arguments ('FROM>TO').
  CREATE FUNCTION access.refuse_invalid_transition() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF row_security_active(TG_RELID) AND NEW.status <> OLD.status AND NOT ((OLD.status || '>' || NEW.status) = ANY (TG_ARGV)) THEN
      RAISE EXCEPTION '% cannot go from % to %', TG_TABLE_NAME, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$;

  GRANT EXECUTE ON FUNCTION access.viewer_refers_in(uuid), access.viewer_is_responsible(uuid, text[]),
    access.viewer_transfers(uuid, uuid, uuid), access.referral_within(uuid, uuid, uuid), access.viewer_edits_plan(uuid, uuid),
    access.viewer_records_event(uuid, uuid), access.relation_links(uuid, uuid, uuid, uuid, uuid),
    access.viewer_offers_transfer(uuid, uuid, text), access.viewer_reports_result(uuid, uuid),
    access.viewer_settles(uuid, uuid) TO samenspel_app;`;

const TRIGGERS = `
  CREATE TRIGGER trajectory_guard BEFORE UPDATE OF status, started_at, closed_at, decline_reason, responsible_provider_id
    ON trajectory FOR EACH ROW EXECUTE FUNCTION access.guard_trajectory_change();
  CREATE TRIGGER improvement_plan_answer_guard BEFORE UPDATE OF response, submitted_by, submitted_at
    ON improvement_plan FOR EACH ROW EXECUTE FUNCTION access.guard_improvement_plan_answer();
  ${Object.entries(TRANSITIONS)
    .map(
      ([table, moves]) => `CREATE TRIGGER ${table}_transition BEFORE UPDATE OF status ON ${table}
    FOR EACH ROW EXECUTE FUNCTION access.refuse_invalid_transition(${moves.map((m) => `'${m}'`).join(', ')});`,
    )
    .join('\n')}`;

/**
 * Writes as narrow as the rules. The care tables had one policy FOR ALL per table, so whoever saw
 * a row could also change or delete it. Now each table keeps its read policy for SELECT only and
 * gets a policy per write and per kind of writer, with WITH CHECK on the new row:
 * - referrers create youths, family plans and referrals in their own municipality, edit the
 *   family plan and record its societal results;
 * - the responsible provider accepts, declines and closes, writes the help plan and its goals,
 *   asks for expertise, offers transfers, reports outcomes, registers units; settlements are
 *   written as it closes or corrects;
 * - the provider asked for expertise, or offered a transfer, answers it;
 * - contract managers require and decide on improvement plans of their municipality, a
 *   provider's administrator answers them; trajectory facts are written only by
 *   access.refresh_trajectory_facts().
 * Where a service locks a row before it decides (SELECT … FOR UPDATE applies the UPDATE policy's
 * USING clause), USING is who may see the row and WITH CHECK who may write it; elsewhere both name
 * the writer. What only the old row shows —
 * who changes the responsible provider or the status, and which status may follow which — is
 * guarded by triggers; columns that never change after insert are not granted for UPDATE.
 */
export class CareWritePolicies1764000000037 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${FUNCTIONS}
      ${TRIGGERS}
      ${Object.entries(READS)
        .map(
          ([table, using]) => `DROP POLICY ${table}_visible ON ${table};
      CREATE POLICY ${table}_visible ON ${table} FOR SELECT TO samenspel_app USING (${using});`,
        )
        .join('\n')}
      ${UNUSED}
      ${Object.entries(UPDATABLE)
        .map(
          ([table, columns]) => `REVOKE UPDATE ON ${table} FROM samenspel_app;
      GRANT UPDATE (${columns.join(', ')}) ON ${table} TO samenspel_app;`,
        )
        .join('\n')}

      -- referrers: youths, family plans and referrals of their own municipality
      CREATE POLICY youth_refer ON youth FOR INSERT TO samenspel_app WITH CHECK (access.viewer_refers_in(municipality_id));
      CREATE POLICY family_plan_refer ON family_plan FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_refers_in(municipality_id) AND created_by = access.viewer_user_id());
      CREATE POLICY family_plan_edit ON family_plan FOR UPDATE TO samenspel_app
        USING (${READS.family_plan}) WITH CHECK (access.viewer_edits_plan(id, NULL));
      CREATE POLICY family_plan_youth_refer ON family_plan_youth FOR INSERT TO samenspel_app
        WITH CHECK (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = family_plan_id AND access.viewer_refers_in(f.municipality_id))
                    AND EXISTS (SELECT 1 FROM youth y WHERE y.id = youth_id AND access.viewer_refers_in(y.municipality_id)));
      CREATE POLICY trajectory_refer ON trajectory FOR INSERT TO samenspel_app
        WITH CHECK (status = 'REFERRED' AND referred_by = access.viewer_user_id()
                    AND access.referral_within(municipality_id, youth_id, family_plan_id));
      CREATE POLICY responsibility_period_refer ON responsibility_period FOR INSERT TO samenspel_app
        WITH CHECK (until IS NULL AND EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_id AND t.status = 'REFERRED'
                                                AND t.responsible_provider_id = provider_id
                                                AND access.viewer_refers_in(t.municipality_id)));

      -- the responsible provider (and the referrer or candidate carrying out a transfer)
      CREATE POLICY trajectory_change ON trajectory FOR UPDATE TO samenspel_app
        USING (${READS.trajectory})
        WITH CHECK (responsible_provider_id = access.viewer_provider_id()
                    OR access.viewer_transfers(id, NULL, responsible_provider_id));
      CREATE POLICY responsibility_period_transfer ON responsibility_period FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_transfers(trajectory_id, NULL, provider_id));
      CREATE POLICY responsibility_period_end ON responsibility_period FOR UPDATE TO samenspel_app
        USING (access.viewer_is_responsible(trajectory_id) OR access.viewer_transfers(trajectory_id, NULL, NULL))
        WITH CHECK (until IS NOT NULL AND (access.viewer_is_responsible(trajectory_id) OR access.viewer_transfers(trajectory_id, NULL, NULL)));
      CREATE POLICY responsibility_transfer_offer ON responsibility_transfer FOR INSERT TO samenspel_app
        WITH CHECK (requested_by = access.viewer_user_id() AND access.viewer_offers_transfer(trajectory_id, from_provider_id, status));
      CREATE POLICY responsibility_transfer_answer ON responsibility_transfer FOR UPDATE TO samenspel_app
        USING (${READS.responsibility_transfer})
        WITH CHECK ((to_provider_id = access.viewer_provider_id() AND status IN ('ACCEPTED', 'DECLINED'))
                    OR (access.viewer_is_responsible(trajectory_id) AND status = 'DECLINED'));
      CREATE POLICY help_plan_write ON help_plan FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_is_responsible(trajectory_id, '{ACTIVE}'));
      CREATE POLICY help_plan_edit ON help_plan FOR UPDATE TO samenspel_app
        USING (access.viewer_is_responsible(trajectory_id, '{ACTIVE}'))
        WITH CHECK (access.viewer_is_responsible(trajectory_id, '{ACTIVE}'));

      -- goals and versions of a plan: whoever edits the plan
      CREATE POLICY goal_add ON goal FOR INSERT TO samenspel_app WITH CHECK (access.viewer_edits_plan(family_plan_id, help_plan_id));
      CREATE POLICY goal_edit ON goal FOR UPDATE TO samenspel_app
        USING (access.viewer_edits_plan(family_plan_id, help_plan_id)) WITH CHECK (access.viewer_edits_plan(family_plan_id, help_plan_id));
      CREATE POLICY goal_remove ON goal FOR DELETE TO samenspel_app USING (access.viewer_edits_plan(family_plan_id, help_plan_id));
      CREATE POLICY plan_revision_record ON plan_revision FOR INSERT TO samenspel_app
        WITH CHECK (changed_by = access.viewer_user_id() AND access.viewer_edits_plan(family_plan_id, help_plan_id));

      -- adding expertise: the responsible provider asks, the provider asked answers; either ends it
      CREATE POLICY expertise_request_ask ON expertise_request FOR INSERT TO samenspel_app
        WITH CHECK (status = 'REQUESTED' AND requested_by = access.viewer_user_id()
                    AND requested_by_provider_id = access.viewer_provider_id()
                    AND access.viewer_is_responsible(trajectory_id, '{ACTIVE}')
                    AND access.relation_links(requested_by_provider_id, provider_id, subcontract_id, consortium_id, integrated_team_id));
      CREATE POLICY expertise_request_answer ON expertise_request FOR UPDATE TO samenspel_app
        USING (${READS.expertise_request})
        WITH CHECK ((provider_id = access.viewer_provider_id() AND status IN ('ACCEPTED', 'DECLINED', 'COMPLETED'))
                    OR (access.viewer_is_responsible(trajectory_id) AND status IN ('COMPLETED', 'WITHDRAWN')));

      -- the timeline: in the actor's own name, on a trajectory it acts on
      DROP POLICY trajectory_event_record ON trajectory_event;
      CREATE POLICY trajectory_event_record ON trajectory_event FOR INSERT TO samenspel_app
        WITH CHECK (actor_user_id = access.viewer_user_id()
                    AND actor_provider_id IS NOT DISTINCT FROM access.viewer_provider_id()
                    AND access.viewer_records_event(trajectory_id, expertise_request_id));

      -- results and money
      CREATE POLICY outcome_report_submit ON outcome_report FOR INSERT TO samenspel_app
        WITH CHECK (submitted_by = access.viewer_user_id() AND access.viewer_is_responsible(trajectory_id, '{ACTIVE,CLOSED}'));
      CREATE POLICY goal_result_report ON goal_result FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_reports_result(outcome_report_id, goal_id));
      CREATE POLICY societal_goal_result_record ON societal_goal_result FOR INSERT TO samenspel_app
        WITH CHECK (recorded_by = access.viewer_user_id() AND EXISTS (
          SELECT 1 FROM goal g JOIN family_plan f ON f.id = g.family_plan_id
           WHERE g.id = goal_id AND access.viewer_refers_in(f.municipality_id)));
      CREATE POLICY societal_goal_result_rerecord ON societal_goal_result FOR UPDATE TO samenspel_app
        USING (EXISTS (SELECT 1 FROM goal g JOIN family_plan f ON f.id = g.family_plan_id
                        WHERE g.id = goal_id AND access.viewer_refers_in(f.municipality_id)))
        WITH CHECK (recorded_by = access.viewer_user_id());
      CREATE POLICY delivered_units_register ON delivered_units FOR INSERT TO samenspel_app
        WITH CHECK (registered_by = access.viewer_user_id() AND access.viewer_is_responsible(trajectory_id, '{ACTIVE}'));
      CREATE POLICY settlement_settle ON settlement FOR INSERT TO samenspel_app
        WITH CHECK (access.viewer_settles(trajectory_id, outcome_report_id));

      -- improvement plans: the contract manager requires and decides, the provider's administrator answers
      CREATE POLICY improvement_plan_require ON improvement_plan FOR INSERT TO samenspel_app
        WITH CHECK (status = 'REQUIRED' AND requested_by = access.viewer_user_id()
                    AND access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id());
      CREATE POLICY improvement_plan_decide ON improvement_plan FOR UPDATE TO samenspel_app
        USING (access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
        WITH CHECK (access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id()
                    AND status IN ('ACCEPTED', 'CLOSED'));
      CREATE POLICY improvement_plan_answer ON improvement_plan FOR UPDATE TO samenspel_app
        USING (access.viewer_has_role('PROVIDER_ADMIN') AND provider_id = access.viewer_provider_id())
        WITH CHECK (access.viewer_has_role('PROVIDER_ADMIN') AND provider_id = access.viewer_provider_id()
                    AND status = 'SUBMITTED' AND submitted_by = access.viewer_user_id());
      CREATE POLICY improvement_action_answer ON improvement_action FOR INSERT TO samenspel_app
        WITH CHECK (EXISTS (SELECT 1 FROM improvement_plan p WHERE p.id = plan_id AND p.status IN ('REQUIRED', 'SUBMITTED')
                              AND access.viewer_has_role('PROVIDER_ADMIN') AND p.provider_id = access.viewer_provider_id()));
      CREATE POLICY improvement_action_replace ON improvement_action FOR DELETE TO samenspel_app
        USING (EXISTS (SELECT 1 FROM improvement_plan p WHERE p.id = plan_id AND p.status IN ('REQUIRED', 'SUBMITTED')
                         AND access.viewer_has_role('PROVIDER_ADMIN') AND p.provider_id = access.viewer_provider_id()));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY youth_refer ON youth;
      DROP POLICY family_plan_refer ON family_plan;
      DROP POLICY family_plan_edit ON family_plan;
      DROP POLICY family_plan_youth_refer ON family_plan_youth;
      DROP POLICY trajectory_refer ON trajectory;
      DROP POLICY responsibility_period_refer ON responsibility_period;
      DROP POLICY trajectory_change ON trajectory;
      DROP POLICY responsibility_period_transfer ON responsibility_period;
      DROP POLICY responsibility_period_end ON responsibility_period;
      DROP POLICY responsibility_transfer_offer ON responsibility_transfer;
      DROP POLICY responsibility_transfer_answer ON responsibility_transfer;
      DROP POLICY help_plan_write ON help_plan;
      DROP POLICY help_plan_edit ON help_plan;
      DROP POLICY goal_add ON goal;
      DROP POLICY goal_edit ON goal;
      DROP POLICY goal_remove ON goal;
      DROP POLICY plan_revision_record ON plan_revision;
      DROP POLICY expertise_request_ask ON expertise_request;
      DROP POLICY expertise_request_answer ON expertise_request;
      DROP POLICY outcome_report_submit ON outcome_report;
      DROP POLICY goal_result_report ON goal_result;
      DROP POLICY societal_goal_result_record ON societal_goal_result;
      DROP POLICY societal_goal_result_rerecord ON societal_goal_result;
      DROP POLICY delivered_units_register ON delivered_units;
      DROP POLICY settlement_settle ON settlement;
      DROP POLICY improvement_plan_require ON improvement_plan;
      DROP POLICY improvement_plan_decide ON improvement_plan;
      DROP POLICY improvement_plan_answer ON improvement_plan;
      DROP POLICY improvement_action_answer ON improvement_action;
      DROP POLICY improvement_action_replace ON improvement_action;

      DROP POLICY trajectory_event_record ON trajectory_event;
      CREATE POLICY trajectory_event_record ON trajectory_event FOR INSERT TO samenspel_app
        WITH CHECK (actor_user_id = access.viewer_user_id() AND (
          EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_event.trajectory_id)
          OR EXISTS (SELECT 1 FROM expertise_request r WHERE r.id = trajectory_event.expertise_request_id
                     AND r.provider_id = access.viewer_provider_id())));
      ${Object.entries(READS)
        .map(
          ([table, using]) => `DROP POLICY ${table}_visible ON ${table};
      CREATE POLICY ${table}_visible ON ${table} TO samenspel_app USING (${using});`,
        )
        .join('\n')}
      ${Object.keys(UPDATABLE)
        .map((table) => `GRANT UPDATE ON ${table} TO samenspel_app;`)
        .join('\n')}
      GRANT UPDATE ON youth, improvement_action TO samenspel_app;
      GRANT INSERT, UPDATE ON trajectory_fact TO samenspel_app;

      DROP TRIGGER trajectory_guard ON trajectory;
      DROP TRIGGER improvement_plan_answer_guard ON improvement_plan;
      ${Object.keys(TRANSITIONS)
        .map((table) => `DROP TRIGGER ${table}_transition ON ${table};`)
        .join('\n')}
      DROP FUNCTION access.refuse_invalid_transition(), access.guard_improvement_plan_answer(), access.guard_trajectory_change(),
        access.viewer_settles(uuid, uuid), access.viewer_reports_result(uuid, uuid), access.viewer_offers_transfer(uuid, uuid, text),
        access.relation_links(uuid, uuid, uuid, uuid, uuid), access.viewer_records_event(uuid, uuid),
        access.viewer_edits_plan(uuid, uuid), access.referral_within(uuid, uuid, uuid), access.viewer_transfers(uuid, uuid, uuid),
        access.viewer_is_responsible(uuid, text[]), access.viewer_refers_in(uuid);
    `);
  }
}
