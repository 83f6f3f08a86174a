import type { AccessScope } from '../../core/access/scope.js';
import type { JobQueue } from '../../core/jobs/job-queue.js';
import type { RequestDb } from '../../db/request-db.js';
import {
  DEFAULT_CHANNEL,
  NotificationChannel,
  NotificationKind,
  type Notification,
  type NotificationList,
  type NotificationPreference,
} from './notification.types.js';

export const MAIL_QUEUE = 'notification.mail';

/** One mail job: a user, and the kinds that wait (one kind at a path, or the day's digest). */
export type NotificationMailJob =
  { userId: string; kind: NotificationKind; linkPath: string } | { userId: string; digest: NotificationKind[] };

/** Tells the users of an organisation that something of `kind` waits at `linkPath`, in the request's transaction. */
export type Notify = (organisationId: string, kind: NotificationKind, linkPath: string) => Promise<void>;

/**
 * The one way services notify: rows for the organisation's users (through the narrow database
 * function, as RLS lets nobody write another user's notifications), and a mail job for each user
 * who chose mail now — both vanish if the request rolls back.
 */
export function notifier(db: RequestDb, jobs: JobQueue): Notify {
  return async (organisationId, kind, linkPath) => {
    const rows = await db.query<{ userId: string; channel: NotificationChannel }>(
      `SELECT user_id AS "userId", channel FROM access.notify_organisation($1, $2, $3)`,
      [organisationId, kind, linkPath],
    );
    for (const { userId, channel } of rows)
      if (channel === NotificationChannel.EMAIL)
        await jobs.send(db, MAIL_QUEUE, { userId, kind, linkPath } satisfies NotificationMailJob);
  };
}

const COLUMNS = `id, kind, link_path AS "linkPath", created_at AS "createdAt", read_at AS "readAt"`;

/** The viewer's own notifications and choices (row-level security keeps them its own). */
export class NotificationService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  async list(first: number): Promise<NotificationList> {
    const viewer = this.scope.requireViewer();
    const [items, counted] = await Promise.all([
      this.db.query<Notification>(
        `SELECT ${COLUMNS} FROM notification WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
        [viewer.id, first],
      ),
      this.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [
        viewer.id,
      ]),
    ]);
    return { items, unreadCount: counted!.n };
  }

  /** Marks these (or all) of the viewer's unread notifications read; returns how many. */
  async markRead(ids: string[] | null | undefined): Promise<number> {
    const viewer = this.scope.requireViewer();
    const marked = await this.db.query(
      `UPDATE notification SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2)) RETURNING id`,
      [viewer.id, ids ?? null],
    );
    return marked.length;
  }

  /** Every kind with the viewer's channel for it (mail now where it chose nothing). */
  async preferences(): Promise<NotificationPreference[]> {
    const viewer = this.scope.requireViewer();
    const chosen = new Map(
      (
        await this.db.query<NotificationPreference>(
          `SELECT kind, channel FROM notification_preference WHERE user_id = $1`,
          [viewer.id],
        )
      ).map((p) => [p.kind, p.channel]),
    );
    return Object.values(NotificationKind).map((kind) => ({ kind, channel: chosen.get(kind) ?? DEFAULT_CHANNEL }));
  }

  async setPreference(kind: NotificationKind, channel: NotificationChannel): Promise<NotificationPreference> {
    const viewer = this.scope.requireViewer();
    await this.db.query(
      `INSERT INTO notification_preference (user_id, kind, channel) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, kind) DO UPDATE SET channel = excluded.channel`,
      [viewer.id, kind, channel],
    );
    return { kind, channel };
  }
}
