import { ArrayMinSize, IsInt, IsOptional } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { because, InRange, IsId, MaxEntries } from '../../core/graphql/validation.js';

const MAX_RATE = 10_000_000; // €100,000 per request

@InputType()
export class RegisterSubcontractInput {
  @Field(() => ID, {
    nullable: true,
    description: "Only for REGION_ADMIN; a provider admin registers its own provider's subcontracts",
  })
  @IsOptional()
  @IsId()
  mainContractorId?: string | null;

  @Field(() => ID)
  @IsId()
  subcontractorId!: string;

  @Field(() => [ID], { description: 'The profiles the subcontractor may add expertise for' })
  @IsId({ each: true })
  @ArrayMinSize(1, because('EMPTY_LIST', { what: 'profile' }))
  @MaxEntries(100)
  profileIds!: string[];

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: string | null;

  @Field(() => Int, { description: 'Agreed payout per accepted consultation, euro cents' })
  @IsInt()
  @InRange(0, MAX_RATE)
  consultationRateCents!: number;

  @Field(() => Int, { description: 'Agreed payout per accepted co-treatment, euro cents' })
  @IsInt()
  @InRange(0, MAX_RATE)
  coTreatmentRateCents!: number;
}

@InputType({ description: 'Changes the scope of a subcontract: its profiles and its end date' })
export class UpdateSubcontractInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsId({ each: true })
  @ArrayMinSize(1, because('EMPTY_LIST', { what: 'profile' }))
  @MaxEntries(100)
  profileIds?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the subcontract; null keeps it open-ended' })
  validUntil?: string | null;
}

@InputType()
export class EndSubcontractInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => DateScalar, { description: 'Last day of the subcontract' })
  validUntil!: string;
}
