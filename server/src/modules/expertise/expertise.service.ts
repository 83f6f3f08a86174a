import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { BadUserInputError, ForbiddenError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { Notify } from '../notification/notification.service.js';
import { NotificationKind } from '../notification/notification.types.js';
import { assertResponsibleNow } from '../trajectory/trajectory.rules.js';
import type { TrajectoryService } from '../trajectory/trajectory.service.js';
import { TrajectoryEventKind } from '../trajectory/trajectory.types.js';
import type { RequestExpertiseInput, RespondToExpertiseRequestInput } from './expertise.inputs.js';
import { youthDecidesFrom16 } from '../family-rights/family-rights.rules.js';
import { assertSubcontractCovers } from './expertise.rules.js';
import { ExpertiseRequestStatus, type EligibleProviderRow, type ExpertiseRequestRow } from './expertise.types.js';
import { assertTransition, TrajectoryAction } from '../trajectory/trajectory.lifecycle.js';
import { ownRequests, REQUEST_COLUMNS as REQUEST } from './expertise.queries.js';

/**
 * The providers a main contractor may ask for expertise in a profile on a day, each with the
 * strongest basis: a subcontract covering the profile, else a shared consortium (lead or partner
 * on both sides), else a shared integrated team.
 */
const ELIGIBLE_SQL = `
  WITH team AS (
    SELECT id AS team_id, coordinator_id AS provider_id FROM integrated_team
    UNION SELECT team_id, provider_id FROM integrated_team_member
  )
  SELECT DISTINCT ON (c."providerId") c."providerId", c.relation, c."subcontractId", c."consortiumId", c."integratedTeamId"
    FROM (
      SELECT s.subcontractor_id AS "providerId", 'SUBCONTRACT' AS relation, 1 AS rank, s.id AS "subcontractId",
             NULL::uuid AS "consortiumId", NULL::uuid AS "integratedTeamId"
        FROM subcontract s JOIN subcontract_profile sp ON sp.subcontract_id = s.id AND sp.profile_id = $2
       WHERE s.main_contractor_id = $1 AND s.valid_from <= $3 AND coalesce(s.valid_until, 'infinity') >= $3
      UNION ALL
      SELECT other.provider_id, 'CONSORTIUM', 2, NULL, mine.consortium_id, NULL
        FROM consortium_membership mine
        JOIN consortium_membership other ON other.consortium_id = mine.consortium_id AND other.provider_id <> mine.provider_id
       WHERE mine.provider_id = $1 AND mine.role IN ('LEAD', 'PARTNER') AND other.role IN ('LEAD', 'PARTNER')
         AND mine.valid_from <= $3 AND coalesce(mine.valid_until, 'infinity') >= $3
         AND other.valid_from <= $3 AND coalesce(other.valid_until, 'infinity') >= $3
      UNION ALL
      SELECT other.provider_id, 'INTEGRATED_TEAM', 3, NULL, NULL, other.team_id
        FROM team mine JOIN team other ON other.team_id = mine.team_id AND other.provider_id <> mine.provider_id
       WHERE mine.provider_id = $1
    ) c
   ORDER BY c."providerId", c.rank, c."subcontractId", c."consortiumId", c."integratedTeamId"`;

/** Adding expertise: the responsible provider asks, the other provider answers; responsibility never moves. */
export class ExpertiseService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
    private readonly notify: Notify,
  ) {}

  /** Requests on visible trajectories: all of them for the responsible provider and the referrer, a contributor its own. */
  async ofTrajectories(trajectoryIds: string[]): Promise<ExpertiseRequestRow[]> {
    const params: unknown[] = [trajectoryIds];
    const visibility = this.trajectories.visibility(params);
    return this.db.query(
      `SELECT ${REQUEST} FROM expertise_request er JOIN trajectory t ON t.id = er.trajectory_id
        WHERE er.trajectory_id = ANY($1) AND ${visibility} AND ${this.ownRequests(params)} ORDER BY er.requested_at`,
      params,
    );
  }

  /**
   * Which requests `er` on a visible trajectory `t` the viewer sees, as SQL (pushes its parameters
   * onto `params`): all for the responsible provider and the referrer, a contributor its own.
   */
  ownRequests(params: unknown[]): string {
    return ownRequests(this.scope, params);
  }

  /** Requests addressed to the viewer's provider that still need it: to answer, or to work on. */
  async inbox(): Promise<ExpertiseRequestRow[]> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    return this.db.query(
      `SELECT ${REQUEST} FROM expertise_request er WHERE er.provider_id = $1 AND er.status IN ('REQUESTED', 'ACCEPTED') ORDER BY er.requested_at DESC`,
      [this.scope.providerId],
    );
  }

  /** Requests the viewer's provider sent (as main contractor), optionally only those to one provider. */
  async sent(toProviderId: string | null): Promise<ExpertiseRequestRow[]> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    return this.db.query(
      `SELECT ${REQUEST} FROM expertise_request er
        WHERE er.requested_by_provider_id = $1 AND ($2::uuid IS NULL OR er.provider_id = $2) ORDER BY er.requested_at DESC LIMIT 500`,
      [this.scope.providerId, toProviderId],
    );
  }

  /** The providers the responsible provider may ask for this trajectory today. */
  async eligibleFor(trajectoryId: string, profileId?: string | null): Promise<EligibleProviderRow[]> {
    const trajectory = await this.trajectories.forChange(trajectoryId);
    this.trajectories.assertResponsible(trajectory, 'add expertise');
    const profile =
      profileId ??
      (await this.db.one<{ id: string }>(`SELECT profile_id AS id FROM pic WHERE id = $1`, [trajectory.picId]))!.id;
    return this.db.query<EligibleProviderRow>(ELIGIBLE_SQL, [trajectory.responsibleProviderId, profile, today()]);
  }

  async request(input: RequestExpertiseInput): Promise<ExpertiseRequestRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'add expertise');
    assertTransition(
      trajectory.status,
      TrajectoryAction.WORK,
      'Expertise is added to an active trajectory (after the referral is accepted, before it closes).',
    );
    if (input.providerId === trajectory.responsibleProviderId)
      throw BadUserInputError.field('input.providerId', 'OWN_ORGANISATION');
    const target = await this.db.one<{ name: string }>(`SELECT name FROM provider WHERE id = $1`, [input.providerId]);
    if (!target) throw BadUserInputError.field('input.providerId', 'UNKNOWN', { what: 'provider' });
    let profileId = input.profileId ?? null;
    if (profileId && !(await this.db.one(`SELECT 1 FROM profile WHERE id = $1`, [profileId])))
      throw BadUserInputError.field('input.profileId', 'UNKNOWN', { what: 'profile' });
    profileId ??= (await this.db.one<{ id: string }>(`SELECT profile_id AS id FROM pic WHERE id = $1`, [
      trajectory.picId,
    ]))!.id;

    const [relation] = (
      await this.db.query<EligibleProviderRow>(ELIGIBLE_SQL, [trajectory.responsibleProviderId, profileId, today()])
    ).filter((r) => r.providerId === input.providerId);
    assertSubcontractCovers(relation, target.name);
    const youth = (await this.db.one<{ birthDate: string }>(
      `SELECT birth_date AS "birthDate" FROM youth WHERE id = $1`,
      [trajectory.youthId],
    ))!;
    const request = (await this.db.one<ExpertiseRequestRow>(
      `INSERT INTO expertise_request AS er (trajectory_id, requested_by_provider_id, provider_id, mode, profile_id, question, relation,
         subcontract_id, consortium_id, integrated_team_id, requested_by, shared_life_domains, consent_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${REQUEST}`,
      [
        trajectory.id,
        trajectory.responsibleProviderId,
        input.providerId,
        input.mode,
        profileId,
        input.question.trim(),
        relation.relation,
        relation.subcontractId,
        relation.consortiumId,
        relation.integratedTeamId,
        viewer.id,
        input.sharedLifeDomains ?? [],
        youthDecidesFrom16(youth.birthDate, today()),
      ],
    ))!;
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.EXPERTISE_REQUESTED, {
      expertiseRequestId: request.id,
      detail: target.name,
    });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'request expertise');
    await this.notify(input.providerId, NotificationKind.EXPERTISE_REQUESTED, '/inbox');
    return request;
  }

  /** A request, locked for change. The receiver and the requester may see it; NOT_FOUND for anyone else. */
  private async forChange(id: string, field: string): Promise<ExpertiseRequestRow> {
    const request = await this.db.one<ExpertiseRequestRow>(
      `SELECT ${REQUEST} FROM expertise_request er WHERE er.id = $1 AND (er.provider_id = $2 OR er.requested_by_provider_id = $2 OR er.trajectory_id IN (
         SELECT trajectory_id FROM trajectory_access WHERE provider_id = $2 AND role = 'RESPONSIBLE')) FOR UPDATE`,
      [assertId(id, field), this.scope.providerId],
    );
    if (!request) throw new NotFoundError('Expertise request');
    return request;
  }

  /**
   * The requesting side acts only while it is responsible: after a transfer the request belongs to
   * the provider responsible now (the former one may no longer even see the trajectory).
   */
  private async assertRequesterResponsible(request: ExpertiseRequestRow, action: string): Promise<void> {
    const responsible = await this.db.one(
      `SELECT 1 FROM trajectory t WHERE t.id = $1 AND t.responsible_provider_id = $2`,
      [request.trajectoryId, this.scope.providerId],
    );
    assertResponsibleNow(!!responsible, `${action} this expertise request`);
  }

  private assertStatus(request: ExpertiseRequestRow, allowed: ExpertiseRequestStatus[], action: string): void {
    if (!allowed.includes(request.status)) {
      throw new RuleViolationError(
        'INVALID_TRANSITION',
        `A ${request.status.toLowerCase()} expertise request cannot be ${action}.`,
      );
    }
  }

  private async setStatus(
    request: ExpertiseRequestRow,
    status: ExpertiseRequestStatus,
    reason: string | null,
    kind: TrajectoryEventKind,
  ): Promise<ExpertiseRequestRow> {
    const updated = (await this.db.one<ExpertiseRequestRow>(
      `UPDATE expertise_request er SET status = $2, decline_reason = coalesce($3, decline_reason),
              responded_at = CASE WHEN $2 IN ('ACCEPTED', 'DECLINED') THEN now() ELSE responded_at END,
              ended_at = CASE WHEN $2 IN ('DECLINED', 'COMPLETED', 'WITHDRAWN') THEN now() ELSE ended_at END
        WHERE er.id = $1 RETURNING ${REQUEST}`,
      [request.id, status, reason],
    ))!;
    await this.trajectories.recordEvent([request.trajectoryId], kind, {
      expertiseRequestId: request.id,
      detail: reason,
    });
    return updated;
  }

  async respond(input: RespondToExpertiseRequestInput): Promise<ExpertiseRequestRow> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const request = await this.forChange(input.id, 'input.id');
    if (request.providerId !== this.scope.providerId)
      throw new ForbiddenError('Only the provider that was asked can answer this request.');
    this.assertStatus(request, [ExpertiseRequestStatus.REQUESTED], 'answered');
    if (!input.accept && !input.reason?.trim())
      throw BadUserInputError.field('input.reason', 'REQUIRED_WHEN_DECLINING');
    await this.notify(
      request.requestedByProviderId,
      NotificationKind.EXPERTISE_ANSWERED,
      `/trajectories/${request.trajectoryId}`,
    );
    if (!input.accept)
      return this.setStatus(
        request,
        ExpertiseRequestStatus.DECLINED,
        input.reason!.trim(),
        TrajectoryEventKind.EXPERTISE_DECLINED,
      );
    const accepted = await this.setStatus(
      request,
      ExpertiseRequestStatus.ACCEPTED,
      null,
      TrajectoryEventKind.EXPERTISE_ACCEPTED,
    );
    // From here on the receiver sees the family: that access starts in the log.
    const trajectory = await this.db.one<{ youthId: string }>(
      `SELECT youth_id AS "youthId" FROM trajectory WHERE id = $1`,
      [request.trajectoryId],
    );
    await this.accessLog.record([trajectory!.youthId], 'READ', 'accept expertise request');
    return accepted;
  }

  /** The receiver (done) or the responsible provider ends an accepted request; access to new information ends with it. */
  async complete(id: string): Promise<ExpertiseRequestRow> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const request = await this.forChange(id, 'id');
    if (request.providerId !== this.scope.providerId) await this.assertRequesterResponsible(request, 'complete');
    this.assertStatus(request, [ExpertiseRequestStatus.ACCEPTED], 'completed');
    return this.setStatus(request, ExpertiseRequestStatus.COMPLETED, null, TrajectoryEventKind.EXPERTISE_COMPLETED);
  }

  /** The responsible provider withdraws a request it no longer needs. */
  async withdraw(id: string): Promise<ExpertiseRequestRow> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const request = await this.forChange(id, 'id');
    if (request.providerId === this.scope.providerId)
      throw new ForbiddenError(
        'Only the responsible provider can withdraw a request; the receiver declines or completes it.',
      );
    await this.assertRequesterResponsible(request, 'withdraw');
    this.assertStatus(request, [ExpertiseRequestStatus.REQUESTED, ExpertiseRequestStatus.ACCEPTED], 'withdrawn');
    return this.setStatus(request, ExpertiseRequestStatus.WITHDRAWN, null, TrajectoryEventKind.EXPERTISE_WITHDRAWN);
  }
}
