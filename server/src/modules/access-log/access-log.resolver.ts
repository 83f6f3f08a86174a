import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import type { Context } from '../../context.js';
import type { AccessLogEntryRow } from './access-log.service.js';

@ObjectType({ description: 'One read or change of a youth’s data (NEN 7513)' })
export class AccessLogEntry {
  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String)
  userEmail!: string;

  @Field(() => String)
  organisationName!: string;

  @Field(() => ID)
  youthId!: string;

  @Field(() => String, { description: 'READ, CREATE, UPDATE or EXPORT' })
  action!: string;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The roles of the person who did it (unknown for old entries)',
  })
  roles!: string[] | null;
}

@Resolver()
export class AccessLogResolver {
  @Authorized(Role.REGION_ADMIN, Role.PROVIDER_ADMIN)
  @Query(() => [AccessLogEntry], {
    description: 'Who read or changed this youth’s data: for the region and the admin of the responsible provider',
  })
  accessLog(@Arg('youthId', () => ID) youthId: string, @Ctx() ctx: Context): Promise<AccessLogEntryRow[]> {
    return ctx.services.accessLog.entriesOf(youthId);
  }
}
