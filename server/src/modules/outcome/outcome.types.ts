import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';

export enum GoalRealisation {
  ACHIEVED = 'ACHIEVED',
  PARTLY_ACHIEVED = 'PARTLY_ACHIEVED',
  NOT_ACHIEVED = 'NOT_ACHIEVED',
}
registerEnumType(GoalRealisation, { name: 'GoalRealisation' });

/** "Can carry on without help?" — the four answers of the outcome criteria. */
export enum ContinuationNeed {
  SAME_OR_HEAVIER = 'SAME_OR_HEAVIER',
  LIGHTER = 'LIGHTER',
  NONE_NOW_EXPECTS_RETURN = 'NONE_NOW_EXPECTS_RETURN',
  NONE = 'NONE',
}
registerEnumType(ContinuationNeed, { name: 'ContinuationNeed' });

export enum Informant {
  YOUTH = 'YOUTH',
  PARENT = 'PARENT',
}
registerEnumType(Informant, { name: 'Informant' });

/** Who gave a satisfaction score: the family itself (a questionnaire link) or the professional who typed it in. */
export enum SatisfactionSource {
  FAMILY = 'FAMILY',
  PROFESSIONAL = 'PROFESSIONAL',
}
registerEnumType(SatisfactionSource, { name: 'SatisfactionSource' });

export interface GoalResultRow {
  outcomeReportId: string;
  goalId: string;
  realisation: GoalRealisation;
}

@ObjectType()
export class GoalResult {
  @Field(() => GoalRealisation)
  realisation!: GoalRealisation;
}

@ObjectType({ description: '"How useful was this help for you?" 1–10; score null = not asked or declined' })
export class Satisfaction {
  @Field(() => Informant)
  informant!: Informant;

  @Field(() => Int, { nullable: true })
  score!: number | null;

  @Field(() => SatisfactionSource)
  source!: SatisfactionSource;
}

export interface OutcomeReportRow {
  id: string;
  trajectoryId: string;
  version: number;
  continuation: ContinuationNeed;
  endReasonCode: string;
  cbsEndCode: string;
  dropout: boolean;
  satisfactionYouth: number | null;
  satisfactionParent: number | null;
  satisfactionYouthSource: SatisfactionSource;
  satisfactionParentSource: SatisfactionSource;
  correctionReason: string | null;
  submittedAt: Date;
  submittedByName: string;
}

@ObjectType({ description: 'Resultaatmeting: immutable once submitted; a correction is a new version with a reason' })
export class OutcomeReport {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => ContinuationNeed)
  continuation!: ContinuationNeed;

  @Field(() => String, { description: 'iJw JZ588 reason for ending' })
  endReasonCode!: string;

  @Field(() => String, { description: 'The CBS end code the JZ588 reason maps to' })
  cbsEndCode!: string;

  @Field(() => Boolean, { description: 'Ended early, one-sided, by the client (CBS 03)' })
  dropout!: boolean;

  @Field(() => String, { nullable: true, description: 'Why this version corrects the previous one' })
  correctionReason!: string | null;

  @Field(() => DateTimeScalar)
  submittedAt!: Date;

  @Field(() => String, {
    description: 'The professional, or "het gezin" for a version made by the family’s own answer',
  })
  submittedByName!: string;
}
