import pg from 'pg';
import { viewerQuery } from './helpers/as-viewer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerId } from '../../seeds/organisations.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

/**
 * Attacks on notifications, made in SQL as the application role with a request's own settings:
 * nobody reads, marks or writes another user's notifications or choices, and the one way to make
 * rows for other users carries a kind and a portal path — no text that could hold personal data.
 */

const OWNER_OF_NOTIFICATION = 'staff@jeugdformaat.example';
const OTHER = 'staff@parnassia.example';

let db: TestDatabase;
let owner: pg.Client;
let app: pg.Client;
let notificationId: string;
let ownerUserId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  app = new pg.Client({ connectionString: db.appUrl });
  await app.connect();
  await owner.query(`SELECT access.notify_organisation($1, 'NEW_REFERRAL', '/caseload')`, [providerId('jeugdformaat')]);
  const { rows } = await owner.query(
    `SELECT n.id, n.user_id FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = $1`,
    [OWNER_OF_NOTIFICATION],
  );
  [notificationId, ownerUserId] = [rows[0].id, rows[0].user_id];
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await db?.drop();
});

const asViewer = (email: string, sql: string, params: unknown[] = []) => viewerQuery(owner, app, email, sql, params);

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'none',
    (error: { code: string }) => error.code,
  );

describe('notifications', () => {
  it('a user cannot read another user’s notifications by asking for their user id', async () => {
    const theirs = await asViewer(OTHER, `SELECT id FROM notification WHERE user_id = $1`, [ownerUserId]);
    expect(theirs.rowCount).toBe(0);
    const own = await asViewer(OWNER_OF_NOTIFICATION, `SELECT id FROM notification WHERE id = $1`, [notificationId]);
    expect(own.rowCount).toBe(1);
  });

  it('a user cannot mark another user’s notification read', async () => {
    const marked = await asViewer(OTHER, `UPDATE notification SET read_at = now() WHERE id = $1`, [notificationId]);
    expect(marked.rowCount).toBe(0);
  });

  it('a request cannot write a notification row itself, not even for its own user', async () => {
    expect(
      await errorCode(
        asViewer(
          OTHER,
          `INSERT INTO notification (user_id, kind, link_path, channel) VALUES ($1, 'NEW_REFERRAL', '/x', 'EMAIL')`,
          [ownerUserId],
        ),
      ),
    ).toBe('42501');
  });

  it('a user cannot change another user’s notification choice (to silence their mail)', async () => {
    expect(
      await errorCode(
        asViewer(
          OTHER,
          `INSERT INTO notification_preference (user_id, kind, channel) VALUES ($1, 'NEW_REFERRAL', 'PORTAL')`,
          [ownerUserId],
        ),
      ),
    ).toBe('42501');
  });

  it('personal data smuggled into the link path of the fan-out function is refused, as is an unknown kind', async () => {
    const smuggle = (kind: string, path: string) =>
      errorCode(
        asViewer(OTHER, `SELECT access.notify_organisation($1, $2, $3)`, [providerId('jeugdformaat'), kind, path]),
      );
    expect(await smuggle('NEW_REFERRAL', '/trajectories/Q.X. geboren 2011-03-17')).toBe('23514');
    expect(await smuggle('NEW_REFERRAL', '/trajectories?youth=QX')).toBe('23514');
    expect(await smuggle('Q.X. geboren 17-03-2011', '/caseload')).toBe('23514');
    expect(await smuggle('NEW_REFERRAL', '/caseload')).toBe('none');
  });
});
