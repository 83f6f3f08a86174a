import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { assertId } from '../../core/graphql/ids.js';
import { required } from '../../core/graphql/loaders.js';
import { Provider } from '../provider/provider.entity.js';
import { IntegratedTeam } from './integrated-team.entity.js';
import { CreateIntegratedTeamInput, UpdateIntegratedTeamInput } from './integrated-team.inputs.js';

@Resolver(() => IntegratedTeam)
export class IntegratedTeamResolver {
  @Authorized()
  @Query(() => [IntegratedTeam], { description: 'All integrated teams, by name' })
  integratedTeams(@Ctx() ctx: Context): Promise<IntegratedTeam[]> {
    return ctx.services.integratedTeam.list();
  }

  @Authorized()
  @Query(() => IntegratedTeam, { nullable: true })
  async integratedTeam(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<IntegratedTeam | null> {
    return (await ctx.services.integratedTeam.byIds([assertId(id, 'id')]))[0] ?? null;
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Mutation(() => IntegratedTeam)
  createIntegratedTeam(
    @Arg('input', () => CreateIntegratedTeamInput) input: CreateIntegratedTeamInput,
    @Ctx() ctx: Context,
  ): Promise<IntegratedTeam> {
    return ctx.services.integratedTeam.create(input);
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Mutation(() => IntegratedTeam)
  updateIntegratedTeam(
    @Arg('input', () => UpdateIntegratedTeamInput) input: UpdateIntegratedTeamInput,
    @Ctx() ctx: Context,
  ): Promise<IntegratedTeam> {
    return ctx.services.integratedTeam.update(input);
  }

  @FieldResolver(() => Provider, { description: 'The provider that coordinates the team' })
  coordinator(@Root() team: IntegratedTeam, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, team.coordinatorId, 'provider');
  }

  @FieldResolver(() => [Provider])
  async members(@Root() team: IntegratedTeam, @Ctx() ctx: Context): Promise<Provider[]> {
    const members = await ctx.loaders.memberIdsOfTeam.load(team.id);
    return Promise.all(members.map((m) => required(ctx.loaders.provider, m.providerId, 'provider')));
  }
}
