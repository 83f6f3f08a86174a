import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAJECTORY_QUERY } from '../../bench/operations.js';
import { accept, refer } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** The trajectory page's selection (the bench's), to ask for through the caseload as well. */
const PAGE = TRAJECTORY_QUERY.slice(
  TRAJECTORY_QUERY.indexOf('{', TRAJECTORY_QUERY.indexOf('trajectory(id: $id)')) + 1,
  TRAJECTORY_QUERY.lastIndexOf('}', TRAJECTORY_QUERY.lastIndexOf('}') - 1),
);

describe('the trajectory page, read in one statement', () => {
  it('answers as the field resolvers do through the caseload, for the responsible provider, a contributor and the referrer', async () => {
    for (const email of ['staff@jeugdformaat.example', 'staff@middin.example', 'lokaalteam@denhaag.example']) {
      const viewer = t.as(email);
      const list = await viewer(`{ trajectories(first: 25) { edges { node { ${PAGE} } } } }`);
      expect(list.errors).toBeUndefined();
      const nodes = list.data!.trajectories.edges.map((e: any) => e.node);
      expect(nodes.length, email).toBeGreaterThan(0);
      for (const node of nodes) {
        const page = await viewer(TRAJECTORY_QUERY, { id: node.id });
        expect(page.errors).toBeUndefined();
        expect(page.data!.trajectory, `${email} ${node.id}`).toEqual(node);
        expect(page.statements).toBe(4);
      }
    }
  });

  it('shows a sibling in the family plan only to whom may see it, and logs each youth shown once', async () => {
    const referrer = t.as('lokaalteam@denhaag.example');
    const jeugdformaat = t.as('staff@jeugdformaat.example');
    const first = await accept(jeugdformaat, (await refer(referrer)).id);
    // a sibling, on the same family plan, with another provider
    const sibling = await refer(referrer, {
      familyPlanId: first.familyPlan.id,
      provider: 'parnassia',
      initials: 'S.V.',
      birthDate: '2014-02-02',
    });
    const query = `query($id: ID!) { trajectory(id: $id) { id familyPlan { youths { id } } } }`;
    const logged = async () =>
      (
        await t.admin.query<{ youth_id: string; purpose: string }>(
          `SELECT youth_id, purpose FROM access_log WHERE youth_id = ANY($1) AND user_email = $2 ORDER BY id`,
          [[first.youth.id, sibling.youth.id], 'staff@jeugdformaat.example'],
        )
      ).rows;
    const before = (await logged()).length;
    const own = await jeugdformaat(query, { id: first.id });
    expect(own.data!.trajectory.familyPlan.youths).toEqual([{ id: first.youth.id }]);
    expect((await logged()).slice(before)).toEqual([{ youth_id: first.youth.id, purpose: 'trajectory' }]);
    // the referrer sees both, and both reads are logged, once each
    const both = await referrer(query, { id: sibling.id });
    expect(both.data!.trajectory.familyPlan.youths.map((y: any) => y.id).sort()).toEqual(
      [first.youth.id, sibling.youth.id].sort(),
    );
    const { rows } = await t.admin.query(
      `SELECT youth_id, purpose FROM access_log WHERE request_id = (SELECT request_id FROM access_log WHERE youth_id = $1 ORDER BY id DESC LIMIT 1) ORDER BY purpose`,
      [sibling.youth.id],
    );
    expect(rows).toEqual([
      { youth_id: sibling.youth.id, purpose: 'trajectory' },
      { youth_id: first.youth.id, purpose: 'youth' },
    ]);
    // someone who may not see it gets null, and nothing is logged
    const other = await t.as('staff@incluzio.example')(query, { id: first.id });
    expect(other.data!.trajectory).toBeNull();
    const { rows: foreign } = await t.admin.query(`SELECT 1 FROM access_log WHERE youth_id = $1 AND user_email = $2`, [
      first.youth.id,
      'staff@incluzio.example',
    ]);
    expect(foreign).toEqual([]);
  });
});
