import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application role reads everything of the organisation model; it writes only what the
 * administration mutations change. It never owns a table (row-level security applies to it).
 */
export class AppRoleGrants1764000000001 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      GRANT USAGE ON SCHEMA public TO samenspel_app;
      GRANT SELECT ON schema_migrations TO samenspel_app;
      GRANT SELECT ON region, municipality, area TO samenspel_app;
      GRANT SELECT, INSERT, UPDATE ON provider, lot, consortium, consortium_membership, profile, intensity,
        pic, subcontract, integrated_team TO samenspel_app;
      GRANT SELECT, INSERT, DELETE ON consortium_lot, consortium_area, subcontract_profile,
        integrated_team_member TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM samenspel_app;`);
  }
}
