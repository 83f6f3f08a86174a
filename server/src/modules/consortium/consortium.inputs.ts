import { IsEnum, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { because, IsId, IsText, MaxEntries } from '../../core/graphql/validation.js';
import { ConsortiumRole } from './consortium.entity.js';

@InputType()
export class CreateConsortiumInput {
  @Field(() => String)
  @IsText()
  name!: string;

  @Field(() => [ID], { defaultValue: [] })
  @IsId({ each: true })
  @MaxEntries(50)
  lotIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'The areas (gebieden) the consortium serves' })
  @IsId({ each: true })
  @MaxEntries(200)
  areaIds!: string[];
}

@InputType()
export class UpdateConsortiumInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText()
  name?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the lots' })
  @IsOptional()
  @IsId({ each: true })
  @MaxEntries(50)
  lotIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the areas' })
  @IsOptional()
  @IsId({ each: true })
  @MaxEntries(200)
  areaIds?: string[] | null;
}

@InputType()
export class AddConsortiumMemberInput {
  @Field(() => ID)
  @IsId()
  consortiumId!: string;

  @Field(() => ID)
  @IsId()
  providerId!: string;

  @Field(() => ConsortiumRole)
  @IsEnum(ConsortiumRole)
  role!: ConsortiumRole;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: string | null;
}

@InputType()
export class EndConsortiumMembershipInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => DateScalar, { description: 'Last day of the membership' })
  validUntil!: string;
}

@InputType()
export class CreateLotInput {
  @Field(() => String)
  @IsText(20)
  code!: string;

  @Field(() => String)
  @IsText()
  @MaxLength(200, because('TOO_LONG', { max: 200 }))
  name!: string;
}
