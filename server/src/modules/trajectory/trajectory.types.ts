import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars.js';
import type { ExpertiseRequestRow } from '../expertise/expertise.types.js';
import type { Provider } from '../provider/provider.entity.js';

export enum TrajectoryStatus {
  /** Referred to an area consortium; its lead has not yet assigned a main contractor. */
  INTAKE = 'INTAKE',
  REFERRED = 'REFERRED',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TrajectoryStatus, { name: 'TrajectoryStatus' });

export enum FundingVariant {
  EFFORT = 'EFFORT', // inspanningsgericht (PxQ)
  OUTPUT = 'OUTPUT', // outputgericht (per PIC)
  TASK = 'TASK', // taakgericht (population budget)
}
registerEnumType(FundingVariant, { name: 'FundingVariant' });

/** COD327 referrer types (verwijzer): 01 gemeente, 02 huisarts, 03 jeugdarts, 04 GI, 05 medisch specialist, 06 zelf, 08 rechter. */
export enum ReferrerType {
  LOCAL_TEAM = 'LOCAL_TEAM',
  GP = 'GP',
  YOUTH_DOCTOR = 'YOUTH_DOCTOR',
  CERTIFIED_INSTITUTION = 'CERTIFIED_INSTITUTION',
  MEDICAL_SPECIALIST = 'MEDICAL_SPECIALIST',
  COURT = 'COURT',
  SELF = 'SELF',
}
registerEnumType(ReferrerType, { name: 'ReferrerType', description: 'The iJw COD327 referrer types' });

export const COD327: Record<ReferrerType, string> = {
  LOCAL_TEAM: '01',
  GP: '02',
  YOUTH_DOCTOR: '03',
  CERTIFIED_INSTITUTION: '04',
  MEDICAL_SPECIALIST: '05',
  SELF: '06',
  COURT: '08',
};

/** How the viewer's organisation is involved in a trajectory. */
export enum Involvement {
  RESPONSIBLE = 'RESPONSIBLE', // hoofdaannemer
  EXPERTISE = 'EXPERTISE', // adds expertise under an accepted request
  TRANSFER = 'TRANSFER', // offered the responsibility, not yet accepted
  REFERRER = 'REFERRER', // the local team of the referring municipality
}
registerEnumType(Involvement, { name: 'Involvement' });

export enum TrajectorySignal {
  AWAITING_ASSIGNMENT = 'AWAITING_ASSIGNMENT', // in a consortium's intake
  INTAKE_OVERDUE = 'INTAKE_OVERDUE', // in intake after its deadline
  AWAITING_ACCEPTANCE = 'AWAITING_ACCEPTANCE',
  OPEN_EXPERTISE_REQUEST = 'OPEN_EXPERTISE_REQUEST',
  TRANSFER_PENDING = 'TRANSFER_PENDING',
  PIC_PROPOSAL_PENDING = 'PIC_PROPOSAL_PENDING', // the referrer decides on another PIC
  TURNS_16_SOON = 'TURNS_16_SOON', // perspective plan for adulthood
  TURNS_18_SOON = 'TURNS_18_SOON', // handover to adult services
}
registerEnumType(TrajectorySignal, { name: 'TrajectorySignal', description: 'What needs attention' });

/** Rows read together with a trajectory, to prime the loaders (see TrajectoryService). */
export interface TrajectoryRelated {
  youth: YouthRow | null;
  pic: {
    id: string;
    profileId: string;
    intensityId: string;
    tariffCents: number;
    validFrom: string;
    validUntil: string | null;
  };
  profile: { id: string; code: string; name: string; segment: string };
  intensity: { id: string; code: string; duration: string; level: string };
  /** The responsible provider. */
  provider: Provider;
  /** When the statement read them too: the requests the viewer sees, and the providers asked. */
  expertiseRequests?: ExpertiseRequestRow[];
  requestProviders?: Provider[];
}

export interface TrajectoryRow {
  related?: TrajectoryRelated;
  id: string;
  status: TrajectoryStatus;
  youthId: string;
  familyPlanId: string;
  municipalityId: string;
  areaId: string | null;
  responsibleProviderId: string;
  referrerType: ReferrerType;
  picId: string;
  fundingVariant: FundingVariant;
  referredAt: Date;
  startedAt: Date | null;
  closedAt: Date | null;
  declineReason: string | null;
  lastActivityAt: Date;
  /** The area consortium the youth was referred to, if it was. */
  consortiumId: string | null;
  intakeDeadline: string | null;
}

export interface YouthRow {
  id: string;
  initials: string;
  birthDate: string;
  municipalityId: string;
  areaId: string | null;
}

@ObjectType({ description: 'Jeugdige: initials and birth date only (data minimisation)' })
export class Youth {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  initials!: string;

  @Field(() => DateScalar)
  birthDate!: string;
}

@ObjectType({ description: 'Verwijzing: who referred, when, to which PIC and how it is paid' })
export class Referral {
  @Field(() => ID)
  id!: string;

  @Field(() => ReferrerType)
  referrerType!: ReferrerType;

  @Field(() => DateTimeScalar)
  referredAt!: Date;

  @Field(() => FundingVariant)
  fundingVariant!: FundingVariant;
}

@ObjectType({ description: 'A trajectory under one responsible provider (hoofdaannemer)' })
export class Trajectory {
  @Field(() => ID)
  id!: string;

  @Field(() => TrajectoryStatus)
  status!: TrajectoryStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the provider declined the referral' })
  declineReason!: string | null;

  @Field(() => DateTimeScalar)
  lastActivityAt!: Date;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The lead assigns a main contractor by this day (Amsterdam calendar; set for a referral to an area consortium)',
  })
  intakeDeadline!: string | null;
}

export enum TrajectoryEventKind {
  REFERRED = 'REFERRED',
  REFERRED_TO_CONSORTIUM = 'REFERRED_TO_CONSORTIUM',
  MAIN_CONTRACTOR_ASSIGNED = 'MAIN_CONTRACTOR_ASSIGNED',
  RETURNED_TO_INTAKE = 'RETURNED_TO_INTAKE',
  PIC_PROPOSED = 'PIC_PROPOSED',
  PIC_CHANGED = 'PIC_CHANGED',
  PIC_PROPOSAL_DECLINED = 'PIC_PROPOSAL_DECLINED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  FAMILY_PLAN_UPDATED = 'FAMILY_PLAN_UPDATED',
  HELP_PLAN_UPDATED = 'HELP_PLAN_UPDATED',
  EXPERTISE_REQUESTED = 'EXPERTISE_REQUESTED',
  EXPERTISE_ACCEPTED = 'EXPERTISE_ACCEPTED',
  EXPERTISE_DECLINED = 'EXPERTISE_DECLINED',
  EXPERTISE_COMPLETED = 'EXPERTISE_COMPLETED',
  EXPERTISE_WITHDRAWN = 'EXPERTISE_WITHDRAWN',
  TRANSFER_REQUESTED = 'TRANSFER_REQUESTED',
  TRANSFER_DECLINED = 'TRANSFER_DECLINED',
  RESPONSIBILITY_TRANSFERRED = 'RESPONSIBILITY_TRANSFERRED',
  OUTCOME_SUBMITTED = 'OUTCOME_SUBMITTED',
  OUTCOME_CORRECTED = 'OUTCOME_CORRECTED',
  SOCIETAL_RESULTS_RECORDED = 'SOCIETAL_RESULTS_RECORDED',
  CLOSED = 'CLOSED',
}
registerEnumType(TrajectoryEventKind, { name: 'TrajectoryEventKind' });

export interface TrajectoryEventRow {
  id: string;
  trajectoryId: string;
  at: Date;
  kind: TrajectoryEventKind;
  actorName: string | null;
  actorProviderId: string | null;
  expertiseRequestId: string | null;
  detail: string | null;
}

@ObjectType({ description: 'One event on the timeline of a trajectory' })
export class TrajectoryEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => TrajectoryEventKind)
  kind!: TrajectoryEventKind;

  @Field(() => String, { nullable: true, description: 'The person who acted' })
  actorName!: string | null;

  @Field(() => String, { nullable: true, description: 'A reason or short description given with the event' })
  detail!: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class TrajectoryEdge {
  @Field(() => Trajectory)
  node!: TrajectoryRow;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class TrajectoryConnection {
  @Field(() => [TrajectoryEdge])
  edges!: TrajectoryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

export interface ResponsibilityTransferRow {
  id: string;
  trajectoryId: string;
  fromProviderId: string;
  toProviderId: string;
  reason: string;
  status: string;
  declineReason: string | null;
  requestedAt: Date;
  respondedAt: Date | null;
}

export enum TransferStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  FORCED = 'FORCED', // highly specialist: the acceptance obligation applies
}
registerEnumType(TransferStatus, { name: 'TransferStatus' });

@ObjectType({ description: 'Overdracht: a recorded transfer of responsibility to another provider' })
export class ResponsibilityTransfer {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  trajectoryId!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => TransferStatus)
  status!: TransferStatus;

  @Field(() => String, { nullable: true })
  declineReason!: string | null;

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  respondedAt!: Date | null;
}
