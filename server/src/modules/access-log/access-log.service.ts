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
