import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results: outcome reports (versions, never edited), settlement under the three funding variants
 * with bonus-malus, registered units for PxQ, population budgets, the facts contract managers'
 * figures are computed from, and improvement plans (verbeterplannen).
 */
export class OutcomesSettlementPerformance1764000000004 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION access.refuse_change_of_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is immutable once submitted; a correction is a new version with a reason', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      -- resultaatmeting: a correction is a new version with a reason; figures use the latest
      CREATE TABLE outcome_report (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id       uuid NOT NULL REFERENCES trajectory (id),
        version             integer NOT NULL CHECK (version > 0),
        continuation        text NOT NULL CHECK (continuation IN ('SAME_OR_HEAVIER', 'LIGHTER', 'NONE_NOW_EXPECTS_RETURN', 'NONE')),
        end_reason_code     text NOT NULL CHECK (end_reason_code IN ('02', '31', '32', '33', '34', '35', '36', '37', '38', '39')),
        cbs_end_code        text NOT NULL CHECK (cbs_end_code IN ('01', '02', '03', '04', '05')),
        dropout             boolean NOT NULL,
        satisfaction_youth  integer CHECK (satisfaction_youth BETWEEN 1 AND 10),
        satisfaction_parent integer CHECK (satisfaction_parent BETWEEN 1 AND 10),
        correction_reason   text CHECK (length(correction_reason) BETWEEN 1 AND 2000),
        submitted_by        uuid NOT NULL REFERENCES app_user (id),
        submitted_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (trajectory_id, version),
        CHECK ((version = 1) = (correction_reason IS NULL)),
        CHECK (dropout = (cbs_end_code = '03'))
      );
      CREATE INDEX outcome_report_submitted_by_idx ON outcome_report (submitted_by);
      CREATE TRIGGER outcome_report_immutable BEFORE UPDATE OR DELETE ON outcome_report
        FOR EACH ROW EXECUTE FUNCTION access.refuse_change_of_record();

      CREATE TABLE goal_result (
        outcome_report_id uuid NOT NULL REFERENCES outcome_report (id),
        goal_id           uuid NOT NULL REFERENCES goal (id),
        realisation       text NOT NULL CHECK (realisation IN ('ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED')),
        PRIMARY KEY (outcome_report_id, goal_id)
      );
      CREATE INDEX goal_result_goal_idx ON goal_result (goal_id);
      CREATE TRIGGER goal_result_immutable BEFORE UPDATE OR DELETE ON goal_result
        FOR EACH ROW EXECUTE FUNCTION access.refuse_change_of_record();

      -- The referrer records the societal results of the family plan, also after closure.
      CREATE TABLE societal_goal_result (
        goal_id     uuid PRIMARY KEY REFERENCES goal (id),
        realisation text NOT NULL CHECK (realisation IN ('ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED')),
        recorded_by uuid NOT NULL REFERENCES app_user (id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX societal_goal_result_recorded_by_idx ON societal_goal_result (recorded_by);

      -- Bonus-malus: versioned contract parameters. The tier with the highest minimum share of goals
      -- achieved that the trajectory reaches gives the percentage of the tariff paid.
      CREATE TABLE payment_rule (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        valid_from  date NOT NULL,
        valid_until date,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        created_by  uuid REFERENCES app_user (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CONSTRAINT payment_rule_no_overlap EXCLUDE USING gist (daterange(valid_from, valid_until, '[]') WITH &&)
      );
      CREATE INDEX payment_rule_created_by_idx ON payment_rule (created_by);
      CREATE TABLE payment_rule_tier (
        payment_rule_id uuid NOT NULL REFERENCES payment_rule (id),
        min_goal_share  numeric(4, 3) NOT NULL CHECK (min_goal_share BETWEEN 0 AND 1),
        percentage_paid integer NOT NULL CHECK (percentage_paid BETWEEN 0 AND 100),
        PRIMARY KEY (payment_rule_id, min_goal_share)
      );

      -- PxQ: the product price list (units from WJ756) and the units a provider delivered
      CREATE TABLE product_price (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        product_code text NOT NULL CHECK (product_code ~ '^[0-9A-Z]{3,8}$'),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        unit_code    text NOT NULL CHECK (unit_code IN ('01', '04', '14', '16')),
        price_cents  integer NOT NULL CHECK (price_cents > 0),
        valid_from   date NOT NULL,
        valid_until  date,
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CONSTRAINT product_price_no_overlap EXCLUDE USING gist (product_code WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
      );
      CREATE TABLE delivered_units (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id    uuid NOT NULL REFERENCES trajectory (id),
        product_price_id uuid NOT NULL REFERENCES product_price (id),
        quantity         integer NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
        delivered_on     date NOT NULL,
        registered_by    uuid NOT NULL REFERENCES app_user (id),
        registered_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX delivered_units_trajectory_idx ON delivered_units (trajectory_id);
      CREATE INDEX delivered_units_price_idx ON delivered_units (product_price_id);
      CREATE INDEX delivered_units_registered_by_idx ON delivered_units (registered_by);

      -- Population budget (taakgericht) per consortium, area and year, allocated by the lead partner
      CREATE TABLE population_budget (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consortium_id uuid NOT NULL REFERENCES consortium (id),
        area_id       uuid NOT NULL REFERENCES area (id),
        year          integer NOT NULL CHECK (year BETWEEN 2015 AND 2100),
        amount_cents  bigint NOT NULL CHECK (amount_cents >= 0),
        UNIQUE (consortium_id, area_id, year)
      );
      CREATE INDEX population_budget_area_idx ON population_budget (area_id);
      CREATE TABLE budget_allocation (
        budget_id    uuid NOT NULL REFERENCES population_budget (id),
        provider_id  uuid NOT NULL REFERENCES provider (id),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        PRIMARY KEY (budget_id, provider_id)
      );
      CREATE INDEX budget_allocation_provider_idx ON budget_allocation (provider_id);

      -- Registered spend against a budget: units × price of the consortium's trajectories under the
      -- population budget in that area and year. An aggregate, so it runs as the owner.
      CREATE FUNCTION access.population_budget_spend(budget uuid) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT sum(du.quantity::bigint * pp.price_cents)
          FROM population_budget b
          JOIN trajectory t ON t.area_id = b.area_id AND t.funding_variant = 'TASK'
          JOIN consortium_membership cm ON cm.consortium_id = b.consortium_id AND cm.provider_id = t.responsible_provider_id
                                       AND cm.role IN ('LEAD', 'PARTNER')
          JOIN delivered_units du ON du.trajectory_id = t.id AND extract(year FROM du.delivered_on) = b.year
          JOIN product_price pp ON pp.id = du.product_price_id
         WHERE b.id = budget
      $$;
      GRANT EXECUTE ON FUNCTION access.population_budget_spend(uuid) TO samenspel_app;

      -- afrekening: one per closed trajectory and outcome version; immutable once final
      CREATE TABLE settlement (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id     uuid NOT NULL REFERENCES trajectory (id),
        version           integer NOT NULL CHECK (version > 0),
        outcome_report_id uuid NOT NULL REFERENCES outcome_report (id),
        funding_variant   text NOT NULL CHECK (funding_variant IN ('EFFORT', 'OUTPUT', 'TASK')),
        tariff_cents      integer CHECK (tariff_cents > 0),
        goal_share        numeric(4, 3) CHECK (goal_share BETWEEN 0 AND 1),
        payment_rule_id   uuid REFERENCES payment_rule (id),
        percentage_paid   integer CHECK (percentage_paid BETWEEN 0 AND 100),
        amount_cents      integer NOT NULL CHECK (amount_cents >= 0),
        correction_reason text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (trajectory_id, version),
        -- domain rule 4: a PIC trajectory is never paid more than its tariff
        CONSTRAINT settlement_tariff_ceiling CHECK (funding_variant <> 'OUTPUT' OR (tariff_cents IS NOT NULL AND amount_cents <= tariff_cents)),
        CHECK (funding_variant <> 'TASK' OR amount_cents = 0)
      );
      CREATE INDEX settlement_outcome_idx ON settlement (outcome_report_id);
      CREATE INDEX settlement_payment_rule_idx ON settlement (payment_rule_id);
      CREATE TRIGGER settlement_immutable BEFORE UPDATE OR DELETE ON settlement
        FOR EACH ROW EXECUTE FUNCTION access.refuse_change_of_record();

      -- One row per closed trajectory with only what figures need: no initials, no birth date, no
      -- plans. Kept up to date when a trajectory closes, its outcome is corrected, or the same
      -- youth is referred again. Contract managers read their municipality's rows.
      CREATE TABLE trajectory_fact (
        trajectory_id           uuid PRIMARY KEY REFERENCES trajectory (id),
        youth_key               uuid NOT NULL,
        municipality_id         uuid NOT NULL REFERENCES municipality (id),
        area_id                 uuid REFERENCES area (id),
        responsible_provider_id uuid NOT NULL REFERENCES provider (id),
        profile_id              uuid NOT NULL REFERENCES profile (id),
        intensity_id            uuid NOT NULL REFERENCES intensity (id),
        funding_variant         text NOT NULL,
        referred_at             timestamptz NOT NULL,
        started_at              timestamptz NOT NULL,
        closed_at               timestamptz NOT NULL,
        waiting_days            numeric NOT NULL,
        treatment_goals         integer NOT NULL,
        goals_achieved          integer NOT NULL,
        goals_partly            integer NOT NULL,
        satisfaction_youth      integer,
        satisfaction_parent     integer,
        dropout                 boolean NOT NULL,
        ended_as_planned        boolean NOT NULL,
        continuation            text NOT NULL,
        tariff_cents            integer,
        cost_cents              integer,
        repeat_use              boolean NOT NULL DEFAULT false
      );
      CREATE INDEX trajectory_fact_municipality_idx ON trajectory_fact (municipality_id, closed_at);
      CREATE INDEX trajectory_fact_provider_idx ON trajectory_fact (responsible_provider_id, closed_at);
      CREATE INDEX trajectory_fact_youth_idx ON trajectory_fact (youth_key, closed_at);
      CREATE INDEX trajectory_fact_area_idx ON trajectory_fact (area_id);
      CREATE INDEX trajectory_fact_profile_idx ON trajectory_fact (profile_id);
      CREATE INDEX trajectory_fact_intensity_idx ON trajectory_fact (intensity_id);

      -- (Re)computes the facts of closed trajectories from their latest outcome and settlement. It runs
      -- as the owner: a new referral of the same youth marks repeat use on facts the referrer cannot see.
      CREATE FUNCTION access.refresh_trajectory_facts(ids uuid[]) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
        INSERT INTO trajectory_fact AS f (trajectory_id, youth_key, municipality_id, area_id, responsible_provider_id, profile_id,
          intensity_id, funding_variant, referred_at, started_at, closed_at, waiting_days, treatment_goals, goals_achieved,
          goals_partly, satisfaction_youth, satisfaction_parent, dropout, ended_as_planned, continuation, tariff_cents,
          cost_cents, repeat_use)
        SELECT t.id, t.youth_id, t.municipality_id, t.area_id, t.responsible_provider_id, pic.profile_id, pic.intensity_id,
               t.funding_variant, t.referred_at, t.started_at, t.closed_at,
               extract(epoch FROM t.started_at - t.referred_at) / 86400,
               g.total, g.achieved, g.partly, o.satisfaction_youth, o.satisfaction_parent, o.dropout, o.cbs_end_code = '01',
               o.continuation, pic.tariff_cents, CASE WHEN t.funding_variant <> 'TASK' THEN s.amount_cents END,
               EXISTS (SELECT 1 FROM trajectory n WHERE n.youth_id = t.youth_id AND n.id <> t.id
                        AND n.referred_at > t.closed_at AND n.referred_at <= t.closed_at + interval '12 months')
          FROM trajectory t
          JOIN pic ON pic.id = t.pic_id
          JOIN LATERAL (SELECT * FROM outcome_report o WHERE o.trajectory_id = t.id ORDER BY o.version DESC LIMIT 1) o ON true
          LEFT JOIN LATERAL (SELECT * FROM settlement s WHERE s.trajectory_id = t.id ORDER BY s.version DESC LIMIT 1) s ON true
          CROSS JOIN LATERAL (SELECT count(*)::int AS total,
                                     count(*) FILTER (WHERE gr.realisation = 'ACHIEVED')::int AS achieved,
                                     count(*) FILTER (WHERE gr.realisation = 'PARTLY_ACHIEVED')::int AS partly
                                FROM goal_result gr WHERE gr.outcome_report_id = o.id) g
         WHERE t.id = ANY (ids) AND t.status = 'CLOSED'
        ON CONFLICT (trajectory_id) DO UPDATE SET
          responsible_provider_id = excluded.responsible_provider_id, treatment_goals = excluded.treatment_goals,
          goals_achieved = excluded.goals_achieved, goals_partly = excluded.goals_partly,
          satisfaction_youth = excluded.satisfaction_youth, satisfaction_parent = excluded.satisfaction_parent,
          dropout = excluded.dropout, ended_as_planned = excluded.ended_as_planned, continuation = excluded.continuation,
          cost_cents = excluded.cost_cents, repeat_use = excluded.repeat_use
      $$;
      GRANT EXECUTE ON FUNCTION access.refresh_trajectory_facts(uuid[]) TO samenspel_app;

      -- verbeterplan: a contract manager requires one; the provider admin answers with actions
      CREATE TABLE improvement_plan (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id     uuid NOT NULL REFERENCES provider (id),
        municipality_id uuid NOT NULL REFERENCES municipality (id),
        reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
        due_date        date NOT NULL,
        status          text NOT NULL CHECK (status IN ('REQUIRED', 'SUBMITTED', 'ACCEPTED', 'CLOSED')),
        response        text CHECK (length(response) <= 10000),
        requested_by    uuid NOT NULL REFERENCES app_user (id),
        requested_at    timestamptz NOT NULL DEFAULT now(),
        submitted_by    uuid REFERENCES app_user (id),
        submitted_at    timestamptz,
        version         integer NOT NULL DEFAULT 1
      );
      CREATE INDEX improvement_plan_provider_idx ON improvement_plan (provider_id);
      CREATE INDEX improvement_plan_municipality_idx ON improvement_plan (municipality_id);
      CREATE INDEX improvement_plan_requested_by_idx ON improvement_plan (requested_by);
      CREATE INDEX improvement_plan_submitted_by_idx ON improvement_plan (submitted_by);
      CREATE TABLE improvement_action (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id     uuid NOT NULL REFERENCES improvement_plan (id),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        due_date    date NOT NULL,
        done_at     date,
        position    integer NOT NULL DEFAULT 0
      );
      CREATE INDEX improvement_action_plan_idx ON improvement_action (plan_id, position);

      -- Row-level security: outcomes and settlements follow their trajectory.
      ALTER TABLE outcome_report ENABLE ROW LEVEL SECURITY;
      CREATE POLICY outcome_report_visible ON outcome_report TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = outcome_report.trajectory_id));
      ALTER TABLE goal_result ENABLE ROW LEVEL SECURITY;
      CREATE POLICY goal_result_visible ON goal_result TO samenspel_app
        USING (EXISTS (SELECT 1 FROM outcome_report o WHERE o.id = goal_result.outcome_report_id));
      ALTER TABLE societal_goal_result ENABLE ROW LEVEL SECURITY;
      CREATE POLICY societal_goal_result_visible ON societal_goal_result TO samenspel_app
        USING (EXISTS (SELECT 1 FROM goal g WHERE g.id = societal_goal_result.goal_id));
      ALTER TABLE delivered_units ENABLE ROW LEVEL SECURITY;
      CREATE POLICY delivered_units_visible ON delivered_units TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = delivered_units.trajectory_id));
      ALTER TABLE settlement ENABLE ROW LEVEL SECURITY;
      CREATE POLICY settlement_visible ON settlement TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = settlement.trajectory_id));

      -- Facts: the providers and referrers who may see the trajectory, and contract managers of
      -- its municipality (who read them only through the aggregating service).
      ALTER TABLE trajectory_fact ENABLE ROW LEVEL SECURITY;
      CREATE POLICY trajectory_fact_visible ON trajectory_fact TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR EXISTS (SELECT 1 FROM trajectory t WHERE t.id = trajectory_fact.trajectory_id));

      ALTER TABLE improvement_plan ENABLE ROW LEVEL SECURITY;
      CREATE POLICY improvement_plan_visible ON improvement_plan TO samenspel_app
        USING ((access.viewer_has_role('CONTRACT_MANAGER') AND municipality_id = access.viewer_municipality_id())
               OR provider_id = access.viewer_provider_id()
               OR access.viewer_has_role('REGION_ADMIN'));
      ALTER TABLE improvement_action ENABLE ROW LEVEL SECURITY;
      CREATE POLICY improvement_action_visible ON improvement_action TO samenspel_app
        USING (EXISTS (SELECT 1 FROM improvement_plan p WHERE p.id = improvement_action.plan_id));

      GRANT SELECT, INSERT ON outcome_report, goal_result, settlement TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON societal_goal_result, trajectory_fact TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON payment_rule, product_price, population_budget TO samenspel_app;
      GRANT SELECT, INSERT, DELETE ON payment_rule_tier TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON budget_allocation TO samenspel_app;
      GRANT SELECT, INSERT ON delivered_units TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON improvement_plan TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON improvement_action TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE improvement_action, improvement_plan, trajectory_fact, settlement, budget_allocation, population_budget,
        delivered_units, product_price, payment_rule_tier, payment_rule, societal_goal_result, goal_result, outcome_report;
      DROP FUNCTION access.refresh_trajectory_facts(uuid[]), access.population_budget_spend(uuid), access.refuse_change_of_record();
    `);
  }
}
