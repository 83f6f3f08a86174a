import type { MigrationInterface, QueryRunner } from 'typeorm';

const DOMAINS = `'PARENTING', 'SCHOOL_OR_DAYTIME_ACTIVITY', 'INCOME_AND_DEBTS', 'HOUSING', 'HEALTH', 'SAFETY'`;

/**
 * Only the parts they need: a societal goal of the family plan has a life domain (leefgebied), and
 * an expertise request names the life domains its receiver may see. A provider that works on the
 * family only through expertise sees just the goals of those domains, and no plan history (it
 * holds every goal's text). Who consented to the sharing (by the youth's age, WGBO) is recorded
 * with each request.
 */
export class LifeDomains1764000000110 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE goal ADD COLUMN life_domain text CHECK (life_domain IN (${DOMAINS}));
      ALTER TABLE goal ADD CONSTRAINT goal_life_domain_societal CHECK (kind = 'SOCIETAL' OR life_domain IS NULL);
      ALTER TABLE expertise_request
        ADD COLUMN shared_life_domains text[] NOT NULL DEFAULT '{}' CHECK (shared_life_domains <@ ARRAY[${DOMAINS}]),
        ADD COLUMN consent_by text CHECK (consent_by IN ('YOUTH', 'YOUTH_AND_PARENTS', 'PARENTS'));

      -- Whether the viewer may see a family plan's goal of this life domain (or, with NULL, the
      -- plan's history): yes unless its only way in is an expertise request that does not share it.
      -- A definer: it reads trajectory and expertise_request, whose own policies would recurse.
      CREATE FUNCTION access.viewer_shares_plan_part(fp_id uuid, domain text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT NOT EXISTS (SELECT 1 FROM trajectory t JOIN trajectory_access a ON a.trajectory_id = t.id
                            WHERE t.family_plan_id = fp_id AND a.provider_id = access.viewer_provider_id() AND a.role = 'EXPERTISE')
            OR EXISTS (SELECT 1 FROM trajectory t JOIN trajectory_access a ON a.trajectory_id = t.id
                         LEFT JOIN expertise_request e ON e.id = a.source_id AND a.role = 'EXPERTISE'
                        WHERE t.family_plan_id = fp_id AND a.provider_id = access.viewer_provider_id()
                          AND (a.role <> 'EXPERTISE' OR domain = ANY (e.shared_life_domains)))
      $$;
      GRANT EXECUTE ON FUNCTION access.viewer_shares_plan_part(uuid, text) TO samenspel_app;
      -- the plan's editor may move a goal to another life domain; a request's sharing is fixed once sent
      GRANT UPDATE (life_domain) ON goal TO samenspel_app;

      DROP POLICY goal_visible ON goal;
      CREATE POLICY goal_visible ON goal FOR SELECT TO samenspel_app
        USING ((EXISTS (SELECT 1 FROM family_plan f WHERE f.id = goal.family_plan_id)
                AND access.viewer_shares_plan_part(goal.family_plan_id, goal.life_domain))
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = goal.help_plan_id));

      DROP POLICY plan_revision_visible ON plan_revision;
      CREATE POLICY plan_revision_visible ON plan_revision FOR SELECT TO samenspel_app
        USING ((EXISTS (SELECT 1 FROM family_plan f WHERE f.id = plan_revision.family_plan_id)
                AND access.viewer_shares_plan_part(plan_revision.family_plan_id, NULL))
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = plan_revision.help_plan_id));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY plan_revision_visible ON plan_revision;
      CREATE POLICY plan_revision_visible ON plan_revision FOR SELECT TO samenspel_app
        USING (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = plan_revision.family_plan_id)
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = plan_revision.help_plan_id));
      DROP POLICY goal_visible ON goal;
      CREATE POLICY goal_visible ON goal FOR SELECT TO samenspel_app
        USING (EXISTS (SELECT 1 FROM family_plan f WHERE f.id = goal.family_plan_id)
               OR EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = goal.help_plan_id));
      REVOKE UPDATE (life_domain) ON goal FROM samenspel_app;
      DROP FUNCTION access.viewer_shares_plan_part(uuid, text);
      ALTER TABLE expertise_request DROP COLUMN consent_by, DROP COLUMN shared_life_domains;
      ALTER TABLE goal DROP CONSTRAINT goal_life_domain_societal, DROP COLUMN life_domain;
    `);
  }
}
