import { IsEnum, IsInt, IsOptional, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayUniqueBy, because, InRange, IsId, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { ContinuationNeed, GoalRealisation, Informant } from './outcome.types.js';

@InputType()
export class GoalResultInput {
  @Field(() => ID)
  @IsId()
  goalId!: string;

  @Field(() => GoalRealisation)
  @IsEnum(GoalRealisation)
  realisation!: GoalRealisation;
}

@InputType()
export class SatisfactionInput {
  @Field(() => Informant)
  @IsEnum(Informant)
  informant!: Informant;

  @Field(() => Int, { nullable: true, description: '1–10; null when not asked or declined' })
  @IsOptional()
  @IsInt()
  @InRange(1, 10)
  score?: number | null;
}

@InputType()
export class SubmitOutcomeInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => [GoalResultInput], { description: 'A result for every treatment goal of the help plan' })
  @ValidateNested({ each: true })
  @MaxEntries(30)
  goalResults!: GoalResultInput[];

  @Field(() => [SatisfactionInput], { description: 'Youth and parent separately' })
  @ValidateNested({ each: true })
  @MaxEntries(2)
  satisfaction!: SatisfactionInput[];

  @Field(() => ContinuationNeed)
  @IsEnum(ContinuationNeed)
  continuation!: ContinuationNeed;

  @Field(() => String, { description: 'iJw JZ588 reason for ending, e.g. "31"' })
  @Matches(/^\d{2}$/, because('NOT_A_JZ588_CODE'))
  endReasonCode!: string;
}

@InputType({ description: 'A corrected outcome: a new version, with the reason for the correction' })
export class CorrectOutcomeInput extends SubmitOutcomeInput {
  @Field(() => String)
  @IsText(2000)
  reason!: string;
}

@InputType()
export class SocietalResultInput {
  @Field(() => ID)
  @IsId()
  goalId!: string;

  @Field(() => GoalRealisation)
  @IsEnum(GoalRealisation)
  realisation!: GoalRealisation;
}

@InputType({ description: 'The referrer records the results of the family plan’s societal goals, also after closure' })
export class RecordSocietalResultsInput {
  @Field(() => ID)
  @IsId()
  familyPlanId!: string;

  @Field(() => [SocietalResultInput])
  @ValidateNested({ each: true })
  @MaxEntries(30)
  @ArrayUniqueBy((r: SocietalResultInput) => r.goalId, 'goal')
  results!: SocietalResultInput[];
}
