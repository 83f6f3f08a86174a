import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JZ588_TO_CBS } from '../../../server/src/modules/outcome/jz588.js';
import { consortiumId } from '../../../seeds/organisations.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** On a fresh start the demo shows every figure with real content: no misleading 0 %. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('the demo data on a fresh start', () => {
  it('has returning youths, dropouts and every end reason', async () => {
    const { rows } = await t.admin.query<{ reason: string }>(
      `SELECT DISTINCT end_reason_code AS reason FROM outcome_report`,
    );
    expect(rows.map((r) => r.reason).sort()).toEqual(Object.keys(JZ588_TO_CBS).sort());
    const {
      rows: [facts],
    } = await t.admin.query<{ repeat: number; dropouts: number }>(
      `SELECT count(*) FILTER (WHERE repeat_use)::int AS repeat, count(*) FILTER (WHERE dropout)::int AS dropouts FROM trajectory_fact`,
    );
    expect(facts.repeat).toBeGreaterThan(5);
    expect(facts.dropouts).toBeGreaterThan(5);
  });

  it('gives Den Haag’s contract manager a repeat use, dropout and goal realisation above 0 for 2025', async () => {
    const { data, errors } = await t.as('contractmanager@denhaag.example')(
      `query($consortiumId: ID!) { consortiumPerformance(consortiumId: $consortiumId, from: "2025-01-01", to: "2025-12-31") {
        figures { repeatUseRate dropoutRate goalRealisationRate } } }`,
      { consortiumId: consortiumId('rondomjou') },
    );
    expect(errors).toBeUndefined();
    const figures = data!.consortiumPerformance.figures;
    expect(figures.repeatUseRate).toBeGreaterThan(0);
    expect(figures.dropoutRate).toBeGreaterThan(0);
    expect(figures.goalRealisationRate).toBeGreaterThan(0);
  });
});
