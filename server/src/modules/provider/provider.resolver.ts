import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { ConsortiumMembership } from '../consortium/consortium.entity.js';
import { IntegratedTeam } from '../integrated-team/integrated-team.entity.js';
import { Subcontract } from '../subcontract/subcontract.entity.js';
import { Provider } from './provider.entity.js';
import { CreateProviderInput, UpdateProviderInput } from './provider.inputs.js';

@Resolver(() => Provider)
export class ProviderResolver {
  @Authorized()
  @Query(() => [Provider], { description: 'All providers, by name' })
  providers(@Ctx() ctx: Context): Promise<Provider[]> {
    return ctx.services.provider.list();
  }

  @Authorized()
  @Query(() => Provider, { nullable: true })
  async provider(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Provider | null> {
    return (await ctx.services.provider.get(id)) ?? null;
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Provider)
  createProvider(
    @Arg('input', () => CreateProviderInput) input: CreateProviderInput,
    @Ctx() ctx: Context,
  ): Promise<Provider> {
    return ctx.services.provider.create(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Provider)
  updateProvider(
    @Arg('input', () => UpdateProviderInput) input: UpdateProviderInput,
    @Ctx() ctx: Context,
  ): Promise<Provider> {
    return ctx.services.provider.update(input);
  }

  @FieldResolver(() => [ConsortiumMembership], { description: 'Memberships of consortia, past and present' })
  consortia(@Root() provider: Provider, @Ctx() ctx: Context): Promise<ConsortiumMembership[]> {
    return ctx.loaders.membershipsOfProvider.load(provider.id);
  }

  @FieldResolver(() => [Subcontract], {
    description: 'Subcontracts where this provider is the main contractor (hoofdaannemer)',
  })
  subcontractsAsMain(@Root() provider: Provider, @Ctx() ctx: Context): Promise<Subcontract[]> {
    return ctx.loaders.subcontractsAsMain.load(provider.id);
  }

  @FieldResolver(() => [Subcontract], {
    description: 'Subcontracts where this provider is the subcontractor (onderaannemer)',
  })
  subcontractsAsSub(@Root() provider: Provider, @Ctx() ctx: Context): Promise<Subcontract[]> {
    return ctx.loaders.subcontractsAsSub.load(provider.id);
  }

  @FieldResolver(() => [IntegratedTeam], { description: 'Integrated teams this provider coordinates or takes part in' })
  integratedTeams(@Root() provider: Provider, @Ctx() ctx: Context): Promise<IntegratedTeam[]> {
    return ctx.loaders.integratedTeamsOfProvider.load(provider.id);
  }
}
