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

  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly requestId: string,
  ) {}

  /** Logs `action` on each youth not yet logged in this request; one statement for all of them. */
  async record(youthIds: string[], action: AccessAction, purpose: string): Promise<void> {
    const viewer = this.scope.requireViewer();
    const fresh = [...new Set(youthIds)].filter((id) => !this.logged.has(id));
    if (!fresh.length) return;
    for (const id of fresh) this.logged.add(id);
    await this.db.query(
      `INSERT INTO access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose, request_id)
       SELECT $1, $2, $3, $4, youth_id, $6, $7, $8 FROM unnest($5::uuid[]) AS youth_id`,
      [viewer.id, viewer.email, viewer.organisationId, viewer.organisationName, fresh, action, purpose, this.requestId],
    );
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
    return this.db.query(
      `SELECT a.at, a.user_email AS "userEmail", a.organisation_name AS "organisationName", a.youth_id AS "youthId",
              a.action, a.purpose, u.roles
         FROM access_log a LEFT JOIN app_user u ON u.id = a.user_id WHERE a.youth_id = $1 ORDER BY a.at, a.id`,
      [id],
    );
  }
}
