import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BsnVault } from '../../server/src/core/bsn/vault.js';
import { DEN_HAAG } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';
import { TEST_BSN_KEY } from '../setup/test-key.js';
import { asViewer } from './helpers/as-viewer.js';

/**
 * Erasure on the family's request: afterwards nothing personal of the youth is left anywhere in
 * the database (every text column of every table, found in the catalogue, so tables added later are
 * scanned too; its BSN and the stored iJw messages about it are gone), the access log keeps its rows
 * (the youth's id is now a pseudonym), the youth and its trajectories are shown to nobody, and every
 * published figure stays exactly as it was.
 */

const REGION_ADMIN = 'admin@h10.example';
const CONTRACT_MANAGER = 'contractmanager@denhaag.example';
/** A referrer of Den Haag: sees every youth and trajectory of its municipality. */
const REFERRER = 'lokaalteam@denhaag.example';
const INITIALS = 'Q.X.Z.';
const BIRTH_DATE = '2009-11-23';
const NAME = 'Zwaantje Quibus';
const BSN = '987654329';
const PERSONAL = [INITIALS, BIRTH_DATE, 'Zwaantje', 'Quibus', BSN];
const vault = new BsnVault(TEST_BSN_KEY);

const ERASE = `mutation($id: ID!, $reason: String!) { eraseYouth(youthId: $id, reason: $reason) }`;
/** The stored iJw message about the youth, as its provider's administrator opens it. */
const openMessage = async () => {
  const r = await t.as(message.admin)(`{ ijwMessages(type: JW315, first: 100) { edges { node { id xml } } } }`);
  const node = r.data?.ijwMessages.edges.find((e: { node: { id: string } }) => e.node.id === message.id)?.node;
  return { xml: node?.xml as string | undefined, errors: r.errors };
};
/** What `email`'s requests read in SQL, as the application role: the youth, and its trajectory. */
const inSql = async (email: string) => [
  ...(await asViewer(t, app, email, `SELECT id FROM youth WHERE id = $1`, [youth.id])),
  ...(await asViewer(t, app, email, `SELECT id FROM trajectory WHERE id = $1`, [youth.trajectoryId])),
];
/** How many trajectories the viewer finds by the youth's trajectory number. */
const found = async (email: string) => {
  const r = await t.as(email)(`query($q: String!) { trajectories(filter: { search: $q }) { totalCount } }`, {
    q: youth.trajectoryId,
  });
  expect(r.errors).toBeUndefined();
  return r.data!.trajectories.totalCount;
};

/** The total of the viewer's whole caseload (a maintained count). */
const caseloadTotal = async (email: string) => {
  const r = await t.as(email)(`{ trajectories(first: 1) { totalCount } }`);
  expect(r.errors).toBeUndefined();
  return r.data!.trajectories.totalCount as number;
};

let t: TestApp;
let app: pg.Client;
/** A closed youth of Den Haag with figures, its one trajectory, and a user of its provider. */
let youth: {
  id: string;
  trajectoryId: string;
  familyPlanId: string;
  closedYear: number;
  staff: string;
  providerId: string;
};
/** A stored iJw message about the youth, and its provider's administrator. */
let message: { id: string; admin: string };

beforeAll(async () => {
  t = await startTestApp();
  const [row] = (
    await t.admin.query(
      `SELECT y.id, t.id AS "trajectoryId", t.family_plan_id AS "familyPlanId",
              extract(year FROM f.closed_at AT TIME ZONE 'Europe/Amsterdam')::int AS "closedYear",
              (SELECT u.email FROM app_user u WHERE u.provider_id = t.responsible_provider_id ORDER BY u.email LIMIT 1) AS staff,
              t.responsible_provider_id AS "providerId"
         FROM youth y JOIN trajectory t ON t.youth_id = y.id JOIN trajectory_fact f ON f.trajectory_id = t.id
        WHERE y.municipality_id = $1 AND f.closed_at < date_trunc('year', now())
          AND (SELECT count(*) FROM trajectory o WHERE o.youth_id = y.id) = 1
          AND (SELECT count(*) FROM family_plan_youth fy WHERE fy.family_plan_id = t.family_plan_id) = 1
          AND EXISTS (SELECT 1 FROM help_plan h WHERE h.trajectory_id = t.id)
          AND EXISTS (SELECT 1 FROM app_user u WHERE u.provider_id = t.responsible_provider_id AND 'PROVIDER_ADMIN' = ANY (u.roles))
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
  // outcome versions: a professional's correction that names the youth, then the family's own answer
  const OUTCOME_COPY = `continuation, end_reason_code, cbs_end_code, dropout, satisfaction_youth, satisfaction_parent`;
  await t.admin.query(
    `INSERT INTO outcome_report (trajectory_id, version, ${OUTCOME_COPY}, submitted_by, correction_reason)
     SELECT trajectory_id, version + 1, ${OUTCOME_COPY}, $2, $3 FROM outcome_report WHERE trajectory_id = $1 ORDER BY version DESC LIMIT 1`,
    [youth.trajectoryId, anyUser, `Moeder van ${NAME} belde: tevredenheid aangepast.`],
  );
  await t.admin.query(
    `INSERT INTO outcome_report (trajectory_id, version, ${OUTCOME_COPY}, satisfaction_youth_source, correction_reason)
     SELECT trajectory_id, version + 1, ${OUTCOME_COPY}, 'FAMILY', 'ingevuld door het gezin' FROM outcome_report WHERE trajectory_id = $1 ORDER BY version DESC LIMIT 1`,
    [youth.trajectoryId],
  );
  // the family's links: an answered questionnaire with a remark, and an access-view link
  await t.admin.query(
    `INSERT INTO questionnaire_link (trajectory_id, informant, token_hash, expires_at, created_by, used_at, score, declined, remark)
     VALUES ($1, 'YOUTH', $2, now() + interval '1 day', $3, now(), 8, false, $4)`,
    [youth.trajectoryId, randomBytes(32), anyUser, `Ik ben ${NAME} en het ging goed.`],
  );
  await t.admin.query(
    `INSERT INTO family_access_link (youth_id, token_hash, expires_at, created_by) VALUES ($1, $2, now() + interval '1 day', $3)`,
    [youth.id, randomBytes(32), anyUser],
  );
  // iJw: the BSN vault, and a message as sent (sealed) that names the youth
  await t.admin.query(
    `INSERT INTO youth_identity (youth_id, municipality_id, bsn_hash, sealed, invented) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (youth_id) DO UPDATE SET bsn_hash = excluded.bsn_hash, sealed = excluded.sealed`,
    [
      youth.id,
      DEN_HAAG,
      vault.hash(BSN),
      vault.seal(JSON.stringify({ bsn: BSN, surname: 'Quibus' }), 'youth-identity'),
    ],
  );
  const admin = (
    await t.admin.query(
      `SELECT id, email FROM app_user WHERE provider_id = $1 AND 'PROVIDER_ADMIN' = ANY (roles) ORDER BY email LIMIT 1`,
      [youth.providerId],
    )
  ).rows[0];
  const xml = `<Bericht><Client><Bsn>${BSN}</Bsn><Geboortedatum>${BIRTH_DATE}</Geboortedatum><Naam>${NAME}</Naam></Client></Bericht>`;
  const sent = (
    await t.admin.query(
      `INSERT INTO ijw_message (provider_id, municipality_id, municipality_code, type, direction, reference, file_name, payload, status, created_by)
       SELECT $1, m.id, m.cbs_code, 'JW315', 'OUT', 'ERASE-TEST', 'erase-test.xml', $3, 'SENT', $4 FROM municipality m WHERE m.id = $2
       RETURNING id`,
      [youth.providerId, DEN_HAAG, vault.seal(xml, 'ijw-message'), admin.id],
    )
  ).rows[0];
  await t.admin.query(
    `INSERT INTO ijw_message_subject (message_id, trajectory_id, youth_id, event_key) VALUES ($1, $2, $3, 'ERASE-TEST')`,
    [sent.id, youth.trajectoryId, youth.id],
  );
  message = { id: sent.id, admin: admin.email };
  app = new pg.Client({ connectionString: t.db.appUrl });
  await app.connect();
  // a notification that leads to the file
  await t.admin.query(
    `INSERT INTO notification (user_id, kind, link_path, channel) VALUES ($1, 'EXPERTISE_ANSWERED', $2, 'PORTAL')`,
    [anyUser, `/trajectories/${youth.trajectoryId}`],
  );
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
afterAll(async () => {
  await app?.end();
  await t?.close();
});

/**
 * Every place in the database where a value holds one of `needles`: each text, varchar, jsonb or
 * array column (and, as bytes, each bytea column) of every table in every schema, as the catalogue
 * lists them now.
 */
async function findPersonalData(needles: string[]): Promise<string[]> {
  const columns = (
    await t.admin.query<{ schema: string; table: string; column: string; type: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'bytea')`,
    )
  ).rows;
  expect(columns.length).toBeGreaterThan(40);
  expect(columns.some((c) => c.table === 'questionnaire_link' && c.column === 'remark')).toBe(true);
  const found: string[] = [];
  const patterns = needles.map((n) => `%${n}%`);
  for (const { schema, table, column, type } of columns) {
    const value = type === 'bytea' ? `encode("${column}", 'escape')` : `"${column}"::text`;
    const { rows } = await t.admin.query(
      `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE ${value} ILIKE ANY ($1)`,
      [patterns],
    );
    if (rows[0].n) found.push(`${schema}.${table}.${column}`);
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
  const FIGURES = `figures { dropoutRate endedAsPlannedRate goalRealisationRate satisfactionYouthAvg satisfactionParentAvg
    repeatUseRate averageWaitingDays referralsPerYouth overdueIntakes picChangeRate }`;
  const r = await t.as(CONTRACT_MANAGER)(
    `query($id: ID!, $from: Date!, $to: Date!) { municipalityPerformance(municipalityId: $id, from: $from, to: $to) {
       ${FIGURES} byProvider { provider { id } ${FIGURES} } byConsortium { consortium { id } ${FIGURES} } } }`,
    { id: DEN_HAAG, from: `${youth.closedYear}-01-01`, to: `${youth.closedYear}-12-31` },
  );
  expect(r.errors).toBeUndefined();
  figures.push(JSON.stringify(r.data!.municipalityPerformance));
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

  it('leaves no personal field of the youth anywhere, keeps its access-log rows pseudonymised and every figure, and shows it to nobody', async () => {
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
    expect((await openMessage()).xml).toContain(NAME);
    expect(await found(youth.staff)).toBe(1);
    const caseloadBefore = await caseloadTotal(youth.staff);
    expect(await inSql(youth.staff)).toHaveLength(2);
    expect(await inSql(REFERRER)).toHaveLength(2);

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
    // the sealed BSN and the stored message are gone; its record stays, and says why it has no content
    expect((await t.admin.query(`SELECT 1 FROM youth_identity WHERE youth_id = $1`, [youth.id])).rows).toEqual([]);
    const stored = (
      await t.admin.query(`SELECT octet_length(payload) AS bytes, erased_at FROM ijw_message WHERE id = $1`, [
        message.id,
      ])
    ).rows[0];
    expect(stored.bytes).toBe(0);
    expect(stored.erased_at).not.toBeNull();
    expect((await openMessage()).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'ERASED' });
    for (const table of ['questionnaire_link', 'notification'])
      expect(
        (
          await t.admin.query(
            `SELECT 1 FROM ${table} WHERE ${table === 'notification' ? 'link_path' : 'trajectory_id::text'} LIKE $1`,
            [`%${youth.trajectoryId}%`],
          )
        ).rows,
      ).toEqual([]);
    expect((await t.admin.query(`SELECT 1 FROM family_access_link WHERE youth_id = $1`, [youth.id])).rows).toEqual([]);
    // the family's own answer stays marked as theirs: a fixed text, nothing personal
    const remarks = (
      await t.admin.query(`SELECT correction_reason FROM outcome_report WHERE trajectory_id = $1 ORDER BY version`, [
        youth.trajectoryId,
      ])
    ).rows.map((r) => r.correction_reason);
    expect(remarks.slice(-2)).toEqual(['[gewist]', 'ingevuld door het gezin']);

    // nobody is shown the erased youth or its trajectory any more: not its provider, not its referrer
    const later = await t.as(youth.staff)(`query($id: ID!) { trajectory(id: $id) { youth { initials birthDate } } }`, {
      id: youth.trajectoryId,
    });
    expect(later.data?.trajectory ?? null).toBeNull();
    expect(await found(youth.staff)).toBe(0);
    // the provider's maintained caseload total no longer counts the trajectory either
    expect(await caseloadTotal(youth.staff)).toBe(caseloadBefore - 1);
    expect(await inSql(youth.staff)).toEqual([]);
    expect(await inSql(REFERRER)).toEqual([]);
  });

  it('is safe to repeat', async () => {
    const r = await t.as(REGION_ADMIN)(ERASE, { id: youth.id, reason: 'Nogmaals.' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.eraseYouth).toBe(true);
  });
});
