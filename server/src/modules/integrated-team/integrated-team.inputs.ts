import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsId, IsText, MaxEntries } from '../../core/graphql/validation.js';

@InputType()
export class CreateIntegratedTeamInput {
  @Field(() => String)
  @IsText()
  name!: string;

  @Field(() => ID, {
    nullable: true,
    description: "Only for REGION_ADMIN; a provider admin's own provider coordinates",
  })
  @IsOptional()
  @IsId()
  coordinatorId?: string | null;

  @Field(() => [ID], { description: 'Member providers besides the coordinator' })
  @IsId({ each: true })
  @MaxEntries(50)
  memberIds!: string[];

  @Field(() => [String])
  @IsText(100, { each: true })
  @MaxEntries(30)
  disciplines!: string[];
}

@InputType()
export class UpdateIntegratedTeamInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText()
  name?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the members' })
  @IsOptional()
  @IsId({ each: true })
  @MaxEntries(50)
  memberIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the disciplines' })
  @IsOptional()
  @IsText(100, { each: true })
  @MaxEntries(30)
  disciplines?: string[] | null;
}
