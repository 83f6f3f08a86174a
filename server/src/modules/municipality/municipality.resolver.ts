import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Area, Municipality } from './municipality.entity.js';

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Authorized()
  @Query(() => [Municipality], { description: 'The H10 municipalities, by name' })
  municipalities(@Ctx() ctx: Context): Promise<Municipality[]> {
    return ctx.services.municipality.list();
  }

  @FieldResolver(() => [Area])
  areas(@Root() municipality: Municipality, @Ctx() ctx: Context): Promise<Area[]> {
    return ctx.loaders.areasOfMunicipality.load(municipality.id);
  }
}

@Resolver(() => Area)
export class AreaResolver {
  @FieldResolver(() => Municipality)
  municipality(@Root() area: Area, @Ctx() ctx: Context): Promise<Municipality> {
    return required(ctx.loaders.municipality, area.municipalityId, 'municipality');
  }
}
