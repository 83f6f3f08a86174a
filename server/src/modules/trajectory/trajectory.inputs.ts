import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { IsBsn, IsFreeText, IsId, IsPageSize, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { GoalInput, MAX_GOALS } from '../plan/plan.inputs.js';
import { Involvement, ReferrerType, TrajectorySignal, TrajectoryStatus } from './trajectory.types.js';

@InputType({
  description:
    'A referral. For a new youth give initials and birth date; for a sibling give familyPlanId to share the existing family plan ' +
    '(then leave question, context and goals out); to refer a youth again (after a decline) give youthId.',
})
export class CreateReferralInput {
  @Field(() => String, { nullable: true, description: 'Initials only, e.g. "J.K." (data minimisation)' })
  @IsOptional()
  @IsText(20)
  youthInitials?: string | null;

  @Field(() => DateScalar, { nullable: true })
  youthBirthDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The youth’s BSN (9 digits passing the 11-test), for the iJw messages only: sealed, never shown again',
  })
  @IsOptional()
  @IsBsn()
  youthBsn?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'An existing youth of your municipality, instead of initials and birth date',
  })
  @IsOptional()
  @IsId()
  youthId?: string | null;

  @Field(() => ID)
  @IsId()
  municipalityId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  areaId?: string | null;

  @Field(() => ReferrerType)
  @IsEnum(ReferrerType)
  referrerType!: ReferrerType;

  @Field(() => ID)
  @IsId()
  picId!: string;

  @Field(() => ID, { description: 'The provider that becomes responsible (hoofdaannemer)' })
  @IsId()
  providerId!: string;

  @Field(() => ID, { nullable: true, description: 'Share this existing family plan (a sibling’s referral)' })
  @IsOptional()
  @IsId()
  familyPlanId?: string | null;

  @Field(() => String, { nullable: true, description: 'The family’s question (required for a new family plan)' })
  @IsOptional()
  @IsText(10000)
  question?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFreeText(20000)
  context?: string | null;

  @Field(() => [GoalInput], { nullable: true, description: 'The societal goals of a new family plan' })
  @IsOptional()
  @ValidateNested({ each: true })
  @MaxEntries(MAX_GOALS)
  goals?: GoalInput[] | null;
}

@InputType({
  description:
    'A referral to the consortium of an area (the 2023 model): the consortium finds the place, its lead is responsible during intake',
})
export class ReferToConsortiumInput {
  @Field(() => String, { description: 'Initials only, e.g. "J.K." (data minimisation)' })
  @IsText(20)
  youthInitials!: string;

  @Field(() => DateScalar)
  youthBirthDate!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The youth’s BSN (9 digits passing the 11-test), for the iJw messages only: sealed, never shown again',
  })
  @IsOptional()
  @IsBsn()
  youthBsn?: string | null;

  @Field(() => ID)
  @IsId()
  municipalityId!: string;

  @Field(() => ID, { description: 'The area the youth lives in; its consortium takes the referral' })
  @IsId()
  areaId!: string;

  @Field(() => ReferrerType)
  @IsEnum(ReferrerType)
  referrerType!: ReferrerType;

  @Field(() => ID)
  @IsId()
  picId!: string;

  @Field(() => ID, { nullable: true, description: 'Absent: the consortium awarded this area' })
  @IsOptional()
  @IsId()
  consortiumId?: string | null;

  @Field(() => String, { description: 'The family’s question' })
  @IsText(10000)
  question!: string;

  @Field(() => String)
  @IsFreeText(20000)
  context!: string;

  @Field(() => [GoalInput], { description: 'The societal goals of the family plan' })
  @ValidateNested({ each: true })
  @MaxEntries(MAX_GOALS)
  goals!: GoalInput[];
}

@InputType({ description: 'The consortium’s lead assigns a lead or partner as main contractor during intake' })
export class AssignMainContractorInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => ID, { description: 'A lead or partner of the consortium on this date' })
  @IsId()
  providerId!: string;

  @Field(() => String, { nullable: true, description: 'Why this member, for the timeline' })
  @IsOptional()
  @IsText(2000)
  note?: string | null;
}

@ArgsType()
export class WaitingListArgs {
  @Field(() => ID)
  @IsId()
  consortiumId!: string;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100' })
  @IsOptional()
  @IsPageSize()
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  after?: string | null;
}

@InputType()
export class TrajectoryFilter {
  @Field(() => TrajectoryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TrajectoryStatus)
  status?: TrajectoryStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only trajectories with this responsible provider' })
  @IsOptional()
  @IsId()
  providerId?: string | null;

  @Field(() => Involvement, {
    nullable: true,
    description: 'Only where the viewer is responsible, or contributes expertise, ...',
  })
  @IsOptional()
  @IsEnum(Involvement)
  involvement?: Involvement | null;

  @Field(() => ID, { nullable: true, description: 'Only youths referred to this area consortium' })
  @IsOptional()
  @IsId()
  consortiumId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Search: a birth date (2012-03-14 or 14-03-2012), the trajectory number (the first 8 characters of its id, or all of it), or else the youth’s initials',
  })
  @IsOptional()
  @IsText(40)
  search?: string | null;

  @Field(() => TrajectorySignal, { nullable: true, description: 'Only trajectories with this attention signal' })
  @IsOptional()
  @IsEnum(TrajectorySignal)
  signal?: TrajectorySignal | null;
}

@ArgsType()
export class TrajectoriesArgs {
  @Field(() => TrajectoryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: TrajectoryFilter | null;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100' })
  @IsOptional()
  @IsPageSize()
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  after?: string | null;
}

@ArgsType()
export class DeclineReferralArgs {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  /** Why: the referrer needs to know, to refer again. */
  @Field(() => String)
  @IsText(2000)
  reason!: string;
}

@InputType()
export class TransferResponsibilityInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => ID)
  @IsId()
  toProviderId!: string;

  @Field(() => String)
  @IsText(2000)
  reason!: string;
}

@InputType()
export class RespondToTransferInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => Boolean)
  @IsBoolean()
  accept!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when declining' })
  @IsOptional()
  @IsText(2000)
  reason?: string | null;
}
