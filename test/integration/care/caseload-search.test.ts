import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayOf } from '../../../server/src/core/dates.js';
import { accept, providerId, refer, REQUEST_EXPERTISE } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let staff: Client;
let referrer: Client;
beforeAll(async () => {
  t = await startTestApp();
  staff = t.as('staff@jeugdformaat.example');
  referrer = t.as('lokaalteam@denhaag.example');
});
afterAll(() => t?.close());

const LIST = `query($filter: TrajectoryFilter, $after: String) { trajectories(filter: $filter, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id signals youth { initials birthDate } } } } }`;
/** The whole caseload, page by page. */
async function wholeCaseload(): Promise<{ signals: string[] }[]> {
  const nodes: { signals: string[] }[] = [];
  for (let after: string | null = null; ;) {
    const page: any = (await staff(LIST, { filter: {}, after })).data!.trajectories;
    nodes.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
const ids = async (filter: Record<string, unknown>) => {
  const r = await staff(LIST, { filter });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.trajectories.edges.map((e: any) => e.node.id) as string[];
};

describe('caseload search', () => {
  it('finds a youth by initials, by birth date (ISO or Dutch), and by trajectory number or id', async () => {
    const trajectory = await accept(staff, (await refer(referrer, { initials: 'Q.X.', birthDate: '2011-07-09' })).id);
    expect(await ids({ search: 'qx' })).toContain(trajectory.id);
    expect(await ids({ search: '2011-07-09' })).toContain(trajectory.id);
    expect(await ids({ search: '9-7-2011' })).toContain(trajectory.id);
    expect(await ids({ search: trajectory.id })).toEqual([trajectory.id]);
    const number = trajectory.id.slice(0, 8);
    if (/\d/.test(number)) expect(await ids({ search: number.toUpperCase() })).toEqual([trajectory.id]);
    expect(await ids({ search: '2011-07-10' })).not.toContain(trajectory.id);
  });

  it('refuses a birth date that does not exist, naming the field', async () => {
    const r = await staff(LIST, { filter: { search: '31-02-2012' } });
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'filter.search', reason: 'INVALID_VALUE' }],
    });
  });

  it('another provider finds nothing of this youth by any search', async () => {
    const trajectory = await accept(staff, (await refer(referrer, { initials: 'Z.W.', birthDate: '2010-01-02' })).id);
    const other = t.as('staff@incluzio.example');
    for (const search of ['ZW', '2010-01-02', trajectory.id]) {
      const r = await other(LIST, { filter: { search } });
      expect(r.data!.trajectories.edges.map((e: any) => e.node.id)).not.toContain(trajectory.id);
    }
  });
});

describe('caseload filter by attention signal', () => {
  it('every signal filter returns exactly the trajectories that show that signal', async () => {
    const soon16 = addMonths(dayOf(new Date()), 1).replace(/^\d{4}/, (y) => String(Number(y) - 16));
    await refer(referrer, { initials: 'A.A.' }); // awaiting acceptance
    const open = await accept(staff, (await refer(referrer, { initials: 'O.E.', profile: 'P06' })).id);
    await staff(REQUEST_EXPERTISE, {
      input: { trajectoryId: open.id, providerId: providerId('duinzicht'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    await accept(staff, (await refer(referrer, { initials: 'S.X.', birthDate: soon16 })).id);

    const all = await wholeCaseload();
    for (const signal of ['AWAITING_ACCEPTANCE', 'OPEN_EXPERTISE_REQUEST', 'TURNS_16_SOON']) {
      const r = await staff(LIST, { filter: { signal } });
      const found = r.data!.trajectories.edges.map((e: any) => e.node);
      expect(found.length, signal).toBeGreaterThan(0);
      expect(
        found.every((n: any) => n.signals.includes(signal)),
        signal,
      ).toBe(true);
      expect(r.data!.trajectories.totalCount, signal).toBe(all.filter((n: any) => n.signals.includes(signal)).length);
    }
  });

  it('refuses a signal that does not exist', async () => {
    const r = await staff(LIST, { filter: { signal: 'NOPE' } });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});
