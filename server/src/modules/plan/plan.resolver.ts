import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { Youth, type YouthRow } from '../trajectory/trajectory.types.js';
import { UpdateFamilyPlanInput, UpdateHelpPlanInput } from './plan.inputs.js';
import {
  FamilyPlan,
  Goal,
  HelpPlan,
  PlanRevision,
  type FamilyPlanRow,
  type GoalRow,
  type HelpPlanRow,
  type PlanRevisionRow,
} from './plan.types.js';

@Resolver(() => FamilyPlan)
export class FamilyPlanResolver {
  @Authorized(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Mutation(() => FamilyPlan, {
    description: 'Referrer and responsible provider edit the shared family plan; a stale version is a CONFLICT',
  })
  updateFamilyPlan(
    @Arg('input', () => UpdateFamilyPlanInput) input: UpdateFamilyPlanInput,
    @Ctx() ctx: Context,
  ): Promise<FamilyPlanRow> {
    return ctx.services.plan.updateFamilyPlan(input);
  }

  @FieldResolver(() => [Youth], { description: 'The youths of the family this plan covers, as far as visible to you' })
  async youths(@Root() plan: FamilyPlanRow, @Ctx() ctx: Context): Promise<YouthRow[]> {
    const links = await ctx.loaders.youthIdsOfFamilyPlan.load(plan.id);
    const youths = await Promise.all(links.map((l) => ctx.loaders.youth.load(l.youthId)));
    return youths.filter((y): y is YouthRow => !!y);
  }

  @FieldResolver(() => [Goal], { description: 'The societal goals (maatschappelijke resultaten)' })
  goals(@Root() plan: FamilyPlanRow, @Ctx() ctx: Context): Promise<GoalRow[]> {
    return ctx.loaders.goalsOfFamilyPlan.load(plan.id);
  }

  @FieldResolver(() => [PlanRevision], { description: 'Every saved version, newest first: who changed what, when' })
  history(@Root() plan: FamilyPlanRow, @Ctx() ctx: Context): Promise<PlanRevisionRow[]> {
    return ctx.loaders.revisionsOfFamilyPlan.load(plan.id);
  }
}

@Resolver(() => HelpPlan)
export class HelpPlanResolver {
  @Authorized(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Mutation(() => HelpPlan, {
    description: 'The responsible provider edits the help plan; a stale version is a CONFLICT',
  })
  updateHelpPlan(
    @Arg('input', () => UpdateHelpPlanInput) input: UpdateHelpPlanInput,
    @Ctx() ctx: Context,
  ): Promise<HelpPlanRow> {
    return ctx.services.plan.updateHelpPlan(input);
  }

  @FieldResolver(() => [Goal], { description: 'The treatment goals' })
  goals(@Root() plan: HelpPlanRow, @Ctx() ctx: Context): Promise<GoalRow[]> {
    return ctx.loaders.goalsOfHelpPlan.load(plan.trajectoryId);
  }

  @FieldResolver(() => [PlanRevision], { description: 'Every saved version, newest first' })
  history(@Root() plan: HelpPlanRow, @Ctx() ctx: Context): Promise<PlanRevisionRow[]> {
    return ctx.loaders.revisionsOfHelpPlan.load(plan.trajectoryId);
  }
}

@Resolver(() => Goal)
export class GoalResolver {
  @FieldResolver(() => Goal, { nullable: true, description: 'For a treatment goal: the societal goal it works toward' })
  async contributesTo(@Root() goal: GoalRow, @Ctx() ctx: Context): Promise<GoalRow | null> {
    return goal.contributesToId ? ((await ctx.loaders.goal.load(goal.contributesToId)) ?? null) : null;
  }
}
