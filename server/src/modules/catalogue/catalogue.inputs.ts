import { IsEnum, IsInt, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { IsId, IsText, because } from '../../core/graphql/validation.js';
import { Segment } from './catalogue.entity.js';

@InputType()
export class CreateProfileInput {
  @Field(() => String)
  @IsText(20)
  code!: string;

  @Field(() => String)
  @IsText()
  name!: string;

  @Field(() => Segment)
  @IsEnum(Segment)
  segment!: Segment;
}

@InputType({ description: 'A new tariff for a PIC from a date: the current version ends the day before' })
export class SetPicTariffInput {
  @Field(() => ID)
  @IsId()
  profileId!: string;

  @Field(() => ID)
  @IsId()
  intensityId!: string;

  @Field(() => Int, { description: 'Euro cents' })
  @IsInt()
  @Min(1, because('AT_LEAST_ONE_CENT'))
  @Max(100_000_000, because('OVER_A_MILLION_EUROS'))
  tariffCents!: number;

  @Field(() => DateScalar)
  validFrom!: string;
}
