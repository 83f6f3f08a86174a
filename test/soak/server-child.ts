/**
 * The real server (server/src/main.ts, unchanged) as a child of the soak test, which asks it over
 * the IPC channel for its memory: after a full garbage collection (node --expose-gc), so that the
 * numbers show what stays alive, not what is waiting to be collected.
 */
declare const gc: (() => void) | undefined;

process.on('message', (message) => {
  if (message !== 'memory') return;
  if (typeof gc === 'function') gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ type: 'memory', rss, heapUsed, heapTotal, external, arrayBuffers });
});

await import('../../server/src/main.js');
