import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import { Intensity, Pic, Profile } from '../catalogue/catalogue.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import { acceptedBy, IjwMessageType, meaningOf } from './ijw.codes.js';
import { API_BATCH } from './ijw-export.service.js';
import type { ImportResult } from './ijw-import.service.js';
import { IjwMessagesArgs, SetIjwDeclarationFormInput, SetIjwProductInput } from './ijw.inputs.js';
import {
  IjwDeclarationForm,
  IjwImportResult,
  IjwMessage,
  IjwMessageConnection,
  IjwProduct,
  IjwRetourCode,
  type IjwDeclarationFormRow,
  type IjwMessageRow,
  type IjwProductRow,
} from './ijw.types.js';

/** A municipality outside the region (a message answered S300): its code, under a stand-in id. */
const outsideRegion = (code: string): Municipality => ({
  id: `00000000-0000-5000-8000-00000000${code}`,
  cbsCode: code,
  name: `Gemeente ${code} (niet in de regio)`,
  regionId: '',
});

@Resolver(() => IjwMessage)
export class IjwMessageResolver {
  @Authorized(Role.PROVIDER_ADMIN)
  @Query(() => IjwMessageConnection, { description: 'The iJw messages of the viewer’s provider, newest first' })
  ijwMessages(@Args(() => IjwMessagesArgs) args: IjwMessagesArgs, @Ctx() ctx: Context) {
    return ctx.services.ijwMessages.list(args);
  }

  @Authorized(Role.PROVIDER_ADMIN)
  @Mutation(() => IjwImportResult, {
    description:
      'A PROVIDER_ADMIN imports what its municipality sent: a JW301 assignment (answered with a JW302), a retour ' +
      '(JW306, JW308, JW316, JW318, JW325) on its own messages, or a JW319 answer (answered with a JW320)',
  })
  importIjwMessage(@Arg('xml', () => String) xml: string, @Ctx() ctx: Context): Promise<ImportResult> {
    return ctx.services.ijwImport.import(xml);
  }

  @Authorized(Role.PROVIDER_ADMIN)
  @Mutation(() => [IjwMessage], {
    description: `Builds the next batch of one type for one municipality: every event not yet sent, none twice (at most ${API_BATCH} messages a call)`,
  })
  exportIjwMessages(
    @Arg('type', () => IjwMessageType) type: IjwMessageType,
    @Arg('municipalityId', () => ID) municipalityId: string,
    @Ctx() ctx: Context,
  ): Promise<IjwMessageRow[]> {
    return ctx.services.ijwExport.export(type, municipalityId, { limit: API_BATCH, collect: true });
  }

  @FieldResolver(() => String, {
    description: 'The message, BSN masked (000000000); for the provider’s administrators',
  })
  async xml(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.services.ijwMessages.content(message.id, 'READ')).xml;
  }

  @FieldResolver(() => Municipality)
  async municipality(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<Municipality> {
    if (!message.municipalityId) return outsideRegion(message.municipalityCode);
    return required(ctx.loaders.municipality, message.municipalityId, 'municipality');
  }

  @FieldResolver(() => Provider)
  provider(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, message.providerId, 'provider');
  }

  @FieldResolver(() => [IjwRetourCode], {
    description: 'The WJ001 codes of its retour (sent), or that Samenspel answered it with (received)',
  })
  retourCodes(@Root() message: IjwMessageRow): IjwRetourCode[] {
    return message.retourCodes.map((code) => ({ code, meaning: meaningOf(code), rejects: !acceptedBy([code]) }));
  }

  @FieldResolver(() => [ID], { description: 'The trajectories the message is about (to correct, when rejected)' })
  async trajectoryIds(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<string[]> {
    return (await ctx.loaders.ijwSubjects.load(message.id)).map((s) => s.trajectoryId);
  }

  @FieldResolver(() => IjwMessage, { nullable: true, description: 'The message this one answers (a retour’s)' })
  async answers(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<IjwMessageRow | null> {
    return message.answersId ? ((await ctx.loaders.ijwMessage.load(message.answersId)) ?? null) : null;
  }

  @FieldResolver(() => [IjwMessage], { description: 'The retours and answers to this message' })
  answeredBy(@Root() message: IjwMessageRow, @Ctx() ctx: Context): Promise<IjwMessageRow[]> {
    return ctx.loaders.ijwAnswers.load(message.id);
  }
}

@Resolver(() => Trajectory)
export class TrajectoryIjwResolver {
  @FieldResolver(() => [IjwMessage], {
    description: 'The iJw messages about this trajectory, oldest first (for its responsible provider)',
  })
  ijwMessages(@Root() trajectory: TrajectoryRow, @Ctx() ctx: Context): Promise<IjwMessageRow[]> {
    return ctx.loaders.ijwMessagesOfTrajectory.load(trajectory.id);
  }
}

@Resolver(() => Pic)
export class PicIjwResolver {
  @FieldResolver(() => String, { nullable: true, description: 'JZ020 category of its iJw product, on today’s version' })
  async ijwProductCategory(@Root() pic: Pic, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.loaders.ijwProductOfPic.load(pic.id))[0]?.productCategory ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Its iJw product code, on today’s version' })
  async ijwProductCode(@Root() pic: Pic, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.loaders.ijwProductOfPic.load(pic.id))[0]?.productCode ?? null;
  }
}

@Resolver(() => IjwProduct)
export class IjwProductResolver {
  @Authorized()
  @Query(() => [IjwProduct], { description: 'The product list: every PIC’s iJw product, per validity period' })
  ijwProducts(@Ctx() ctx: Context): Promise<IjwProductRow[]> {
    return ctx.services.ijwProducts.products();
  }

  @Authorized()
  @Query(() => [IjwDeclarationForm], { description: 'How each funding variant is declared, per validity period' })
  ijwDeclarationForms(@Ctx() ctx: Context): Promise<IjwDeclarationFormRow[]> {
    return ctx.services.ijwProducts.forms();
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => IjwProduct, { description: 'Sets a PIC’s iJw product from a date, as a new version' })
  setIjwProduct(@Arg('input', () => SetIjwProductInput) input: SetIjwProductInput, @Ctx() ctx: Context) {
    return ctx.services.ijwProducts.setProduct(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => IjwDeclarationForm, { description: 'Sets how a funding variant is declared from a date' })
  setIjwDeclarationForm(
    @Arg('input', () => SetIjwDeclarationFormInput) input: SetIjwDeclarationFormInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.ijwProducts.setForm(input);
  }

  @FieldResolver(() => Profile)
  profile(@Root() product: IjwProductRow, @Ctx() ctx: Context): Promise<Profile> {
    return required(ctx.loaders.profile, product.profileId, 'profile');
  }

  @FieldResolver(() => Intensity)
  intensity(@Root() product: IjwProductRow, @Ctx() ctx: Context): Promise<Intensity> {
    return required(ctx.loaders.intensity, product.intensityId, 'intensity');
  }
}
