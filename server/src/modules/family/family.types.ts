import { IsBoolean, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import { InRange, IsText } from '../../core/graphql/validation.js';
import { Informant } from '../outcome/outcome.types.js';

export interface QuestionnaireLinkRow {
  id: string;
  trajectoryId: string;
  informant: Informant;
  url: string;
  expiresAt: Date;
  usedAt: Date | null;
}

@ObjectType({
  description: 'A one-time link for the youth or a parent; opened without an account, valid until expiresAt, once.',
})
export class QuestionnaireLink {
  @Field(() => ID)
  id!: string;

  @Field(() => Informant)
  informant!: Informant;

  @Field(() => String, {
    description:
      'The link to give the family; only a hash of its token is kept, so later reads give the page without it',
  })
  url!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  usedAt!: Date | null;
}

@ObjectType({
  description: 'A link for the youth (16+) or a parent to see who read the youth’s file (NEN 7513 inzage).',
})
export class FamilyAccessLink {
  @Field(() => String)
  url!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}

@InputType()
export class SubmitQuestionnaireInput {
  @Field(() => String)
  @IsString()
  @MaxLength(100)
  token!: string;

  @Field(() => Int, { nullable: true, description: '"Hoe nuttig was deze hulp voor jou?" 1–10; null with declined' })
  @IsOptional()
  @IsInt()
  @InRange(1, 10)
  score?: number | null;

  @Field(() => Boolean, { nullable: true, description: '"Wil ik niet zeggen"' })
  @IsOptional()
  @IsBoolean()
  declined?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(1000)
  comment?: string | null;
}
