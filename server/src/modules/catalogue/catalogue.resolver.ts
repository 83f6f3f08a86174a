import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Intensity, Pic, Profile } from './catalogue.entity.js';

@Resolver(() => Pic)
export class CatalogueResolver {
  @Authorized()
  @Query(() => [Pic], { description: 'Every PIC tariff version, by profile, intensity and validity' })
  pics(@Ctx() ctx: Context): Promise<Pic[]> {
    return ctx.services.catalogue.pics();
  }

  @Authorized()
  @Query(() => [Profile])
  profiles(@Ctx() ctx: Context): Promise<Profile[]> {
    return ctx.services.catalogue.profiles();
  }

  @Authorized()
  @Query(() => [Intensity])
  intensities(@Ctx() ctx: Context): Promise<Intensity[]> {
    return ctx.services.catalogue.intensities();
  }

  @FieldResolver(() => Profile)
  profile(@Root() pic: Pic, @Ctx() ctx: Context): Promise<Profile> {
    return required(ctx.loaders.profile, pic.profileId, 'profile');
  }

  @FieldResolver(() => Intensity)
  intensity(@Root() pic: Pic, @Ctx() ctx: Context): Promise<Intensity> {
    return required(ctx.loaders.intensity, pic.intensityId, 'intensity');
  }
}
