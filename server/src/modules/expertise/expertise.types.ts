import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import { Decider } from '../family-rights/family-rights.types.js';
import { LifeDomain } from '../plan/plan.types.js';

export enum ExpertiseMode {
  CONSULTATION = 'CONSULTATION', // consultatie
  CO_TREATMENT = 'CO_TREATMENT', // medebehandeling
}
registerEnumType(ExpertiseMode, { name: 'ExpertiseMode' });

export enum ExpertiseRequestStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ExpertiseRequestStatus, { name: 'ExpertiseRequestStatus' });

/** Why a provider may add expertise to a main contractor's trajectory (domain rule 2). */
export enum ExpertiseRelation {
  SUBCONTRACT = 'SUBCONTRACT', // a valid subcontract covering the profile
  CONSORTIUM = 'CONSORTIUM', // a partner in the same consortium
  INTEGRATED_TEAM = 'INTEGRATED_TEAM', // a member of the same integrated team
}
registerEnumType(ExpertiseRelation, { name: 'ExpertiseRelation' });

export interface ExpertiseRequestRow {
  id: string;
  trajectoryId: string;
  requestedByProviderId: string;
  providerId: string;
  mode: ExpertiseMode;
  profileId: string | null;
  question: string;
  status: ExpertiseRequestStatus;
  relation: ExpertiseRelation;
  subcontractId: string | null;
  consortiumId: string | null;
  integratedTeamId: string | null;
  declineReason: string | null;
  requestedAt: Date;
  respondedAt: Date | null;
  endedAt: Date | null;
  sharedLifeDomains: LifeDomain[];
  consentBy: Decider | null;
}

@ObjectType({ description: 'A request of the responsible provider to another provider to add expertise' })
export class ExpertiseRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The trajectory; its details are visible to the receiver only once it accepted' })
  trajectoryId!: string;

  @Field(() => ExpertiseMode)
  mode!: ExpertiseMode;

  @Field(() => ExpertiseRequestStatus)
  status!: ExpertiseRequestStatus;

  @Field(() => String)
  question!: string;

  @Field(() => ExpertiseRelation)
  relation!: ExpertiseRelation;

  @Field(() => String, { nullable: true })
  declineReason!: string | null;

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endedAt!: Date | null;

  @Field(() => [LifeDomain], { description: 'The life domains of the family plan shared with the receiver' })
  sharedLifeDomains!: LifeDomain[];

  @Field(() => Decider, {
    nullable: true,
    description: 'Who consented to the sharing, by the youth’s age on the day of the request (WGBO)',
  })
  consentBy!: Decider | null;
}

export interface EligibleProviderRow {
  providerId: string;
  relation: ExpertiseRelation;
  subcontractId: string | null;
  consortiumId: string | null;
  integratedTeamId: string | null;
}

@ObjectType({ description: 'A provider the responsible provider may ask for expertise, and on what basis' })
export class EligibleExpertiseProvider {
  @Field(() => ExpertiseRelation)
  relation!: ExpertiseRelation;
}
