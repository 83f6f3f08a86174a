import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import {
  ImprovementPlanDecisionInput,
  ImprovementPlansArgs,
  RequireImprovementPlanInput,
  SubmitImprovementPlanInput,
} from './improvement-plan.inputs.js';
import { isOverdue } from './improvement-plan.rules.js';
import {
  ImprovementAction,
  ImprovementPlan,
  ImprovementPlanConnection,
  type ImprovementActionRow,
  type ImprovementPlanRow,
} from './improvement-plan.types.js';

const READERS = [Role.CONTRACT_MANAGER, Role.PROVIDER_ADMIN, Role.REGION_ADMIN];

@Resolver(() => ImprovementPlan)
export class ImprovementPlanResolver {
  @Authorized(...READERS)
  @Query(() => ImprovementPlanConnection, {
    description:
      'Improvement plans: a contract manager’s municipality’s, a provider admin’s own, all for the region; newest first',
  })
  improvementPlans(@Args(() => ImprovementPlansArgs) args: ImprovementPlansArgs, @Ctx() ctx: Context) {
    return ctx.services.improvementPlan.list(args);
  }

  @Authorized(...READERS)
  @Query(() => ImprovementPlan, { nullable: true })
  improvementPlan(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ImprovementPlanRow | null> {
    return ctx.services.improvementPlan.get(id);
  }

  @Authorized(Role.CONTRACT_MANAGER)
  @Mutation(() => ImprovementPlan, {
    description: 'A contract manager requires an improvement plan (verbeterplan) of a provider',
  })
  requireImprovementPlan(
    @Arg('input', () => RequireImprovementPlanInput) input: RequireImprovementPlanInput,
    @Ctx() ctx: Context,
  ): Promise<ImprovementPlanRow> {
    return ctx.services.improvementPlan.require(input);
  }

  @Authorized(Role.PROVIDER_ADMIN)
  @Mutation(() => ImprovementPlan, {
    description: 'The provider’s admin answers with an analysis and actions with dates',
  })
  submitImprovementPlan(
    @Arg('input', () => SubmitImprovementPlanInput) input: SubmitImprovementPlanInput,
    @Ctx() ctx: Context,
  ): Promise<ImprovementPlanRow> {
    return ctx.services.improvementPlan.submit(input);
  }

  @Authorized(Role.CONTRACT_MANAGER)
  @Mutation(() => ImprovementPlan, { description: 'The contract manager agrees with the submitted actions' })
  acceptImprovementPlan(
    @Arg('input', () => ImprovementPlanDecisionInput) input: ImprovementPlanDecisionInput,
    @Ctx() ctx: Context,
  ): Promise<ImprovementPlanRow> {
    return ctx.services.improvementPlan.accept(input);
  }

  @Authorized(Role.CONTRACT_MANAGER)
  @Mutation(() => ImprovementPlan, { description: 'The contract manager closes the plan: done with, or withdrawn' })
  closeImprovementPlan(
    @Arg('input', () => ImprovementPlanDecisionInput) input: ImprovementPlanDecisionInput,
    @Ctx() ctx: Context,
  ): Promise<ImprovementPlanRow> {
    return ctx.services.improvementPlan.close(input);
  }

  @FieldResolver(() => Provider)
  provider(@Root() plan: ImprovementPlanRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, plan.providerId, 'provider');
  }

  @FieldResolver(() => Municipality, { description: 'The municipality whose contract manager required it' })
  municipality(@Root() plan: ImprovementPlanRow, @Ctx() ctx: Context): Promise<Municipality> {
    return required(ctx.loaders.municipality, plan.municipalityId, 'municipality');
  }

  @FieldResolver(() => [ImprovementAction], { description: 'The provider’s actions, in its order' })
  actions(@Root() plan: ImprovementPlanRow, @Ctx() ctx: Context): Promise<ImprovementActionRow[]> {
    return ctx.loaders.actionsOfImprovementPlan.load(plan.id);
  }

  @FieldResolver(() => Boolean, { description: 'Still not submitted after the due date' })
  overdue(@Root() plan: ImprovementPlanRow): boolean {
    return isOverdue(plan, today());
  }
}
