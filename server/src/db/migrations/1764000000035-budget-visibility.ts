import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who sees a population budget: the region all; a contract manager only the budgets of its own
 * municipality's areas; a provider the budgets of consortia it is lead or partner of (who writes
 * them: the reference write policies, …038). The registered spend is an
 * aggregate computed as the owner, so it answers only for a budget the viewer may see.
 */
export class BudgetVisibility1764000000035 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- tables named with their schema: a temporary table of the caller's must never stand in for one
      CREATE FUNCTION access.viewer_sees_budget(consortium uuid, budget_area uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT access.viewer_has_role('REGION_ADMIN')
            OR (access.viewer_has_role('CONTRACT_MANAGER')
                AND EXISTS (SELECT 1 FROM public.area a WHERE a.id = budget_area AND a.municipality_id = access.viewer_municipality_id()))
            OR EXISTS (SELECT 1 FROM public.consortium_membership cm
                        WHERE cm.consortium_id = consortium AND cm.provider_id = access.viewer_provider_id()
                          AND cm.role IN ('LEAD', 'PARTNER'))
      $$;

      ALTER TABLE population_budget ENABLE ROW LEVEL SECURITY;
      CREATE POLICY population_budget_visible ON population_budget FOR SELECT TO samenspel_app
        USING (access.viewer_sees_budget(consortium_id, area_id));
      -- who writes budgets and allocations: the reference write policies (…038)

      ALTER TABLE budget_allocation ENABLE ROW LEVEL SECURITY;
      CREATE POLICY budget_allocation_visible ON budget_allocation FOR SELECT TO samenspel_app
        USING (EXISTS (SELECT 1 FROM population_budget b WHERE b.id = budget_allocation.budget_id));

      CREATE OR REPLACE FUNCTION access.population_budget_spend(budget uuid) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT sum(du.quantity::bigint * pp.price_cents)
          FROM population_budget b
          JOIN trajectory t ON t.area_id = b.area_id AND t.funding_variant = 'TASK'
          JOIN consortium_membership cm ON cm.consortium_id = b.consortium_id AND cm.provider_id = t.responsible_provider_id
                                       AND cm.role IN ('LEAD', 'PARTNER')
          JOIN delivered_units du ON du.trajectory_id = t.id AND extract(year FROM du.delivered_on) = b.year
          JOIN product_price pp ON pp.id = du.product_price_id
         WHERE b.id = budget AND access.viewer_sees_budget(b.consortium_id, b.area_id)
      $$;
      REVOKE EXECUTE ON FUNCTION access.population_budget_spend(uuid) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.population_budget_spend(uuid) TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION access.population_budget_spend(budget uuid) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT sum(du.quantity::bigint * pp.price_cents)
          FROM population_budget b
          JOIN trajectory t ON t.area_id = b.area_id AND t.funding_variant = 'TASK'
          JOIN consortium_membership cm ON cm.consortium_id = b.consortium_id AND cm.provider_id = t.responsible_provider_id
                                       AND cm.role IN ('LEAD', 'PARTNER')
          JOIN delivered_units du ON du.trajectory_id = t.id AND extract(year FROM du.delivered_on) = b.year
          JOIN product_price pp ON pp.id = du.product_price_id
         WHERE b.id = budget
      $$;
      DROP POLICY budget_allocation_visible ON budget_allocation;
      ALTER TABLE budget_allocation DISABLE ROW LEVEL SECURITY;
      DROP POLICY population_budget_visible ON population_budget;
      ALTER TABLE population_budget DISABLE ROW LEVEL SECURITY;
      DROP FUNCTION access.viewer_sees_budget(uuid, uuid);
    `);
  }
}
