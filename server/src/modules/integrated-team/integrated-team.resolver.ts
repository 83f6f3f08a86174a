import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Provider } from '../provider/provider.entity.js';
import { IntegratedTeam } from './integrated-team.entity.js';

@Resolver(() => IntegratedTeam)
export class IntegratedTeamResolver {
  @Authorized()
  @Query(() => [IntegratedTeam], { description: 'All integrated teams, by name' })
  integratedTeams(@Ctx() ctx: Context): Promise<IntegratedTeam[]> {
    return ctx.services.integratedTeam.list();
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
