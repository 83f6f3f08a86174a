import { IsOptional } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { IsId } from '../../core/graphql/validation.js';

/**
 * A period of the fixed grid (statistical disclosure control): one whole calendar month, quarter or
 * year that is over. Any other from/to is refused with BAD_USER_INPUT.
 */
@ArgsType()
export class PeriodArgs {
  @Field(() => DateScalar, {
    description: 'First closing date counted: the first day of a calendar month, quarter or year',
  })
  from!: string;

  @Field(() => DateScalar, {
    description:
      'Last closing date counted: the last day of the month, quarter or year that starts on from, before today ' +
      '(figures are published for complete calendar periods only)',
  })
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

@ArgsType()
export class MunicipalityPerformanceArgs extends PeriodArgs {
  @Field(() => ID, { description: 'A contract manager: its own municipality' })
  @IsId()
  municipalityId!: string;
}
