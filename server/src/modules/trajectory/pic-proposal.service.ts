import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { constraintOf } from '../../core/errors/database-errors.js';
import { BadUserInputError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { Notify } from '../notification/notification.service.js';
import { NotificationKind } from '../notification/notification.types.js';
import type { PicProposalsArgs, ProposeOtherPicInput, RespondToPicProposalInput } from './pic-proposal.inputs.js';
import { PicProposalStatus, type PicProposalRow } from './pic-proposal.types.js';
import { assertTransition, TrajectoryAction } from './trajectory.lifecycle.js';
import type { TrajectoryService } from './trajectory.service.js';
import { TrajectoryEventKind } from './trajectory.types.js';

const COLUMNS = `pp.id, pp.trajectory_id AS "trajectoryId", pp.from_pic_id AS "fromPicId", pp.to_pic_id AS "toPicId",
  pp.reason, pp.status, pp.proposed_by_provider_id AS "proposedByProviderId", pp.proposed_at AS "proposedAt",
  pp.decided_at AS "decidedAt", pp.decision_reason AS "decisionReason"`;

/**
 * The referral check (iJw's request for change, JW317): after intake the main contractor may
 * propose another PIC; the referrer's organisation accepts (the trajectory's PIC, and with it the
 * tariff and settlement, follow from that day) or declines (the original stands). How often PICs
 * change per referrer shows whether referrals are reproducible.
 */
export class PicProposalService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
    private readonly notify: Notify,
  ) {}

  ofTrajectories(trajectoryIds: string[]): Promise<PicProposalRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM pic_proposal pp WHERE pp.trajectory_id = ANY($1) ORDER BY pp.proposed_at`,
      [trajectoryIds],
    );
  }

  /** Proposals the viewer's organisation is party to: a referrer decides them, a provider made them. */
  async list(args: PicProposalsArgs): Promise<PicProposalRow[]> {
    const viewer = this.scope.requireRole(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const party = viewer.roles.includes(Role.REFERRER)
      ? `EXISTS (SELECT 1 FROM trajectory t WHERE t.id = pp.trajectory_id AND t.municipality_id = $2)`
      : `pp.proposed_by_provider_id = $2`;
    const rows = await this.db.query<PicProposalRow & { youthId: string }>(
      `SELECT ${COLUMNS}, t.youth_id AS "youthId" FROM pic_proposal pp JOIN trajectory t ON t.id = pp.trajectory_id
        WHERE ($1::text IS NULL OR pp.status = $1) AND ${party} ORDER BY pp.proposed_at LIMIT 200`,
      [args.status ?? null, viewer.roles.includes(Role.REFERRER) ? viewer.municipalityId : viewer.providerId],
    );
    await this.accessLog.record(
      rows.map((r) => r.youthId),
      'READ',
      'PIC proposals',
    );
    return rows;
  }

  async propose(input: ProposeOtherPicInput): Promise<PicProposalRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'propose another PIC');
    assertTransition(trajectory.status, TrajectoryAction.PROPOSE_OTHER_PIC);
    if (input.picId === trajectory.picId) throw BadUserInputError.field('input.picId', 'SAME_PIC');
    const pic = await this.db.one<{ valid: boolean }>(
      `SELECT (valid_from <= $2 AND coalesce(valid_until, 'infinity') >= $2) AS valid FROM pic WHERE id = $1`,
      [input.picId, today()],
    );
    if (!pic) throw BadUserInputError.field('input.picId', 'UNKNOWN', { what: 'PIC' });
    if (!pic.valid) throw BadUserInputError.field('input.picId', 'PIC_NOT_VALID_TODAY');
    let row: PicProposalRow | undefined;
    try {
      row = await this.db.one<PicProposalRow>(
        `INSERT INTO pic_proposal AS pp (trajectory_id, from_pic_id, to_pic_id, reason, proposed_by_provider_id, proposed_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [trajectory.id, trajectory.picId, input.picId, input.reason.trim(), viewer.providerId, viewer.id],
      );
    } catch (error) {
      if (constraintOf(error) !== 'pic_proposal_open_idx') throw error;
      throw new RuleViolationError(
        'INVALID_TRANSITION',
        'A PIC proposal for this trajectory is already waiting for the referrer’s decision.',
      );
    }
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.PIC_PROPOSED, {
      detail: input.reason.trim(),
    });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'propose other PIC');
    // the referring municipality decides
    await this.notify(
      trajectory.municipalityId,
      NotificationKind.PIC_PROPOSAL_TO_DECIDE,
      `/trajectories/${trajectory.id}`,
    );
    return row!;
  }

  /** The referring municipality decides; accepting changes the trajectory's PIC from today. */
  async respond(input: RespondToPicProposalInput): Promise<PicProposalRow> {
    const viewer = this.scope.requireRole(Role.REFERRER);
    const proposal = await this.db.one<PicProposalRow & { municipalityId: string; youthId: string }>(
      `SELECT ${COLUMNS}, t.municipality_id AS "municipalityId", t.youth_id AS "youthId"
         FROM pic_proposal pp JOIN trajectory t ON t.id = pp.trajectory_id
        WHERE pp.id = $1 FOR UPDATE OF pp`,
      [input.id],
    );
    if (!proposal || proposal.municipalityId !== viewer.municipalityId) throw new NotFoundError('PIC proposal');
    if (proposal.status !== PicProposalStatus.PROPOSED)
      throw new RuleViolationError('INVALID_TRANSITION', 'This PIC proposal has already been decided.');
    const reason = input.reason?.trim() || null;
    if (!input.accept && !reason) throw BadUserInputError.field('input.reason', 'REQUIRED_WHEN_DECLINING');
    if (input.accept) {
      const trajectory = await this.trajectories.forChange(proposal.trajectoryId);
      assertTransition(trajectory.status, TrajectoryAction.PROPOSE_OTHER_PIC);
      const changed = await this.db.query(
        // the funding variant follows the new PIC's segment where the municipality pays it otherwise
        `UPDATE trajectory t SET pic_id = $3, funding_variant = coalesce((
            SELECT f.variant FROM pic JOIN profile pr ON pr.id = pic.profile_id
              JOIN funding_rule f ON f.municipality_id = t.municipality_id AND f.segment = pr.segment
             WHERE pic.id = $3 AND f.valid_from <= $4 AND coalesce(f.valid_until, 'infinity') >= $4), t.funding_variant)
          WHERE t.id = $1 AND t.pic_id = $2 RETURNING t.id`,
        [trajectory.id, proposal.fromPicId, proposal.toPicId, today()],
      );
      if (!changed.length)
        throw new RuleViolationError('INVALID_TRANSITION', 'The PIC of this trajectory changed since the proposal.');
    }
    const decided = await this.db.one<PicProposalRow>(
      `UPDATE pic_proposal pp SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4
        WHERE pp.id = $1 RETURNING ${COLUMNS}`,
      [proposal.id, input.accept ? PicProposalStatus.ACCEPTED : PicProposalStatus.DECLINED, viewer.id, reason],
    );
    await this.trajectories.recordEvent(
      [proposal.trajectoryId],
      input.accept ? TrajectoryEventKind.PIC_CHANGED : TrajectoryEventKind.PIC_PROPOSAL_DECLINED,
      { detail: reason },
    );
    await this.accessLog.record([proposal.youthId], 'UPDATE', 'decide PIC proposal');
    return decided!;
  }
}
