import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Viewer } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { LoginInput, LoginResult, Organisation, ViewerType } from './auth.types.js';

@Resolver(() => ViewerType)
export class AuthResolver {
  @Mutation(() => LoginResult, {
    description:
      'Signs in; also sets the httpOnly session cookie for the portal. Repeated failures slow down further attempts per account, per address and per both: a refused attempt is UNAUTHENTICATED with reason THROTTLED and retryAfterSeconds',
  })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<LoginResult> {
    const { token, viewer } = await ctx.services.auth.login(
      input.email,
      input.password,
      ctx.request.clientAddress,
      input.totpCode,
    );
    ctx.response.setSessionCookie(token);
    return { token, viewer };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the current session server-side' })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    ctx.response.clearSessionCookie();
    return ctx.services.auth.logout(ctx.request.token!);
  }

  @Authorized()
  @Mutation(() => Int, {
    description:
      'Revokes every session of the signed-in user, this one included: each browser and API token. Returns how many were still open',
  })
  async logoutEverywhere(@Ctx() ctx: Context): Promise<number> {
    ctx.response.clearSessionCookie();
    return ctx.services.auth.logoutEverywhere(ctx.scope.requireViewer().id);
  }

  @Authorized()
  @Query(() => ViewerType)
  me(@Ctx() ctx: Context): Viewer {
    return ctx.scope.requireViewer();
  }

  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<typeof Organisation | null> {
    return organisationOf(viewer, ctx);
  }
}

/** The organisation a user works for, through the request's loaders. */
export async function organisationOf(
  user: Pick<Viewer, 'organisationKind' | 'organisationId'>,
  ctx: Context,
): Promise<typeof Organisation | null> {
  switch (user.organisationKind) {
    case 'PROVIDER':
      return (await ctx.loaders.provider.load(user.organisationId)) ?? null;
    case 'MUNICIPALITY':
      return (await ctx.loaders.municipality.load(user.organisationId)) ?? null;
    case 'REGION':
      return (await ctx.loaders.region.load(user.organisationId)) ?? null;
  }
}
