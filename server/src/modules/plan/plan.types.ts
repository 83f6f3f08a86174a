import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars.js';

export enum GoalKind {
  SOCIETAL = 'SOCIETAL', // maatschappelijk resultaat, in the family plan
  TREATMENT = 'TREATMENT', // behandeldoel, in the help plan
}
registerEnumType(GoalKind, { name: 'GoalKind' });

/** Leefgebied: the part of a family's life a societal goal is about; expertise is shared per life domain. */
export enum LifeDomain {
  PARENTING = 'PARENTING', // opvoeding
  SCHOOL_OR_DAYTIME_ACTIVITY = 'SCHOOL_OR_DAYTIME_ACTIVITY', // school of dagbesteding
  INCOME_AND_DEBTS = 'INCOME_AND_DEBTS', // inkomen en schulden
  HOUSING = 'HOUSING', // wonen
  HEALTH = 'HEALTH', // gezondheid
  SAFETY = 'SAFETY', // veiligheid
}
registerEnumType(LifeDomain, { name: 'LifeDomain' });

export interface GoalRow {
  id: string;
  kind: GoalKind;
  description: string;
  targetDate: string | null;
  familyPlanId: string | null;
  helpPlanId: string | null;
  contributesToId: string | null;
  lifeDomain: LifeDomain | null;
}

@ObjectType()
export class Goal {
  @Field(() => ID)
  id!: string;

  @Field(() => GoalKind)
  kind!: GoalKind;

  @Field(() => String)
  description!: string;

  @Field(() => DateScalar, { nullable: true })
  targetDate!: string | null;

  @Field(() => LifeDomain, {
    nullable: true,
    description: 'For a SOCIETAL goal: its life domain; an expertise provider sees only the domains shared with it',
  })
  lifeDomain!: LifeDomain | null;
}

export interface FamilyPlanRow {
  id: string;
  version: number;
  question: string;
  context: string;
  municipalityId: string;
  updatedAt: Date;
}

@ObjectType({ description: 'Gezinsplan: the one plan of a family, shared with the providers working for it' })
export class FamilyPlan {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Send it back with an update; a stale version is refused (CONFLICT)' })
  version!: number;

  @Field(() => String)
  question!: string;

  @Field(() => String)
  context!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

export interface HelpPlanRow {
  id: string;
  trajectoryId: string;
  version: number;
  effortDescription: string;
  endDate: string | null;
  updatedAt: Date;
}

@ObjectType({ description: 'Hulpverleningsplan: the responsible provider’s plan of effort and treatment goals' })
export class HelpPlan {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  effortDescription!: string;

  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType({ description: 'One changed field of a plan version' })
export class PlanChange {
  @Field(() => String, { description: 'question, context, effortDescription, endDate or goals' })
  field!: string;

  @Field(() => String, { nullable: true })
  before!: string | null;

  @Field(() => String, { nullable: true })
  after!: string | null;
}

export interface PlanRevisionRow {
  planId: string;
  version: number;
  changedAt: Date;
  changedByName: string;
  changedByOrganisation: string;
  changes: PlanChange[];
}

@ObjectType({ description: 'A saved version of a plan: who changed what, when' })
export class PlanRevision {
  @Field(() => Int)
  version!: number;

  @Field(() => DateTimeScalar)
  changedAt!: Date;

  @Field(() => String)
  changedByName!: string;

  @Field(() => String)
  changedByOrganisation!: string;

  @Field(() => [PlanChange])
  changes!: PlanChange[];
}
