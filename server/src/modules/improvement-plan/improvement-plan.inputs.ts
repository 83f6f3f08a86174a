import { ArrayMinSize, IsEnum, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { because, InRange, IsId, IsPageSize, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { ImprovementPlanStatus } from './improvement-plan.types.js';

export const MAX_ACTIONS = 30;

@InputType()
export class RequireImprovementPlanInput {
  @Field(() => ID, { description: 'The provider that must answer with a plan' })
  @IsId()
  providerId!: string;

  @Field(() => String, { description: 'Why: the figures or the outlier report it is based on' })
  @IsText(5000)
  reason!: string;

  @Field(() => DateScalar, { description: 'The date the provider must have submitted it by' })
  dueDate!: string;
}

@InputType()
export class ImprovementActionInput {
  @Field(() => String)
  @IsText(2000)
  description!: string;

  @Field(() => DateScalar, { description: 'Done by' })
  dueDate!: string;
}

@InputType({ description: 'The provider’s answer; submitting again (before acceptance) replaces the previous answer' })
export class SubmitImprovementPlanInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => Int, { description: 'The version you edited' })
  @IsInt()
  @InRange(1, 1_000_000)
  version!: number;

  @Field(() => String, { description: 'Analysis: what caused it, and what the provider will change' })
  @IsText(10000)
  response!: string;

  @Field(() => [ImprovementActionInput])
  @ValidateNested({ each: true })
  @ArrayMinSize(1, because('EMPTY_LIST', { what: 'action' }))
  @MaxEntries(MAX_ACTIONS)
  actions!: ImprovementActionInput[];
}

@InputType({ description: 'Accepts or closes the version of the plan you read' })
export class ImprovementPlanDecisionInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => Int)
  @IsInt()
  @InRange(1, 1_000_000)
  version!: number;
}

@ArgsType()
export class ImprovementPlansArgs {
  @Field(() => ImprovementPlanStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ImprovementPlanStatus)
  status?: ImprovementPlanStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  providerId?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100' })
  @IsOptional()
  @IsPageSize()
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  after?: string | null;
}
