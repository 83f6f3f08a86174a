import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Profile } from '../catalogue/catalogue.entity.js';
import { Area } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { CapacityArgs, SetCapacityInput } from './capacity.inputs.js';
import { CapacityEntry, STALE_AFTER_DAYS, type CapacityRow } from './capacity.types.js';

@Resolver(() => CapacityEntry)
export class CapacityResolver {
  @Authorized(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Query(() => [CapacityEntry], {
    description:
      'Where is there a place: free places per provider, profile and area, with the age of each figure. Referrers see all providers; a provider its own and its consortia’s',
  })
  async capacity(@Args(() => CapacityArgs) args: CapacityArgs, @Ctx() ctx: Context): Promise<CapacityRow[]> {
    const rows = await ctx.services.capacity.list(args);
    for (const { related } of rows) {
      if (!related) continue;
      ctx.loaders.provider.prime(related.provider.id, related.provider);
      ctx.loaders.profile.prime(related.profile.id, related.profile);
      if (related.area) ctx.loaders.area.prime(related.area.id, related.area);
    }
    return rows;
  }

  @Authorized(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Mutation(() => CapacityEntry, { description: 'A provider reports its own free places for a profile and area' })
  setCapacity(
    @Arg('input', () => SetCapacityInput) input: SetCapacityInput,
    @Ctx() ctx: Context,
  ): Promise<CapacityRow> {
    return ctx.services.capacity.set(input);
  }

  @FieldResolver(() => Provider)
  provider(@Root() row: CapacityRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, row.providerId, 'provider');
  }

  @FieldResolver(() => Profile)
  profile(@Root() row: CapacityRow, @Ctx() ctx: Context): Promise<Profile> {
    return required(ctx.loaders.profile, row.profileId, 'profile');
  }

  @FieldResolver(() => Area, { nullable: true, description: 'Null: every area the provider serves' })
  async area(@Root() row: CapacityRow, @Ctx() ctx: Context): Promise<Area | null> {
    return row.areaId ? required(ctx.loaders.area, row.areaId, 'area') : null;
  }

  @FieldResolver(() => Boolean)
  stale(@Root() row: CapacityRow): boolean {
    return row.ageDays > STALE_AFTER_DAYS;
  }
}
