import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Profile } from '../catalogue/catalogue.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Subcontract } from './subcontract.entity.js';

@Resolver(() => Subcontract)
export class SubcontractResolver {
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
