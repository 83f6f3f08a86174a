import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars.js';
import { FundingVariant } from '../trajectory/trajectory.types.js';

export interface SettlementRow {
  id: string;
  trajectoryId: string;
  version: number;
  fundingVariant: FundingVariant;
  tariffCents: number | null;
  goalShare: number | null;
  percentagePaid: number | null;
  amountCents: number;
  correctionReason: string | null;
  createdAt: Date;
}

@ObjectType({ description: 'Afrekening of a closed trajectory: final and immutable; a correction is a new version' })
export class Settlement {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => FundingVariant)
  fundingVariant!: FundingVariant;

  @Field(() => Int, { nullable: true, description: 'The PIC tariff valid on the start date (OUTPUT)' })
  tariffCents!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of treatment goals achieved (partly counts half)' })
  goalShare!: number | null;

  @Field(() => Int, { nullable: true, description: 'Percentage of the tariff paid under the bonus-malus rule' })
  percentagePaid!: number | null;

  @Field(() => Int, { description: 'The amount paid to the main contractor, in cents (0 under a population budget)' })
  amountCents!: number;

  @Field(() => String, { nullable: true })
  correctionReason!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ description: 'A tier of a bonus-malus rule' })
export class PaymentTierType {
  @Field(() => Float)
  minGoalShare!: number;

  @Field(() => Int)
  percentagePaid!: number;
}

export interface PaymentRuleRow {
  id: string;
  validFrom: string;
  validUntil: string | null;
  description: string;
  tiers: { minGoalShare: number; percentagePaid: number }[];
}

@ObjectType({ description: 'Bonus-malus: versioned contract parameters' })
export class PaymentRule {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil!: string | null;

  @Field(() => String)
  description!: string;

  @Field(() => [PaymentTierType])
  tiers!: PaymentTierType[];
}

export interface ProductPriceRow {
  id: string;
  productCode: string;
  name: string;
  unitCode: string;
  priceCents: number;
  validFrom: string;
  validUntil: string | null;
}

@ObjectType({ description: 'A PxQ product with its price per unit (WJ756 unit code)' })
export class ProductPrice {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  productCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'WJ756: 01 minute, 04 hour, 14 etmaal (24 hours), 16 dagdeel (4 hours)' })
  unitCode!: string;

  @Field(() => Int)
  priceCents!: number;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil!: string | null;
}

export interface DeliveredUnitsRow {
  id: string;
  trajectoryId: string;
  productCode: string;
  unitCode: string;
  quantity: number;
  priceCents: number;
  deliveredOn: string;
  amountCents: number;
}

@ObjectType({ description: 'Units delivered under PxQ (or spend registered under a population budget)' })
export class DeliveredUnits {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  productCode!: string;

  @Field(() => String)
  unitCode!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int)
  priceCents!: number;

  @Field(() => DateScalar)
  deliveredOn!: string;

  @Field(() => Int, { description: 'Quantity × price per unit, in cents' })
  amountCents!: number;
}

export interface SubcontractPayoutRow {
  mainContractorId: string;
  subcontractorId: string;
  subcontractId: string;
  consultations: number;
  coTreatments: number;
  amountCents: number;
  from: string;
  to: string;
  payment: PayoutPaymentRow | null;
}

export interface PayoutPaymentRow {
  id: string;
  from: string;
  to: string;
  amountCents: number;
  paidOn: string;
  reference: string;
  markedAt: Date;
}

@ObjectType({ description: 'A main contractor paid a subcontractor for a period: recorded once, never changed' })
export class PayoutPayment {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => Int, { description: 'What was owed for the period when it was marked paid, in cents' })
  amountCents!: number;

  @Field(() => DateScalar)
  paidOn!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => DateTimeScalar)
  markedAt!: Date;
}

@ObjectType({
  description: 'What a main contractor owes a subcontractor for accepted expertise requests, at the agreed rates',
})
export class SubcontractPayout {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => Int)
  consultations!: number;

  @Field(() => Int)
  coTreatments!: number;

  @Field(() => Int)
  amountCents!: number;

  @Field(() => PayoutPayment, {
    nullable: true,
    description: 'The payment recorded for a period overlapping this one, if any',
  })
  payment!: PayoutPayment | null;
}

export interface BudgetRow {
  id: string;
  consortiumId: string;
  areaId: string;
  year: number;
  amountCents: number;
  allocations: { providerId: string; amountCents: number }[];
  spentCents: number;
}

@ObjectType({ description: 'A provider’s share of a population budget' })
export class BudgetAllocation {
  @Field(() => Int)
  amountCents!: number;
}

@ObjectType({ description: 'Taakgericht: the population budget of a consortium for an area and year' })
export class PopulationBudget {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'Budget in cents' })
  amountCents!: number;

  @Field(() => Float, {
    description: 'Registered spend (units × price) of the consortium’s trajectories in the area and year, in cents',
  })
  spentCents!: number;
}
