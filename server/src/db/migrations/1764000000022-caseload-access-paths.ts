import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two access paths the caseload needs at national scale (measured at 1M trajectories, a provider
 * with 82,000 of them: the first page 410 ms → 7 ms):
 * - the trajectory policy first asks whether the viewer's provider is the responsible one (the same
 *   rule: the RESPONSIBLE access row always names it), so the usual case needs no lookup at all and
 *   PostgreSQL does not build a hash of all the provider's access rows for a page of 50;
 * - a partial index on the access rows that are not RESPONSIBLE (expertise and transfers: few per
 *   provider), for the caseload's second branch.
 */
export class CaseloadAccessPaths1764000000022 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP POLICY trajectory_visible ON trajectory;
      CREATE POLICY trajectory_visible ON trajectory TO samenspel_app
        USING (responsible_provider_id = access.viewer_provider_id()
               OR (access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id())
               OR EXISTS (SELECT 1 FROM trajectory_access a
                           WHERE a.trajectory_id = trajectory.id AND a.provider_id = access.viewer_provider_id()));
      CREATE INDEX trajectory_access_contribution_idx ON trajectory_access (provider_id, trajectory_id) WHERE role <> 'RESPONSIBLE';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX trajectory_access_contribution_idx;
      DROP POLICY trajectory_visible ON trajectory;
      CREATE POLICY trajectory_visible ON trajectory TO samenspel_app
        USING ((access.viewer_has_role('REFERRER') AND municipality_id = access.viewer_municipality_id())
               OR EXISTS (SELECT 1 FROM trajectory_access a
                           WHERE a.trajectory_id = trajectory.id AND a.provider_id = access.viewer_provider_id()));
    `);
  }
}
