import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { assertId } from '../../core/graphql/ids.js';
import { required } from '../../core/graphql/loaders.js';
import { Profile } from '../catalogue/catalogue.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Subcontract } from './subcontract.entity.js';
import { EndSubcontractInput, RegisterSubcontractInput, UpdateSubcontractInput } from './subcontract.inputs.js';

@Resolver(() => Subcontract)
export class SubcontractResolver {
  @Authorized()
  @Query(() => Subcontract, { nullable: true })
  async subcontract(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Subcontract | null> {
    return (await ctx.services.subcontract.byIds([assertId(id, 'id')]))[0] ?? null;
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Mutation(() => Subcontract, { description: 'A main contractor registers a subcontract with a subcontractor' })
  registerSubcontract(
    @Arg('input', () => RegisterSubcontractInput) input: RegisterSubcontractInput,
    @Ctx() ctx: Context,
  ): Promise<Subcontract> {
    return ctx.services.subcontract.register(input);
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Mutation(() => Subcontract, { description: "Changes a subcontract's profiles or end date" })
  updateSubcontract(
    @Arg('input', () => UpdateSubcontractInput) input: UpdateSubcontractInput,
    @Ctx() ctx: Context,
  ): Promise<Subcontract> {
    return ctx.services.subcontract.update(input);
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Mutation(() => Subcontract, { description: 'Ends a subcontract on a date' })
  endSubcontract(
    @Arg('input', () => EndSubcontractInput) input: EndSubcontractInput,
    @Ctx() ctx: Context,
  ): Promise<Subcontract> {
    return ctx.services.subcontract.end(input);
  }

  @FieldResolver(() => Provider, { description: 'The main contractor (hoofdaannemer)' })
  mainContractor(@Root() subcontract: Subcontract, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, subcontract.mainContractorId, 'provider');
  }

  @FieldResolver(() => Provider, { description: 'The subcontractor (onderaannemer)' })
  subcontractor(@Root() subcontract: Subcontract, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, subcontract.subcontractorId, 'provider');
  }

  @FieldResolver(() => [Profile], { description: 'The profiles the subcontract covers' })
  profiles(@Root() subcontract: Subcontract, @Ctx() ctx: Context): Promise<Profile[]> {
    return ctx.loaders.profilesOfSubcontract.load(subcontract.id);
  }
}
