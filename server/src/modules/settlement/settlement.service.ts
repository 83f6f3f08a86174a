import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { dayOf, sqlOnDays, today } from '../../core/dates.js';
import { withConstraintMessages } from '../../core/errors/database-errors.js';
import {
  BadUserInputError,
  FieldProblems,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/errors.js';
import { placeNewVersion } from '../../core/versioning/versions.js';
import type { RequestDb } from '../../db/request-db.js';
import type { OutcomeReportRow } from '../outcome/outcome.types.js';
import type { GoalRealisation } from '../outcome/outcome.types.js';
import type { TrajectoryService } from '../trajectory/trajectory.service.js';
import { FundingVariant, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import type {
  AllocateBudgetInput,
  MarkPayoutPaidInput,
  RegisterDeliveredUnitsInput,
  SetPaymentRuleInput,
  SetPopulationBudgetInput,
  SetProductPriceInput,
} from './settlement.inputs.js';
import { effortAmount, goalShare, outputAmount, percentagePaid, type PaymentTier } from './settlement.rules.js';
import type {
  BudgetRow,
  DeliveredUnitsRow,
  PaymentRuleRow,
  ProductPriceRow,
  SettlementRow,
  SubcontractPayoutRow,
} from './settlement.types.js';
import { assertTransition, TrajectoryAction } from '../trajectory/trajectory.lifecycle.js';

const SETTLEMENT = `s.id, s.trajectory_id AS "trajectoryId", s.version, s.funding_variant AS "fundingVariant", s.tariff_cents AS "tariffCents",
  s.goal_share::float AS "goalShare", s.percentage_paid AS "percentagePaid", s.amount_cents AS "amountCents",
  s.correction_reason AS "correctionReason", s.created_at AS "createdAt"`;
const PRICE = `pp.id, pp.product_code AS "productCode", pp.name, pp.unit_code AS "unitCode", pp.price_cents AS "priceCents",
  pp.valid_from AS "validFrom", pp.valid_until AS "validUntil"`;
const RULE = `r.id, r.valid_from AS "validFrom", r.valid_until AS "validUntil", r.description,
  coalesce((SELECT json_agg(json_build_object('minGoalShare', t.min_goal_share::float, 'percentagePaid', t.percentage_paid) ORDER BY t.min_goal_share)
              FROM payment_rule_tier t WHERE t.payment_rule_id = r.id), '[]') AS tiers`;

/**
 * Money: settlement of closed trajectories by funding variant (OUTPUT per PIC with bonus-malus,
 * EFFORT units × price, TASK from a population budget), what main contractors owe their
 * subcontractors, and the versioned contract parameters. Amounts are whole cents.
 */
export class SettlementService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
  ) {}

  /** Settles a closed trajectory for one outcome version; a correction is a new settlement version. */
  async settle(
    trajectory: TrajectoryRow,
    outcome: OutcomeReportRow,
    results: GoalRealisation[],
    correctionReason: string | null,
  ): Promise<SettlementRow> {
    const startedOn = dayOf(trajectory.startedAt!);
    let tariffCents: number | null = null;
    let share: number | null = null;
    let percentage: number | null = null;
    let ruleId: string | null = null;
    let amountCents = 0;
    if (trajectory.fundingVariant === FundingVariant.OUTPUT) {
      const pricing = await this.db.one<{ tariffCents: number; ruleId: string | null; tiers: PaymentTier[] | null }>(
        `SELECT cur.tariff_cents AS "tariffCents", r.id AS "ruleId",
                (SELECT json_agg(json_build_object('minGoalShare', t.min_goal_share::float, 'percentagePaid', t.percentage_paid))
                   FROM payment_rule_tier t WHERE t.payment_rule_id = r.id) AS tiers
           FROM pic chosen
           JOIN pic cur ON cur.profile_id = chosen.profile_id AND cur.intensity_id = chosen.intensity_id
                       AND cur.valid_from <= $2 AND coalesce(cur.valid_until, 'infinity') >= $2
           LEFT JOIN payment_rule r ON r.valid_from <= $2 AND coalesce(r.valid_until, 'infinity') >= $2
          WHERE chosen.id = $1`,
        [trajectory.picId, startedOn],
      );
      if (!pricing) throw new Error(`no PIC tariff valid on ${startedOn} for trajectory ${trajectory.id}`);
      tariffCents = pricing.tariffCents;
      share = goalShare(results);
      // without a bonus-malus rule in force the full tariff is paid
      percentage = pricing.tiers ? percentagePaid(pricing.tiers, share) : 100;
      ruleId = pricing.ruleId;
      amountCents = outputAmount(tariffCents, percentage);
    } else if (trajectory.fundingVariant === FundingVariant.EFFORT) {
      amountCents = effortAmount(await this.unitsOf(trajectory.id));
    }
    const [{ version }] = await this.db.query<{ version: number }>(
      `SELECT coalesce(max(version), 0) + 1 AS version FROM settlement WHERE trajectory_id = $1`,
      [trajectory.id],
    );
    return (await this.db.one<SettlementRow>(
      `INSERT INTO settlement AS s (trajectory_id, version, outcome_report_id, funding_variant, tariff_cents, goal_share, payment_rule_id,
         percentage_paid, amount_cents, correction_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${SETTLEMENT}`,
      [
        trajectory.id,
        version,
        outcome.id,
        trajectory.fundingVariant,
        tariffCents,
        share,
        ruleId,
        percentage,
        amountCents,
        correctionReason,
      ],
    ))!;
  }

  private unitsOf(trajectoryId: string): Promise<{ quantity: number; priceCents: number }[]> {
    return this.db.query(
      `SELECT du.quantity, pp.price_cents AS "priceCents" FROM delivered_units du JOIN product_price pp ON pp.id = du.product_price_id WHERE du.trajectory_id = $1`,
      [trajectoryId],
    );
  }

  settlementsOf(trajectoryIds: string[]): Promise<SettlementRow[]> {
    return this.db.query(
      `SELECT ${SETTLEMENT} FROM settlement s WHERE s.trajectory_id = ANY($1) ORDER BY s.version DESC`,
      [trajectoryIds],
    );
  }

  deliveredUnitsOf(trajectoryIds: string[]): Promise<DeliveredUnitsRow[]> {
    return this.db.query(
      `SELECT du.id, du.trajectory_id AS "trajectoryId", pp.product_code AS "productCode", pp.unit_code AS "unitCode", du.quantity,
              pp.price_cents AS "priceCents", du.delivered_on AS "deliveredOn",
              du.quantity * pp.price_cents AS "amountCents"
         FROM delivered_units du JOIN product_price pp ON pp.id = du.product_price_id
        WHERE du.trajectory_id = ANY($1) ORDER BY du.delivered_on, du.registered_at`,
      [trajectoryIds],
    );
  }

  /** The responsible provider registers delivered units (PxQ, or spend under a population budget). */
  async registerUnits(input: RegisterDeliveredUnitsInput): Promise<DeliveredUnitsRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const trajectory = await this.trajectories.forChange(input.trajectoryId, 'input.trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'register delivered units');
    if (trajectory.fundingVariant === FundingVariant.OUTPUT) {
      throw new RuleViolationError(
        'INVALID_TRANSITION',
        'This trajectory is paid per PIC (outputgericht); units are registered only under PxQ or a population budget.',
      );
    }
    assertTransition(
      trajectory.status,
      TrajectoryAction.WORK,
      'Units are registered while the trajectory is active; a closed trajectory is settled.',
    );
    const problems = new FieldProblems();
    if (trajectory.startedAt && input.deliveredOn < dayOf(trajectory.startedAt))
      problems.add('input.deliveredOn', 'BEFORE_TRAJECTORY_START');
    if (input.deliveredOn > today()) problems.add('input.deliveredOn', 'IN_THE_FUTURE');
    problems.throwIfAny();
    const price = await this.db.one<{ id: string }>(
      `SELECT pp.id FROM product_price pp WHERE pp.product_code = $1 AND pp.valid_from <= $2 AND coalesce(pp.valid_until, 'infinity') >= $2`,
      [input.productCode, input.deliveredOn],
    );
    if (!price) throw BadUserInputError.field('input.productCode', 'NO_PRICE_ON_DATE');
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO delivered_units (trajectory_id, product_price_id, quantity, delivered_on, registered_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [trajectory.id, price.id, input.quantity, input.deliveredOn, viewer.id],
    );
    return (await this.deliveredUnitsOf([trajectory.id])).find((u) => u.id === row.id)!;
  }

  productPrices(): Promise<ProductPriceRow[]> {
    return this.db.query(`SELECT ${PRICE} FROM product_price pp ORDER BY pp.product_code, pp.valid_from`);
  }

  paymentRules(): Promise<PaymentRuleRow[]> {
    return this.db.query(`SELECT ${RULE} FROM payment_rule r ORDER BY r.valid_from`);
  }

  /** A new bonus-malus version from a date; the version in force then ends the day before. */
  async setPaymentRule(input: SetPaymentRuleInput): Promise<PaymentRuleRow> {
    const viewer = this.scope.requireRole(Role.REGION_ADMIN);
    const shares = input.tiers.map((t) => t.minGoalShare);
    if (new Set(shares).size !== shares.length) throw BadUserInputError.field('input.tiers', 'DUPLICATE_TIER_SHARE');
    if (!shares.includes(0)) throw BadUserInputError.field('input.tiers', 'NO_TIER_FROM_ZERO');
    const versions = await this.db.query<PaymentRuleRow>(
      `SELECT ${RULE} FROM payment_rule r ORDER BY r.valid_from FOR UPDATE`,
    );
    const { superseded, previous } = placeNewVersion(versions, input.validFrom, today(), 'bonus-malus rule');
    if (superseded.length) {
      const ids = superseded.map((v) => v.id);
      await this.db.query(`DELETE FROM payment_rule_tier WHERE payment_rule_id = ANY($1)`, [ids]);
      await this.db.query(`DELETE FROM payment_rule WHERE id = ANY($1)`, [ids]);
    }
    if (previous)
      await this.db.query(`UPDATE payment_rule SET valid_until = $2::date - 1 WHERE id = $1`, [
        previous.id,
        input.validFrom,
      ]);
    const [{ id }] = await this.db.query<{ id: string }>(
      `INSERT INTO payment_rule (valid_from, description, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [input.validFrom, input.description.trim(), viewer.id],
    );
    await this.db.query(
      `INSERT INTO payment_rule_tier (payment_rule_id, min_goal_share, percentage_paid) SELECT $1, s, p FROM unnest($2::numeric[], $3::int[]) AS x(s, p)`,
      [id, shares, input.tiers.map((t) => t.percentagePaid)],
    );
    return (await this.db.one<PaymentRuleRow>(`SELECT ${RULE} FROM payment_rule r WHERE r.id = $1`, [id]))!;
  }

  /** A new price of a PxQ product from a date: a new version; the price in force then ends the day before. */
  async setProductPrice(input: SetProductPriceInput): Promise<ProductPriceRow> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const versions = await this.db.query<ProductPriceRow>(
      `SELECT ${PRICE} FROM product_price pp WHERE pp.product_code = $1 ORDER BY pp.valid_from FOR UPDATE`,
      [input.productCode],
    );
    const { superseded, previous } = placeNewVersion(versions, input.validFrom, today(), 'price');
    if (superseded.length)
      await this.db.query(`DELETE FROM product_price WHERE id = ANY($1)`, [superseded.map((v) => v.id)]);
    if (previous)
      await this.db.query(`UPDATE product_price SET valid_until = $2::date - 1 WHERE id = $1`, [
        previous.id,
        input.validFrom,
      ]);
    return (await this.db.one<ProductPriceRow>(
      `INSERT INTO product_price AS pp (product_code, name, unit_code, price_cents, valid_from) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${PRICE}`,
      [input.productCode, input.name.trim(), input.unitCode, input.priceCents, input.validFrom],
    ))!;
  }

  /**
   * What main contractors owe their subcontractors: every expertise request accepted on a
   * subcontract in the period (answered between from and to), at the subcontract's agreed rate.
   */
  async subcontractPayouts(mainContractorId: string | null, from: string, to: string): Promise<SubcontractPayoutRow[]> {
    const provider = this.scope.hasRole(Role.REGION_ADMIN)
      ? mainContractorId
      : this.scope.requireRole(Role.PROVIDER_ADMIN).providerId;
    if (mainContractorId && provider !== mainContractorId)
      throw new ForbiddenError('You can see the payouts of your own organisation only.');
    if (to < from) throw BadUserInputError.field('to', 'BEFORE_START_DATE');
    return this.owed(provider, from, to, null);
  }

  private owed(
    mainContractorId: string | null,
    from: string,
    to: string,
    subcontractId: string | null,
  ): Promise<SubcontractPayoutRow[]> {
    return this.db.query(
      `SELECT s.main_contractor_id AS "mainContractorId", s.subcontractor_id AS "subcontractorId", s.id AS "subcontractId",
              count(*) FILTER (WHERE er.mode = 'CONSULTATION')::int AS consultations,
              count(*) FILTER (WHERE er.mode = 'CO_TREATMENT')::int AS "coTreatments",
              sum(CASE er.mode WHEN 'CONSULTATION' THEN s.consultation_rate_cents ELSE s.co_treatment_rate_cents END)::int AS "amountCents",
              $2::date::text AS "from", $3::date::text AS "to",
              (SELECT json_build_object('id', p.id, 'from', p.period_from, 'to', p.period_to, 'amountCents', p.amount_cents,
                                        'paidOn', p.paid_on, 'reference', p.reference, 'markedAt', p.marked_at)
                 FROM subcontract_payout_payment p
                WHERE p.subcontract_id = s.id AND daterange(p.period_from, p.period_to, '[]') && daterange($2::date, $3::date, '[]')
                ORDER BY p.period_from LIMIT 1) AS payment
         FROM expertise_request er JOIN subcontract s ON s.id = er.subcontract_id
        WHERE er.relation = 'SUBCONTRACT' AND er.status IN ('ACCEPTED', 'COMPLETED')
          AND ${sqlOnDays('er.responded_at', '$2::date', '$3::date')}
          AND ($1::uuid IS NULL OR s.main_contractor_id = $1) AND ($4::uuid IS NULL OR s.id = $4)
        GROUP BY s.main_contractor_id, s.subcontractor_id, s.id
        ORDER BY s.main_contractor_id, s.subcontractor_id`,
      [mainContractorId, from, to, subcontractId],
    );
  }

  /**
   * The main contractor records that it paid what it owed a subcontractor for a period, with the
   * date and the payment reference. A recorded payment is final: never changed, never paid twice.
   */
  async markPayoutPaid(input: MarkPayoutPaidInput): Promise<SubcontractPayoutRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    const subcontract = await this.db.one<{ mainContractorId: string }>(
      `SELECT main_contractor_id AS "mainContractorId" FROM subcontract WHERE id = $1`,
      [input.subcontractId],
    );
    if (!subcontract) throw new NotFoundError('Subcontract');
    if (subcontract.mainContractorId !== viewer.providerId)
      throw new ForbiddenError('Only the main contractor of the subcontract marks its payouts paid.');
    const problems = new FieldProblems();
    if (input.to < input.from) problems.add('input.to', 'BEFORE_START_DATE');
    if (input.to > today()) problems.add('input.to', 'IN_THE_FUTURE');
    if (input.paidOn < input.from) problems.add('input.paidOn', 'BEFORE_START_DATE');
    if (input.paidOn > today()) problems.add('input.paidOn', 'IN_THE_FUTURE');
    problems.throwIfAny();
    const [owed] = await this.owed(viewer.providerId, input.from, input.to, input.subcontractId);
    if (!owed) throw BadUserInputError.field('input.subcontractId', 'NOTHING_OWED');
    if (owed.payment)
      throw new RuleViolationError(
        'IMMUTABLE',
        `The period ${owed.payment.from} – ${owed.payment.to} was marked paid on ${owed.payment.paidOn} (reference ` +
          `${owed.payment.reference}); a recorded payment is never changed or paid again.`,
      );
    await withConstraintMessages(
      { subcontract_payout_payment_no_overlap: { field: 'input.from', reason: 'PERIOD_ALREADY_PAID' } },
      () =>
        this.db.query(
          `INSERT INTO subcontract_payout_payment (subcontract_id, period_from, period_to, amount_cents, paid_on, reference, marked_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            input.subcontractId,
            input.from,
            input.to,
            owed.amountCents,
            input.paidOn,
            input.reference.trim(),
            viewer.id,
          ],
        ),
    );
    return (await this.owed(viewer.providerId, input.from, input.to, input.subcontractId))[0];
  }

  // --- population budgets (taakgericht) ----------------------------------------------------

  /**
   * Budgets of a consortium in a year, with allocations and the registered spend of its trajectories:
   * for a contract manager only those of its own municipality's areas.
   */
  async budgets(consortiumId: string, year: number): Promise<BudgetRow[]> {
    const viewer = this.scope.requireRole(
      Role.REGION_ADMIN,
      Role.CONTRACT_MANAGER,
      Role.PROVIDER_ADMIN,
      Role.PROVIDER_STAFF,
    );
    if (viewer.providerId && !(await this.isMember(consortiumId, viewer.providerId)))
      throw new ForbiddenError('Only partners of the consortium see its budget.');
    const judge = viewer.roles.includes(Role.CONTRACT_MANAGER) && !viewer.roles.includes(Role.REGION_ADMIN);
    const ownMunicipality = judge ? viewer.municipalityId : null;
    if (judge && !ownMunicipality) throw new ForbiddenError();
    return this.db.query(
      `SELECT b.id, b.consortium_id AS "consortiumId", b.area_id AS "areaId", b.year, b.amount_cents::float AS "amountCents",
              coalesce((SELECT json_agg(json_build_object('providerId', a.provider_id, 'amountCents', a.amount_cents::float)) FROM budget_allocation a WHERE a.budget_id = b.id), '[]') AS allocations,
              coalesce(access.population_budget_spend(b.id), 0)::float AS "spentCents"
         FROM population_budget b JOIN area ar ON ar.id = b.area_id
        WHERE b.consortium_id = $1 AND b.year = $2 AND ($3::uuid IS NULL OR ar.municipality_id = $3)
        ORDER BY ar.name`,
      [consortiumId, year, ownMunicipality],
    );
  }

  private async isMember(consortiumId: string, providerId: string): Promise<boolean> {
    return !!(await this.db.one(
      `SELECT 1 FROM consortium_membership WHERE consortium_id = $1 AND provider_id = $2 AND role IN ('LEAD', 'PARTNER')`,
      [consortiumId, providerId],
    ));
  }

  async setBudget(input: SetPopulationBudgetInput): Promise<BudgetRow> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const [row] = await withConstraintMessages(
      {
        population_budget_consortium_id_fkey: {
          field: 'input.consortiumId',
          reason: 'UNKNOWN',
          params: { what: 'consortium' },
        },
        population_budget_area_id_fkey: { field: 'input.areaId', reason: 'UNKNOWN', params: { what: 'area' } },
      },
      () =>
        this.db.query<{ id: string }>(
          `INSERT INTO population_budget (consortium_id, area_id, year, amount_cents) VALUES ($1, $2, $3, $4)
           ON CONFLICT (consortium_id, area_id, year) DO UPDATE SET amount_cents = excluded.amount_cents RETURNING id`,
          [input.consortiumId, input.areaId, input.year, input.amountCents],
        ),
    );
    return (await this.budgets(input.consortiumId, input.year)).find((b) => b.id === row.id)!;
  }

  /** The lead partner (penvoerder) divides a budget among the partners; never more than the budget. */
  async allocate(input: AllocateBudgetInput): Promise<BudgetRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    const budget = await this.db.one<{ consortiumId: string; year: number; amountCents: number }>(
      `SELECT consortium_id AS "consortiumId", year, amount_cents::float AS "amountCents" FROM population_budget WHERE id = $1 FOR UPDATE`,
      [input.budgetId],
    );
    if (!budget) throw new NotFoundError('Budget');
    const lead = await this.db.one(
      `SELECT 1 FROM consortium_membership WHERE consortium_id = $1 AND provider_id = $2 AND role = 'LEAD'
          AND valid_from <= make_date($3, 12, 31) AND coalesce(valid_until, 'infinity') >= make_date($3, 1, 1)`,
      [budget.consortiumId, viewer.providerId, budget.year],
    );
    if (!lead) throw new ForbiddenError('Only the lead partner (penvoerder) of the consortium allocates its budget.');
    const problems = new FieldProblems();
    const partners = new Set(
      (
        await this.db.query<{ providerId: string }>(
          `SELECT provider_id AS "providerId" FROM consortium_membership WHERE consortium_id = $1 AND role IN ('LEAD', 'PARTNER')`,
          [budget.consortiumId],
        )
      ).map((r) => r.providerId),
    );
    input.allocations.forEach(
      (a, i) => !partners.has(a.providerId) && problems.add(`input.allocations.${i}.providerId`, 'NOT_A_PARTNER'),
    );
    const total = input.allocations.reduce((sum, a) => sum + a.amountCents, 0);
    if (total > budget.amountCents)
      problems.add('input.allocations', 'OVER_BUDGET', { total, budget: budget.amountCents });
    problems.throwIfAny();
    await this.db.query(`DELETE FROM budget_allocation WHERE budget_id = $1`, [input.budgetId]);
    await this.db.query(
      `INSERT INTO budget_allocation (budget_id, provider_id, amount_cents) SELECT $1, p, a FROM unnest($2::uuid[], $3::bigint[]) AS x(p, a)`,
      [input.budgetId, input.allocations.map((a) => a.providerId), input.allocations.map((a) => a.amountCents)],
    );
    return (await this.budgets(budget.consortiumId, budget.year)).find((b) => b.id === input.budgetId)!;
  }
}
