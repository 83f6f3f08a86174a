import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { dayOf } from '../../core/dates.js';
import { ConflictError, FieldProblems, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import {
  checkSocietalGoals,
  type TrajectoryForChange,
  type TrajectoryService,
} from '../trajectory/trajectory.service.js';
import { TrajectoryEventKind, TrajectoryStatus } from '../trajectory/trajectory.types.js';
import type { GoalInput, UpdateFamilyPlanInput, UpdateHelpPlanInput } from './plan.inputs.js';
import {
  GoalKind,
  type FamilyPlanRow,
  type GoalRow,
  type HelpPlanRow,
  type PlanChange,
  type PlanRevisionRow,
} from './plan.types.js';
import { assertTransition, TrajectoryAction } from '../trajectory/trajectory.lifecycle.js';

/** What the rules of a help-plan change look at of its trajectory. */
type HelpPlanChangeBase = Pick<TrajectoryForChange, 'status' | 'responsibleProviderId' | 'startedAt' | 'youthId'>;

export const FAMILY_PLAN = `f.id, f.version, f.question, f.context, f.municipality_id AS "municipalityId", f.updated_at AS "updatedAt"`;
export const HELP_PLAN = `h.trajectory_id AS id, h.trajectory_id AS "trajectoryId", h.version, h.effort_description AS "effortDescription",
  h.end_date AS "endDate", h.updated_at AS "updatedAt"`;
export const GOAL = `g.id, g.kind, g.description, g.target_date AS "targetDate", g.family_plan_id AS "familyPlanId",
  g.help_plan_id AS "helpPlanId", g.contributes_to_id AS "contributesToId", g.life_domain AS "lifeDomain"`;

const goalsText = (goals: { description: string; targetDate: string | null }[]) =>
  goals.map((g) => (g.targetDate ? `${g.description} (${g.targetDate})` : g.description)).join('\n');

/** The changed fields, for the plan's version history. */
function changesOf(
  before: Record<string, string | null>,
  after: Record<string, string | null | undefined>,
): PlanChange[] {
  return Object.entries(after)
    .filter(([field, value]) => value !== undefined && value !== before[field])
    .map(([field, value]) => ({ field, before: before[field], after: value ?? null }));
}

/**
 * The family plan (shared by the referrer and the responsible providers of the family) and each
 * trajectory's help plan. Every change checks the version the editor started from: a stale
 * version changes nothing and answers CONFLICT with the current version (domain rule 7).
 */
export class PlanService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
  ) {}

  // --- reads ------------------------------------------------------------------------------

  /** Family plans of a visible trajectory, or of the referrer's municipality. */
  familyPlansByIds(ids: string[]): Promise<FamilyPlanRow[]> {
    const params: unknown[] = [ids];
    const byReferrer = this.scope.hasRole(Role.REFERRER)
      ? ` OR f.municipality_id = $${params.push(this.scope.municipalityId)}`
      : '';
    return this.db.query(
      `SELECT ${FAMILY_PLAN} FROM family_plan f WHERE f.id = ANY($1)
          AND (EXISTS (SELECT 1 FROM trajectory t WHERE t.family_plan_id = f.id AND ${this.trajectories.visibility(params)})${byReferrer})`,
      params,
    );
  }

  helpPlansOf(trajectoryIds: string[]): Promise<HelpPlanRow[]> {
    const params: unknown[] = [trajectoryIds];
    return this.db.query(
      `SELECT ${HELP_PLAN} FROM help_plan h JOIN trajectory t ON t.id = h.trajectory_id WHERE h.trajectory_id = ANY($1) AND ${this.trajectories.visibility(params)}`,
      params,
    );
  }

  /**
   * SQL: the viewer may see this part of a family plan (a goal of life domain `domain`, or with
   * NULL the plan's history) — unless it works on the family only through expertise requests
   * that do not share it. Row-level security applies the same rule.
   */
  private sharedPart(params: unknown[], familyPlan: string, domain: string): string {
    if (!this.scope.providerId) return 'true';
    const provider = `$${params.push(this.scope.providerId)}`;
    const grants = `FROM trajectory t JOIN trajectory_access a ON a.trajectory_id = t.id AND a.provider_id = ${provider}`;
    return `(NOT EXISTS (SELECT 1 ${grants} WHERE t.family_plan_id = ${familyPlan} AND a.role = 'EXPERTISE')
       OR EXISTS (SELECT 1 ${grants} LEFT JOIN expertise_request e ON e.id = a.source_id AND a.role = 'EXPERTISE'
                   WHERE t.family_plan_id = ${familyPlan} AND (a.role <> 'EXPERTISE' OR ${domain} = ANY (e.shared_life_domains))))`;
  }

  /** Goals of the given family plans and help plans (rows are only reached through a visible plan). */
  goalsOf(familyPlanIds: string[], helpPlanIds: string[]): Promise<GoalRow[]> {
    const params: unknown[] = [familyPlanIds, helpPlanIds];
    return this.db.query(
      `SELECT ${GOAL} FROM goal g
        WHERE (g.family_plan_id = ANY($1) AND ${this.sharedPart(params, 'g.family_plan_id', 'g.life_domain')})
           OR g.help_plan_id = ANY($2) ORDER BY g.position, g.id`,
      params,
    );
  }

  goalsByIds(ids: string[]): Promise<GoalRow[]> {
    const params: unknown[] = [ids];
    return this.db.query(
      `SELECT ${GOAL} FROM goal g WHERE g.id = ANY($1)
          AND (g.family_plan_id IS NULL OR ${this.sharedPart(params, 'g.family_plan_id', 'g.life_domain')})`,
      params,
    );
  }

  /** The youths of family plans that the viewer may see (a sibling with another provider stays hidden). */
  youthIdsOf(familyPlanIds: string[]): Promise<{ familyPlanId: string; youthId: string }[]> {
    const params: unknown[] = [familyPlanIds];
    return this.db.query(
      `SELECT fy.family_plan_id AS "familyPlanId", fy.youth_id AS "youthId" FROM family_plan_youth fy JOIN youth y ON y.id = fy.youth_id
        WHERE fy.family_plan_id = ANY($1) AND ${this.youthVisibility(params)}
        ORDER BY y.birth_date`,
      params,
    );
  }

  /** Which youth `y` of a family plan the viewer may see, as SQL (pushes its parameters onto `params`). */
  youthVisibility(params: unknown[]): string {
    const byReferrer = this.scope.hasRole(Role.REFERRER)
      ? ` OR y.municipality_id = $${params.push(this.scope.municipalityId)}`
      : '';
    return `(EXISTS (SELECT 1 FROM trajectory t WHERE t.youth_id = y.id AND ${this.trajectories.visibility(params)})${byReferrer})`;
  }

  revisionsOf(familyPlanIds: string[], helpPlanIds: string[]): Promise<PlanRevisionRow[]> {
    const params: unknown[] = [familyPlanIds, helpPlanIds];
    return this.db.query(
      `SELECT coalesce(r.family_plan_id, r.help_plan_id) AS "planId", r.version, r.changed_at AS "changedAt", u.name AS "changedByName",
              coalesce(p.name, m.name, rg.name) AS "changedByOrganisation", r.changes
         FROM plan_revision r JOIN app_user u ON u.id = r.changed_by
         LEFT JOIN provider p ON p.id = u.provider_id LEFT JOIN municipality m ON m.id = u.municipality_id LEFT JOIN region rg ON rg.id = u.region_id
        WHERE (r.family_plan_id = ANY($1) AND ${this.sharedPart(params, 'r.family_plan_id', 'NULL')})
           OR r.help_plan_id = ANY($2) ORDER BY r.version DESC`,
      params,
    );
  }

  // --- changes ----------------------------------------------------------------------------

  async updateFamilyPlan(input: UpdateFamilyPlanInput): Promise<FamilyPlanRow> {
    const viewer = this.scope.requireRole(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const id = assertId(input.id, 'input.id');
    const plan = await this.db.one<FamilyPlanRow>(
      `SELECT ${FAMILY_PLAN} FROM family_plan f WHERE f.id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    const params: unknown[] = [id];
    const trajectoryIds = plan
      ? await this.db.query<{ id: string; youthId: string; responsibleProviderId: string; status: TrajectoryStatus }>(
          `SELECT t.id, t.youth_id AS "youthId", t.responsible_provider_id AS "responsibleProviderId", t.status
             FROM trajectory t WHERE t.family_plan_id = $1 AND ${this.trajectories.visibility(params)}
            ORDER BY t.id FOR NO KEY UPDATE OF t`,
          params,
        )
      : [];
    const isReferrer = !!plan && viewer.roles.includes(Role.REFERRER) && plan.municipalityId === viewer.municipalityId;
    if (!plan || (!isReferrer && trajectoryIds.length === 0)) throw new NotFoundError('Family plan');
    if (!isReferrer && !trajectoryIds.some((t) => t.responsibleProviderId === viewer.providerId)) {
      throw new ForbiddenError('Only the referrer and the responsible provider can change the family plan.');
    }
    if (input.version !== plan.version) throw new ConflictError('The family plan', plan.version);

    const problems = new FieldProblems();
    if (input.goals) checkSocietalGoals(input.goals, problems);
    problems.throwIfAny();

    const goalsBefore = await this.goalsOf([plan.id], []);
    const change: unknown[] = [plan.id, input.version, input.question?.trim() ?? null, input.context?.trim() ?? null];
    const goals = input.goals ? this.goalsSql(input.goals, goalsBefore, { familyPlanId: plan.id }, change) : null;
    const goalsChanged = !!goals?.changed;
    const changes = changesOf(
      { question: plan.question, context: plan.context, goals: goalsText(goalsBefore) },
      {
        question: input.question?.trim(),
        context: input.context?.trim(),
        goals: goalsChanged
          ? goalsText(
              input.goals!.map((g) => ({ description: g.description.trim(), targetDate: g.targetDate ?? null })),
            )
          : undefined,
      },
    );
    const updated = await this.db.one<FamilyPlanRow>(
      `WITH h AS (
         UPDATE family_plan f SET question = coalesce($3, question), context = coalesce($4, context), version = version + 1, updated_at = now()
          WHERE f.id = $1 AND f.version = $2 RETURNING ${FAMILY_PLAN}
       )${goals ? `, ${goals.sql}` : ''}
       SELECT * FROM h`,
      change,
    );
    if (!updated) throw new ConflictError('The family plan', plan.version + 1);
    await this.db.query(
      `INSERT INTO plan_revision (family_plan_id, version, changed_by, changes) VALUES ($1, $2, $3, $4)`,
      [plan.id, updated.version, viewer.id, JSON.stringify(changes)],
    );
    if (trajectoryIds.length)
      await this.trajectories.recordEvent(
        trajectoryIds.map((t) => t.id),
        TrajectoryEventKind.FAMILY_PLAN_UPDATED,
        { detail: changes.map((c) => c.field).join(', ') || null },
      );
    await this.accessLog.record(
      trajectoryIds.map((t) => t.youthId),
      'UPDATE',
      'family plan',
    );
    return updated;
  }

  /**
   * The change as one statement when only the text and end date change: the plan's compare-and-set
   * on its version with its revision, timeline event and access log, in the statement that reads
   * and locks the trajectory; the rules are checked on what that statement read, and a refused
   * change is rolled back. A change that did not apply (another version, no plan, not the viewer's
   * to change) and a change of goals take the reading path (`updateHelpPlanAfterReading`), which
   * says why or checks the goals against the plans before writing.
   */
  async updateHelpPlan(input: UpdateHelpPlanInput): Promise<HelpPlanRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    if (input.goals) return this.updateHelpPlanAfterReading(input);
    const effort = input.effortDescription?.trim() ?? null;
    const params: unknown[] = [input.version, effort, input.endDate ?? null, input.endDate !== undefined];
    const trajectory = this.trajectories.ownForChangeSql(
      input.trajectoryId,
      'input.trajectoryId',
      `t.id, t.status, t.responsible_provider_id AS "responsibleProviderId", t.started_at AS "startedAt",
       t.youth_id AS "youthId"`,
      params,
    );
    // a change lists each given field whose value differs (as `changesOf` does for the reading path)
    const effortChanged = `$2::text IS NOT NULL AND h."effortBefore" IS DISTINCT FROM $2::text`;
    const endDateChanged = `$4 AND h."endDateBefore" IS DISTINCT FROM $3::text`;
    const change = (field: string, before: string, after: string) =>
      `jsonb_build_array(jsonb_build_object('field', '${field}', 'before', ${before}, 'after', ${after}))`;
    const row = await this.accessLog.inTurn(async () => {
      // RLS lets only the responsible provider of an active trajectory update the plan
      const result = await this.db.one<HelpPlanChangeBase & { updated: boolean } & HelpPlanRow>(
        `WITH t AS (${trajectory}), h AS (
           UPDATE help_plan h SET effort_description = coalesce($2, effort_description), end_date = CASE WHEN $4 THEN $3::date ELSE end_date END,
                  version = version + 1, updated_at = now()
             FROM t WHERE h.trajectory_id = t.id AND h.version = $1
           RETURNING ${HELP_PLAN}, old.effort_description AS "effortBefore", to_char(old.end_date, 'YYYY-MM-DD') AS "endDateBefore"
         ), changes AS (
           SELECT CASE WHEN ${effortChanged} THEN ${change('effortDescription', 'h."effortBefore"', '$2::text')} ELSE '[]' END
               || CASE WHEN ${endDateChanged} THEN ${change('endDate', 'h."endDateBefore"', '$3::text')} ELSE '[]' END AS list,
                  nullif(concat_ws(', ', CASE WHEN ${effortChanged} THEN 'effortDescription' END,
                                         CASE WHEN ${endDateChanged} THEN 'endDate' END), '') AS fields
             FROM h
         ), revision AS (
           INSERT INTO plan_revision (help_plan_id, version, changed_by, changes)
           SELECT h.id, h.version, $${params.push(viewer.id)}, changes.list FROM h, changes
         ), event AS (
           ${this.trajectories.eventInsertSql('SELECT h.id, changes.fields FROM h, changes', TrajectoryEventKind.HELP_PLAN_UPDATED, { detailInSource: true }, params)}
         ), log AS (
           ${this.accessLog.insertSql(`SELECT t."youthId" FROM t, h`, 'UPDATE', 'help plan', params)}
         )
         SELECT t.status, t."responsibleProviderId", t."startedAt", t."youthId", h.id IS NOT NULL AS updated,
                h."trajectoryId", h.version, h."effortDescription", h."endDate", h."updatedAt"
           FROM t LEFT JOIN h ON true`,
        params,
        { prepared: true },
      );
      if (result?.updated) this.accessLog.markLogged([result.youthId]);
      return result;
    });
    if (!row?.updated) return this.updateHelpPlanAfterReading(input);
    try {
      this.checkHelpPlanChange(row, input.version, input);
    } catch (error) {
      this.db.markForRollback();
      throw error;
    }
    const { trajectoryId, version, effortDescription, endDate, updatedAt } = row;
    return { id: trajectoryId, trajectoryId, version, effortDescription, endDate, updatedAt };
  }

  /** The rules of a help-plan change, on the trajectory and the plan's version as they were before it. */
  private checkHelpPlanChange(
    trajectory: HelpPlanChangeBase,
    planVersion: number | undefined,
    input: UpdateHelpPlanInput,
    societalGoalIds: string[] = [],
  ): void {
    this.trajectories.assertResponsible(trajectory, 'change the help plan');
    assertTransition(
      trajectory.status,
      TrajectoryAction.WORK,
      trajectory.status === TrajectoryStatus.CLOSED || trajectory.status === TrajectoryStatus.CANCELLED
        ? 'The help plan of an ended trajectory cannot change.'
        : 'The help plan is written after the referral is accepted.',
    );
    if (input.version !== planVersion) throw new ConflictError('The help plan', planVersion ?? 0);

    const problems = new FieldProblems();
    if (input.endDate && trajectory.startedAt && input.endDate < dayOf(trajectory.startedAt)) {
      problems.add('input.endDate', 'BEFORE_TRAJECTORY_START');
    }
    if (input.goals) {
      const societal = new Set(societalGoalIds);
      input.goals.forEach((goal, i) => {
        if (goal.kind !== GoalKind.TREATMENT) problems.add(`input.goals.${i}.kind`, 'TREATMENT_GOALS_ONLY');
        if (goal.contributesToGoalId && !societal.has(goal.contributesToGoalId)) {
          problems.add(`input.goals.${i}.contributesToGoalId`, 'NOT_A_SOCIETAL_GOAL_OF_PLAN');
        }
      });
    }
    problems.throwIfAny();
  }

  /**
   * Two statements: the trajectory (locked) with its help plan and, when goals are given, its goals
   * and the family plan's goal ids; then the change as one statement (goals, the plan as a
   * compare-and-set on its version, revision, timeline event, access log).
   */
  private async updateHelpPlanAfterReading(input: UpdateHelpPlanInput): Promise<HelpPlanRow> {
    const viewer = this.scope.requireViewer();
    const wanted = input.goals ?? null;
    const trajectory = await this.trajectories.forChange<{
      /** None before the referral is accepted: the rules refuse that first. */
      plan: HelpPlanRow | null;
      goals: GoalRow[] | null;
      societalGoalIds: string[] | null;
    }>(
      input.trajectoryId,
      'input.trajectoryId',
      () => `(SELECT row_to_json(h) FROM (SELECT ${HELP_PLAN} FROM help_plan h WHERE h.trajectory_id = t.id) h) AS plan,
        ${wanted ? `(SELECT json_agg(g) FROM (SELECT ${GOAL} FROM goal g WHERE g.help_plan_id = t.id ORDER BY g.position, g.id) g)` : 'NULL'} AS goals,
        ${wanted ? `ARRAY(SELECT g.id FROM goal g WHERE g.family_plan_id = t.family_plan_id)` : 'NULL'} AS "societalGoalIds"`,
    );
    this.checkHelpPlanChange(trajectory, trajectory.plan?.version, input, trajectory.societalGoalIds ?? []);
    const plan = trajectory.plan as HelpPlanRow; // past the rules the trajectory is active: it has its plan

    const goalsBefore = trajectory.goals ?? [];
    const params: unknown[] = [
      trajectory.id,
      input.version,
      input.effortDescription?.trim() ?? null,
      input.endDate ?? null,
      input.endDate !== undefined,
    ];
    const goals = wanted ? this.goalsSql(wanted, goalsBefore, { helpPlanId: trajectory.id }, params) : null;
    const changes = changesOf(
      { effortDescription: plan.effortDescription, endDate: plan.endDate, goals: goalsText(goalsBefore) },
      {
        effortDescription: input.effortDescription?.trim(),
        endDate: input.endDate,
        goals: goals?.changed
          ? goalsText(wanted!.map((g) => ({ description: g.description.trim(), targetDate: g.targetDate ?? null })))
          : undefined,
      },
    );
    const updated = await this.accessLog.inTurn(async () => {
      const row = await this.db.one<HelpPlanRow>(
        `WITH h AS (
           UPDATE help_plan h SET effort_description = coalesce($3, effort_description), end_date = CASE WHEN $5 THEN $4::date ELSE end_date END,
                  version = version + 1, updated_at = now()
            WHERE h.trajectory_id = $1 AND h.version = $2 RETURNING ${HELP_PLAN}
         ), ${goals ? `${goals.sql}, ` : ''}revision AS (
           INSERT INTO plan_revision (help_plan_id, version, changed_by, changes)
           SELECT h.id, h.version, $${params.push(viewer.id)}, $${params.push(JSON.stringify(changes))}::jsonb FROM h
         ), event AS (
           ${this.trajectories.eventInsertSql('SELECT id FROM h', TrajectoryEventKind.HELP_PLAN_UPDATED, { detail: changes.map((c) => c.field).join(', ') || null }, params)}
         ), log AS (
           ${this.accessLog.insertSql(`SELECT $${params.push(trajectory.youthId)}::uuid FROM h`, 'UPDATE', 'help plan', params)}
         )
         SELECT * FROM h`,
        params,
        { prepared: true },
      );
      if (row) this.accessLog.markLogged([trajectory.youthId]);
      return row;
    });
    if (!updated) throw new ConflictError('The help plan', plan.version + 1);
    return updated;
  }

  /**
   * Makes a plan's goals exactly `wanted` (goals with an id are changed, goals without one added,
   * goals left out removed), as CTEs that act only when the statement's CTE `h` has a row (the
   * plan's compare-and-set succeeded). Pushes its parameters onto `params`; `changed` tells whether
   * anything changes.
   */
  private goalsSql(
    wanted: GoalInput[],
    current: GoalRow[],
    owner: { familyPlanId?: string; helpPlanId?: string },
    params: unknown[],
  ): { sql: string; changed: boolean } {
    const currentIds = new Set(current.map((g) => g.id));
    const problems = new FieldProblems();
    wanted.forEach(
      (goal, i) => goal.id && !currentIds.has(goal.id) && problems.add(`input.goals.${i}.id`, 'NOT_A_GOAL_OF_PLAN'),
    );
    problems.throwIfAny();
    const keep = new Set(wanted.map((g) => g.id).filter(Boolean));
    const removed = current.filter((g) => !keep.has(g.id)).map((g) => g.id);
    const $ = (value: unknown) => `$${params.push(value)}`;
    const when = 'EXISTS (SELECT FROM h)';
    const sql = `removed_goals AS (
         DELETE FROM goal WHERE id = ANY(${$(removed)}::uuid[]) AND ${when}
       ), saved_goals AS (
         INSERT INTO goal AS g (id, kind, description, target_date, position, family_plan_id, help_plan_id, contributes_to_id, life_domain)
         SELECT coalesce(id, gen_random_uuid()), ${$(owner.familyPlanId ? GoalKind.SOCIETAL : GoalKind.TREATMENT)}, d, td, ord - 1,
                ${$(owner.familyPlanId ?? null)}::uuid, ${$(owner.helpPlanId ?? null)}::uuid, c, ld
           FROM unnest(${$(wanted.map((g) => g.id ?? null))}::uuid[], ${$(wanted.map((g) => g.description.trim()))}::text[],
                       ${$(wanted.map((g) => g.targetDate ?? null))}::date[], ${$(wanted.map((g) => g.contributesToGoalId ?? null))}::uuid[],
                       -- a treatment goal has no life domain of its own: it works toward a societal goal
                       ${$(wanted.map((g) => (owner.familyPlanId ? (g.lifeDomain ?? null) : null)))}::text[])
                WITH ORDINALITY AS w(id, d, td, c, ld, ord)
          WHERE ${when}
         ON CONFLICT (id) DO UPDATE SET description = excluded.description, target_date = excluded.target_date,
           position = excluded.position, contributes_to_id = excluded.contributes_to_id, life_domain = excluded.life_domain
       )`;
    const key = (g: { id?: string | null }, ...rest: unknown[]) => [g.id, ...rest].join('|');
    const before = current.map((g) => key(g, g.description, g.targetDate, g.contributesToId, g.lifeDomain)).join('\n');
    const after = wanted
      .map((g) =>
        key(
          g,
          g.description.trim(),
          g.targetDate ?? null,
          g.contributesToGoalId ?? null,
          owner.familyPlanId ? (g.lifeDomain ?? null) : null,
        ),
      )
      .join('\n');
    return { sql, changed: before !== after };
  }
}
