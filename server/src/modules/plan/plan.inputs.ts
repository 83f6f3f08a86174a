import { IsEnum, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { ArrayUniqueBy, InRange, IsFreeText, IsId, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { GoalKind, LifeDomain } from './plan.types.js';

@InputType({ description: 'A goal; with an id it changes that goal, without one it adds a goal' })
export class GoalInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  id?: string | null;

  @Field(() => GoalKind)
  @IsEnum(GoalKind)
  kind!: GoalKind;

  @Field(() => String)
  @IsText(2000)
  description!: string;

  @Field(() => DateScalar, { nullable: true })
  targetDate?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'For a TREATMENT goal: the societal goal of the family plan it works toward',
  })
  @IsOptional()
  @IsId()
  contributesToGoalId?: string | null;

  @Field(() => LifeDomain, { nullable: true, description: 'For a SOCIETAL goal: its life domain (leefgebied)' })
  @IsOptional()
  @IsEnum(LifeDomain)
  lifeDomain?: LifeDomain | null;
}

const MAX_GOALS = 30;

@InputType()
export class UpdateFamilyPlanInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => Int, { description: 'The version you edited' })
  @IsInt()
  @InRange(1, 1_000_000)
  version!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(10000)
  question?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFreeText(20000)
  context?: string | null;

  @Field(() => [GoalInput], { nullable: true, description: 'The complete list of societal goals' })
  @IsOptional()
  @ValidateNested({ each: true })
  @MaxEntries(MAX_GOALS)
  // a goal (by id) listed twice would be changed twice in one statement
  @ArrayUniqueBy((g: GoalInput) => g.id, 'goal')
  goals?: GoalInput[] | null;
}

@InputType()
export class UpdateHelpPlanInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => Int, { description: 'The version you edited' })
  @IsInt()
  @InRange(1, 1_000_000)
  version!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFreeText(20000)
  effortDescription?: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate?: string | null;

  @Field(() => [GoalInput], { nullable: true, description: 'The complete list of treatment goals' })
  @IsOptional()
  @ValidateNested({ each: true })
  @MaxEntries(MAX_GOALS)
  @ArrayUniqueBy((g: GoalInput) => g.id, 'goal')
  goals?: GoalInput[] | null;
}

export { MAX_GOALS };
