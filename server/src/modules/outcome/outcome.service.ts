import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import {
  BadUserInputError,
  FieldProblems,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { SettlementService } from '../settlement/settlement.service.js';
import type { TrajectoryService } from '../trajectory/trajectory.service.js';
import { TrajectoryEventKind, TrajectoryStatus, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import { cbsEndCode, isDropout, JZ588_TO_CBS } from './jz588.js';
import type { CorrectOutcomeInput, RecordSocietalResultsInput, SubmitOutcomeInput } from './outcome.inputs.js';
import {
  Informant,
  SatisfactionSource,
  type GoalRealisation,
  type GoalResultRow,
  type OutcomeReportRow,
} from './outcome.types.js';
import { assertTransition, TrajectoryAction } from '../trajectory/trajectory.lifecycle.js';

const OUTCOME = `o.id, o.trajectory_id AS "trajectoryId", o.version, o.continuation, o.end_reason_code AS "endReasonCode",
  o.cbs_end_code AS "cbsEndCode", o.dropout, o.satisfaction_youth AS "satisfactionYouth", o.satisfaction_parent AS "satisfactionParent",
  o.satisfaction_youth_source AS "satisfactionYouthSource", o.satisfaction_parent_source AS "satisfactionParentSource",
  o.correction_reason AS "correctionReason", o.submitted_at AS "submittedAt",
  coalesce((SELECT u.name FROM app_user u WHERE u.id = o.submitted_by), 'het gezin') AS "submittedByName"`;

/** Domain rule 5: a trajectory closes only with a submitted outcome report. */
export function assertOutcomeRequired(outcome: OutcomeReportRow | undefined): asserts outcome is OutcomeReportRow {
  if (!outcome)
    throw new RuleViolationError('OUTCOME_REQUIRED', 'A trajectory closes only with a submitted outcome report.');
}

/**
 * Outcome reports (resultaatmeting) and closing: the responsible provider reports a result for
 * every treatment goal, satisfaction of youth and parent, the continuation need and the JZ588
 * end reason. Reports are never edited: a correction is a new version with a reason, and a
 * corrected outcome of a closed trajectory is settled again as a new settlement version.
 */
export class OutcomeService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly settlements: SettlementService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Outcome versions of visible trajectories, newest first; for the responsible provider and the referrer only. */
  async versionsOf(trajectoryIds: string[]): Promise<OutcomeReportRow[]> {
    const params: unknown[] = [trajectoryIds];
    const own: string[] = [];
    if (this.scope.providerId) own.push(`t.responsible_provider_id = $${params.push(this.scope.providerId)}`);
    if (this.scope.hasRole(Role.REFERRER)) own.push(`t.municipality_id = $${params.push(this.scope.municipalityId)}`);
    if (!own.length) return [];
    return this.db.query(
      `SELECT ${OUTCOME} FROM outcome_report o JOIN trajectory t ON t.id = o.trajectory_id
        WHERE o.trajectory_id = ANY($1) AND (${own.join(' OR ')}) ORDER BY o.version DESC`,
      params,
    );
  }

  goalResultsOf(outcomeIds: string[]): Promise<GoalResultRow[]> {
    return this.db.query(
      `SELECT gr.outcome_report_id AS "outcomeReportId", gr.goal_id AS "goalId", gr.realisation
         FROM goal_result gr JOIN goal g ON g.id = gr.goal_id WHERE gr.outcome_report_id = ANY($1) ORDER BY g.position`,
      [outcomeIds],
    );
  }

  societalResultsOf(goalIds: string[]): Promise<{ goalId: string; realisation: GoalRealisation }[]> {
    return this.db.query(`SELECT goal_id AS "goalId", realisation FROM societal_goal_result WHERE goal_id = ANY($1)`, [
      goalIds,
    ]);
  }

  private async latest(trajectoryId: string): Promise<OutcomeReportRow | undefined> {
    return this.db.one<OutcomeReportRow>(
      `SELECT ${OUTCOME} FROM outcome_report o WHERE o.trajectory_id = $1 ORDER BY o.version DESC LIMIT 1`,
      [trajectoryId],
    );
  }

  async submit(input: SubmitOutcomeInput): Promise<OutcomeReportRow> {
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'report the outcome');
    if (await this.latest(trajectory.id)) {
      throw new RuleViolationError(
        'IMMUTABLE',
        'An outcome was already submitted; it cannot be edited. Submit a correction (a new version) with a reason.',
      );
    }
    assertTransition(
      trajectory.status,
      TrajectoryAction.WORK,
      'The outcome is reported for an active trajectory (after acceptance, before closing).',
    );
    const outcome = await this.write(trajectory, input, null);
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.OUTCOME_SUBMITTED, {
      detail: `JZ588 ${input.endReasonCode}`,
    });
    return outcome;
  }

  async correct(input: CorrectOutcomeInput): Promise<OutcomeReportRow> {
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'correct the outcome');
    if (!(await this.latest(trajectory.id)))
      throw new RuleViolationError('INVALID_TRANSITION', 'There is no outcome to correct yet; submit one first.');
    assertTransition(trajectory.status, TrajectoryAction.CORRECT_OUTCOME);
    const reason = input.reason.trim();
    const outcome = await this.write(trajectory, input, reason);
    if (trajectory.status === TrajectoryStatus.CLOSED) {
      await this.settlements.settle(
        trajectory,
        outcome,
        input.goalResults.map((r) => r.realisation),
        reason,
      );
      await this.db.query(`SELECT access.refresh_trajectory_facts($1)`, [[trajectory.id]]);
    }
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.OUTCOME_CORRECTED, { detail: reason });
    return outcome;
  }

  /** Validates and writes a new outcome version with its goal results. */
  private async write(
    trajectory: TrajectoryRow,
    input: SubmitOutcomeInput,
    correctionReason: string | null,
  ): Promise<OutcomeReportRow> {
    const problems = new FieldProblems();
    const cbs = cbsEndCode(input.endReasonCode);
    if (input.endReasonCode === '20') problems.add('input.endReasonCode', 'JZ588_INTERRUPTION');
    else if (!cbs)
      problems.add('input.endReasonCode', 'NOT_A_JZ588_ENDING', { codes: Object.keys(JZ588_TO_CBS).join(', ') });
    const goals = await this.db.query<{ id: string }>(`SELECT id FROM goal WHERE help_plan_id = $1`, [trajectory.id]);
    const goalIds = new Set(goals.map((g) => g.id));
    const reported = new Set<string>();
    input.goalResults.forEach((r, i) => {
      if (!goalIds.has(r.goalId)) problems.add(`input.goalResults.${i}.goalId`, 'NOT_A_TREATMENT_GOAL_OF_HELP_PLAN');
      else if (reported.has(r.goalId)) problems.add(`input.goalResults.${i}.goalId`, 'RESULT_TWICE');
      reported.add(r.goalId);
    });
    const missing = [...goalIds].filter((id) => !reported.has(id));
    if (missing.length) problems.add('input.goalResults', 'MISSING_RESULTS', { count: missing.length });
    const informants = input.satisfaction.map((s) => s.informant);
    if (new Set(informants).size !== informants.length) problems.add('input.satisfaction', 'SAME_INFORMANT_TWICE');
    problems.throwIfAny();

    // the family's own answer, given through a questionnaire link, is never overwritten by the professional
    const family = await this.db.query<{ informant: Informant; score: number | null }>(
      `SELECT DISTINCT ON (informant) informant, score FROM questionnaire_link
        WHERE trajectory_id = $1 AND used_at IS NOT NULL ORDER BY informant, used_at DESC`,
      [trajectory.id],
    );
    const score = (who: Informant) => {
      const own = family.find((f) => f.informant === who);
      if (own) return { score: own.score, source: SatisfactionSource.FAMILY };
      const given = input.satisfaction.find((s) => s.informant === who)?.score ?? null;
      return { score: given, source: SatisfactionSource.PROFESSIONAL };
    };
    const [youth, parent] = [score(Informant.YOUTH), score(Informant.PARENT)];
    const viewer = this.scope.requireViewer();
    const [{ id }] = await this.db.query<{ id: string }>(
      `INSERT INTO outcome_report (trajectory_id, version, continuation, end_reason_code, cbs_end_code, dropout, satisfaction_youth,
         satisfaction_parent, satisfaction_youth_source, satisfaction_parent_source, correction_reason, submitted_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM outcome_report WHERE trajectory_id = $1
       RETURNING id`,
      [
        trajectory.id,
        input.continuation,
        input.endReasonCode,
        cbs,
        isDropout(input.endReasonCode),
        youth.score,
        parent.score,
        youth.source,
        parent.source,
        correctionReason,
        viewer.id,
      ],
    );
    if (input.goalResults.length) {
      await this.db.query(
        `INSERT INTO goal_result (outcome_report_id, goal_id, realisation) SELECT $1, g, r FROM unnest($2::uuid[], $3::text[]) AS x(g, r)`,
        [id, input.goalResults.map((r) => r.goalId), input.goalResults.map((r) => r.realisation)],
      );
    }
    await this.accessLog.record([trajectory.youthId], correctionReason ? 'UPDATE' : 'CREATE', 'outcome report');
    return (await this.db.one<OutcomeReportRow>(`SELECT ${OUTCOME} FROM outcome_report o WHERE o.id = $1`, [id]))!;
  }

  /**
   * Closes an active trajectory with its outcome: settles it, ends the responsibility period and
   * any expertise still open, and records the figures contract managers see.
   */
  async close(trajectoryId: string): Promise<TrajectoryRow> {
    const trajectory = await this.trajectories.forChange(trajectoryId);
    this.trajectories.assertResponsible(trajectory, 'close the trajectory');
    const next = assertTransition(trajectory.status, TrajectoryAction.CLOSE);
    const outcome = await this.latest(trajectory.id);
    assertOutcomeRequired(outcome);
    await this.db.query(`UPDATE trajectory SET status = $2, closed_at = now() WHERE id = $1`, [trajectory.id, next]);
    const updated = await this.trajectories.forChange(trajectory.id);
    const results = (await this.goalResultsOf([outcome.id])).map((r) => r.realisation);
    await this.settlements.settle(updated, outcome, results, null);
    await this.db.query(`UPDATE responsibility_period SET until = now() WHERE trajectory_id = $1 AND until IS NULL`, [
      trajectory.id,
    ]);
    await this.db.query(
      `UPDATE expertise_request SET status = CASE status WHEN 'ACCEPTED' THEN 'COMPLETED' ELSE 'WITHDRAWN' END, ended_at = now()
        WHERE trajectory_id = $1 AND status IN ('REQUESTED', 'ACCEPTED')`,
      [trajectory.id],
    );
    await this.db.query(
      `UPDATE responsibility_transfer SET status = 'DECLINED', decline_reason = 'The trajectory was closed.', responded_at = now()
        WHERE trajectory_id = $1 AND status = 'PENDING'`,
      [trajectory.id],
    );
    await this.db.query(`SELECT access.refresh_trajectory_facts($1)`, [[trajectory.id]]);
    await this.trajectories.recordEvent([trajectory.id], TrajectoryEventKind.CLOSED);
    await this.accessLog.record([trajectory.youthId], 'UPDATE', 'close trajectory');
    return updated;
  }

  /** The referrer records the societal results of the family plan, also after closure. */
  async recordSocietalResults(input: RecordSocietalResultsInput): Promise<string[]> {
    const viewer = this.scope.requireRole(Role.REFERRER);
    const plan = await this.db.one<{ municipalityId: string }>(
      `SELECT municipality_id AS "municipalityId" FROM family_plan WHERE id = $1`,
      [assertId(input.familyPlanId, 'input.familyPlanId')],
    );
    if (!plan) throw new NotFoundError('Family plan');
    if (plan.municipalityId !== viewer.municipalityId)
      throw new ForbiddenError('Only the referring municipality records the societal results.');
    const societal = new Set(
      (await this.db.query<{ id: string }>(`SELECT id FROM goal WHERE family_plan_id = $1`, [input.familyPlanId])).map(
        (g) => g.id,
      ),
    );
    const problems = new FieldProblems();
    input.results.forEach(
      (r, i) => !societal.has(r.goalId) && problems.add(`input.results.${i}.goalId`, 'NOT_A_SOCIETAL_GOAL_OF_PLAN'),
    );
    problems.throwIfAny();
    if (!input.results.length) throw BadUserInputError.field('input.results', 'EMPTY_LIST', { what: 'result' });
    await this.db.query(
      `INSERT INTO societal_goal_result (goal_id, realisation, recorded_by) SELECT g, r, $3 FROM unnest($1::uuid[], $2::text[]) AS x(g, r)
       ON CONFLICT (goal_id) DO UPDATE SET realisation = excluded.realisation, recorded_by = excluded.recorded_by, recorded_at = now()`,
      [input.results.map((r) => r.goalId), input.results.map((r) => r.realisation), viewer.id],
    );
    // locked in id order, like every change that touches several trajectories (no deadlocks)
    const trajectories = await this.db.query<{ id: string; youthId: string }>(
      `SELECT id, youth_id AS "youthId" FROM trajectory WHERE family_plan_id = $1 ORDER BY id FOR NO KEY UPDATE`,
      [input.familyPlanId],
    );
    await this.trajectories.recordEvent(
      trajectories.map((t) => t.id),
      TrajectoryEventKind.SOCIETAL_RESULTS_RECORDED,
    );
    await this.accessLog.record(
      trajectories.map((t) => t.youthId),
      'UPDATE',
      'societal results',
    );
    return input.results.map((r) => r.goalId);
  }
}
