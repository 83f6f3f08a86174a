import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Area } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Consortium, ConsortiumMembership, Lot } from './consortium.entity.js';
import {
  AddConsortiumMemberInput,
  CreateConsortiumInput,
  CreateLotInput,
  EndConsortiumMembershipInput,
  UpdateConsortiumInput,
} from './consortium.inputs.js';

@Resolver(() => Consortium)
export class ConsortiumResolver {
  @Authorized()
  @Query(() => [Consortium], { description: 'All consortia, by name' })
  consortia(@Ctx() ctx: Context): Promise<Consortium[]> {
    return ctx.services.consortium.list();
  }

  @Authorized()
  @Query(() => Consortium, { nullable: true })
  async consortium(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Consortium | null> {
    return (await ctx.services.consortium.get(id)) ?? null;
  }

  @Authorized()
  @Query(() => [Lot], { name: 'lots', description: 'The lots (percelen) of the tender' })
  allLots(@Ctx() ctx: Context): Promise<Lot[]> {
    return ctx.services.consortium.lots();
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Consortium)
  createConsortium(
    @Arg('input', () => CreateConsortiumInput) input: CreateConsortiumInput,
    @Ctx() ctx: Context,
  ): Promise<Consortium> {
    return ctx.services.consortium.create(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Consortium)
  updateConsortium(
    @Arg('input', () => UpdateConsortiumInput) input: UpdateConsortiumInput,
    @Ctx() ctx: Context,
  ): Promise<Consortium> {
    return ctx.services.consortium.update(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => ConsortiumMembership)
  addConsortiumMember(
    @Arg('input', () => AddConsortiumMemberInput) input: AddConsortiumMemberInput,
    @Ctx() ctx: Context,
  ): Promise<ConsortiumMembership> {
    return ctx.services.consortium.addMember(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => ConsortiumMembership, { description: 'Ends a membership on a date (history is kept)' })
  endConsortiumMembership(
    @Arg('input', () => EndConsortiumMembershipInput) input: EndConsortiumMembershipInput,
    @Ctx() ctx: Context,
  ): Promise<ConsortiumMembership> {
    return ctx.services.consortium.endMembership(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Lot)
  createLot(@Arg('input', () => CreateLotInput) input: CreateLotInput, @Ctx() ctx: Context): Promise<Lot> {
    return ctx.services.consortium.createLot(input);
  }

  @FieldResolver(() => Provider, { description: 'The lead partner (penvoerder)' })
  async lead(@Root() consortium: Consortium, @Ctx() ctx: Context): Promise<Provider> {
    const [lead] = await ctx.loaders.leadOfConsortium.load(consortium.id);
    if (!lead) throw new Error(`consortium ${consortium.id} has no lead partner`);
    return required(ctx.loaders.provider, lead.providerId, 'provider');
  }

  @FieldResolver(() => [ConsortiumMembership])
  members(@Root() consortium: Consortium, @Ctx() ctx: Context): Promise<ConsortiumMembership[]> {
    return ctx.loaders.membershipsOfConsortium.load(consortium.id);
  }

  @FieldResolver(() => [Lot])
  lots(@Root() consortium: Consortium, @Ctx() ctx: Context): Promise<Lot[]> {
    return ctx.loaders.lotsOfConsortium.load(consortium.id);
  }

  @FieldResolver(() => [Area])
  areas(@Root() consortium: Consortium, @Ctx() ctx: Context): Promise<Area[]> {
    return ctx.loaders.areasOfConsortium.load(consortium.id);
  }
}

@Resolver(() => ConsortiumMembership)
export class ConsortiumMembershipResolver {
  @FieldResolver(() => Consortium)
  consortium(@Root() membership: ConsortiumMembership, @Ctx() ctx: Context): Promise<Consortium> {
    return required(ctx.loaders.consortium, membership.consortiumId, 'consortium');
  }

  @FieldResolver(() => Provider)
  provider(@Root() membership: ConsortiumMembership, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, membership.providerId, 'provider');
  }
}
