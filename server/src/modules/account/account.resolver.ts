import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { LoginResult, Organisation } from '../auth/auth.types.js';
import { organisationOf } from '../auth/auth.resolver.js';
import {
  AcceptInvitationInput,
  ChangePasswordInput,
  Invitation,
  InviteUserInput,
  RequireSecondFactorInput,
  ResetPasswordInput,
  TotpSetup,
  User,
  UserConnection,
  UsersArgs,
  type UserRow,
} from './account.types.js';

@Resolver(() => User)
export class AccountResolver {
  @Authorized(Role.REGION_ADMIN, Role.PROVIDER_ADMIN)
  @Query(() => UserConnection, {
    description: 'Accounts: a provider administrator sees its organisation’s, a region administrator all; newest first',
  })
  users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context) {
    return ctx.services.account.users(args.first ?? 20, args.after);
  }

  @Authorized(Role.REGION_ADMIN)
  @Query(() => [ID], { description: 'The organisations whose users all need a second factor' })
  secondFactorRequirements(@Ctx() ctx: Context) {
    return ctx.services.account.secondFactorRequirements();
  }

  @Authorized(Role.REGION_ADMIN, Role.PROVIDER_ADMIN)
  @Mutation(() => Invitation, { description: 'Mails a one-time link that works until expiresAt' })
  inviteUser(@Arg('input', () => InviteUserInput) input: InviteUserInput, @Ctx() ctx: Context) {
    return ctx.services.account.inviteUser(input);
  }

  @Mutation(() => LoginResult, { description: 'Creates the invited account and signs it in; the link works once' })
  async acceptInvitation(
    @Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<LoginResult> {
    const { token, viewer } = await ctx.services.account.acceptInvitation(input.token, input.name, input.password);
    ctx.response.setSessionCookie(token);
    return { token, viewer };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the user’s other sessions' })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: Context) {
    return ctx.services.account.changePassword(
      input.currentPassword,
      input.newPassword,
      ctx.request.clientAddress,
      ctx.request.token!,
    );
  }

  @Mutation(() => Boolean, { description: 'Always true, known address or not; a known one gets a link for 1 hour' })
  requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.account.requestPasswordReset(email);
  }

  @Mutation(() => Boolean, { description: 'Ends all the user’s sessions' })
  resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: Context) {
    return ctx.services.account.resetPassword(input.token, input.newPassword);
  }

  @Authorized(Role.REGION_ADMIN, Role.PROVIDER_ADMIN)
  @Mutation(() => User, { description: 'Ends all its sessions at once' })
  deactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.account.deactivateUser(id);
  }

  @Authorized()
  @Mutation(() => TotpSetup)
  startTotpSetup(
    @Arg('currentPassword', () => String, {
      nullable: true,
      description: 'Required to replace an active second factor',
    })
    currentPassword: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.account.startTotpSetup(currentPassword, ctx.request.clientAddress);
  }

  @Authorized()
  @Mutation(() => [String], { description: 'The one-time recovery codes, shown once' })
  confirmTotpSetup(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.services.account.confirmTotpSetup(code, ctx.request.clientAddress);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Boolean, { description: 'Requires (or stops requiring) a second factor of an organisation’s users' })
  requireSecondFactor(
    @Arg('input', () => RequireSecondFactorInput) input: RequireSecondFactorInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.account.requireSecondFactor(input.organisationId, input.required);
  }

  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() user: UserRow, @Ctx() ctx: Context) {
    return organisationOf(user, ctx);
  }
}
