import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitation and reset mails go through the job queue. The queue must never hold a usable link, so
 * the job gives the link its one-time token when it sends the mail: these functions replace the
 * token hash of a link that is still open (not used, not expired) and return only where to send it.
 * A retried job renews the token again; the newest mail's link is the one that works.
 */
export class AccountMailLinks1764000000170 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION access.renew_invitation_token(invitation uuid, new_hash bytea)
        RETURNS TABLE (email text, expires_at timestamptz) LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        UPDATE public.user_invitation i SET token_hash = new_hash
         WHERE i.id = invitation AND i.accepted_at IS NULL AND i.expires_at > now()
        RETURNING i.email, i.expires_at
      $$;

      CREATE FUNCTION access.renew_reset_token(reset uuid, new_hash bytea)
        RETURNS TABLE (email text) LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        UPDATE public.password_reset r SET token_hash = new_hash
          FROM public.app_user u
         WHERE r.id = reset AND u.id = r.user_id AND u.active AND r.used_at IS NULL AND r.expires_at > now()
        RETURNING u.email
      $$;

      REVOKE ALL ON FUNCTION access.renew_invitation_token(uuid, bytea), access.renew_reset_token(uuid, bytea) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.renew_invitation_token(uuid, bytea), access.renew_reset_token(uuid, bytea)
        TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION access.renew_reset_token(uuid, bytea), access.renew_invitation_token(uuid, bytea);`);
  }
}
