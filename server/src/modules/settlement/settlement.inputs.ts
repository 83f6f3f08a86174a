import { ArrayMinSize, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import {
  ArrayUniqueBy,
  because,
  HasDecimals,
  InRange,
  IsId,
  IsText,
  MaxEntries,
} from '../../core/graphql/validation.js';

@InputType()
export class RegisterDeliveredUnitsInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => String, { description: 'A product of the price list' })
  @Matches(/^[0-9A-Z]{3,8}$/, because('NOT_A_PRODUCT_CODE'))
  productCode!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, because('AT_LEAST', { min: 1 }))
  @Max(100000, because('AT_MOST', { max: 100000 }))
  quantity!: number;

  @Field(() => DateScalar)
  deliveredOn!: string;
}

@InputType()
export class PaymentTierInput {
  @Field(() => Float, { description: 'Minimum share of goals achieved, 0..1' })
  @HasDecimals(3)
  @InRange(0, 1)
  minGoalShare!: number;

  @Field(() => Int)
  @IsInt()
  @InRange(0, 100)
  percentagePaid!: number;
}

@InputType({ description: 'A new version of the bonus-malus rule from a date; the current one ends the day before' })
export class SetPaymentRuleInput {
  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => String)
  @IsText(500)
  description!: string;

  @Field(() => [PaymentTierInput])
  @ValidateNested({ each: true })
  @ArrayMinSize(1, because('EMPTY_LIST', { what: 'tier' }))
  @MaxEntries(20)
  tiers!: PaymentTierInput[];
}

@InputType()
export class SetPopulationBudgetInput {
  @Field(() => ID)
  @IsId()
  consortiumId!: string;

  @Field(() => ID)
  @IsId()
  areaId!: string;

  @Field(() => Int)
  @IsInt()
  @InRange(2015, 2100)
  year!: number;

  @Field(() => Float, { description: 'Budget in cents' })
  @IsInt(because('WHOLE_CENTS'))
  @InRange(0, 1e13)
  amountCents!: number;
}

@InputType()
export class AllocationInput {
  @Field(() => ID)
  @IsId()
  providerId!: string;

  @Field(() => Float, { description: 'Cents' })
  @IsInt(because('WHOLE_CENTS'))
  @InRange(0, 1e13)
  amountCents!: number;
}

@InputType({ description: 'The lead partner divides a population budget among the consortium’s partners' })
export class AllocateBudgetInput {
  @Field(() => ID)
  @IsId()
  budgetId!: string;

  @Field(() => [AllocationInput])
  @ValidateNested({ each: true })
  @MaxEntries(50)
  @ArrayUniqueBy((a: AllocationInput) => a.providerId, 'provider')
  allocations!: AllocationInput[];
}

@InputType({ description: 'A new price of a PxQ product from a date; the price in force then ends the day before' })
export class SetProductPriceInput {
  @Field(() => String)
  @Matches(/^[0-9A-Z]{3,8}$/, because('NOT_A_PRODUCT_CODE'))
  productCode!: string;

  @Field(() => String)
  @IsText(200)
  name!: string;

  @Field(() => String, { description: 'WJ756: 01 minute, 04 hour, 14 etmaal (24 hours), 16 dagdeel (4 hours)' })
  @Matches(/^(01|04|14|16)$/, because('NOT_A_UNIT_CODE'))
  unitCode!: string;

  @Field(() => Int, { description: 'Price per unit in cents' })
  @IsInt(because('WHOLE_CENTS'))
  @InRange(1, 1e8)
  priceCents!: number;

  @Field(() => DateScalar)
  validFrom!: string;
}

@InputType({ description: 'The main contractor records that it paid a subcontractor what it owed for a period' })
export class MarkPayoutPaidInput {
  @Field(() => ID)
  @IsId()
  subcontractId!: string;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => DateScalar)
  paidOn!: string;

  @Field(() => String, { description: 'The payment reference (e.g. the bank transfer’s description)' })
  @IsText(100)
  reference!: string;
}
