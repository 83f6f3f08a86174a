import { ArrayMaxSize, IsEnum, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import { IsId, IsPageSize } from '../../core/graphql/validation.js';

/** What waits for a user; an e-mail names only this, never the youth or the family. */
export enum NotificationKind {
  NEW_REFERRAL = 'NEW_REFERRAL',
  NEW_INTAKE = 'NEW_INTAKE',
  INTAKE_DEADLINE_TOMORROW = 'INTAKE_DEADLINE_TOMORROW',
  EXPERTISE_REQUESTED = 'EXPERTISE_REQUESTED',
  EXPERTISE_ANSWERED = 'EXPERTISE_ANSWERED',
  TRANSFER_OFFERED = 'TRANSFER_OFFERED',
  PIC_PROPOSAL_TO_DECIDE = 'PIC_PROPOSAL_TO_DECIDE',
  IMPROVEMENT_PLAN_REQUIRED = 'IMPROVEMENT_PLAN_REQUIRED',
  IMPROVEMENT_PLAN_OVERDUE = 'IMPROVEMENT_PLAN_OVERDUE',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });

export enum NotificationChannel {
  EMAIL = 'EMAIL',
  DIGEST = 'DIGEST',
  PORTAL = 'PORTAL',
}
registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'How a user hears of a kind: EMAIL at once, one DIGEST mail a day, or only the PORTAL’s bell',
});

/** Without a choice of its own a user is mailed at once: nobody should have to look to find out. */
export const DEFAULT_CHANNEL = NotificationChannel.EMAIL;

@ObjectType({ description: 'Something that waits for the viewer: what kind, and where in the portal' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => String, { description: 'The portal path it is about, e.g. /trajectories/…' })
  linkPath!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  readAt!: Date | null;
}

@ObjectType({ description: 'The viewer’s notifications, newest first, and how many are unread' })
export class NotificationList {
  @Field(() => [Notification])
  items!: Notification[];

  @Field(() => Int)
  unreadCount!: number;
}

@ObjectType()
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;
}

@InputType()
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'These; all of the viewer’s unread when left out' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsId({ each: true })
  ids?: string[] | null;
}

@InputType()
export class SetNotificationPreferenceInput {
  @Field(() => NotificationKind)
  @IsEnum(NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  @IsEnum(NotificationChannel)
  channel!: NotificationChannel;
}

@ArgsType()
export class NotificationsArgs {
  @Field(() => Int, { defaultValue: 20 })
  @IsPageSize()
  first!: number;
}
