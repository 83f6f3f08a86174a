import pg from 'pg';
import { viewerQuery } from './helpers/as-viewer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/**
 * Attacks on "Wie heeft dit dossier ingezien": another organisation, or a provider adding
 * expertise, tries to read who read a youth's file through the API with a trajectory id it knows,
 * or in SQL as the application role with its own request settings.
 */

const MAIN_CONTRACTOR = 'staff@jeugdformaat.example';
const OTHER_ORGANISATION = 'staff@incluzio.example';
const EXPERTISE = 'staff@duinzicht.example';
const LOG = `query($id: ID!) { trajectoryAccessLog(trajectoryId: $id) { at organisationName action } }`;

let t: TestApp;
let app: pg.Client;
let trajectoryId: string;
let youthId: string;

beforeAll(async () => {
  t = await startTestApp();
  app = new pg.Client({ connectionString: t.db.appUrl });
  await app.connect();
  const staff = t.as(MAIN_CONTRACTOR);
  const trajectory = await accept(staff, (await refer(t.as('lokaalteam@denhaag.example'))).id);
  [trajectoryId, youthId] = [trajectory.id, trajectory.youth.id];
  const requested = await staff(REQUEST_EXPERTISE, {
    input: { trajectoryId, providerId: providerId('duinzicht'), mode: 'CONSULTATION', question: 'Vraag' },
  });
  await t.as(EXPERTISE)(RESPOND, { input: { id: requested.data!.requestExpertise.id, accept: true } });
});

afterAll(async () => {
  await app?.end();
  await t?.close();
});

const asViewer = (email: string, sql: string, params: unknown[] = []) => viewerQuery(t.admin, app, email, sql, params);

const entriesOfYouth = async () =>
  Number((await t.admin.query(`SELECT count(*) FROM access_log WHERE youth_id = $1`, [youthId])).rows[0].count);

describe('who read this file, for the main contractor only', () => {
  it('another organisation asking with a trajectory id it does not work on finds nothing, and reads nothing', async () => {
    const before = await entriesOfYouth();
    const r = await t.as(OTHER_ORGANISATION)(LOG, { id: trajectoryId });
    expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(r.data).toBeNull();
    expect(JSON.stringify(r)).not.toContain('Jeugdformaat');
    expect(await entriesOfYouth()).toBe(before);
  });

  it('a provider adding expertise cannot read the main contractor’s log of the youth', async () => {
    const r = await t.as(EXPERTISE)(LOG, { id: trajectoryId });
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });

  it('in SQL as the app role, another organisation or the expertise provider reads no entry of the youth, however it asks', async () => {
    expect((await asViewer(MAIN_CONTRACTOR, `SELECT * FROM access.youth_access_log($1)`, [youthId])).rowCount).toBe(
      await entriesOfYouth(),
    );
    for (const email of [OTHER_ORGANISATION, EXPERTISE]) {
      expect((await asViewer(email, `SELECT * FROM access.youth_access_log($1)`, [youthId])).rowCount, email).toBe(0);
      expect((await asViewer(email, `SELECT 1 FROM access_log WHERE youth_id = $1`, [youthId])).rowCount, email).toBe(
        0,
      );
    }
  });
});
