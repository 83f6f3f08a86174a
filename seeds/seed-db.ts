import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * A stable UUID for a seeded row, derived from a readable key (e.g. `municipality:0518`), so seeding
 * twice finds the same rows and demo data keeps its ids across restarts.
 */
export function seedId(key: string): string {
  const h = createHash('sha1').update(`samenspel-seed:${key}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Row = Record<string, unknown>;

/** Inserts rows (all with the same columns), skipping any that already exist. */
export async function insertRows(client: pg.ClientBase, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const batchSize = Math.max(1, Math.floor(30000 / columns.length));
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const values = batch.map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`);
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
      params,
    );
  }
}
