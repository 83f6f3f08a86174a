import { IsEmail, IsOptional, MaxLength, MinLength } from 'class-validator';
import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { because } from '../../core/graphql/validation.js';
import { Municipality, Region } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';

export const Organisation = createUnionType({
  name: 'Organisation',
  description: 'The organisation a user works for: the region, a municipality or a provider',
  types: () => [Municipality, Provider, Region] as const,
  resolveType: (value) => ('agbCode' in value ? Provider : 'cbsCode' in value ? Municipality : Region),
});

@ObjectType('Viewer', { description: 'The signed-in user' })
export class ViewerType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Boolean, { description: 'An authenticator app is set up' })
  secondFactorEnabled!: boolean;

  @Field(() => Boolean, {
    description: 'A second factor is required and not set up yet: until it is, only setting one up is allowed',
  })
  secondFactorSetupRequired!: boolean;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  @IsEmail({}, because('NOT_AN_EMAIL'))
  @MaxLength(254, because('TOO_LONG', { max: 254 }))
  email!: string;

  @Field(() => String)
  @MinLength(1, because('REQUIRED'))
  @MaxLength(1000, because('TOO_LONG', { max: 1000 }))
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Required once the user has a second factor: the authenticator code, or a recovery code (works once)',
  })
  @IsOptional()
  @MaxLength(100, because('TOO_LONG', { max: 100 }))
  totpCode?: string | null;
}

@ObjectType()
export class LoginResult {
  @Field(() => String, { description: 'Works as "Authorization: Bearer <token>"; the portal uses the session cookie' })
  token!: string;

  @Field(() => ViewerType)
  viewer!: ViewerType;
}
