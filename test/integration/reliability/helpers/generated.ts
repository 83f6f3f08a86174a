import pg from 'pg';
import { createRandom } from '../../../../seeds/random.js';
import { CareGenerator } from '../../../bench/generator/care.js';
import { Chunk, loadChunk } from '../../../bench/generator/copy.js';
import { buildWorld } from '../../../bench/generator/organisations.js';
import { RECOUNT_CASELOAD } from '../../../../server/src/db/migrations/1764000000160-caseload-counts.js';

/**
 * What `npm run generate -- --trajectories N` adds to a seeded database, done in-process with the
 * generator's own parts (the command also writes a results file into the repository). Returns the
 * number of trajectories in the database afterwards.
 */
export async function generateInto(adminUrl: string, trajectories: number, seed = 7): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const random = createRandom(seed);
    await client.query('BEGIN');
    const world = await buildWorld(client, random, 120);
    await client.query('COMMIT');
    // as the generator loads as superuser: the rows the triggers would derive are written by it
    await client.query(`SET session_replication_role = replica`);
    const generator = new CareGenerator(world, random, Date.now());
    let generated = 0;
    while (generated < trajectories) {
      const chunk = new Chunk();
      while (chunk.trajectories < 500 && generated + chunk.trajectories < trajectories) {
        generator.family(chunk, Math.min(3, trajectories - generated - chunk.trajectories));
      }
      generated += chunk.trajectories;
      await loadChunk(client, chunk);
    }
    await client.query(`SET session_replication_role = origin`);
    await client.query(RECOUNT_CASELOAD);
    await client.query(`ANALYZE`);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM trajectory`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}
