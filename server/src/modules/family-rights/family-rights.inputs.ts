import { ArgsType, Field, ID } from 'type-graphql';
import { IsId, IsText } from '../../core/graphql/validation.js';

@ArgsType()
export class EraseYouthArgs {
  @Field(() => ID)
  @IsId()
  youthId!: string;

  @Field(() => String, { description: 'Why: the family’s request, as the region administrator records it' })
  @IsText(2000)
  reason!: string;
}
