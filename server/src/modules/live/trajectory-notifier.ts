import pg from 'pg';
import type { Logger } from '../../core/logging/logger.js';

export const TRAJECTORY_CHANNEL = 'trajectory_updated';

type Listener = (trajectoryId: string) => void;

/**
 * Fans out `NOTIFY trajectory_updated, '<id>'` (sent by the database at commit, from any server
 * instance) to this instance's subscribers. One dedicated connection LISTENs; when it drops it
 * reconnects with backoff and listens again, so subscribers keep receiving.
 */
export class TrajectoryNotifier {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client?: pg.Client;
  private stopped = false;
  private retryDelay = 100;
  private connecting?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    while (!this.stopped) {
      const client = new pg.Client({ connectionString: this.url, application_name: 'samenspel-listen' });
      client.on('error', (error) => this.logger.warn({ err: error }, 'LISTEN connection error'));
      client.on('end', () => {
        if (this.client === client) this.client = undefined;
        if (!this.stopped) {
          this.logger.warn('LISTEN connection ended; reconnecting');
          void this.start();
        }
      });
      client.on('notification', (message) => {
        if (message.channel === TRAJECTORY_CHANNEL && message.payload) this.dispatch(message.payload);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${TRAJECTORY_CHANNEL}`);
        this.client = client;
        this.retryDelay = 100;
        return;
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: this.retryDelay }, 'cannot LISTEN yet');
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, this.retryDelay));
        this.retryDelay = Math.min(this.retryDelay * 2, 2000);
      }
    }
  }

  /** True while the LISTEN connection is up (for /readyz and tests). */
  get listening(): boolean {
    return !!this.client;
  }

  private dispatch(trajectoryId: string): void {
    for (const listener of this.listeners.get(trajectoryId) ?? []) listener(trajectoryId);
  }

  /** Calls `listener` on every change of the trajectory, until the returned function is called. */
  on(trajectoryId: string, listener: Listener): () => void {
    let set = this.listeners.get(trajectoryId);
    if (!set) this.listeners.set(trajectoryId, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (!set!.size) this.listeners.delete(trajectoryId);
    };
  }

  /** How many subscriptions on this instance follow the trajectory (tests wait for theirs to be registered). */
  listenerCount(trajectoryId: string): number {
    return this.listeners.get(trajectoryId)?.size ?? 0;
  }

  /** Subscriptions open on this instance, over all trajectories (for /metrics). */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** The backend pid of the LISTEN connection (tests terminate it to prove reconnection). */
  async backendPid(): Promise<number | undefined> {
    return (this.client as unknown as { processID?: number })?.processID;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
