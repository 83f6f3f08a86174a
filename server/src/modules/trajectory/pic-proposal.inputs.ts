import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsId, IsText } from '../../core/graphql/validation.js';
import { PicProposalStatus } from './pic-proposal.types.js';

@InputType({ description: 'After its referral check the main contractor proposes another PIC, with a reason' })
export class ProposeOtherPicInput {
  @Field(() => ID)
  @IsId()
  trajectoryId!: string;

  @Field(() => ID, { description: 'A PIC (tariff version) valid today' })
  @IsId()
  picId!: string;

  @Field(() => String)
  @IsText(2000)
  reason!: string;
}

@InputType({ description: "The referrer's organisation accepts or declines a proposed PIC" })
export class RespondToPicProposalInput {
  @Field(() => ID)
  @IsId()
  id!: string;

  @Field(() => Boolean)
  @IsBoolean()
  accept!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when declining' })
  @IsOptional()
  @IsText(2000)
  reason?: string | null;
}

@ArgsType()
export class PicProposalsArgs {
  @Field(() => PicProposalStatus, { nullable: true, defaultValue: PicProposalStatus.PROPOSED })
  @IsOptional()
  @IsEnum(PicProposalStatus)
  status?: PicProposalStatus | null;
}
