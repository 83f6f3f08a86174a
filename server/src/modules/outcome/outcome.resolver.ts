import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Goal, type GoalRow } from '../plan/plan.types.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import { CorrectOutcomeInput, RecordSocietalResultsInput, SubmitOutcomeInput } from './outcome.inputs.js';
import {
  GoalRealisation,
  GoalResult,
  Informant,
  OutcomeReport,
  Satisfaction,
  type GoalResultRow,
  type OutcomeReportRow,
} from './outcome.types.js';

const PROVIDER_ROLES = [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN];

@Resolver(() => OutcomeReport)
export class OutcomeResolver {
  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => OutcomeReport, {
    description: 'The responsible provider reports the outcome; it cannot be edited afterwards',
  })
  submitOutcome(
    @Arg('input', () => SubmitOutcomeInput) input: SubmitOutcomeInput,
    @Ctx() ctx: Context,
  ): Promise<OutcomeReportRow> {
    return ctx.services.outcome.submit(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => OutcomeReport, {
    description: 'A corrected outcome: a new version with a reason (a closed trajectory is settled again)',
  })
  correctOutcome(
    @Arg('input', () => CorrectOutcomeInput) input: CorrectOutcomeInput,
    @Ctx() ctx: Context,
  ): Promise<OutcomeReportRow> {
    return ctx.services.outcome.correct(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => Trajectory, {
    description: 'Closes an active trajectory; needs a submitted outcome (OUTCOME_REQUIRED)',
  })
  closeTrajectory(@Arg('trajectoryId', () => ID) trajectoryId: string, @Ctx() ctx: Context): Promise<TrajectoryRow> {
    return ctx.services.outcome.close(trajectoryId);
  }

  @Authorized(Role.REFERRER)
  @Mutation(() => [Goal], {
    description: 'The referrer records the results of the family plan’s societal goals, also after closure',
  })
  async recordSocietalResults(
    @Arg('input', () => RecordSocietalResultsInput) input: RecordSocietalResultsInput,
    @Ctx() ctx: Context,
  ): Promise<GoalRow[]> {
    const ids = await ctx.services.outcome.recordSocietalResults(input);
    return Promise.all(ids.map((id) => required(ctx.loaders.goal, id, 'goal')));
  }

  @FieldResolver(() => [GoalResult], { description: 'A result for every treatment goal' })
  goalResults(@Root() outcome: OutcomeReportRow, @Ctx() ctx: Context): Promise<GoalResultRow[]> {
    return ctx.loaders.goalResultsOf.load(outcome.id);
  }

  @FieldResolver(() => [Satisfaction], { description: 'Youth and parent, separately' })
  satisfaction(@Root() outcome: OutcomeReportRow): Satisfaction[] {
    return [
      { informant: Informant.YOUTH, score: outcome.satisfactionYouth, source: outcome.satisfactionYouthSource },
      { informant: Informant.PARENT, score: outcome.satisfactionParent, source: outcome.satisfactionParentSource },
    ];
  }
}

@Resolver(() => GoalResult)
export class GoalResultResolver {
  @FieldResolver(() => Goal)
  goal(@Root() result: GoalResultRow, @Ctx() ctx: Context): Promise<GoalRow> {
    return required(ctx.loaders.goal, result.goalId, 'goal');
  }
}

@Resolver(() => Trajectory)
export class TrajectoryOutcomeResolver {
  @FieldResolver(() => OutcomeReport, {
    nullable: true,
    description: 'The latest outcome version (for the responsible provider and the referrer)',
  })
  async outcome(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<OutcomeReportRow | null> {
    return (await ctx.loaders.outcomeVersionsOf.load(t.id))[0] ?? null;
  }

  @FieldResolver(() => [OutcomeReport], { description: 'Every outcome version, newest first' })
  outcomeVersions(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<OutcomeReportRow[]> {
    return ctx.loaders.outcomeVersionsOf.load(t.id);
  }
}

@Resolver(() => Goal)
export class GoalOutcomeResolver {
  @FieldResolver(() => GoalRealisation, {
    nullable: true,
    description: 'For a societal goal: the result the referrer recorded',
  })
  async result(@Root() goal: GoalRow, @Ctx() ctx: Context): Promise<GoalRealisation | null> {
    if (goal.kind !== 'SOCIETAL') return null;
    return (await ctx.loaders.societalResultOf.load(goal.id))[0]?.realisation ?? null;
  }
}
