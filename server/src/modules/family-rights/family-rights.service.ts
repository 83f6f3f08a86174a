import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';

/** What access.erase_youth answers. */
type ErasureOutcome = 'ERASED' | 'ALREADY_ERASED' | 'LEGAL_HOLD' | 'NOT_FOUND';

/** The family’s rights over its file: erasure on request (the retention run is ./retention.ts). */
export class FamilyRightsService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly accessLog: AccessLogService,
  ) {}

  /**
   * Erases a youth's personal data now, on the family's request: a region administrator of the
   * youth's region, with a reason. Erasing an erased youth again changes nothing.
   */
  async eraseYouth(youthId: string, reason: string): Promise<boolean> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const id = assertId(youthId, 'youthId');
    // the reason is checked as an argument (not blank, at most 2000 characters, no control characters)
    const why = reason.trim();
    const { outcome } = (await this.db.one<{ outcome: ErasureOutcome }>(
      `SELECT access.erase_youth($1, $2) AS outcome`,
      [id, why],
    ))!;
    if (outcome === 'NOT_FOUND') throw new NotFoundError('Youth');
    if (outcome === 'LEGAL_HOLD')
      throw new RuleViolationError(
        'LEGAL_HOLD',
        'This youth has an open trajectory: its file is kept while the care goes on, so it cannot be erased now.',
      );
    await this.accessLog.record([id], 'UPDATE', 'erase on the family’s request');
    return true;
  }
}
