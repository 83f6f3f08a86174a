import { Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import type { Context } from '../../context.js';
import type { FailedJobRow } from './jobs.service.js';

@ObjectType({ description: 'A background job (e-mail, reminder, digest) that failed after every retry' })
export class FailedJob {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'What kind of job, e.g. notification.mail' })
  queue!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  failedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The last error, shortened' })
  error!: string | null;
}

@Resolver()
export class JobsResolver {
  @Authorized(Role.REGION_ADMIN)
  @Query(() => [FailedJob], { description: 'Background jobs that kept failing (newest first, at most 100)' })
  failedJobs(@Ctx() ctx: Context): Promise<FailedJobRow[]> {
    return ctx.services.jobs.failed();
  }
}
