import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consortiumId, providerId } from '../../../seeds/organisations.js';
import { CHECK_KEYS, checkIntegrity, type CheckResult } from '../../../server/src/tools/integrity.js';
import { accept, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fingerprint } from './helpers/fingerprint.js';
import { generateInto } from './helpers/generated.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';

/**
 * The integrity check (npm run check-integrity) over whole databases: the seeded one, one the API
 * has worked on, a generated one, and one where each rule is broken behind the application's back.
 */

const run = promisify(execFile);

let t: TestApp;
/** The table owner, for breaking rules behind the app's back: triggers off for this session only. */
let owner: pg.Client;

const totals = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.key, r.total]));
const allZero = Object.fromEntries(CHECK_KEYS.map((k) => [k, 0]));

async function check(key: string): Promise<CheckResult> {
  const [result] = await checkIntegrity(owner, { only: [key], limit: 1000 });
  return result;
}

/** Breaks a rule, expects `key` to report `id`, and repairs it again. */
async function expectReported(key: string, id: string, brk: string[], repair: string[]) {
  for (const sql of brk) await owner.query(sql);
  try {
    const result = await check(key);
    expect(
      result.violations.map((v) => v.id),
      `${key} after: ${brk.join('; ')}`,
    ).toContain(id);
    return result;
  } finally {
    for (const sql of repair) await owner.query(sql);
    expect((await check(key)).total, `${key} after the repair`).toBe(0);
  }
}

const one = async <T = any>(sql: string, params: unknown[] = []): Promise<T> => {
  const { rows } = await owner.query(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0] as T;
};

beforeAll(async () => {
  t = await startTestApp();
  owner = new pg.Client({ connectionString: t.db.adminUrl });
  owner.on('error', () => undefined);
  await owner.connect();
  // triggers and rules off for this session: the breaks below go around them on purpose
  await owner.query(`SET session_replication_role = replica`);
}, 120_000);

afterAll(async () => {
  await owner?.end();
  await t?.close();
});

describe('the integrity check', () => {
  it('finds nothing wrong in the seeded database, and changes nothing', async () => {
    const before = await fingerprint(t.admin);
    const results = await checkIntegrity(owner);
    expect(totals(results)).toEqual(allZero);
    expect(await fingerprint(t.admin)).toEqual(before);
  });

  it('finds nothing wrong after the care process ran through the API, access log included', async () => {
    const referrer = t.as('lokaalteam@denhaag.example');
    const jf = t.as('staff@jeugdformaat.example');
    const trajectory = await accept(jf, (await refer(referrer, { profile: 'P02' })).id);
    const help = await jf(`mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`, {
      input: { trajectoryId: trajectory.id, version: 1, goals: [{ kind: 'TREATMENT', description: 'Angst neemt af' }] },
    });
    const request = await jf(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: trajectory.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Consult?',
      },
    });
    await t.as('staff@duinzicht.example')(RESPOND, { input: { id: request.data!.requestExpertise.id, accept: true } });
    const outcome = await jf(`mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`, {
      input: {
        trajectoryId: trajectory.id,
        goalResults: [{ goalId: help.data!.updateHelpPlan.goals[0].id, realisation: 'ACHIEVED' }],
        satisfaction: [],
        continuation: 'NONE',
        endReasonCode: '31',
      },
    });
    expect(outcome.errors).toBeUndefined();
    expect(
      (await jf(`mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { status } }`, { id: trajectory.id })).data!
        .closeTrajectory.status,
    ).toBe('CLOSED');
    const transferred = await accept(jf, (await refer(referrer, { profile: 'P07' })).id);
    await jf(`mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`, {
      input: { trajectoryId: transferred.id, toProviderId: providerId('parnassia'), reason: 'Gespecialiseerde zorg' },
    });
    const offered = await accept(jf, (await refer(referrer, { profile: 'P02' })).id);
    await jf(`mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`, {
      input: { trajectoryId: offered.id, toProviderId: providerId('parnassia'), reason: 'Verhuizing' },
    });
    await jf(`mutation($id: ID!) { declineReferral(trajectoryId: $id, reason: "Geen plek") { id } }`, {
      id: (await refer(referrer)).id,
    });

    expect((await one(`SELECT count(*)::int AS n FROM access_log WHERE action = 'CREATE'`)).n).toBeGreaterThanOrEqual(
      4,
    );
    expect(totals(await checkIntegrity(owner))).toEqual(allZero);
  });

  describe('reports each rule broken behind the application’s back', () => {
    it('ONE_RESPONSIBLE_PROVIDER: no open responsibility period, another provider in the column, no RESPONSIBLE access', async () => {
      const { id } = await one(`SELECT id FROM trajectory WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
      await expectReported(
        'responsible-period',
        id,
        [`UPDATE responsibility_period SET until = now() WHERE trajectory_id = '${id}' AND until IS NULL`],
        [
          `UPDATE responsibility_period SET until = NULL WHERE trajectory_id = '${id}' AND id = (SELECT id FROM responsibility_period WHERE trajectory_id = '${id}' ORDER BY since DESC LIMIT 1)`,
        ],
      );
      const { responsible_provider_id: was } = await one(
        `SELECT responsible_provider_id FROM trajectory WHERE id = $1`,
        [id],
      );
      const other = was === providerId('parnassia') ? providerId('jess') : providerId('parnassia');
      const moved = [`UPDATE trajectory SET responsible_provider_id = '${other}' WHERE id = '${id}'`];
      const back = [`UPDATE trajectory SET responsible_provider_id = '${was}' WHERE id = '${id}'`];
      await expectReported('responsible-period', id, moved, back);
      await expectReported('responsible-access', id, moved, back);
      await expectReported('responsible-history', id, moved, back);
      const access = await one(
        `SELECT provider_id FROM trajectory_access WHERE trajectory_id = $1 AND role = 'RESPONSIBLE'`,
        [id],
      );
      await expectReported(
        'responsible-access',
        id,
        [`DELETE FROM trajectory_access WHERE trajectory_id = '${id}' AND role = 'RESPONSIBLE'`],
        [
          `INSERT INTO trajectory_access (trajectory_id, provider_id, role) VALUES ('${id}', '${access.provider_id}', 'RESPONSIBLE')`,
        ],
      );
    });

    it('ONE_RESPONSIBLE_PROVIDER: a pending transfer on a closed trajectory', async () => {
      const closed = await one(
        `SELECT id, responsible_provider_id AS p FROM trajectory WHERE status = 'CLOSED' ORDER BY id LIMIT 1`,
      );
      const to = closed.p === providerId('parnassia') ? providerId('jess') : providerId('parnassia');
      const { id } = await one(
        `INSERT INTO responsibility_transfer (trajectory_id, from_provider_id, to_provider_id, reason, status, requested_by)
         SELECT $1, $2, $3, 'x', 'PENDING', referred_by FROM trajectory WHERE id = $1 RETURNING id`,
        [closed.id, closed.p, to],
      );
      await expectReported(
        'pending-transfer',
        id,
        [],
        [`UPDATE responsibility_transfer SET status = 'DECLINED', decline_reason = 'x' WHERE id = '${id}'`],
      );
    });

    it('SUBCONTRACT_REQUIRED: expertise on a subcontract that does not cover the profile, or asked by a provider that was not responsible', async () => {
      const request = await one(
        `SELECT id, profile_id, requested_by_provider_id AS by FROM expertise_request WHERE relation = 'SUBCONTRACT' ORDER BY id LIMIT 1`,
      );
      const uncovered = await one(
        `SELECT p.id FROM profile p WHERE NOT EXISTS (SELECT 1 FROM subcontract_profile sp JOIN expertise_request er ON er.subcontract_id = sp.subcontract_id
                                                     WHERE er.id = $1 AND sp.profile_id = p.id) ORDER BY p.code LIMIT 1`,
        [request.id],
      );
      await expectReported(
        'expertise-relation',
        request.id,
        [`UPDATE expertise_request SET profile_id = '${uncovered.id}' WHERE id = '${request.id}'`],
        [`UPDATE expertise_request SET profile_id = '${request.profile_id}' WHERE id = '${request.id}'`],
      );
      await expectReported(
        'expertise-requester',
        request.id,
        [`UPDATE expertise_request SET requested_at = requested_at - interval '20 years' WHERE id = '${request.id}'`],
        [`UPDATE expertise_request SET requested_at = requested_at + interval '20 years' WHERE id = '${request.id}'`],
      );
    });

    it('VISIBILITY: access without an accepted request, and an accepted request without access', async () => {
      const accepted = await one(
        `SELECT er.id, er.trajectory_id, er.provider_id FROM expertise_request er WHERE er.status = 'ACCEPTED' ORDER BY id LIMIT 1`,
      );
      await expectReported(
        'access-grants',
        accepted.trajectory_id,
        [`DELETE FROM trajectory_access WHERE source_id = '${accepted.id}'`],
        [
          `INSERT INTO trajectory_access (trajectory_id, provider_id, role, source_id) VALUES ('${accepted.trajectory_id}', '${accepted.provider_id}', 'EXPERTISE', '${accepted.id}')`,
        ],
      );
      const completed = await one(
        `SELECT er.id, er.trajectory_id, er.provider_id FROM expertise_request er WHERE er.status <> 'ACCEPTED' ORDER BY id LIMIT 1`,
      );
      await expectReported(
        'access-grants',
        completed.trajectory_id,
        [
          `INSERT INTO trajectory_access (trajectory_id, provider_id, role, source_id) VALUES ('${completed.trajectory_id}', '${completed.provider_id}', 'EXPERTISE', '${completed.id}')`,
        ],
        [`DELETE FROM trajectory_access WHERE source_id = '${completed.id}'`],
      );
    });

    it('VISIBILITY: a caseload total that drifted from trajectory_access', async () => {
      const counted = await one(
        `SELECT provider_id FROM caseload_count WHERE involvement = 'ANY' ORDER BY provider_id LIMIT 1`,
      );
      await expectReported(
        'caseload-counts',
        counted.provider_id,
        [
          `UPDATE caseload_count SET trajectories = trajectories + 1 WHERE provider_id = '${counted.provider_id}' AND involvement = 'ANY'`,
        ],
        [
          `UPDATE caseload_count SET trajectories = trajectories - 1 WHERE provider_id = '${counted.provider_id}' AND involvement = 'ANY'`,
        ],
      );
    });

    it('ACCEPTANCE_OBLIGATION: a declined highly specialist referral', async () => {
      const declined = await one(
        `SELECT id, pic_id FROM trajectory WHERE status = 'CANCELLED' AND decline_reason IS NOT NULL ORDER BY id LIMIT 1`,
      );
      const highly = await one(
        `SELECT pic.id FROM pic JOIN profile p ON p.id = pic.profile_id WHERE p.segment = 'HIGHLY_SPECIALIST' ORDER BY pic.id LIMIT 1`,
      );
      await expectReported(
        'acceptance-obligation',
        declined.id,
        [`UPDATE trajectory SET pic_id = '${highly.id}' WHERE id = '${declined.id}'`],
        [`UPDATE trajectory SET pic_id = '${declined.pic_id}' WHERE id = '${declined.id}'`],
      );
    });

    it('COLLECTIVE_RESPONSIBILITY: a youth in intake without its lead responsible, a consortium referral sent back', async () => {
      const rondomjou = consortiumId('rondomjou');
      const declined = await one(
        `SELECT id FROM trajectory WHERE status = 'CANCELLED' AND decline_reason IS NOT NULL ORDER BY id LIMIT 1`,
      );
      await expectReported(
        'never-returned-to-referrer',
        declined.id,
        [`UPDATE trajectory SET consortium_id = '${rondomjou}' WHERE id = '${declined.id}'`],
        [`UPDATE trajectory SET consortium_id = NULL WHERE id = '${declined.id}'`],
      );
      const referred = await one(
        `SELECT id FROM trajectory WHERE status = 'REFERRED' AND consortium_id IS NULL AND responsible_provider_id <> $1 ORDER BY id LIMIT 1`,
        [providerId('jeugdformaat')],
      );
      await expectReported(
        'intake-lead',
        referred.id,
        [
          `UPDATE trajectory SET status = 'INTAKE', consortium_id = '${rondomjou}', intake_deadline = current_date WHERE id = '${referred.id}'`,
        ],
        [
          `UPDATE trajectory SET status = 'REFERRED', consortium_id = NULL, intake_deadline = NULL WHERE id = '${referred.id}'`,
        ],
      );
    });

    it('TARIFF_CEILING: an OUTPUT settlement above the tariff of its PIC', async () => {
      const s = await one(
        `SELECT id, amount_cents, tariff_cents FROM settlement WHERE funding_variant = 'OUTPUT' AND amount_cents > 0 ORDER BY id LIMIT 1`,
      );
      await expectReported(
        'tariff-ceiling',
        s.id,
        [
          `UPDATE settlement SET amount_cents = tariff_cents + 100, tariff_cents = tariff_cents + 100 WHERE id = '${s.id}'`,
        ],
        [
          `UPDATE settlement SET amount_cents = ${s.amount_cents}, tariff_cents = ${s.tariff_cents} WHERE id = '${s.id}'`,
        ],
      );
    });

    it('OUTCOME_REQUIRED and IMMUTABLE: closed without an outcome, a gap in the versions, a disabled guard', async () => {
      const active = await one(
        `SELECT id FROM trajectory WHERE status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM outcome_report o WHERE o.trajectory_id = trajectory.id) ORDER BY id LIMIT 1`,
      );
      await expectReported(
        'outcome-required',
        active.id,
        [`UPDATE trajectory SET status = 'CLOSED', closed_at = now() WHERE id = '${active.id}'`],
        [`UPDATE trajectory SET status = 'ACTIVE', closed_at = NULL WHERE id = '${active.id}'`],
      );
      const outcome = await one(`SELECT id, trajectory_id FROM outcome_report WHERE version = 1 ORDER BY id LIMIT 1`);
      await expectReported(
        'versions',
        outcome.trajectory_id,
        [`UPDATE outcome_report SET version = 2, correction_reason = 'x' WHERE id = '${outcome.id}'`],
        [`UPDATE outcome_report SET version = 1, correction_reason = NULL WHERE id = '${outcome.id}'`],
      );
      await expectReported(
        'immutable-triggers',
        'settlement_immutable',
        [`ALTER TABLE settlement DISABLE TRIGGER settlement_immutable`],
        [`ALTER TABLE settlement ENABLE TRIGGER settlement_immutable`],
      );
    });

    it('ACCESS_LOG: a disabled append-only trigger, a privilege to delete, a referral without its CREATE entry', async () => {
      await expectReported(
        'access-log-append-only',
        'access_log_append_only',
        [`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`],
        [`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`],
      );
      await expectReported(
        'access-log-append-only',
        'DELETE',
        [`GRANT DELETE ON access_log TO samenspel_app`],
        [`REVOKE DELETE ON access_log FROM samenspel_app`],
      );
      const referral = await refer(t.as('lokaalteam@denhaag.example'));
      const entry = await one(`SELECT * FROM access_log WHERE youth_id = $1 AND action = 'CREATE'`, [
        referral.youth.id,
      ]);
      await expectReported(
        'access-log-complete',
        referral.id,
        [`DELETE FROM access_log WHERE id = ${entry.id}`],
        [
          `INSERT INTO access_log (id, at, user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose, request_id)
         SELECT ${entry.id}, '${entry.at.toISOString()}', '${entry.user_id}', '${entry.user_email}', '${entry.organisation_id}', $$${entry.organisation_name}$$, '${entry.youth_id}', 'CREATE', '${entry.purpose}', NULL`,
        ],
      );
    });

    it('NO_SILENT_OVERWRITE: a plan version without its history', async () => {
      const plan = await one(`SELECT id FROM family_plan ORDER BY id LIMIT 1`);
      await expectReported(
        'plan-history',
        plan.id,
        [`UPDATE family_plan SET version = version + 1 WHERE id = '${plan.id}'`],
        [`UPDATE family_plan SET version = version - 1 WHERE id = '${plan.id}'`],
      );
    });

    it('FIGURES: a changed, a missing and a stray trajectory_fact row', async () => {
      const fact = await one(`SELECT trajectory_id AS id FROM trajectory_fact ORDER BY trajectory_id LIMIT 1`);
      const result = await expectReported(
        'facts',
        fact.id,
        [`UPDATE trajectory_fact SET goals_achieved = goals_achieved + 1 WHERE trajectory_id = '${fact.id}'`],
        [`UPDATE trajectory_fact SET goals_achieved = goals_achieved - 1 WHERE trajectory_id = '${fact.id}'`],
      );
      expect(result.violations[0].detail).toMatch(/differs .* in goals_achieved$/);
      await expectReported(
        'facts',
        fact.id,
        [`DELETE FROM trajectory_fact WHERE trajectory_id = '${fact.id}'`],
        [`SELECT access.refresh_trajectory_facts(ARRAY['${fact.id}'::uuid])`],
      );
      const active = await one(`SELECT id FROM trajectory WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
      await expectReported(
        'facts',
        active.id,
        [
          `INSERT INTO trajectory_fact SELECT '${active.id}', youth_key, municipality_id, area_id, responsible_provider_id, profile_id, intensity_id, funding_variant, referred_at, started_at, closed_at, waiting_days, treatment_goals, goals_achieved, goals_partly, satisfaction_youth, satisfaction_parent, dropout, ended_as_planned, continuation, tariff_cents, cost_cents, repeat_use FROM trajectory_fact WHERE trajectory_id = '${fact.id}'`,
        ],
        [`DELETE FROM trajectory_fact WHERE trajectory_id = '${active.id}'`],
      );
    });

    it('FIGURES: a roll-up cell that no longer equals its facts, a repeated fact left out', async () => {
      const cell = await one(
        `SELECT municipality_id AS m, provider_id AS p, month_start::text AS d FROM performance_cell
          WHERE consortium_id IS NULL ORDER BY 1, 2, 3 LIMIT 1`,
      );
      const where = `municipality_id = '${cell.m}' AND provider_id = '${cell.p}' AND month_start = '${cell.d}' AND consortium_id IS NULL`;
      await expectReported(
        'roll-ups',
        `${cell.m}/${cell.p}/${cell.d}`,
        [`UPDATE performance_cell SET trajectories = trajectories + 1 WHERE ${where}`],
        [`UPDATE performance_cell SET trajectories = trajectories - 1 WHERE ${where}`],
      );
      const repeated = await one(
        `SELECT r.trajectory_id AS id FROM performance_repeat_fact r JOIN trajectory_fact f ON f.trajectory_id = r.trajectory_id
          WHERE EXISTS (SELECT 1 FROM trajectory_fact g WHERE g.youth_key = f.youth_key AND g.trajectory_id <> f.trajectory_id
                           AND date_trunc('year', g.closed_at AT TIME ZONE 'Europe/Amsterdam') = date_trunc('year', f.closed_at AT TIME ZONE 'Europe/Amsterdam'))
          ORDER BY 1 LIMIT 1`,
      );
      await expectReported(
        'roll-ups',
        repeated.id,
        [`DELETE FROM performance_repeat_fact WHERE trajectory_id = '${repeated.id}'`],
        [
          `INSERT INTO performance_repeat_fact SELECT trajectory_id, municipality_id, closed_at FROM trajectory_fact WHERE trajectory_id = '${repeated.id}'`,
        ],
      );
    });
  });

  it('npm run check-integrity: lists violations by id and exits 1; exits 0 on a sound database', async () => {
    const cli = (url: string) =>
      run(
        'npx',
        [
          'tsx',
          'server/src/tools/check-integrity.ts',
          '--database-url',
          url,
          '--only',
          'acceptance-obligation,immutable-triggers',
        ],
        { cwd: process.cwd(), timeout: 60_000 },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e) => ({ code: e.code as number, stdout: e.stdout as string }),
      );
    const clean = await cli(t.db.adminUrl);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toMatch(/no violations \(2 checks\)/);
    await owner.query(`ALTER TABLE settlement DISABLE TRIGGER settlement_immutable`);
    try {
      const broken = await cli(t.db.adminUrl);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(
        /✗ IMMUTABLE .*: 1 violation\n {4}trigger settlement_immutable on settlement is disabled/,
      );
    } finally {
      await owner.query(`ALTER TABLE settlement ENABLE TRIGGER settlement_immutable`);
    }
  }, 120_000);
});

describe('the integrity check on generated data', () => {
  let generated: TestDatabase;
  afterAll(() => generated?.drop());

  it('finds nothing wrong in 1,000 generated trajectories (npm run generate)', async () => {
    generated = await createTestDatabase();
    const client = new pg.Client({ connectionString: generated.adminUrl });
    await client.connect();
    try {
      const count = await generateInto(generated.adminUrl, 1000);
      expect(count).toBeGreaterThanOrEqual(1000);
      const results = await checkIntegrity(client, { limit: 5 });
      const failing = results
        .filter((r) => r.total > 0)
        .map((r) => `${r.key}: ${r.total} (${r.violations.map((v) => `${v.kind} ${v.id} ${v.detail}`).join('; ')})`);
      expect(failing).toEqual([]);
    } finally {
      await client.end();
    }
  }, 180_000);
});
