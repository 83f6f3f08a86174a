import { IsOptional, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsId, IsText, because } from '../../core/graphql/validation.js';

const EIGHT_DIGITS = /^\d{8}$/;

@InputType()
export class CreateProviderInput {
  @Field(() => String)
  @IsText()
  name!: string;

  @Field(() => String, { description: 'AGB code, 8 digits' })
  @Matches(EIGHT_DIGITS, because('EIGHT_DIGITS'))
  agbCode!: string;

  @Field(() => String, { nullable: true, description: 'KvK number, 8 digits' })
  @IsOptional()
  @Matches(EIGHT_DIGITS, because('EIGHT_DIGITS'))
  kvkNumber?: string | null;
}

@InputType()
export class UpdateProviderInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText()
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(EIGHT_DIGITS, because('EIGHT_DIGITS'))
  kvkNumber?: string | null;
}
