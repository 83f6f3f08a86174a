import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { ForbiddenError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';

export type AccessAction = 'READ' | 'CREATE' | 'UPDATE' | 'EXPORT';

export interface AccessLogEntryRow {
  at: Date;
  userEmail: string;
  organisationName: string;
  youthId: string;
  action: AccessAction;
  purpose: string | null;
  roles: string[] | null;
}

/**
 * The NEN 7513 access log: every read or change of a youth's personal data writes one entry per
 * youth per request, in the request's own transaction (so a rolled-back change leaves no entry,
 * and a read that was answered always has one).
 */
export class AccessLogService {
  private readonly logged = new Set<string>();
  /** The request's work that logs, one after another (see `inTurn`). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly requestId: string,
  ) {}

  /** Logs `action` on each youth not yet logged in this request; one statement for all of them. */
  record(youthIds: string[], action: AccessAction, purpose: string): Promise<void> {
    this.scope.requireViewer();
    return this.inTurn(async () => {
      const fresh = [...new Set(youthIds)].filter((id) => !this.logged.has(id));
      if (!fresh.length) return;
      const params: unknown[] = [fresh];
      const sql = this.insertSql('SELECT unnest($1::uuid[])', action, purpose, params);
      this.markLogged(fresh);
      await this.db.query(sql, params);
    });
  }

  /**
   * Runs `work` after the request's earlier work that logs, so that a statement built in it with
   * `insertSql` knows every youth logged before it (two fields of one query resolve concurrently).
   * `work` calls `markLogged` before it ends.
   */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /**
   * The INSERT that logs `action` on the youths `youths` yields (SQL of one uuid column, e.g. from
   * an earlier part of the same statement) except those already logged in this request: to log in
   * the statement that reads or changes the data. Pushes its parameters onto `params`. Build and
   * run it `inTurn`.
   */
  insertSql(youths: string, action: AccessAction, purpose: string, params: unknown[]): string {
    const viewer = this.scope.requireViewer();
    const $ = (value: unknown) => `$${params.push(value)}`;
    return `INSERT INTO access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose, request_id)
       SELECT ${$(viewer.id)}::uuid, ${$(viewer.email)}, ${$(viewer.organisationId)}::uuid, ${$(viewer.organisationName)},
              s.youth_id, ${$(action)}, ${$(purpose)}, ${$(this.requestId)}
         FROM (${youths}) AS s(youth_id) WHERE s.youth_id <> ALL (${$([...this.logged])}::uuid[])`;
  }

  /** These youths are in the log of this request (by a statement built with `insertSql`). */
  markLogged(youthIds: string[]): void {
    for (const id of youthIds) this.logged.add(id);
  }

  /**
   * The same entries as `record`, as an INSERT for a CTE of the statement that reads the youths
   * (`youthIds`: a query with a column youth_id), so a read and its log are one round trip. Pushes
   * its parameters onto `params`; hand the youths read to `recorded` once the statement ran.
   */
  insertFor(youthIds: string, action: AccessAction, purpose: string, params: unknown[]): string {
    const viewer = this.scope.requireViewer();
    const p = (value: unknown) => `$${params.push(value)}`;
    return `INSERT INTO access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose, request_id)
      SELECT ${p(viewer.id)}, ${p(viewer.email)}, ${p(viewer.organisationId)}, ${p(viewer.organisationName)}, youth_id, ${p(action)}, ${p(purpose)}, ${p(this.requestId)}
        FROM (SELECT DISTINCT youth_id FROM (${youthIds}) r) r WHERE youth_id <> ALL (${p([...this.logged])}::uuid[])`;
  }

  /** Youths an `insertFor` statement logged: not logged again in this request. */
  recorded(youthIds: string[]): void {
    for (const id of youthIds) this.logged.add(id);
  }

  /** The log of one youth: for the region administrator and the admin of its responsible provider. */
  async entriesOf(youthId: string): Promise<AccessLogEntryRow[]> {
    const viewer = this.scope.requireRole(Role.REGION_ADMIN, Role.PROVIDER_ADMIN);
    const id = assertId(youthId, 'youthId');
    if (!viewer.roles.includes(Role.REGION_ADMIN)) {
      const responsible = await this.db.one(
        `SELECT 1 FROM trajectory t WHERE t.youth_id = $1 AND t.responsible_provider_id = $2 LIMIT 1`,
        [id, viewer.providerId],
      );
      if (!responsible)
        throw new ForbiddenError(
          'Only the region and the administrator of the responsible provider can read this log.',
        );
    }
    return this.listOf(id);
  }

  /**
   * A youth's entries, oldest first, for a caller that has checked the viewer may see them (row-level
   * security checks again).
   */
  listOf(youthId: string): Promise<AccessLogEntryRow[]> {
    return this.db.query(`SELECT ${ACCESS_LOG_ENTRY_COLUMNS} FROM access.youth_access_log($1)`, [youthId]);
  }
}

/** The columns of access.youth_access_log (and of the family's access.family_access_log) as an entry. */
export const ACCESS_LOG_ENTRY_COLUMNS = `at, user_email AS "userEmail", organisation_name AS "organisationName", roles,
  youth_id AS "youthId", action, purpose`;
