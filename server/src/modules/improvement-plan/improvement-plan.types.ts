import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars.js';
import { PageInfo } from '../trajectory/trajectory.types.js';

export enum ImprovementPlanStatus {
  REQUIRED = 'REQUIRED', // the contract manager asked for it; the provider has to answer
  SUBMITTED = 'SUBMITTED', // the provider answered with actions; it may revise until accepted
  ACCEPTED = 'ACCEPTED', // the contract manager agreed with the actions
  CLOSED = 'CLOSED', // done with, or withdrawn
}
registerEnumType(ImprovementPlanStatus, { name: 'ImprovementPlanStatus' });

export interface ImprovementPlanRow {
  id: string;
  providerId: string;
  municipalityId: string;
  reason: string;
  dueDate: string;
  status: ImprovementPlanStatus;
  response: string | null;
  requestedAt: Date;
  submittedAt: Date | null;
  version: number;
}

@ObjectType({ description: 'Verbeterplan: what a contract manager requires of a provider, and the provider’s answer' })
export class ImprovementPlan {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description: 'Why it is required (e.g. heavier intensities than peers, falling goal realisation)',
  })
  reason!: string;

  @Field(() => DateScalar, { description: 'When the provider must have submitted it' })
  dueDate!: string;

  @Field(() => ImprovementPlanStatus)
  status!: ImprovementPlanStatus;

  @Field(() => String, { nullable: true, description: 'The provider’s analysis and answer' })
  response!: string | null;

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Int, { description: 'Send it back with a change; a stale version is refused (CONFLICT)' })
  version!: number;
}

export interface ImprovementActionRow {
  id: string;
  planId: string;
  description: string;
  dueDate: string;
}

@ObjectType({ description: 'One action of an improvement plan, with the date it will be done by' })
export class ImprovementAction {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  description!: string;

  @Field(() => DateScalar)
  dueDate!: string;
}

@ObjectType()
export class ImprovementPlanEdge {
  @Field(() => ImprovementPlan)
  node!: ImprovementPlanRow;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class ImprovementPlanConnection {
  @Field(() => [ImprovementPlanEdge])
  edges!: ImprovementPlanEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
