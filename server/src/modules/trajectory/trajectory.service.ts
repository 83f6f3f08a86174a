import type { AccessScope } from '../../core/access/scope.js';
import { Role, type Viewer } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { constraintOf } from '../../core/errors/database-errors.js';
import {
  BadUserInputError,
  FieldProblems,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import { decodeCursor, encodeCursor } from '../../core/graphql/keyset-cursor.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { Segment } from '../catalogue/catalogue.entity.js';
import type { GoalInput } from '../plan/plan.inputs.js';
import { GoalKind } from '../plan/plan.types.js';
import type {
  CreateReferralInput,
  RespondToTransferInput,
  TrajectoriesArgs,
  TransferResponsibilityInput,
} from './trajectory.inputs.js';
import {
  ageOn,
  assertAcceptanceObligation,
  assertOneResponsibleProvider,
  assertTransition,
  normaliseInitials,
  OPEN_STATUSES,
} from './trajectory.rules.js';
import {
  Involvement,
  TrajectoryEventKind,
  TrajectoryStatus,
  TransferStatus,
  type ResponsibilityTransferRow,
  type TrajectoryEventRow,
  type TrajectoryRow,
  type YouthRow,
} from './trajectory.types.js';

export const TRAJECTORY_COLUMNS = `t.id, t.status, t.youth_id AS "youthId", t.family_plan_id AS "familyPlanId",
  t.municipality_id AS "municipalityId", t.area_id AS "areaId", t.responsible_provider_id AS "responsibleProviderId",
  t.referrer_type AS "referrerType", t.pic_id AS "picId", t.funding_variant AS "fundingVariant", t.referred_at AS "referredAt",
  t.started_at AS "startedAt", t.closed_at AS "closedAt", t.decline_reason AS "declineReason", t.last_activity_at AS "lastActivityAt"`;

/**
 * What a trajectory shows with it almost always (its youth, PIC, profile and intensity), read in
 * the same statement as the trajectories `t`, so the resolvers' loaders can be primed instead of
 * asking again.
 */
const RELATED = `json_build_object(
    'youth', CASE WHEN y.id IS NOT NULL THEN json_build_object('id', y.id, 'initials', y.initials, 'birthDate', y.birth_date,
      'municipalityId', y.municipality_id, 'areaId', y.area_id) END,
    'pic', json_build_object('id', pc.id, 'profileId', pc.profile_id, 'intensityId', pc.intensity_id, 'tariffCents', pc.tariff_cents,
      'validFrom', pc.valid_from, 'validUntil', pc.valid_until),
    'profile', json_build_object('id', pr.id, 'code', pr.code, 'name', pr.name, 'segment', pr.segment),
    'intensity', json_build_object('id', i.id, 'code', i.code, 'duration', i.duration, 'level', i.level)) AS related`;
const RELATED_JOINS = (youthId: string, picId: string) => `LEFT JOIN youth y ON y.id = ${youthId}
  JOIN pic pc ON pc.id = ${picId} JOIN profile pr ON pr.id = pc.profile_id JOIN intensity i ON i.id = pc.intensity_id`;

const TRANSFER_COLUMNS = `rt.id, rt.trajectory_id AS "trajectoryId", rt.from_provider_id AS "fromProviderId", rt.to_provider_id AS "toProviderId",
  rt.reason, rt.status, rt.decline_reason AS "declineReason", rt.requested_at AS "requestedAt", rt.responded_at AS "respondedAt"`;

/** The oldest youth in youth care: extended youth care runs up to 23. */
const MAX_AGE = 23;

export interface TrajectoryForChange extends TrajectoryRow {
  segment: Segment;
}

export interface AccessRow {
  trajectoryId: string;
  role: Involvement;
}

/**
 * Trajectories: referral, acceptance, transfers of responsibility, lists and the timeline. Every
 * read is limited to what the viewer may see (the same rule row-level security enforces) and
 * logged in the access log; every change records a timeline event (which notifies subscribers).
 */
export class TrajectoryService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Only providers and referrers work with families; the region and contract managers never see one. */
  requireCareViewer(): Viewer {
    return this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER);
  }

  /**
   * The viewer's visibility as SQL over trajectory `t` (pushes its parameters onto `params`):
   * a provider's trajectory_access rows, or the referrer's municipality.
   */
  visibility(params: unknown[]): string {
    const conditions: string[] = [];
    if (this.scope.providerId) {
      conditions.push(
        `EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $${params.push(this.scope.providerId)})`,
      );
    }
    if (this.scope.hasRole(Role.REFERRER) && this.scope.municipalityId) {
      conditions.push(`t.municipality_id = $${params.push(this.scope.municipalityId)}`);
    }
    return conditions.length ? `(${conditions.join(' OR ')})` : 'false';
  }

  /** Visible trajectories by id; logs a read of their youths. */
  async byIds(ids: string[], purpose = 'trajectory'): Promise<TrajectoryRow[]> {
    if (!this.scope.hasRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER)) return [];
    const params: unknown[] = [ids];
    const rows = await this.db.query<TrajectoryRow>(
      `SELECT ${TRAJECTORY_COLUMNS}, ${RELATED} FROM trajectory t ${RELATED_JOINS('t.youth_id', 't.pic_id')}
        WHERE t.id = ANY($1) AND ${this.visibility(params)}`,
      params,
    );
    await this.accessLog.record(
      rows.map((r) => r.youthId),
      'READ',
      purpose,
    );
    return rows;
  }

  async get(id: string): Promise<TrajectoryRow | null> {
    this.requireCareViewer();
    const [row] = await this.byIds([assertId(id, 'id')]);
    return row ?? null;
  }

  /**
   * The viewer's trajectories, most recent activity first, as a Relay connection with keyset cursors.
   * Each way of being involved is its own indexed, limited branch (responsible provider by
   * (responsible_provider_id, last_activity_at); expertise and transfer through trajectory_access;
   * the referrer by (municipality_id, last_activity_at)), merged and cut to the page: a provider
   * with 80,000 trajectories is answered from the index, not by sorting all it may see.
   */
  async list(args: TrajectoriesArgs) {
    const viewer = this.requireCareViewer();
    const first = args.first ?? 20;
    const filter = args.filter ?? {};
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (filter.status) conditions.push(`t.status = $${params.push(filter.status)}`);
    if (filter.providerId) conditions.push(`t.responsible_provider_id = $${params.push(filter.providerId)}`);
    if (filter.search) {
      const initials = filter.search
        .replace(/[^\p{L}]/gu, '')
        .toUpperCase()
        .split('')
        .join('.');
      conditions.push(
        `EXISTS (SELECT 1 FROM youth y WHERE y.id = t.youth_id AND y.initials LIKE $${params.push(`%${initials}%`)})`,
      );
    }
    const filtered = conditions.length > 0;
    const involvement = filter.involvement ?? null;
    const wants = (kind: Involvement) => involvement === null || involvement === kind;
    const branches: string[] = [];
    const provider = this.scope.providerId;
    if (provider && wants(Involvement.RESPONSIBLE))
      branches.push(`t.responsible_provider_id = $${params.push(provider)}`);
    if (provider && (wants(Involvement.EXPERTISE) || wants(Involvement.TRANSFER))) {
      const roles = involvement ? [involvement] : [Involvement.EXPERTISE, Involvement.TRANSFER];
      branches.push(
        // `role <> 'RESPONSIBLE'` literally, so the partial index on contributions applies
        `t.id IN (SELECT a.trajectory_id FROM trajectory_access a
                   WHERE a.provider_id = $${params.push(provider)} AND a.role <> 'RESPONSIBLE' AND a.role = ANY($${params.push(roles)}))`,
      );
    }
    if (viewer.roles.includes(Role.REFERRER) && wants(Involvement.REFERRER))
      branches.push(`t.municipality_id = $${params.push(viewer.municipalityId)}`);
    if (!branches.length) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

    const countParams = [...params];
    const page: string[] = [...conditions];
    if (args.after) {
      const cursor = decodeCursor(args.after);
      page.push(
        `(t.last_activity_at, t.id) < ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`,
      );
    }
    const limit = `$${params.push(first + 1)}`;
    const where = (branch: string, extra: string[]) => [branch, ...extra].join(' AND ');
    const rows = await this.db.query<TrajectoryRow & { activityKey: string }>(
      `SELECT t.*, t."lastActivityAt"::text AS "activityKey", ${RELATED} FROM (
         ${branches
           .map(
             (b) =>
               `(SELECT ${TRAJECTORY_COLUMNS} FROM trajectory t WHERE ${where(b, page)} ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ${limit})`,
           )
           .join(' UNION ALL ')}
       ) t ${RELATED_JOINS('t."youthId"', 't."picId"')}
       ORDER BY t."lastActivityAt" DESC, t.id DESC LIMIT ${limit}`,
      params,
    );
    // Unfiltered, a provider's total is its rows in trajectory_access: no trajectory needs reading.
    const [{ count }] =
      provider && !filtered && involvement !== Involvement.REFERRER
        ? await this.db.query<{ count: number }>(
            `SELECT count(DISTINCT a.trajectory_id) AS count FROM trajectory_access a WHERE a.provider_id = $1 AND ($2::text IS NULL OR a.role = $2)`,
            [provider, involvement],
          )
        : await this.db.query<{ count: number }>(
            `SELECT count(*) AS count FROM (${branches.map((b) => `SELECT t.id FROM trajectory t WHERE ${where(b, conditions)}`).join(' UNION ALL ')}) t`,
            countParams,
          );
    const pageRows = rows.slice(0, first);
    await this.accessLog.record(
      pageRows.map((r) => r.youthId),
      'READ',
      'caseload',
    );
    const edges = pageRows.map(({ activityKey, ...node }) => ({
      node,
      cursor: encodeCursor({ moment: activityKey, id: node.id }),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: count,
    };
  }

  /** How the viewer's organisation is involved in each trajectory. */
  async involvementOf(trajectoryIds: string[]): Promise<AccessRow[]> {
    const rows: AccessRow[] = [];
    if (this.scope.providerId) {
      rows.push(
        ...(await this.db.query<AccessRow>(
          `SELECT DISTINCT trajectory_id AS "trajectoryId", role FROM trajectory_access WHERE trajectory_id = ANY($1) AND provider_id = $2`,
          [trajectoryIds, this.scope.providerId],
        )),
      );
    }
    if (this.scope.hasRole(Role.REFERRER)) {
      const referred = await this.db.query<{ id: string }>(
        `SELECT t.id FROM trajectory t WHERE t.id = ANY($1) AND t.municipality_id = $2`,
        [trajectoryIds, this.scope.municipalityId],
      );
      rows.push(...referred.map((r) => ({ trajectoryId: r.id, role: Involvement.REFERRER })));
    }
    return rows;
  }

  /** Youths, as far as visible (row-level security hides the others). */
  youthsByIds(ids: string[]): Promise<YouthRow[]> {
    return this.db.query(
      `SELECT y.id, y.initials, y.birth_date AS "birthDate", y.municipality_id AS "municipalityId", y.area_id AS "areaId"
         FROM youth y WHERE y.id = ANY($1)`,
      [ids],
    );
  }

  /** Logs a read of these youths' personal data (once per youth per request, like every entry). */
  recordYouthReads(youthIds: string[]): Promise<void> {
    return this.accessLog.record(youthIds, 'READ', 'youth');
  }

  eventsOf(trajectoryIds: string[]): Promise<TrajectoryEventRow[]> {
    return this.db.query(
      `SELECT e.id::text, e.trajectory_id AS "trajectoryId", e.at, e.kind, u.name AS "actorName",
              e.actor_provider_id AS "actorProviderId", e.expertise_request_id AS "expertiseRequestId", e.detail
         FROM trajectory_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.trajectory_id = ANY($1) ORDER BY e.at, e.id`,
      [trajectoryIds],
    );
  }

  transfersOf(trajectoryIds: string[]): Promise<ResponsibilityTransferRow[]> {
    return this.db.query(
      `SELECT ${TRANSFER_COLUMNS} FROM responsibility_transfer rt WHERE rt.trajectory_id = ANY($1) ORDER BY rt.requested_at`,
      [trajectoryIds],
    );
  }

  /** Adds an event to the timeline (a trigger makes it the latest activity and notifies subscribers). */
  async recordEvent(
    trajectoryIds: string[],
    kind: TrajectoryEventKind,
    options: { detail?: string | null; expertiseRequestId?: string } = {},
  ): Promise<void> {
    const viewer = this.scope.requireViewer();
    await this.db.query(
      `INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id, expertise_request_id, detail)
       SELECT id, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS id`,
      [trajectoryIds, kind, viewer.id, viewer.providerId, options.expertiseRequestId ?? null, options.detail ?? null],
    );
  }

  /** A visible trajectory, locked for this transaction's change, with its segment; NOT_FOUND otherwise. */
  async forChange(id: string, field = 'trajectoryId'): Promise<TrajectoryForChange> {
    const params: unknown[] = [assertId(id, field)];
    const row = await this.db.one<TrajectoryForChange>(
      `SELECT ${TRAJECTORY_COLUMNS}, pr.segment FROM trajectory t
         JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
        WHERE t.id = $1 AND ${this.visibility(params)} FOR NO KEY UPDATE OF t`,
      params,
    );
    if (!row) throw new NotFoundError('Trajectory');
    return row;
  }

  /** The viewer must work for the responsible provider (hoofdaannemer) of this trajectory. */
  assertResponsible(trajectory: TrajectoryRow, action: string): void {
    if (!this.scope.providerId || this.scope.providerId !== trajectory.responsibleProviderId) {
      throw new ForbiddenError(`Only the responsible provider can ${action}.`);
    }
  }

  // --- referral ---------------------------------------------------------------------------

  async createReferral(input: CreateReferralInput): Promise<TrajectoryRow> {
    const viewer = this.scope.requireRole(Role.REFERRER);
    if (input.municipalityId !== viewer.municipalityId)
      throw new ForbiddenError('You can only refer youths of your own municipality.');
    const day = today();
    const problems = new FieldProblems();

    let initials: string | null = null;
    if (input.youthId) {
      if (input.youthInitials || input.youthBirthDate) problems.add('input.youthId', 'YOUTH_EITHER_OR');
    } else {
      if (!input.youthInitials) problems.add('input.youthInitials', 'REQUIRED_FOR_NEW_YOUTH');
      else if (!(initials = normaliseInitials(input.youthInitials)))
        problems.add('input.youthInitials', 'INITIALS_ONLY');
      if (!input.youthBirthDate) problems.add('input.youthBirthDate', 'REQUIRED_FOR_NEW_YOUTH');
      else if (input.youthBirthDate > day) problems.add('input.youthBirthDate', 'IN_THE_FUTURE');
      else if (ageOn(input.youthBirthDate, day) >= MAX_AGE)
        problems.add('input.youthBirthDate', 'TOO_OLD_FOR_YOUTH_CARE', { age: MAX_AGE });
    }
    if (input.familyPlanId) {
      if (input.question || input.context || input.goals?.length)
        problems.add('input.familyPlanId', 'SHARED_PLAN_EDITED_SEPARATELY');
    } else {
      if (!input.question) problems.add('input.question', 'REQUIRED_FOR_NEW_PLAN');
      checkSocietalGoals(input.goals ?? [], problems);
      (input.goals ?? []).forEach((goal, i) => goal.id && problems.add(`input.goals.${i}.id`, 'NEW_PLAN_HAS_NO_GOALS'));
    }
    problems.throwIfAny();

    const refs = await this.db.one<{
      picOk: boolean;
      segment: Segment | null;
      picFrom: string | null;
      providerOk: boolean;
      areaOk: boolean;
      variant: string | null;
    }>(
      `SELECT (pic.id IS NOT NULL AND pic.valid_from <= $5 AND coalesce(pic.valid_until, 'infinity') >= $5) AS "picOk",
              pr.segment, pic.valid_from AS "picFrom",
              EXISTS (SELECT 1 FROM provider WHERE id = $2) AS "providerOk",
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM area WHERE id = $3 AND municipality_id = $4)) AS "areaOk",
              (SELECT variant FROM funding_rule f WHERE f.municipality_id = $4 AND f.segment = pr.segment
                  AND f.valid_from <= $5 AND coalesce(f.valid_until, 'infinity') >= $5) AS variant
         FROM (SELECT 1) one LEFT JOIN pic ON pic.id = $1 LEFT JOIN profile pr ON pr.id = pic.profile_id`,
      [input.picId, input.providerId, input.areaId ?? null, input.municipalityId, day],
    );
    if (!refs!.segment) problems.add('input.picId', 'UNKNOWN', { what: 'PIC' });
    else if (!refs!.picOk) problems.add('input.picId', 'PIC_NOT_VALID_TODAY');
    else if (!refs!.variant) problems.add('input.picId', 'NO_FUNDING_ARRANGEMENT');
    if (!refs!.providerOk) problems.add('input.providerId', 'UNKNOWN', { what: 'provider' });
    if (!refs!.areaOk) problems.add('input.areaId', 'NOT_AN_AREA_OF_MUNICIPALITY');

    let youthId = input.youthId ?? null;
    if (
      youthId &&
      !(await this.db.one(`SELECT 1 FROM youth WHERE id = $1 AND municipality_id = $2`, [
        youthId,
        input.municipalityId,
      ]))
    ) {
      problems.add('input.youthId', 'NOT_A_YOUTH_OF_MUNICIPALITY');
    }
    if (
      input.familyPlanId &&
      !(await this.db.one(`SELECT 1 FROM family_plan WHERE id = $1 AND municipality_id = $2`, [
        input.familyPlanId,
        input.municipalityId,
      ]))
    ) {
      problems.add('input.familyPlanId', 'NOT_A_PLAN_OF_MUNICIPALITY');
    }
    problems.throwIfAny();

    youthId ??= (await this.db.one<{ id: string }>(
      `INSERT INTO youth (initials, birth_date, municipality_id, area_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [initials, input.youthBirthDate, input.municipalityId, input.areaId ?? null],
    ))!.id;
    let familyPlanId = input.familyPlanId ?? null;
    if (!familyPlanId) {
      familyPlanId = (await this.db.one<{ id: string }>(
        `INSERT INTO family_plan (municipality_id, question, context, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.municipalityId, input.question!.trim(), input.context?.trim() ?? '', viewer.id],
      ))!.id;
      const goals = input.goals ?? [];
      if (goals.length) {
        await this.db.query(
          `INSERT INTO goal (kind, description, target_date, position, family_plan_id)
           SELECT 'SOCIETAL', d, td, ord - 1, $1 FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS g(d, td, ord)`,
          [familyPlanId, goals.map((g) => g.description.trim()), goals.map((g) => g.targetDate ?? null)],
        );
      }
    }
    await this.db.query(
      `INSERT INTO family_plan_youth (family_plan_id, youth_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [familyPlanId, youthId],
    );
    const trajectory = (await this.db.one<TrajectoryRow>(
      `INSERT INTO trajectory AS t (youth_id, family_plan_id, municipality_id, area_id, status, responsible_provider_id, referrer_type, pic_id, funding_variant, referred_by)
       VALUES ($1, $2, $3, $4, 'REFERRED', $5, $6, $7, $8, $9) RETURNING ${TRAJECTORY_COLUMNS}`,
      [
        youthId,
        familyPlanId,
        input.municipalityId,
        input.areaId ?? null,
        input.providerId,
        input.referrerType,
        input.picId,
        refs!.variant,
        viewer.id,
      ],
    ))!;
    await this.db.query(`INSERT INTO responsibility_period (trajectory_id, provider_id, since) VALUES ($1, $2, $3)`, [
      trajectory.id,
      trajectory.responsibleProviderId,
      trajectory.referredAt,
    ]);
    await this.recordEvent([trajectory.id], TrajectoryEventKind.REFERRED);
    await this.accessLog.record([youthId], 'CREATE', 'referral');
    return trajectory;
  }

  async accept(id: string): Promise<TrajectoryRow> {
    const trajectory = await this.forChange(id);
    this.assertResponsible(trajectory, 'accept this referral');
    assertTransition(trajectory.status, [TrajectoryStatus.REFERRED], 'accepted');
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET status = 'ACTIVE', started_at = now() WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id],
    );
    await this.db.query(`INSERT INTO help_plan (trajectory_id) VALUES ($1)`, [trajectory.id]);
    await this.recordEvent([trajectory.id], TrajectoryEventKind.ACCEPTED);
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'accept referral');
    return updated!;
  }

  async decline(id: string, reason: string): Promise<TrajectoryRow> {
    if (!reason?.trim()) throw BadUserInputError.field('reason', 'DECLINE_REASON_REQUIRED');
    if (reason.length > 2000) throw BadUserInputError.field('reason', 'TOO_LONG', { max: 2000 });
    const trajectory = await this.forChange(id);
    this.assertResponsible(trajectory, 'decline this referral');
    assertTransition(trajectory.status, [TrajectoryStatus.REFERRED], 'declined');
    assertAcceptanceObligation(trajectory.segment, 'declined');
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET status = 'CANCELLED', closed_at = now(), decline_reason = $2 WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id, reason.trim()],
    );
    await this.db.query(`UPDATE responsibility_period SET until = now() WHERE trajectory_id = $1 AND until IS NULL`, [
      trajectory.id,
    ]);
    await this.recordEvent([trajectory.id], TrajectoryEventKind.DECLINED, { detail: reason.trim() });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'decline referral');
    return updated!;
  }

  // --- transfer of responsibility ------------------------------------------------------------

  async transfer(input: TransferResponsibilityInput): Promise<TrajectoryRow> {
    const trajectory = await this.forChange(input.trajectoryId, 'input.trajectoryId');
    const byReferrer = this.scope.hasRole(Role.REFERRER) && this.scope.municipalityId === trajectory.municipalityId;
    if (!byReferrer) this.assertResponsible(trajectory, 'transfer the responsibility');
    assertTransition(trajectory.status, OPEN_STATUSES, 'transferred');
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
    if (forced) return this.switchResponsibility(trajectory, input.toProviderId, input.reason.trim());
    await this.recordEvent([trajectory.id], TrajectoryEventKind.TRANSFER_REQUESTED, { detail: input.reason.trim() });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'transfer responsibility');
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
    const trajectory = await this.forChange(transfer.trajectoryId);
    if (!input.accept) {
      if (!input.reason?.trim()) throw BadUserInputError.field('input.reason', 'REQUIRED_WHEN_DECLINING');
      // recorded while the offered provider still has access: declining ends it
      await this.recordEvent([trajectory.id], TrajectoryEventKind.TRANSFER_DECLINED, { detail: input.reason.trim() });
      await this.accessLog.record([trajectory.youthId], 'READ', 'assess transfer');
      await this.db.query(
        `UPDATE responsibility_transfer SET status = 'DECLINED', decline_reason = $2, responded_at = now() WHERE id = $1`,
        [transfer.id, input.reason.trim()],
      );
      return trajectory;
    }
    assertTransition(trajectory.status, OPEN_STATUSES, 'transferred');
    if (trajectory.responsibleProviderId !== transfer.fromProviderId) {
      throw new RuleViolationError(
        'ONE_RESPONSIBLE_PROVIDER',
        'The responsibility changed since this transfer was offered; it can no longer be accepted.',
      );
    }
    const switched = await this.switchResponsibility(trajectory, transfer.toProviderId, transfer.reason);
    await this.db.query(`UPDATE responsibility_transfer SET status = 'ACCEPTED', responded_at = now() WHERE id = $1`, [
      transfer.id,
    ]);
    return switched;
  }

  /** The only place the responsible provider changes: compare-and-set, then the period history. */
  private async switchResponsibility(
    trajectory: TrajectoryRow,
    toProviderId: string,
    reason: string,
  ): Promise<TrajectoryRow> {
    // History, timeline and log first, while the one who hands over can still see the trajectory
    // (a forced transfer ends its access); the compare-and-set last: losing it undoes them all.
    await this.db.query(`UPDATE responsibility_period SET until = now() WHERE trajectory_id = $1 AND until IS NULL`, [
      trajectory.id,
    ]);
    await this.db.query(`INSERT INTO responsibility_period (trajectory_id, provider_id) VALUES ($1, $2)`, [
      trajectory.id,
      toProviderId,
    ]);
    await this.recordEvent([trajectory.id], TrajectoryEventKind.RESPONSIBILITY_TRANSFERRED, { detail: reason });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'transfer responsibility');
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET responsible_provider_id = $3 WHERE t.id = $1 AND t.responsible_provider_id = $2 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id, trajectory.responsibleProviderId, toProviderId],
    );
    if (!updated)
      throw new RuleViolationError(
        'ONE_RESPONSIBLE_PROVIDER',
        'The responsibility was changed by someone else at the same moment.',
      );
    return updated;
  }
}

/** Family plan goals are societal goals, new ones have no id, and they link to nothing. */
export function checkSocietalGoals(goals: GoalInput[], problems: FieldProblems, prefix = 'input.goals'): void {
  goals.forEach((goal, i) => {
    if (goal.kind !== GoalKind.SOCIETAL) problems.add(`${prefix}.${i}.kind`, 'SOCIETAL_GOALS_ONLY');
    if (goal.contributesToGoalId) problems.add(`${prefix}.${i}.contributesToGoalId`, 'ONLY_TREATMENT_GOALS_CONTRIBUTE');
  });
}
