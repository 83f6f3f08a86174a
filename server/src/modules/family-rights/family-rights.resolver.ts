import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';

@Resolver()
export class FamilyRightsResolver {
  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Boolean, {
    description:
      'REGION_ADMIN on the family’s request: personal data gone, anonymous figures kept; refused (LEGAL_HOLD) while a trajectory is open',
  })
  eraseYouth(
    @Arg('youthId', () => ID) youthId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.familyRights.eraseYouth(youthId, reason);
  }
}
