import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import { trajectoryUpdates } from './trajectory-updates.js';

@Resolver()
export class LiveResolver {
  @Authorized(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER)
  @Subscription(() => Trajectory, {
    description: 'The trajectory after each change (over WebSocket, graphql-ws); ends when you can no longer see it',
    subscribe: ({ args, context }) => trajectoryUpdates(context as Context, (args as { id: string }).id),
  })
  trajectoryUpdated(
    @Root() trajectoryId: string,
    @Arg('id', () => ID) _id: string,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return required(ctx.loaders.trajectory, trajectoryId, 'trajectory');
  }
}
