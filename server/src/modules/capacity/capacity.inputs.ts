import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { InRange, IsId } from '../../core/graphql/validation.js';

@InputType({
  description: 'A provider’s free places for one profile, in one area or (without an area) in all it serves',
})
export class SetCapacityInput {
  @Field(() => ID)
  @IsId()
  profileId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  areaId?: string | null;

  @Field(() => Int)
  @InRange(0, 10000)
  freePlaces!: number;
}

@ArgsType()
export class CapacityArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  profileId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Figures for this area, and those of providers serving all areas' })
  @IsOptional()
  @IsId()
  areaId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the leads and partners of this consortium' })
  @IsOptional()
  @IsId()
  consortiumId?: string | null;
}
