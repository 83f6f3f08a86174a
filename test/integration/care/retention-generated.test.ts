import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { generateInto } from '../reliability/helpers/generated.js';

/**
 * The retention run on generated data: every youth's records are moved back in time by one amount,
 * so that the 20-year line falls in the middle of the data set. The run must erase exactly the
 * youths whose newest record (the youth itself, a referral, activity on or the closing of a
 * trajectory) now lies before that line and whose trajectories are all ended, and touch no one else.
 */

const HOUR = 3_600_000;
let db: TestDatabase;
let owner: pg.Client;

interface YouthTimes {
  id: string;
  newest: number;
  open: boolean;
}

/** Each youth's newest record and whether a trajectory of it is still open, computed here from the rows. */
async function youthTimes(): Promise<YouthTimes[]> {
  const youths = await owner.query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM youth`);
  const trajectories = await owner.query<{
    youth_id: string;
    status: string;
    referred_at: Date | null;
    last_activity_at: Date | null;
    closed_at: Date | null;
  }>(`SELECT youth_id, status, referred_at, last_activity_at, closed_at FROM trajectory`);
  const times = new Map(youths.rows.map((y) => [y.id, { id: y.id, newest: y.created_at.getTime(), open: false }]));
  for (const t of trajectories.rows) {
    const youth = times.get(t.youth_id)!;
    for (const at of [t.referred_at, t.last_activity_at, t.closed_at])
      if (at) youth.newest = Math.max(youth.newest, at.getTime());
    if (t.status !== 'CLOSED' && t.status !== 'CANCELLED') youth.open = true;
  }
  return [...times.values()];
}

const people = async () =>
  new Map(
    (
      await owner.query<{ id: string; person: string }>(
        `SELECT id, coalesce(initials, '') || '|' || coalesce(birth_date::text, '') || '|' || coalesce(erased_at::text, '') AS person FROM youth`,
      )
    ).rows.map((r) => [r.id, r.person]),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await generateInto(db.adminUrl, 600, 11);
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  // the line, 20 years back, falls in a gap of more than two hours between two youths' newest
  // records near the middle, so the seconds the test takes cannot move a youth across it
  const newest = (await youthTimes()).map((y) => y.newest).sort((a, b) => a - b);
  let k = Math.floor(newest.length / 2);
  while (newest[k + 1] - newest[k] <= 2 * HOUR) k++;
  const middle = (newest[k] + newest[k + 1]) / 2;
  const line = (await owner.query<{ at: Date }>(`SELECT now() - interval '20 years' AS at`)).rows[0].at.getTime();
  const back = `make_interval(secs => ${(middle - line) / 1000})`;
  await owner.query(`SET session_replication_role = replica`); // moves data, not a change of care
  await owner.query(`UPDATE youth SET created_at = created_at - ${back}`);
  await owner.query(
    `UPDATE trajectory SET referred_at = referred_at - ${back}, started_at = started_at - ${back},
            last_activity_at = last_activity_at - ${back}, closed_at = closed_at - ${back}`,
  );
  await owner.query(`SET session_replication_role = origin`);
}, 240_000);

afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('the retention run on generated data', () => {
  it('erases exactly the youths past 20 years with every trajectory ended, keeps those under a legal hold, and changes no one else', async () => {
    const line = (await owner.query<{ at: Date }>(`SELECT now() - interval '20 years' AS at`)).rows[0].at.getTime();
    const times = await youthTimes();
    const past = times.filter((y) => y.newest < line);
    const expectedErased = past.filter((y) => !y.open).map((y) => y.id);
    const expectedHeld = past.filter((y) => y.open).map((y) => y.id);
    // the line splits the data set: hundreds on either side
    expect(expectedErased.length).toBeGreaterThan(100);
    expect(times.length - past.length).toBeGreaterThan(100);
    const before = await people();

    const { rows } = await owner.query<{ erased_youth_id: string; outcome: string }>(
      `SELECT erased_youth_id, outcome FROM access.erase_past_retention()`,
    );
    const byOutcome = (outcome: string) =>
      rows
        .filter((r) => r.outcome === outcome)
        .map((r) => r.erased_youth_id)
        .sort();
    expect(byOutcome('ERASED')).toEqual(expectedErased.sort());
    expect(byOutcome('LEGAL_HOLD')).toEqual(expectedHeld.sort());

    const after = await people();
    const erased = new Set(expectedErased);
    for (const [id, person] of before) {
      if (erased.has(id))
        expect(after.get(id)!.startsWith('|')).toBe(true); // initials and birth date gone
      else expect(after.get(id), id).toBe(person);
    }
    // a second run finds nothing more to erase
    const again = await owner.query(`SELECT outcome FROM access.erase_past_retention() WHERE outcome <> 'LEGAL_HOLD'`);
    expect(again.rows).toEqual([]);
  });
});
