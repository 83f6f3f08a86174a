import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';

export enum PicProposalStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(PicProposalStatus, { name: 'PicProposalStatus' });

export interface PicProposalRow {
  id: string;
  trajectoryId: string;
  fromPicId: string;
  toPicId: string;
  reason: string;
  status: PicProposalStatus;
  proposedByProviderId: string;
  proposedAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
}

@ObjectType({
  description: "The main contractor's referral check: it proposes another PIC; the referrer's organisation decides.",
})
export class PicProposal {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => PicProposalStatus)
  status!: PicProposalStatus;

  @Field(() => DateTimeScalar)
  proposedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the referrer declined (or a note with the acceptance)' })
  decisionReason!: string | null;
}
