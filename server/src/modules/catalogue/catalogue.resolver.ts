import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { required } from '../../core/graphql/loaders.js';
import { Intensity, Pic, Profile } from './catalogue.entity.js';
import { CreateProfileInput, SetPicTariffInput } from './catalogue.inputs.js';

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

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Profile)
  createProfile(
    @Arg('input', () => CreateProfileInput) input: CreateProfileInput,
    @Ctx() ctx: Context,
  ): Promise<Profile> {
    return ctx.services.catalogue.createProfile(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Pic, { description: 'Sets a new PIC tariff from a date, as a new version' })
  setPicTariff(@Arg('input', () => SetPicTariffInput) input: SetPicTariffInput, @Ctx() ctx: Context): Promise<Pic> {
    return ctx.services.catalogue.setTariff(input);
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
