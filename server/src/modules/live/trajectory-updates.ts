import type { Context } from '../../context.js';
import { NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';

/**
 * The changes of one trajectory as one viewer may see them: an async iterator that yields the
 * trajectory id after each committed change. Before each yield it starts a fresh transaction as
 * the viewer (the subscription's context is renewed); when the session has ended or the viewer
 * can no longer see the trajectory, the subscription completes. The transport ends the starting
 * transaction (also when this throws) and each update's transaction once its result is sent.
 */
export async function trajectoryUpdates(ctx: Context, id: string): Promise<AsyncIterableIterator<string>> {
  const live = ctx.live;
  if (!live) throw new Error('trajectoryUpdated needs a live (WebSocket) context');
  const trajectoryId = assertId(id, 'id');
  if (!(await ctx.services.trajectory.get(trajectoryId))) throw new NotFoundError('Trajectory');

  let pending = false;
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = live.notifier.on(trajectoryId, () => {
    pending = true; // changes arriving together are delivered as one update
    wake?.();
  });
  const finish = async (): Promise<IteratorResult<string>> => {
    if (!done) {
      done = true;
      unsubscribe();
      wake?.();
    }
    await ctx.db.end().catch(() => undefined);
    return { done: true, value: undefined };
  };

  const iterator: AsyncIterableIterator<string> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<string>> {
      await ctx.db.end().catch(() => undefined); // the previous update's transaction
      while (!done && !pending) await new Promise<void>((resolve) => (wake = resolve));
      if (done) return { done: true, value: undefined };
      pending = false;
      try {
        await live.renew();
        // the client may have left while the update started: then its transaction ends here
        if (!done && ctx.scope.viewer && (await ctx.services.trajectory.byIds([trajectoryId], 'live update')).length)
          return { done: false, value: trajectoryId };
      } catch (error) {
        await finish();
        throw error;
      }
      return finish();
    },
    return: finish,
    async throw(error?: unknown): Promise<IteratorResult<string>> {
      await finish();
      throw error;
    },
  };
  return iterator;
}
