import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ArrayUniqueBy, IsId, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { LifeDomain } from '../plan/plan.types.js';
import { ExpertiseMode } from './expertise.types.js';

@InputType()
export class RequestExpertiseInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => ID)
  @IsId()
  providerId!: string;

  @Field(() => ExpertiseMode)
  @IsEnum(ExpertiseMode)
  mode!: ExpertiseMode;

  @Field(() => ID, {
    nullable: true,
    description: 'The expertise asked for; the trajectory’s own profile when left out',
  })
  @IsOptional()
  @IsId()
  profileId?: string | null;

  @Field(() => String, {
    description: 'What you ask; keep identifying details out, the receiver sees the family only after accepting',
  })
  @IsText(5000)
  question!: string;

  @Field(() => [LifeDomain], {
    nullable: true,
    description: 'The life domains whose goals of the family plan the receiver may see; none when left out',
  })
  @IsOptional()
  @IsEnum(LifeDomain, { each: true })
  @MaxEntries(6)
  @ArrayUniqueBy((d: LifeDomain) => d, 'life domain')
  sharedLifeDomains?: LifeDomain[] | null;
}

@InputType()
export class RespondToExpertiseRequestInput {
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
