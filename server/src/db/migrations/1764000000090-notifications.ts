import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: what waits for a user (a kind and the portal path it is about — never a name or a
 * date of birth), and each user's choice per kind: mail now, a daily digest, or the portal only.
 * A user reads and marks only their own. Rows for other users are made by the narrow functions
 * below (SECURITY DEFINER): a request tells the users of one organisation that a kind of thing
 * waits at a path, and the daily jobs find reminders and digests without reading any record.
 */
const KINDS = `'NEW_REFERRAL', 'NEW_INTAKE', 'INTAKE_DEADLINE_TOMORROW', 'EXPERTISE_REQUESTED', 'EXPERTISE_ANSWERED',
  'TRANSFER_OFFERED', 'PIC_PROPOSAL_TO_DECIDE', 'IMPROVEMENT_PLAN_REQUIRED', 'IMPROVEMENT_PLAN_OVERDUE'`;

export class Notifications1764000000090 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id    uuid NOT NULL REFERENCES app_user (id),
        kind       text NOT NULL CHECK (kind IN (${KINDS})),
        -- a portal path such as /trajectories/<id>: no free text can ride along
        link_path  text NOT NULL CHECK (link_path ~ '^(/[A-Za-z0-9-]+)+$' AND length(link_path) <= 200),
        -- the user's choice when it was made; a digest takes those not yet mailed
        channel    text NOT NULL CHECK (channel IN ('EMAIL', 'DIGEST', 'PORTAL')),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at    timestamptz,
        digested_at timestamptz
      );
      CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC);
      CREATE INDEX notification_digest_idx ON notification (user_id) WHERE channel = 'DIGEST' AND digested_at IS NULL;

      CREATE TABLE notification_preference (
        user_id uuid NOT NULL REFERENCES app_user (id),
        kind    text NOT NULL CHECK (kind IN (${KINDS})),
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'DIGEST', 'PORTAL')),
        PRIMARY KEY (user_id, kind)
      );

      ALTER TABLE notification ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notification_own_read ON notification FOR SELECT TO samenspel_app
        USING (user_id = access.viewer_user_id());
      CREATE POLICY notification_own_mark ON notification FOR UPDATE TO samenspel_app
        USING (user_id = access.viewer_user_id()) WITH CHECK (user_id = access.viewer_user_id());
      GRANT SELECT ON notification TO samenspel_app;
      GRANT UPDATE (read_at) ON notification TO samenspel_app;

      ALTER TABLE notification_preference ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notification_preference_own ON notification_preference FOR ALL TO samenspel_app
        USING (user_id = access.viewer_user_id()) WITH CHECK (user_id = access.viewer_user_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preference TO samenspel_app;

      -- The active users of one organisation (provider, municipality or region) who act on a kind
      -- learn that it waits at a path: the referrer decides a PIC proposal, a provider's administrator
      -- answers an improvement plan, its staff take the care. Returns each user's channel, for the
      -- caller to enqueue the mails of those who chose mail now.
      CREATE FUNCTION access.notify_organisation(organisation uuid, what text, path text)
        RETURNS TABLE (user_id uuid, channel text) LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        INSERT INTO public.notification AS n (user_id, kind, link_path, channel)
        SELECT u.id, what, path, coalesce(p.channel, 'EMAIL')
          FROM public.app_user u
          LEFT JOIN public.notification_preference p ON p.user_id = u.id AND p.kind = what
         WHERE u.active AND organisation IN (u.provider_id, u.municipality_id, u.region_id)
           AND u.roles && CASE
                 WHEN what = 'PIC_PROPOSAL_TO_DECIDE' THEN ARRAY['REFERRER']
                 WHEN what LIKE 'IMPROVEMENT_PLAN_%' THEN ARRAY['PROVIDER_ADMIN']
                 ELSE ARRAY['PROVIDER_STAFF', 'PROVIDER_ADMIN'] END
        RETURNING n.user_id, n.channel
      $$;

      -- The daily reminders: which provider is responsible for an intake whose deadline is on that
      -- day, and which provider's improvement plan was due the day before and is still unanswered.
      CREATE FUNCTION access.intake_deadlines_on(day date)
        RETURNS TABLE (trajectory_id uuid, provider_id uuid) LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT t.id, t.responsible_provider_id FROM public.trajectory t
         WHERE t.status = 'INTAKE' AND t.intake_deadline = day
      $$;
      CREATE FUNCTION access.improvement_plans_overdue_since(day date)
        RETURNS TABLE (plan_id uuid, provider_id uuid) LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT p.id, p.provider_id FROM public.improvement_plan p
         WHERE p.status = 'REQUIRED' AND p.due_date = day - 1
      $$;

      -- The daily digest: marks every unread digest notification as taken and returns per user
      -- the kinds that wait, once (a second run finds nothing).
      CREATE FUNCTION access.take_digests()
        RETURNS TABLE (user_id uuid, kinds text[]) LANGUAGE sql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
        WITH taken AS (
          UPDATE public.notification n SET digested_at = now()
           WHERE n.channel = 'DIGEST' AND n.digested_at IS NULL AND n.read_at IS NULL
          RETURNING n.user_id, n.kind)
        SELECT t.user_id, array_agg(DISTINCT t.kind ORDER BY t.kind) FROM taken t GROUP BY t.user_id
      $$;

      REVOKE ALL ON FUNCTION access.notify_organisation(uuid, text, text), access.intake_deadlines_on(date),
        access.improvement_plans_overdue_since(date), access.take_digests() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION access.notify_organisation(uuid, text, text), access.intake_deadlines_on(date),
        access.improvement_plans_overdue_since(date), access.take_digests() TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION access.take_digests(), access.improvement_plans_overdue_since(date),
        access.intake_deadlines_on(date), access.notify_organisation(uuid, text, text);
      DROP TABLE notification_preference, notification;
    `);
  }
}
