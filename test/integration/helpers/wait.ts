import { vi } from 'vitest';

/**
 * Waits until `condition` holds (checked every 50 ms; an error counts as not yet), for at most
 * `timeoutMs`: tests wait for what they need to see, never for a fixed time, so a busy machine
 * only makes them slower.
 */
export async function waitUntil(condition: () => unknown, timeoutMs = 30_000): Promise<void> {
  await vi.waitUntil(
    async () => {
      try {
        return Boolean(await condition());
      } catch {
        return false;
      }
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
