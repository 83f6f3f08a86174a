import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import {
  MarkNotificationsReadInput,
  NotificationList,
  NotificationPreference,
  NotificationsArgs,
  SetNotificationPreferenceInput,
} from './notification.types.js';

/** Every signed-in user has notifications of its own; none reads another's. */
@Resolver()
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationList, { description: 'What waits for the viewer (the portal’s bell), newest first' })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return ctx.services.notification.list(args.first);
  }

  @Authorized()
  @Query(() => [NotificationPreference], { description: 'How the viewer hears of each kind' })
  notificationPreferences(@Ctx() ctx: Context) {
    return ctx.services.notification.preferences();
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Marks the viewer’s notifications read; returns how many changed' })
  markNotificationsRead(
    @Arg('input', () => MarkNotificationsReadInput) input: MarkNotificationsReadInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notification.markRead(input.ids);
  }

  @Authorized()
  @Mutation(() => NotificationPreference)
  setNotificationPreference(
    @Arg('input', () => SetNotificationPreferenceInput) input: SetNotificationPreferenceInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notification.setPreference(input.kind, input.channel);
  }
}
