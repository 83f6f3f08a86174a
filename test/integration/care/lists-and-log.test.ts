import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const PAGE = `query($first: Int, $after: String, $filter: TrajectoryFilter) {
  trajectories(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status lastActivityAt involvement signals youth { initials } responsibleProvider { name } } }
  } }`;

describe('the caseload list', () => {
  it('pages with stable cursors, most recent activity first, and counts the whole filter', async () => {
    const all = await jeugdformaat(PAGE, { first: 100 });
    const nodes = all.data!.trajectories.edges.map((e: any) => e.node);
    expect(all.data!.trajectories.totalCount).toBe(nodes.length);
    expect(nodes.length).toBeGreaterThan(8);
    const times = nodes.map((n: any) => n.lastActivityAt);
    expect([...times].sort().reverse()).toEqual(times);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await jeugdformaat(PAGE, { first: 3, after });
      expect(page.data.trajectories.totalCount).toBe(nodes.length);
      seen.push(...page.data.trajectories.edges.map((e: any) => e.node.id));
      after = page.data.trajectories.pageInfo.hasNextPage ? page.data.trajectories.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(nodes.map((n: any) => n.id));
  });

  it('filters by status, involvement and the youth’s initials', async () => {
    const referred = await jeugdformaat(PAGE, { first: 100, filter: { status: 'REFERRED' } });
    expect(referred.data!.trajectories.edges.length).toBeGreaterThan(0);
    for (const e of referred.data!.trajectories.edges) {
      expect(e.node.status).toBe('REFERRED');
      expect(e.node.signals).toContain('AWAITING_ACCEPTANCE');
    }
    const responsible = await jeugdformaat(PAGE, { first: 100, filter: { involvement: 'RESPONSIBLE' } });
    for (const e of responsible.data!.trajectories.edges)
      expect(e.node.responsibleProvider.name).toBe('Stichting Jeugdformaat');
    const duinzichtAsContributor = await t.as('staff@duinzicht.example')(PAGE, {
      first: 100,
      filter: { involvement: 'EXPERTISE' },
    });
    for (const e of duinzichtAsContributor.data!.trajectories.edges) expect(e.node.involvement).toContain('EXPERTISE');

    await refer(referrer, { initials: 'X.Y.Z.' });
    const found = await referrer(PAGE, { first: 100, filter: { search: 'xyz' } });
    expect(found.data!.trajectories.edges.map((e: any) => e.node.youth.initials)).toEqual(['X.Y.Z.']);
  });

  it('shows the youths turning 16 and 18 within three months', async () => {
    const all = await jeugdformaat(PAGE, { first: 100 });
    const signals = all.data!.trajectories.edges.flatMap((e: any) => e.node.signals);
    expect(signals).toContain('TURNS_16_SOON');
    expect(signals).toContain('TURNS_18_SOON');
  });

  it('refuses a page size over 100 and a forged cursor as BAD_USER_INPUT naming the argument', async () => {
    const big = await jeugdformaat(PAGE, { first: 101 });
    expect(big.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first', message: 'must be at most 100' }],
    });
    const forged = await jeugdformaat(PAGE, { first: 5, after: 'bm9uc2Vuc2U' });
    expect(forged.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('keeps each provider’s totals as access is granted, moved and ended (the same as counting)', async () => {
    const TOTAL = `query($filter: TrajectoryFilter) { trajectories(first: 1, filter: $filter) { totalCount } }`;
    const counted = async (provider: string, role: string | null) =>
      (
        await t.admin.query(
          `SELECT count(DISTINCT trajectory_id)::int AS n FROM trajectory_access WHERE provider_id = $1 AND ($2::text IS NULL OR role = $2)`,
          [providerId(provider as any), role],
        )
      ).rows[0].n as number;
    const expectTotals = async () => {
      for (const [slug, client] of [
        ['jeugdformaat', jeugdformaat],
        ['parnassia', t.as('staff@parnassia.example')],
        ['middin', t.as('staff@middin.example')],
      ] as const)
        for (const involvement of [null, 'RESPONSIBLE', 'EXPERTISE', 'TRANSFER']) {
          const answer = await client(TOTAL, { filter: involvement ? { involvement } : {} });
          expect({ slug, involvement, total: answer.data!.trajectories.totalCount }).toEqual({
            slug,
            involvement,
            total: await counted(slug, involvement),
          });
        }
    };
    await expectTotals();
    const middin = t.as('staff@middin.example');
    // two accepted requests to one provider on one trajectory count it once
    const shared = await accept(jeugdformaat, (await refer(referrer)).id);
    for (const mode of ['CONSULTATION', 'CO_TREATMENT']) {
      const asked = await jeugdformaat(REQUEST_EXPERTISE, {
        input: { trajectoryId: shared.id, providerId: providerId('middin'), mode, question: 'Vraag' },
      });
      expect(asked.errors).toBeUndefined();
      await middin(RESPOND, { input: { id: asked.data!.requestExpertise.id, accept: true } });
    }
    const TRANSFER = `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`;
    const offered = await accept(jeugdformaat, (await refer(referrer)).id);
    await jeugdformaat(TRANSFER, {
      input: { trajectoryId: offered.id, toProviderId: providerId('parnassia'), reason: 'Verhuizing' },
    });
    const moved = await accept(jeugdformaat, (await refer(referrer, { profile: 'P07' })).id);
    await jeugdformaat(TRANSFER, {
      input: { trajectoryId: moved.id, toProviderId: providerId('parnassia'), reason: 'Specialistisch' },
    });
    await expectTotals();
    expect(await counted('middin', 'EXPERTISE')).toBeGreaterThan(0);
    const pendingBefore = await counted('parnassia', 'TRANSFER');
    const {
      rows: [pending],
    } = await t.admin.query(`SELECT id FROM responsibility_transfer WHERE trajectory_id = $1 AND status = 'PENDING'`, [
      offered.id,
    ]);
    const declined = await t.as('staff@parnassia.example')(
      `mutation($input: RespondToTransferInput!) { respondToTransfer(input: $input) { id } }`,
      { input: { id: pending.id, accept: false, reason: 'Geen plek' } },
    );
    expect(declined.errors).toBeUndefined();
    expect(await counted('parnassia', 'TRANSFER')).toBe(pendingBefore - 1);
    await expectTotals();

    const { rows } = await t.admin.query(
      `SELECT provider_id, coalesce(role, 'ANY') AS involvement, count(DISTINCT trajectory_id)::int AS n FROM trajectory_access
        GROUP BY GROUPING SETS ((provider_id), (provider_id, role))
       EXCEPT SELECT provider_id, involvement, trajectories FROM caseload_count`,
    );
    expect(rows).toEqual([]);
  });

  it('runs a bounded number of SQL statements whatever the page size', async () => {
    const CASELOAD = `query($first: Int) { trajectories(first: $first) { totalCount edges { node {
      id status lastActivityAt signals youth { initials age } referral { pic { tariffCents profile { code } intensity { code } } }
      responsibleProvider { name } expertiseRequests { status provider { name } } } } } }`;
    // the two most recent trajectories have every kind of row the query reads
    for (let i = 0; i < 2; i++) {
      const trajectory = await accept(jeugdformaat, (await refer(referrer)).id);
      await jeugdformaat(`mutation($input: RequestExpertiseInput!) { requestExpertise(input: $input) { id } }`, {
        input: {
          trajectoryId: trajectory.id,
          providerId: providerId('middin'),
          mode: 'CONSULTATION',
          question: 'Vraag',
        },
      });
    }
    const small = await jeugdformaat(CASELOAD, { first: 2 });
    const large = await jeugdformaat(CASELOAD, { first: 50 });
    expect(large.data!.trajectories.edges.length).toBeGreaterThan(small.data!.trajectories.edges.length);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(15);
  });
});

describe('the access log (NEN 7513)', () => {
  const logCount = async (youthId: string) =>
    (await t.admin.query(`SELECT count(*)::int n FROM access_log WHERE youth_id = $1`, [youthId])).rows[0].n as number;

  it('each read of a youth’s data leaves exactly one entry, however much of it the request reads', async () => {
    const trajectory = await accept(jeugdformaat, (await refer(referrer)).id);
    const youthId = trajectory.youth.id;
    const before = await logCount(youthId);
    await jeugdformaat(
      `query($id: ID!) { trajectory(id: $id) { youth { initials } familyPlan { question goals { description } youths { initials } } helpPlan { goals { description } } timeline { kind } } }`,
      { id: trajectory.id },
    );
    expect(await logCount(youthId)).toBe(before + 1);
    await jeugdformaat(
      `query($id: ID!) { a: trajectory(id: $id) { id } b: trajectory(id: $id) { youth { initials } } }`,
      { id: trajectory.id },
    );
    expect(await logCount(youthId)).toBe(before + 2);
    const { rows } = await t.admin.query(
      `SELECT user_email, organisation_name, action, purpose FROM access_log WHERE youth_id = $1 ORDER BY id DESC LIMIT 1`,
      [youthId],
    );
    expect(rows[0]).toEqual({
      user_email: 'staff@jeugdformaat.example',
      organisation_name: 'Stichting Jeugdformaat',
      action: 'READ',
      purpose: 'trajectory',
    });
  });

  it('logs a change once, in the same transaction (a refused change leaves no entry)', async () => {
    const trajectory = await refer(referrer);
    const youthId = trajectory.youth.id;
    const { rows } = await t.admin.query(`SELECT action, purpose FROM access_log WHERE youth_id = $1`, [youthId]);
    expect(rows).toEqual([{ action: 'CREATE', purpose: 'referral' }]);
    const before = await logCount(youthId);
    const refused = await t.as('staff@parnassia.example')(
      `mutation($id: ID!) { acceptReferral(trajectoryId: $id) { id } }`,
      { id: trajectory.id },
    );
    expect(refused.errors).toBeDefined();
    expect(await logCount(youthId)).toBe(before);
  });

  it('is readable by the region and the admin of the responsible provider, by nobody else', async () => {
    const trajectory = await refer(referrer);
    const query = `query($id: ID!) { accessLog(youthId: $id) { at userEmail organisationName action purpose } }`;
    const region = await t.as('admin@h10.example')(query, { id: trajectory.youth.id });
    expect(region.data!.accessLog).toEqual([
      expect.objectContaining({
        userEmail: 'lokaalteam@denhaag.example',
        organisationName: 'Den Haag',
        action: 'CREATE',
      }),
    ]);
    const providerAdmin = await t.as('admin@jeugdformaat.example')(query, { id: trajectory.youth.id });
    expect(providerAdmin.data!.accessLog.length).toBeGreaterThanOrEqual(1);
    expect((await t.as('admin@incluzio.example')(query, { id: trajectory.youth.id })).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await jeugdformaat(query, { id: trajectory.youth.id })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(
      (await t.as('contractmanager@denhaag.example')(query, { id: trajectory.youth.id })).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
  });
});
