import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestDb } from '../../../server/src/db/request-db.js';
import { consortiumId } from '../../../seeds/organisations.js';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
let duinzicht: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
  duinzicht = t.as('staff@duinzicht.example');
});
afterAll(() => t?.close());

const SEE = `query($id: ID!) { trajectory(id: $id) { id youth { initials } familyPlan { question } helpPlan { version } } }`;
const caseloadIds = async (client: Client) => {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: any = await client(
      `query($after: String) { trajectories(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    ids.push(...page.data.trajectories.edges.map((e: any) => e.node.id));
    after = page.data.trajectories.pageInfo.hasNextPage ? page.data.trajectories.pageInfo.endCursor : null;
  } while (after);
  return ids;
};

describe('a subcontractor sees a family only while it has an accepted request (domain rule 6)', () => {
  it('before, during and after its request', async () => {
    const trajectory = await accept(jeugdformaat, (await refer(referrer, { profile: 'P06', initials: 'Q.Q.' })).id);
    const othersBefore = await caseloadIds(duinzicht);
    expect((await duinzicht(SEE, { id: trajectory.id })).data!.trajectory).toBeNull();
    expect(othersBefore).not.toContain(trajectory.id);

    const request = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: trajectory.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Meekijken?',
      },
    });
    const requestId = request.data!.requestExpertise.id;
    // asked, not yet accepted: the request is in its inbox, the family is not visible
    expect((await duinzicht(SEE, { id: trajectory.id })).data!.trajectory).toBeNull();
    const inboxWithFamily = await duinzicht(`{ expertiseRequestsInbox { id trajectory { id } } }`);
    expect(inboxWithFamily.errors![0].extensions!.code).toBe('FORBIDDEN');

    await duinzicht(RESPOND, { input: { id: requestId, accept: true } });
    expect((await duinzicht(SEE, { id: trajectory.id })).data!.trajectory).toMatchObject({
      youth: { initials: 'Q.Q.' },
      familyPlan: { question: expect.any(String) },
      helpPlan: { version: 1 },
    });
    expect(await caseloadIds(duinzicht)).toContain(trajectory.id);
    const involvement = await duinzicht(`query($id: ID!) { trajectory(id: $id) { involvement } }`, {
      id: trajectory.id,
    });
    expect(involvement.data!.trajectory.involvement).toEqual(['EXPERTISE']);

    await duinzicht(`mutation($id: ID!) { completeExpertiseRequest(id: $id) { status } }`, { id: requestId });
    expect((await duinzicht(SEE, { id: trajectory.id })).data!.trajectory).toBeNull();
    expect(await caseloadIds(duinzicht)).not.toContain(trajectory.id);
    // its past reads stay in the log
    const { rows } = await t.admin.query(
      `SELECT count(*)::int n FROM access_log a JOIN app_user u ON u.id = a.user_id WHERE u.email = 'staff@duinzicht.example' AND a.youth_id = $1`,
      [trajectory.youth.id],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('no other family, at any time: its caseload is exactly its accepted requests', async () => {
    const caseload = await caseloadIds(duinzicht);
    const { rows } = await t.admin.query(
      `SELECT DISTINCT trajectory_id FROM expertise_request WHERE provider_id = $1 AND status = 'ACCEPTED'
       UNION SELECT id FROM trajectory WHERE responsible_provider_id = $1`,
      [providerId('duinzicht')],
    );
    expect(caseload.sort()).toEqual(rows.map((r) => r.trajectory_id).sort());
  });

  it('a contract manager and the region administrator see no family at all', async () => {
    const trajectory = await refer(referrer);
    for (const email of ['contractmanager@denhaag.example', 'admin@h10.example']) {
      const one = await t.as(email)(SEE, { id: trajectory.id });
      expect(one.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(one.data?.trajectory ?? null).toBeNull();
      const list = await t.as(email)(`{ trajectories { totalCount } }`);
      expect(list.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('a referrer sees its own municipality’s families only', async () => {
    const trajectory = await refer(referrer);
    expect((await t.as('lokaalteam@delft.example')(SEE, { id: trajectory.id })).data!.trajectory).toBeNull();
    expect((await referrer(SEE, { id: trajectory.id })).data!.trajectory.id).toBe(trajectory.id);
  });
});

describe('row-level security: the database alone stops a leak', () => {
  it('a raw query through the app’s connection as provider A cannot read provider B’s families', async () => {
    const {
      rows: [viewer],
    } = await t.admin.query(`SELECT id, provider_id FROM app_user WHERE email = 'staff@jeugdformaat.example'`);
    const {
      rows: [totals],
    } = await t.admin.query(
      `SELECT (SELECT count(*) FROM trajectory)::int all_trajectories,
              (SELECT count(*) FROM trajectory_access WHERE provider_id = $1)::int mine,
              (SELECT count(*) FROM trajectory t WHERE t.status IN ('INTAKE', 'REFERRED') AND t.consortium_id = $2
                  AND NOT EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $1))::int waiting,
              (SELECT count(DISTINCT t.youth_id) FROM trajectory t
                WHERE EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $1)
                   OR (t.status IN ('INTAKE', 'REFERRED') AND t.consortium_id = $2))::int my_youths`,
      [viewer.provider_id, consortiumId('rondomjou')],
    );
    expect(totals.all_trajectories).toBeGreaterThan(totals.mine);
    // no service filter: plain SELECTs, as if a service forgot its WHERE clause
    const db = new RequestDb(t.app.dataSource, {
      'app.user_id': viewer.id,
      'app.roles': 'PROVIDER_STAFF',
      'app.provider_id': viewer.provider_id,
      'app.municipality_id': '',
    });
    try {
      // besides its own, a consortium's lead sees who waits in its intake (collective responsibility)
      const [trajectories] = await db.query<{ n: number; foreign: number }>(
        `SELECT count(*)::int n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = trajectory.id AND a.provider_id = $1)
                                                  AND NOT (status IN ('INTAKE', 'REFERRED') AND consortium_id IS NOT NULL))::int "foreign" FROM trajectory`,
        [viewer.provider_id],
      );
      expect(trajectories).toEqual({ n: totals.mine + totals.waiting, foreign: 0 });
      const [youths] = await db.query<{ n: number }>(`SELECT count(*)::int n FROM youth`);
      expect(youths.n).toBe(totals.my_youths);
      // nothing beyond the visible trajectories' family plans leaks through goals, help plans or events
      const [others] = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM family_plan) + (SELECT count(*) FROM goal WHERE family_plan_id NOT IN (SELECT family_plan_id FROM trajectory))
              + (SELECT count(*) FROM help_plan h WHERE h.trajectory_id NOT IN (SELECT id FROM trajectory))
              + (SELECT count(*) FROM trajectory_event e WHERE e.trajectory_id NOT IN (SELECT id FROM trajectory)) AS n`,
      );
      const {
        rows: [plans],
      } = await t.admin.query(
        `SELECT count(DISTINCT t.family_plan_id)::int n FROM trajectory t
          WHERE EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $1)
             OR (t.status IN ('INTAKE', 'REFERRED') AND t.consortium_id = $2)`,
        [viewer.provider_id, consortiumId('rondomjou')],
      );
      expect(Number(others.n)).toBe(plans.n);
    } finally {
      await db.end(false);
    }
    // and without any viewer setting, nothing at all
    const anonymous = new RequestDb(t.app.dataSource);
    try {
      expect((await anonymous.query<{ n: number }>(`SELECT count(*)::int n FROM trajectory`))[0].n).toBe(0);
      expect((await anonymous.query<{ n: number }>(`SELECT count(*)::int n FROM youth`))[0].n).toBe(0);
    } finally {
      await anonymous.end(false);
    }
  });
});
