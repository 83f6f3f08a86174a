import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role, type OrganisationKind } from '../../core/auth/roles.js';
import { because, IsId, IsPageSize, IsText } from '../../core/graphql/validation.js';
import { PageInfo } from '../trajectory/trajectory.types.js';

/** A user as administrators see it; `organisation` is resolved from the kind and id. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  lastSignInAt: Date | null;
  secondFactorEnabled: boolean;
  organisationKind: OrganisationKind;
  organisationId: string;
}

@ObjectType({ description: 'An account, as its administrators see it' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Boolean, { description: 'False once deactivated: it can no longer sign in' })
  active!: boolean;

  @Field(() => Date, { nullable: true })
  lastSignInAt!: Date | null;

  @Field(() => Boolean, { description: 'The user set up an authenticator app' })
  secondFactorEnabled!: boolean;
}

@ObjectType()
export class UserEdge {
  @Field(() => User)
  node!: UserRow;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ description: 'A one-time link mailed to a future user' })
export class Invitation {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType({ description: 'A TOTP secret (RFC 6238) to put in an authenticator app; active after confirmTotpSetup.' })
export class TotpSetup {
  @Field(() => String)
  secret!: string;

  @Field(() => String)
  otpauthUrl!: string;
}

@ArgsType()
export class UsersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100' })
  @IsOptional()
  @IsPageSize()
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  after?: string | null;
}

/** A password or one-time token as typed: anything but empty, up to `max` characters (checked later by its rules). */
const IsSecret =
  (max: number): PropertyDecorator =>
  (target, key) => {
    MinLength(1, because('REQUIRED'))(target, key);
    MaxLength(max, because('TOO_LONG', { max }))(target, key);
  };

@InputType()
export class InviteUserInput {
  @Field(() => String)
  @IsEmail({}, because('NOT_AN_EMAIL'))
  @MaxLength(254, because('TOO_LONG', { max: 254 }))
  email!: string;

  @Field(() => String, { nullable: true, description: 'Suggested; the user chooses its own name on accepting' })
  @IsOptional()
  @IsText(200)
  name?: string | null;

  @Field(() => [Role])
  @ArrayMinSize(1, because('EMPTY_LIST', { what: 'role' }))
  @ArrayMaxSize(5, because('TOO_MANY_ENTRIES', { max: 5 }))
  @IsEnum(Role, { each: true, ...because('INVALID_VALUE') })
  roles!: Role[];

  @Field(() => ID, { nullable: true, description: 'Default: your own organisation' })
  @IsOptional()
  @IsId()
  organisationId?: string | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => String)
  @IsSecret(200)
  token!: string;

  @Field(() => String)
  @IsText(200)
  name!: string;

  @Field(() => String)
  @IsSecret(1000)
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  @IsSecret(1000)
  currentPassword!: string;

  @Field(() => String)
  @IsSecret(1000)
  newPassword!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String)
  @IsSecret(200)
  token!: string;

  @Field(() => String)
  @IsSecret(1000)
  newPassword!: string;
}

@InputType()
export class RequireSecondFactorInput {
  @Field(() => ID, { description: 'A region, municipality or provider' })
  @IsId()
  organisationId!: string;

  @Field(() => Boolean)
  @IsBoolean(because('INVALID_VALUE'))
  required!: boolean;
}
