import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { IsId } from '../../core/graphql/validation.js';

@ArgsType()
export class PeriodArgs {
  @Field(() => DateScalar, { description: 'First closing date counted' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last closing date counted' })
  to!: string;
}

@ArgsType()
export class ConsortiumPerformanceArgs extends PeriodArgs {
  @Field(() => ID)
  @IsId()
  consortiumId!: string;
}

@ArgsType()
export class ProviderOutcomesArgs {
  @Field(() => ID, { nullable: true, description: 'Only this profile' })
  @IsOptional()
  @IsId()
  profileId?: string | null;
}
