import DataLoader from 'dataloader';

/**
 * Benchmarks only (test/bench): `SAMENSPEL_DATALOADERS=off` makes every loader fetch each key with a
 * query of its own and cache nothing, to measure the same resolvers without DataLoaders.
 */
const options = process.env.SAMENSPEL_DATALOADERS === 'off' ? { batch: false, cache: false } : {};

/** A per-request loader of rows by id: one query for every id asked in the same tick. */
export function byIdLoader<V extends { id: string }>(
  fetch: (ids: string[]) => Promise<V[]>,
): DataLoader<string, V | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await fetch([...ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }, options);
}

/** A per-request loader of the rows belonging to each key (e.g. areas by municipality). */
export function groupedLoader<V>(
  fetch: (keys: string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
): DataLoader<string, V[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch([...keys]);
    const groups = new Map<string, V[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  }, options);
}

/** A by-id loader that hands out rows (a DataLoader, or a `readsRecordedLoader`). */
export interface RowLoader<V> {
  load(id: string): Promise<V | undefined>;
  prime(id: string, row: V): unknown;
}

/**
 * A by-id loader that passes every row it hands out to `recordReads`, in one call per tick like the
 * loading itself, also rows primed from another query: for rows whose every read must leave a trace
 * (the access log). A row that is not found or not visible is not recorded.
 */
export function readsRecordedLoader<V extends { id: string }>(
  fetch: (ids: string[]) => Promise<V[]>,
  recordReads: (ids: string[]) => Promise<void>,
): RowLoader<V> {
  const rows = byIdLoader(fetch);
  const reads = new DataLoader<string, true>(async (ids) => {
    await recordReads([...ids]);
    return ids.map(() => true as const);
  }, options);
  return {
    async load(id) {
      const row = await rows.load(id);
      if (row) await reads.load(row.id);
      return row;
    },
    prime: (id, row) => rows.prime(id, row),
  };
}

/** Loads a required relation; a missing row means broken data, not a user error. */
export async function required<V>(loader: Pick<RowLoader<V>, 'load'>, id: string, what: string): Promise<V> {
  const row = await loader.load(id);
  if (!row) throw new Error(`${what} ${id} is missing`);
  return row;
}
