import pg from 'pg';
import { AccessScope } from '../../../server/src/core/access/scope.js';
import type { Viewer } from '../../../server/src/core/auth/roles.js';
import type { TestApp } from '../../integration/helpers/test-app.js';

/**
 * Runs `sql` as the application role with the settings `email`'s requests have (row-level security
 * as the server meets it), in a rolled-back transaction on `app`, a connection as the app role.
 * `owner` (the table owner) looks the user up. The whole result, row count included.
 */
export async function viewerQuery(
  owner: Pick<pg.ClientBase, 'query'>,
  app: pg.Client,
  email: string,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult> {
  const viewer = (
    await owner.query(
      `SELECT id, roles, provider_id AS "providerId", municipality_id AS "municipalityId" FROM app_user WHERE email = $1`,
      [email],
    )
  ).rows[0] as Viewer;
  const settings = Object.entries(new AccessScope(viewer).rlsSettings());
  await app.query('BEGIN');
  try {
    await app.query(
      `SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
      settings.flat(),
    );
    return await app.query(sql, params);
  } finally {
    await app.query('ROLLBACK');
  }
}

/** `viewerQuery`'s rows. */
export async function asViewer<T>(
  t: TestApp,
  app: pg.Client,
  email: string,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  return (await viewerQuery(t.admin, app, email, sql, params)).rows as T[];
}
