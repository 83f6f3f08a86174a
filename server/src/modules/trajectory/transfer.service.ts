import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { constraintOf } from '../../core/errors/database-errors.js';
import { BadUserInputError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { Notify } from '../notification/notification.service.js';
import { NotificationKind } from '../notification/notification.types.js';
import type { RespondToTransferInput, TransferResponsibilityInput } from './trajectory.inputs.js';
import { assertTransition, TrajectoryAction } from './trajectory.lifecycle.js';
import { assertOneResponsibleProvider } from './trajectory.rules.js';
import { TRANSFER_COLUMNS, type TrajectoryService } from './trajectory.service.js';
import {
  TrajectoryEventKind,
  TransferStatus,
  type ResponsibilityTransferRow,
  type TrajectoryRow,
} from './trajectory.types.js';

/**
 * Transfers of responsibility (overdracht): the only way the responsible provider changes after
 * the referral. Offered and accepted (or declined), or immediate for highly specialist care.
 */
export class TransferService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
    private readonly notify: Notify,
  ) {}

  async transfer(input: TransferResponsibilityInput): Promise<TrajectoryRow> {
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    const byReferrer = this.scope.hasRole(Role.REFERRER) && this.scope.municipalityId === trajectory.municipalityId;
    if (!byReferrer) this.trajectories.assertResponsible(trajectory, 'transfer the responsibility');
    assertTransition(trajectory.status, TrajectoryAction.TRANSFER);
    if (input.toProviderId === trajectory.responsibleProviderId)
      throw BadUserInputError.field('input.toProviderId', 'ALREADY_RESPONSIBLE');
    if (!(await this.db.one(`SELECT 1 FROM provider WHERE id = $1`, [input.toProviderId])))
      throw BadUserInputError.field('input.toProviderId', 'UNKNOWN', { what: 'provider' });
    assertOneResponsibleProvider(
      !!(await this.db.one(`SELECT 1 FROM responsibility_transfer WHERE trajectory_id = $1 AND status = 'PENDING'`, [
        trajectory.id,
      ])),
    );

    // Highly specialist care: the acceptance obligation makes the transfer immediate (forced).
    const forced = trajectory.segment === 'HIGHLY_SPECIALIST';
    const viewer = this.scope.requireViewer();
    try {
      await this.db.query(
        `INSERT INTO responsibility_transfer (trajectory_id, from_provider_id, to_provider_id, reason, status, requested_by, responded_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'FORCED' THEN now() END)`,
        [
          trajectory.id,
          trajectory.responsibleProviderId,
          input.toProviderId,
          input.reason.trim(),
          forced ? TransferStatus.FORCED : TransferStatus.PENDING,
          viewer.id,
        ],
      );
    } catch (error) {
      // the database's own guard against two open transfers (a concurrent request got there first)
      assertOneResponsibleProvider(constraintOf(error) === 'responsibility_transfer_pending_idx');
      throw error;
    }
    if (forced)
      return this.trajectories.switchResponsibility(
        trajectory,
        input.toProviderId,
        input.reason.trim(),
        TrajectoryEventKind.RESPONSIBILITY_TRANSFERRED,
      );
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.TRANSFER_REQUESTED, {
      detail: input.reason.trim(),
    });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'transfer responsibility');
    await this.notify(input.toProviderId, NotificationKind.TRANSFER_OFFERED, `/trajectories/${trajectory.id}`);
    return trajectory;
  }

  async respondToTransfer(input: RespondToTransferInput): Promise<TrajectoryRow> {
    const transfer = await this.db.one<ResponsibilityTransferRow>(
      `SELECT ${TRANSFER_COLUMNS} FROM responsibility_transfer rt WHERE rt.id = $1 FOR UPDATE`,
      [input.id],
    );
    if (!transfer || transfer.toProviderId !== this.scope.providerId) throw new NotFoundError('Transfer');
    if (transfer.status !== TransferStatus.PENDING)
      throw new RuleViolationError('INVALID_TRANSITION', 'This transfer has already been answered.');
    const trajectory = await this.trajectories.forChange(transfer.trajectoryId);
    if (!input.accept) {
      if (!input.reason?.trim()) throw BadUserInputError.field('input.reason', 'REQUIRED_WHEN_DECLINING');
      // recorded while the offered provider still has access: declining ends it
      await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.TRANSFER_DECLINED, {
        detail: input.reason.trim(),
      });
      await this.accessLog.record([trajectory.youthId], 'READ', 'assess transfer');
      await this.db.query(
        `UPDATE responsibility_transfer SET status = 'DECLINED', decline_reason = $2, responded_at = now() WHERE id = $1`,
        [transfer.id, input.reason.trim()],
      );
      return trajectory;
    }
    assertTransition(trajectory.status, TrajectoryAction.TRANSFER);
    if (trajectory.responsibleProviderId !== transfer.fromProviderId) {
      throw new RuleViolationError(
        'ONE_RESPONSIBLE_PROVIDER',
        'The responsibility changed since this transfer was offered; it can no longer be accepted.',
      );
    }
    const switched = await this.trajectories.switchResponsibility(
      trajectory,
      transfer.toProviderId,
      transfer.reason,
      TrajectoryEventKind.RESPONSIBILITY_TRANSFERRED,
    );
    await this.db.query(`UPDATE responsibility_transfer SET status = 'ACCEPTED', responded_at = now() WHERE id = $1`, [
      transfer.id,
    ]);
    return switched;
  }
}
