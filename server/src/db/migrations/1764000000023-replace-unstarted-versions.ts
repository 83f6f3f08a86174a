import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A PIC tariff or bonus-malus rule that has not started yet can be replaced by a new version
 * (nothing can refer to it yet); the application role may delete such versions.
 */
export class ReplaceUnstartedVersions1764000000023 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`GRANT DELETE ON pic, payment_rule TO samenspel_app;`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE DELETE ON pic, payment_rule FROM samenspel_app;`);
  }
}
