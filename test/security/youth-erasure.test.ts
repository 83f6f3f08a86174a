import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEN_HAAG } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/**
 * Erasure on the family's request: afterwards nothing personal of the youth is left anywhere in
 * the database, the access log keeps its rows (the youth's id is now a pseudonym), and every
 * published figure stays exactly as it was.
 */

const REGION_ADMIN = 'admin@h10.example';
const CONTRACT_MANAGER = 'contractmanager@denhaag.example';
const INITIALS = 'Q.X.Z.';
const BIRTH_DATE = '2009-11-23';
const NAME = 'Zwaantje Quibus';
const PERSONAL = [INITIALS, BIRTH_DATE, 'Zwaantje', 'Quibus'];

const ERASE = `mutation($id: ID!, $reason: String!) { eraseYouth(youthId: $id, reason: $reason) }`;

let t: TestApp;
/** A closed youth of Den Haag with figures, its one trajectory, and a user of its provider. */
let youth: { id: string; trajectoryId: string; familyPlanId: string; closedYear: number; staff: string };

beforeAll(async () => {
  t = await startTestApp();
  const [row] = (
    await t.admin.query(
      `SELECT y.id, t.id AS "trajectoryId", t.family_plan_id AS "familyPlanId",
              extract(year FROM f.closed_at AT TIME ZONE 'Europe/Amsterdam')::int AS "closedYear",
              (SELECT u.email FROM app_user u WHERE u.provider_id = t.responsible_provider_id ORDER BY u.email LIMIT 1) AS staff
         FROM youth y JOIN trajectory t ON t.youth_id = y.id JOIN trajectory_fact f ON f.trajectory_id = t.id
        WHERE y.municipality_id = $1 AND f.closed_at < date_trunc('year', now())
          AND (SELECT count(*) FROM trajectory o WHERE o.youth_id = y.id) = 1
          AND (SELECT count(*) FROM family_plan_youth fy WHERE fy.family_plan_id = t.family_plan_id) = 1
          AND EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = t.id)
        ORDER BY f.closed_at DESC, y.id LIMIT 1`,
      [DEN_HAAG],
    )
  ).rows;
  youth = row;
  // make the youth's personal data unmistakable, and put it in every kind of free text
  const anyUser = (await t.admin.query(`SELECT id FROM app_user ORDER BY email LIMIT 1`)).rows[0].id;
  await t.admin.query(`UPDATE youth SET initials = $2, birth_date = $3 WHERE id = $1`, [
    youth.id,
    INITIALS,
    BIRTH_DATE,
  ]);
  await t.admin.query(`UPDATE family_plan SET question = $2, context = $3 WHERE id = $1`, [
    youth.familyPlanId,
    `${NAME} (${INITIALS}) gaat niet naar school.`,
    `${NAME} woont bij moeder; geboren ${BIRTH_DATE}.`,
  ]);
  await t.admin.query(`UPDATE goal SET description = $2 WHERE family_plan_id = $1 OR help_plan_id = $3`, [
    youth.familyPlanId,
    `${NAME} gaat weer naar school.`,
    youth.trajectoryId,
  ]);
  await t.admin.query(`UPDATE help_plan SET effort_description = $2 WHERE trajectory_id = $1`, [
    youth.trajectoryId,
    `Gesprekken met ${NAME}.`,
  ]);
  await t.admin.query(
    `INSERT INTO plan_revision (family_plan_id, version, changed_by, changes) VALUES ($1, 99, $2, $3)`,
    [
      youth.familyPlanId,
      anyUser,
      JSON.stringify([{ field: 'question', before: null, after: `${NAME} ${BIRTH_DATE}` }]),
    ],
  );
  await t.admin.query(`INSERT INTO trajectory_event (trajectory_id, kind, detail) VALUES ($1, 'NOTE', $2)`, [
    youth.trajectoryId,
    `Gebeld met ${NAME}.`,
  ]);
  // a kept answer to a repeated request that holds the youth
  await t.login(youth.staff);
  const session = (await t.admin.query(`SELECT id, user_id FROM user_session ORDER BY created_at DESC LIMIT 1`))
    .rows[0];
  await t.admin.query(
    `INSERT INTO idempotency_key (session_id, user_id, key, fingerprint, response_body) VALUES ($1, $2, 'erasure-test', '\\x00', $3)`,
    [
      session.id,
      session.user_id,
      JSON.stringify({ data: { youth: { id: youth.id, initials: INITIALS, birthDate: BIRTH_DATE } } }),
    ],
  );
}, 120_000);
afterAll(() => t?.close());

/** Every place in the database where a text, varchar or jsonb value holds one of `needles`. */
async function findPersonalData(needles: string[]): Promise<string[]> {
  const columns = (
    await t.admin.query<{ table: string; column: string }>(
      `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`,
    )
  ).rows;
  expect(columns.length).toBeGreaterThan(40);
  const found: string[] = [];
  const patterns = needles.map((n) => `%${n}%`);
  for (const { table, column } of columns) {
    const { rows } = await t.admin.query(
      `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE ANY ($1)`,
      [patterns],
    );
    if (rows[0].n) found.push(`${table}.${column}`);
  }
  return found;
}

/** Every figure of every consortium over the year the youth's trajectory closed, as the CSV export. */
async function allFigures(): Promise<string[]> {
  const consortia = (await t.admin.query(`SELECT id FROM consortium ORDER BY id`)).rows;
  const figures: string[] = [];
  for (const { id } of consortia) {
    const r = await t.as(CONTRACT_MANAGER)(
      `query($id: ID!, $from: Date!, $to: Date!) { consortiumPerformanceCsv(consortiumId: $id, from: $from, to: $to) }`,
      { id, from: `${youth.closedYear}-01-01`, to: `${youth.closedYear}-12-31` },
    );
    expect(r.errors).toBeUndefined();
    figures.push(r.data!.consortiumPerformanceCsv);
  }
  return figures;
}

describe('erasing a youth', () => {
  it('is refused to anyone but a region administrator', async () => {
    const r = await t.as(youth.staff)(ERASE, { id: youth.id, reason: 'Verzoek van de ouders.' });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await findPersonalData([INITIALS])).length).toBeGreaterThan(0);
  });

  it('is refused with LEGAL_HOLD while the youth has an open trajectory, and changes nothing', async () => {
    const [open] = (
      await t.admin.query(
        `SELECT y.id, y.initials FROM youth y JOIN trajectory t ON t.youth_id = y.id
          WHERE y.municipality_id = $1 AND t.status = 'ACTIVE' ORDER BY y.id LIMIT 1`,
        [DEN_HAAG],
      )
    ).rows;
    const r = await t.as(REGION_ADMIN)(ERASE, { id: open.id, reason: 'Verzoek van de ouders.' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'LEGAL_HOLD' });
    const after = (await t.admin.query(`SELECT initials, erased_at FROM youth WHERE id = $1`, [open.id])).rows[0];
    expect(after).toEqual({ initials: open.initials, erased_at: null });
  });

  it('leaves no personal field of the youth anywhere, keeps its access-log rows pseudonymised, and every figure', async () => {
    // a read by the provider, so the youth has access-log rows of its own
    const read = await t.as(youth.staff)(`query($id: ID!) { trajectory(id: $id) { youth { initials } } }`, {
      id: youth.trajectoryId,
    });
    expect(read.data!.trajectory.youth.initials).toBe(INITIALS);
    const logBefore = (await t.admin.query(`SELECT id FROM access_log WHERE youth_id = $1 ORDER BY id`, [youth.id]))
      .rows;
    expect(logBefore.length).toBeGreaterThan(0);
    expect(await findPersonalData(PERSONAL)).not.toEqual([]);
    const figuresBefore = await allFigures();

    const r = await t.as(REGION_ADMIN)(ERASE, { id: youth.id, reason: 'Verzoek van het gezin (AVG art. 17).' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.eraseYouth).toBe(true);

    expect(await findPersonalData(PERSONAL)).toEqual([]);
    const erased = (await t.admin.query(`SELECT initials, birth_date, erased_at FROM youth WHERE id = $1`, [youth.id]))
      .rows[0];
    expect(erased).toMatchObject({ initials: null, birth_date: null });
    expect(erased.erased_at).not.toBeNull();
    // the log keeps every row, under the youth's id (now a pseudonym), plus the erasure itself
    const logAfter = (
      await t.admin.query(`SELECT id, action FROM access_log WHERE youth_id = $1 ORDER BY id`, [youth.id])
    ).rows;
    expect(logAfter.map((e) => e.id).slice(0, logBefore.length)).toEqual(logBefore.map((e) => e.id));
    expect(logAfter.at(-1).action).toBe('UPDATE');
    expect(await allFigures()).toEqual(figuresBefore);
    // the provider still sees the closed trajectory, without the youth's data
    const later = await t.as(youth.staff)(
      `query($id: ID!) { trajectory(id: $id) { youth { initials birthDate age } } }`,
      {
        id: youth.trajectoryId,
      },
    );
    expect(later.errors).toBeUndefined();
    expect(later.data!.trajectory.youth).toEqual({ initials: '[gewist]', birthDate: null, age: null });
  });

  it('is safe to repeat', async () => {
    const r = await t.as(REGION_ADMIN)(ERASE, { id: youth.id, reason: 'Nogmaals.' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.eraseYouth).toBe(true);
  });
});
