import { randomUUID } from 'node:crypto';
import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { BadUserInputError, FieldProblems, ForbiddenError, RuleViolationError } from '../../core/errors/errors.js';
import { addWorkingDays } from '../../core/working-days.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { IjwIdentityService } from '../ijw/ijw-identity.service.js';
import type { Notify } from '../notification/notification.service.js';
import { NotificationKind } from '../notification/notification.types.js';
import type { Segment } from '../catalogue/catalogue.entity.js';
import type { GoalInput } from '../plan/plan.inputs.js';
import type { AssignMainContractorInput, CreateReferralInput, ReferToConsortiumInput } from './trajectory.inputs.js';
import { assertCollectiveResponsibility, assertTransition, TrajectoryAction } from './trajectory.lifecycle.js';
import { ageOn, assertAcceptanceObligation, normaliseInitials } from './trajectory.rules.js';
import { checkSocietalGoals, TRAJECTORY_COLUMNS, type TrajectoryService } from './trajectory.service.js';
import { ReferrerType, TrajectoryEventKind, TrajectoryStatus, type TrajectoryRow } from './trajectory.types.js';

/** The oldest youth in youth care: extended youth care runs up to 23. */
const MAX_AGE = 23;

/** A municipality's assignment (JW301) the provider registers as a referral. */
export interface AssignedReferral {
  municipalityId: string;
  /** A youth found by its BSN, or none: a new youth with these initials and birth date. */
  youthId?: string;
  initials?: string;
  birthDate: string;
  picId: string;
  startDate: string;
  question: string;
}

/** Who takes a referral: one provider, or the consortium of an area (its lead responsible during intake). */
type Destination =
  | { kind: 'provider'; providerId: string }
  | { kind: 'consortium'; consortiumId: string; leadId: string; intakeDeadline: string };

/** What a referral says, whichever way it is made. */
interface ReferralDetails {
  youthId?: string | null;
  youthInitials?: string | null;
  youthBirthDate?: string | null;
  youthBsn?: string | null;
  municipalityId: string;
  areaId?: string | null;
  referrerType: ReferrerType;
  picId: string;
  familyPlanId?: string | null;
  question?: string | null;
  context?: string | null;
  goals?: GoalInput[] | null;
}

/**
 * Referrals and their answer: a referral to one provider (who accepts or declines), or to the
 * consortium of an area (the 2023 model: the lead assigns a main contractor by the intake deadline;
 * a member that cannot take the youth returns it to intake, never to the referrer). Every change of
 * status goes through trajectory.lifecycle.ts.
 */
export class ReferralService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
    private readonly identities: IjwIdentityService,
    private readonly notify: Notify,
  ) {}

  /** A referral to one responsible provider (for providers outside the area consortia). */
  async createReferral(input: CreateReferralInput): Promise<TrajectoryRow> {
    const problems = new FieldProblems();
    if (!(await this.db.one(`SELECT 1 FROM provider WHERE id = $1`, [input.providerId])))
      problems.add('input.providerId', 'UNKNOWN', { what: 'provider' });
    return this.refer(input, { kind: 'provider', providerId: input.providerId }, problems);
  }

  /**
   * A referral to the consortium awarded the area (or the one named): it enters INTAKE with the
   * consortium's lead responsible, and an intake deadline a contract parameter of working days away.
   */
  async referToConsortium(input: ReferToConsortiumInput): Promise<TrajectoryRow> {
    const problems = new FieldProblems();
    const day = today();
    const candidates = await this.db.query<{ consortiumId: string; leadId: string | null; workingDays: number }>(
      `SELECT c.id AS "consortiumId", c.intake_working_days AS "workingDays",
              (SELECT cm.provider_id FROM consortium_membership cm
                WHERE cm.consortium_id = c.id AND cm.role = 'LEAD'
                  AND $3::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')) AS "leadId"
         FROM consortium c JOIN consortium_area ca ON ca.consortium_id = c.id
        WHERE ca.area_id = $1 AND ($2::uuid IS NULL OR c.id = $2)`,
      [input.areaId, input.consortiumId ?? null, day],
    );
    const consortium = candidates.length === 1 && candidates[0].leadId ? candidates[0] : undefined;
    if (!consortium) {
      if (input.consortiumId) problems.add('input.consortiumId', 'NOT_AWARDED_THIS_AREA');
      else if (candidates.length > 1) problems.add('input.consortiumId', 'CHOOSE_CONSORTIUM');
      else problems.add('input.areaId', 'NO_CONSORTIUM_FOR_AREA');
    }
    const destination: Destination | null = consortium
      ? {
          kind: 'consortium',
          consortiumId: consortium.consortiumId,
          leadId: consortium.leadId!,
          intakeDeadline: addWorkingDays(day, consortium.workingDays),
        }
      : null;
    return this.refer(input, destination, problems);
  }

  /**
   * Validates a referral (all problems at once, with those the caller found, e.g. no destination),
   * creates youth and family plan when new, and the trajectory.
   */
  private async refer(
    input: ReferralDetails,
    destination: Destination | null,
    problems: FieldProblems,
  ): Promise<TrajectoryRow> {
    const viewer = this.scope.requireRole(Role.REFERRER);
    if (input.municipalityId !== viewer.municipalityId)
      throw new ForbiddenError('You can only refer youths of your own municipality.');
    const day = today();

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
      if (!input.question?.trim()) problems.add('input.question', 'REQUIRED_FOR_NEW_PLAN');
      checkSocietalGoals(input.goals ?? [], problems);
      (input.goals ?? []).forEach((goal, i) => goal.id && problems.add(`input.goals.${i}.id`, 'NEW_PLAN_HAS_NO_GOALS'));
    }
    problems.throwIfAny();

    const refs = await this.db.one<{
      picOk: boolean;
      segment: Segment | null;
      areaOk: boolean;
      variant: string | null;
    }>(
      `SELECT (pic.id IS NOT NULL AND pic.valid_from <= $4 AND coalesce(pic.valid_until, 'infinity') >= $4) AS "picOk",
              pr.segment,
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM area WHERE id = $2 AND municipality_id = $3)) AS "areaOk",
              (SELECT variant FROM funding_rule f WHERE f.municipality_id = $3 AND f.segment = pr.segment
                  AND f.valid_from <= $4 AND coalesce(f.valid_until, 'infinity') >= $4) AS variant
         FROM (SELECT 1) one LEFT JOIN pic ON pic.id = $1 LEFT JOIN profile pr ON pr.id = pic.profile_id`,
      [input.picId, input.areaId ?? null, input.municipalityId, day],
    );
    if (!refs!.segment) problems.add('input.picId', 'UNKNOWN', { what: 'PIC' });
    else if (!refs!.picOk) problems.add('input.picId', 'PIC_NOT_VALID_TODAY');
    else if (!refs!.variant) problems.add('input.picId', 'NO_FUNDING_ARRANGEMENT');
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
    // the BSN (for the iJw messages) names one youth of the municipality
    const bsn = input.youthBsn ?? null;
    const holder = bsn ? await this.identities.youthWithBsn(input.municipalityId, bsn) : undefined;
    if (holder && holder !== youthId) problems.add('input.youthBsn', 'BSN_OF_ANOTHER_YOUTH');
    problems.throwIfAny();
    const to = destination!; // a missing destination is one of the problems

    youthId ??= (await this.db.one<{ id: string }>(
      `INSERT INTO youth (initials, birth_date, municipality_id, area_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [initials, input.youthBirthDate, input.municipalityId, input.areaId ?? null],
    ))!.id;
    if (bsn && !holder) await this.identities.record(youthId, input.municipalityId, { bsn });
    let familyPlanId = input.familyPlanId ?? null;
    if (!familyPlanId) {
      familyPlanId = (await this.db.one<{ id: string }>(
        `INSERT INTO family_plan (municipality_id, question, context, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.municipalityId, input.question!.trim(), input.context?.trim() ?? '', viewer.id],
      ))!.id;
      const goals = input.goals ?? [];
      if (goals.length) {
        await this.db.query(
          `INSERT INTO goal (kind, description, target_date, position, family_plan_id, life_domain)
           SELECT 'SOCIETAL', d, td, ord - 1, $1, ld FROM unnest($2::text[], $3::date[], $4::text[]) WITH ORDINALITY AS g(d, td, ld, ord)`,
          [
            familyPlanId,
            goals.map((g) => g.description.trim()),
            goals.map((g) => g.targetDate ?? null),
            goals.map((g) => g.lifeDomain ?? null),
          ],
        );
      }
    }
    await this.db.query(
      `INSERT INTO family_plan_youth (family_plan_id, youth_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [familyPlanId, youthId],
    );
    const consortium = to.kind === 'consortium' ? to : null;
    const trajectory = (await this.db.one<TrajectoryRow>(
      `INSERT INTO trajectory AS t (youth_id, family_plan_id, municipality_id, area_id, status, responsible_provider_id,
                                    referrer_type, pic_id, funding_variant, referred_by, consortium_id, intake_deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${TRAJECTORY_COLUMNS}`,
      [
        youthId,
        familyPlanId,
        input.municipalityId,
        input.areaId ?? null,
        consortium ? TrajectoryStatus.INTAKE : TrajectoryStatus.REFERRED,
        consortium ? consortium.leadId : (to as { providerId: string }).providerId,
        input.referrerType,
        input.picId,
        refs!.variant,
        viewer.id,
        consortium?.consortiumId ?? null,
        consortium?.intakeDeadline ?? null,
      ],
    ))!;
    await this.db.query(`INSERT INTO responsibility_period (trajectory_id, provider_id, since) VALUES ($1, $2, $3)`, [
      trajectory.id,
      trajectory.responsibleProviderId,
      trajectory.referredAt,
    ]);
    await this.trajectories.recordEvent(
      [trajectory.id],
      consortium ? TrajectoryEventKind.REFERRED_TO_CONSORTIUM : TrajectoryEventKind.REFERRED,
    );
    await this.accessLog.record([youthId], 'CREATE', 'referral');
    await this.notify(
      trajectory.responsibleProviderId,
      consortium ? NotificationKind.NEW_INTAKE : NotificationKind.NEW_REFERRAL,
      `/trajectories/${trajectory.id}`,
    );
    return trajectory;
  }

  /**
   * A referral the municipality made outside Samenspel and assigned to the viewer's provider (an
   * iJw JW301 it received in this transaction): registered as the municipality's (the local team),
   * REFERRED to the provider, with a family plan that says where it came from. A new youth gets the
   * initials and birth date of the assignment, nothing more.
   */
  async registerAssignedReferral(a: AssignedReferral): Promise<TrajectoryRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    const variant = await this.db.one<{ variant: string }>(
      `SELECT f.variant FROM pic JOIN profile pr ON pr.id = pic.profile_id
         JOIN funding_rule f ON f.municipality_id = $2 AND f.segment = pr.segment
          AND f.valid_from <= $3 AND coalesce(f.valid_until, 'infinity') >= $3
        WHERE pic.id = $1`,
      [a.picId, a.municipalityId, a.startDate],
    );
    if (!variant) throw new RuleViolationError('INVALID_TRANSITION', 'No funding arrangement for this product then.');
    // ids made here: the provider may not read a youth or plan back until the trajectory names them
    const youthId = a.youthId ?? randomUUID();
    if (!a.youthId)
      await this.db.query(`INSERT INTO youth (id, initials, birth_date, municipality_id) VALUES ($1, $2, $3, $4)`, [
        youthId,
        normaliseInitials(a.initials ?? '') ?? 'X.',
        a.birthDate,
        a.municipalityId,
      ]);
    const familyPlanId = randomUUID();
    await this.db.query(
      `INSERT INTO family_plan (id, municipality_id, question, context, created_by) VALUES ($1, $2, $3, '', $4)`,
      [familyPlanId, a.municipalityId, a.question, viewer.id],
    );
    const trajectory = (await this.db.one<TrajectoryRow>(
      `INSERT INTO trajectory AS t (youth_id, family_plan_id, municipality_id, status, responsible_provider_id, referrer_type,
                                    pic_id, funding_variant, referred_by)
       VALUES ($1, $2, $3, 'REFERRED', $4, 'LOCAL_TEAM', $5, $6, $7) RETURNING ${TRAJECTORY_COLUMNS}`,
      [youthId, familyPlanId, a.municipalityId, viewer.providerId, a.picId, variant.variant, viewer.id],
    ))!;
    await this.db.query(`INSERT INTO family_plan_youth (family_plan_id, youth_id) VALUES ($1, $2)`, [
      familyPlanId,
      youthId,
    ]);
    await this.db.query(`INSERT INTO responsibility_period (trajectory_id, provider_id, since) VALUES ($1, $2, $3)`, [
      trajectory.id,
      trajectory.responsibleProviderId,
      trajectory.referredAt,
    ]);
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.REFERRED, { detail: a.question });
    await this.accessLog.record([youthId], 'CREATE', 'assignment from the municipality (iJw)');
    return trajectory;
  }

  /**
   * The consortium's lead assigns a lead or partner (on today's date) as main contractor: the
   * responsibility moves to it (recorded), and it accepts the referral, or returns it to intake.
   */
  async assignMainContractor(input: AssignMainContractorInput): Promise<TrajectoryRow> {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'assign a main contractor');
    const next = assertTransition(trajectory.status, TrajectoryAction.ASSIGN);
    const member = await this.db.one<{ known: boolean; member: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM provider WHERE id = $2) AS known,
              EXISTS (SELECT 1 FROM consortium_membership cm
                       WHERE cm.consortium_id = $1 AND cm.provider_id = $2 AND cm.role IN ('LEAD', 'PARTNER')
                         AND $3::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')) AS member`,
      [trajectory.consortiumId, input.providerId, today()],
    );
    if (!member!.known) throw BadUserInputError.field('input.providerId', 'UNKNOWN', { what: 'provider' });
    assertConsortiumMember(member!.member);
    const note = input.note?.trim() || null;
    if (input.providerId === trajectory.responsibleProviderId) {
      // the lead takes the youth itself
      await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.MAIN_CONTRACTOR_ASSIGNED, {
        detail: note,
      });
      await this.accessLog.record([trajectory.youthId], 'UPDATE', 'assign main contractor');
      return (await this.db.one<TrajectoryRow>(
        `UPDATE trajectory t SET status = $2 WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
        [trajectory.id, next],
      ))!;
    }
    const assigned = await this.trajectories.switchResponsibility(
      trajectory,
      input.providerId,
      note,
      TrajectoryEventKind.MAIN_CONTRACTOR_ASSIGNED,
      { status: next },
    );
    await this.notify(input.providerId, NotificationKind.NEW_REFERRAL, `/trajectories/${trajectory.id}`);
    return assigned;
  }

  async accept(id: string): Promise<TrajectoryRow> {
    const trajectory = await this.trajectories.forChange(id);
    this.trajectories.assertResponsible(trajectory, 'accept this referral');
    const next = assertTransition(trajectory.status, TrajectoryAction.ACCEPT);
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET status = $2, started_at = now() WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id, next],
    );
    await this.db.query(`INSERT INTO help_plan (trajectory_id) VALUES ($1)`, [trajectory.id]);
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.ACCEPTED);
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'accept referral');
    return updated!;
  }

  /**
   * The provider cannot take the youth. A referral to one provider is declined (the referrer refers
   * again); a consortium's member returns it to the consortium's intake, the lead responsible again.
   * The consortium itself never sends a youth back (collective responsibility).
   */
  async decline(id: string, reason: string): Promise<TrajectoryRow> {
    if (!reason?.trim()) throw BadUserInputError.field('reason', 'DECLINE_REASON_REQUIRED');
    const trajectory = await this.trajectories.forChange(id);
    this.trajectories.assertResponsible(trajectory, 'decline this referral');
    if (trajectory.consortiumId) {
      if (trajectory.status === TrajectoryStatus.INTAKE) assertCollectiveResponsibility(trajectory.consortiumId);
      return this.returnToIntake(trajectory, reason.trim());
    }
    const next = assertTransition(trajectory.status, TrajectoryAction.DECLINE);
    assertAcceptanceObligation(trajectory.segment, 'declined');
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET status = $3, closed_at = now(), decline_reason = $2 WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id, reason.trim(), next],
    );
    await this.db.query(`UPDATE responsibility_period SET until = now() WHERE trajectory_id = $1 AND until IS NULL`, [
      trajectory.id,
    ]);
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.DECLINED, { detail: reason.trim() });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'decline referral');
    return updated!;
  }

  /** An assigned member cannot take the youth: back to the consortium's intake, its lead responsible. */
  private async returnToIntake(trajectory: TrajectoryRow, reason: string): Promise<TrajectoryRow> {
    const next = assertTransition(trajectory.status, TrajectoryAction.RETURN_TO_INTAKE);
    const lead = await this.db.one<{ providerId: string }>(
      `SELECT cm.provider_id AS "providerId" FROM consortium_membership cm
        WHERE cm.consortium_id = $1 AND cm.role = 'LEAD' AND $2::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')`,
      [trajectory.consortiumId, today()],
    );
    if (!lead) {
      throw new RuleViolationError(
        'COLLECTIVE_RESPONSIBILITY',
        'The consortium has no lead today to take the youth back into intake; contact the region.',
      );
    }
    if (lead.providerId === trajectory.responsibleProviderId) {
      await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.RETURNED_TO_INTAKE, { detail: reason });
      await this.accessLog.record([trajectory.youthId], 'UPDATE', 'return to intake');
      return (await this.db.one<TrajectoryRow>(
        `UPDATE trajectory t SET status = $2 WHERE t.id = $1 RETURNING ${TRAJECTORY_COLUMNS}`,
        [trajectory.id, next],
      ))!;
    }
    return this.trajectories.switchResponsibility(
      trajectory,
      lead.providerId,
      reason,
      TrajectoryEventKind.RETURNED_TO_INTAKE,
      { status: next },
    );
  }
}

/** The main contractor assigned at intake is a lead or partner of that consortium on that date. */
export function assertConsortiumMember(isMember: boolean): void {
  if (!isMember) {
    throw new RuleViolationError(
      'CONSORTIUM_MEMBER_REQUIRED',
      'Only a lead or partner of this consortium (today) can become the main contractor of a youth in its intake.',
    );
  }
}
