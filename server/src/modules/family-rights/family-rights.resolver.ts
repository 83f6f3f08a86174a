import { Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { EraseYouthArgs } from './family-rights.inputs.js';

@Resolver()
export class FamilyRightsResolver {
  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => Boolean, {
    description:
      'REGION_ADMIN on the family’s request: personal data gone, anonymous figures kept; refused (LEGAL_HOLD) while a trajectory is open',
  })
  eraseYouth(@Args(() => EraseYouthArgs) { youthId, reason }: EraseYouthArgs, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.familyRights.eraseYouth(youthId, reason);
  }
}
