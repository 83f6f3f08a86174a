import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { addMonths, today } from '../../core/dates.js';
import { withConstraintMessages, type ConstraintMessages } from '../../core/errors/database-errors.js';
import { ConflictError, FieldProblems, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import { decodeCursor, keysetConnection } from '../../core/graphql/keyset-cursor.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Notify } from '../notification/notification.service.js';
import { NotificationKind } from '../notification/notification.types.js';
import type {
  ImprovementPlanDecisionInput,
  ImprovementPlansArgs,
  RequireImprovementPlanInput,
  SubmitImprovementPlanInput,
} from './improvement-plan.inputs.js';
import { assertImprovementPlanTransition, type ImprovementPlanAction } from './improvement-plan.rules.js';
import { ImprovementPlanStatus, type ImprovementActionRow, type ImprovementPlanRow } from './improvement-plan.types.js';

const PLAN = `ip.id, ip.provider_id AS "providerId", ip.municipality_id AS "municipalityId", ip.reason, ip.due_date AS "dueDate",
  ip.status, ip.response, ip.requested_at AS "requestedAt", ip.submitted_at AS "submittedAt", ip.version`;

const CONSTRAINTS = {
  improvement_plan_provider_id_fkey: { field: 'input.providerId', reason: 'UNKNOWN', params: { what: 'provider' } },
} satisfies ConstraintMessages;

/**
 * Improvement plans (verbeterplannen): a contract manager requires one of a provider, the
 * provider's admin answers with actions and dates, the contract manager accepts or closes it.
 * Contract managers see their municipality's plans, provider admins their own, the region all
 * (row-level security enforces the same).
 */
export class ImprovementPlanService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly notify: Notify,
  ) {}

  /** The plans the viewer may see, as SQL over `ip` (pushes its parameters onto `params`). */
  private visibility(params: unknown[]): string {
    if (this.scope.hasRole(Role.REGION_ADMIN)) return 'true';
    const conditions: string[] = [];
    if (this.scope.hasRole(Role.CONTRACT_MANAGER) && this.scope.municipalityId)
      conditions.push(`ip.municipality_id = $${params.push(this.scope.municipalityId)}`);
    if (this.scope.hasRole(Role.PROVIDER_ADMIN) && this.scope.providerId)
      conditions.push(`ip.provider_id = $${params.push(this.scope.providerId)}`);
    return conditions.length ? `(${conditions.join(' OR ')})` : 'false';
  }

  private requireReader(): void {
    this.scope.requireRole(Role.CONTRACT_MANAGER, Role.PROVIDER_ADMIN, Role.REGION_ADMIN);
  }

  async get(id: string): Promise<ImprovementPlanRow | null> {
    this.requireReader();
    const params: unknown[] = [assertId(id, 'id')];
    return (
      (await this.db.one<ImprovementPlanRow>(
        `SELECT ${PLAN} FROM improvement_plan ip WHERE ip.id = $1 AND ${this.visibility(params)}`,
        params,
      )) ?? null
    );
  }

  async list(args: ImprovementPlansArgs) {
    this.requireReader();
    const first = args.first ?? 20;
    const params: unknown[] = [];
    const where = [this.visibility(params)];
    if (args.status) where.push(`ip.status = $${params.push(args.status)}`);
    if (args.providerId) where.push(`ip.provider_id = $${params.push(args.providerId)}`);
    const countParams = [...params];
    const [{ count }] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM improvement_plan ip WHERE ${where.join(' AND ')}`,
      countParams,
    );
    if (args.after) {
      const cursor = decodeCursor(args.after);
      where.push(
        `(ip.requested_at, ip.id) < ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`,
      );
    }
    const rows = await this.db.query<ImprovementPlanRow & { cursorKey: string }>(
      `SELECT ${PLAN}, ip.requested_at::text AS "cursorKey" FROM improvement_plan ip
        WHERE ${where.join(' AND ')} ORDER BY ip.requested_at DESC, ip.id DESC LIMIT $${params.push(first + 1)}`,
      params,
    );
    return keysetConnection(rows, first, 'cursorKey', count);
  }

  actionsOf(planIds: string[]): Promise<ImprovementActionRow[]> {
    return this.db.query(
      `SELECT a.id, a.plan_id AS "planId", a.description, a.due_date AS "dueDate" FROM improvement_action a
        WHERE a.plan_id = ANY($1) ORDER BY a.position, a.id`,
      [planIds],
    );
  }

  async require(input: RequireImprovementPlanInput): Promise<ImprovementPlanRow> {
    const viewer = this.scope.requireRole(Role.CONTRACT_MANAGER);
    if (!viewer.municipalityId) throw new ForbiddenError();
    const problems = new FieldProblems();
    const day = today();
    if (input.dueDate < day) problems.add('input.dueDate', 'IN_THE_PAST');
    else if (input.dueDate > addMonths(day, 12)) problems.add('input.dueDate', 'TOO_FAR_AHEAD', { years: 1 });
    problems.throwIfAny();
    return withConstraintMessages(CONSTRAINTS, async () => {
      const [plan] = await this.db.query<ImprovementPlanRow>(
        `INSERT INTO improvement_plan AS ip (provider_id, municipality_id, reason, due_date, status, requested_by)
         VALUES ($1, $2, $3, $4, 'REQUIRED', $5) RETURNING ${PLAN}`,
        [
          assertId(input.providerId, 'input.providerId'),
          viewer.municipalityId,
          input.reason.trim(),
          input.dueDate,
          viewer.id,
        ],
      );
      await this.notify(plan.providerId, NotificationKind.IMPROVEMENT_PLAN_REQUIRED, `/improvement-plans/${plan.id}`);
      return plan;
    });
  }

  /** Loads a visible plan for a change (NOT_FOUND hides other municipalities' and providers' plans). */
  private async forChange(id: string): Promise<ImprovementPlanRow> {
    const params: unknown[] = [assertId(id, 'input.id')];
    const plan = await this.db.one<ImprovementPlanRow>(
      `SELECT ${PLAN} FROM improvement_plan ip WHERE ip.id = $1 AND ${this.visibility(params)} FOR UPDATE`,
      params,
    );
    if (!plan) throw new NotFoundError('Improvement plan');
    return plan;
  }

  /** Domain rule 7: a change starts from the current version; and the step must fit the status. */
  private assertStep(plan: ImprovementPlanRow, version: number, action: ImprovementPlanAction): void {
    if (version !== plan.version) throw new ConflictError('The improvement plan', plan.version);
    assertImprovementPlanTransition(plan.status, action);
  }

  async submit(input: SubmitImprovementPlanInput): Promise<ImprovementPlanRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    const plan = await this.forChange(input.id);
    if (!this.scope.isAdminOf(plan.providerId))
      throw new ForbiddenError('Only the provider’s administrator can answer its improvement plan.');
    this.assertStep(plan, input.version, 'submit');
    const problems = new FieldProblems();
    const day = today();
    input.actions.forEach((action, i) => {
      if (action.dueDate < day) problems.add(`input.actions.${i}.dueDate`, 'IN_THE_PAST');
      else if (action.dueDate > addMonths(day, 36))
        problems.add(`input.actions.${i}.dueDate`, 'TOO_FAR_AHEAD', { years: 3 });
    });
    problems.throwIfAny();
    await this.db.query(`DELETE FROM improvement_action WHERE plan_id = $1`, [plan.id]);
    await this.db.query(
      `INSERT INTO improvement_action (plan_id, description, due_date, position)
       SELECT $1, d, dd, ord - 1 FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS a(d, dd, ord)`,
      [plan.id, input.actions.map((a) => a.description.trim()), input.actions.map((a) => a.dueDate)],
    );
    const updated = await this.db.one<ImprovementPlanRow>(
      `UPDATE improvement_plan ip SET status = 'SUBMITTED', response = $3, submitted_by = $4, submitted_at = now(), version = version + 1
        WHERE ip.id = $1 AND ip.version = $2 RETURNING ${PLAN}`,
      [plan.id, plan.version, input.response.trim(), viewer.id],
    );
    if (!updated) throw new ConflictError('The improvement plan', plan.version + 1);
    return updated;
  }

  /** The contract manager of the plan's municipality decides on it. */
  private async decide(
    input: ImprovementPlanDecisionInput,
    action: 'accept' | 'close',
    status: ImprovementPlanStatus,
  ): Promise<ImprovementPlanRow> {
    const viewer = this.scope.requireRole(Role.CONTRACT_MANAGER);
    const plan = await this.forChange(input.id);
    if (plan.municipalityId !== viewer.municipalityId)
      throw new ForbiddenError('Only a contract manager of the municipality that required it can decide on it.');
    this.assertStep(plan, input.version, action);
    const updated = await this.db.one<ImprovementPlanRow>(
      `UPDATE improvement_plan ip SET status = $3, version = version + 1 WHERE ip.id = $1 AND ip.version = $2 RETURNING ${PLAN}`,
      [plan.id, plan.version, status],
    );
    if (!updated) throw new ConflictError('The improvement plan', plan.version + 1);
    return updated;
  }

  accept(input: ImprovementPlanDecisionInput): Promise<ImprovementPlanRow> {
    return this.decide(input, 'accept', ImprovementPlanStatus.ACCEPTED);
  }

  close(input: ImprovementPlanDecisionInput): Promise<ImprovementPlanRow> {
    return this.decide(input, 'close', ImprovementPlanStatus.CLOSED);
  }
}
