import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A session ends at a fixed time after sign-in (SESSION_MAX_HOURS), however busy, besides when idle. */
export class SessionLifetime1764000000033 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE user_session ADD COLUMN expires_at timestamptz;
      UPDATE user_session SET expires_at = created_at + interval '12 hours';
      ALTER TABLE user_session ALTER COLUMN expires_at SET NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_session DROP COLUMN expires_at;`);
  }
}
