import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consortiumId, providerId } from '../../seeds/organisations.js';
import { AccessScope } from '../../server/src/core/access/scope.js';
import type { Viewer } from '../../server/src/core/auth/roles.js';
import { DELFT, DEN_HAAG } from '../integration/helpers/care.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

/**
 * Writes refused by PostgreSQL itself: connected as the application role, with exactly the
 * settings a request of each kind of viewer sets, every forbidden write is refused — an error
 * (42501: a policy's WITH CHECK, a missing column privilege or a guard trigger) or no row touched
 * (the row is outside what the viewer may change). Each attempt runs in a transaction that is
 * rolled back. The controls at the end show the same settings still do what each role may.
 */

const RESPONSIBLE = 'staff@jeugdformaat.example';
const RESPONSIBLE_ADMIN = 'admin@jeugdformaat.example';
const EXPERTISE = 'staff@parnassia.example';
const CANDIDATE = 'staff@incluzio.example';
const UNRELATED = 'staff@duinzicht.example';
const OTHER_ADMIN = 'admin@incluzio.example';
const REFERRER = 'lokaalteam@denhaag.example';
const OTHER_REFERRER = 'lokaalteam@delft.example';
const CONTRACT_MANAGER = 'contractmanager@denhaag.example';
const REGION_ADMIN = 'admin@h10.example';

/** PostgreSQL refused the statement (insufficient_privilege). */
const DENIED = { refused: '42501' };
/** The statement ran but touched no row. */
const NO_ROWS = { rows: 0 };

interface Fixture {
  /** An active specialist trajectory of Jeugdformaat in Den Haag, with treatment goals. */
  trajectory: string;
  youth: string;
  familyPlan: string;
  pic: string;
  /** Parnassia's accepted expertise request on it; Incluzio's pending transfer. */
  request: string;
  transfer: string;
  /** A trajectory Parnassia does not work on. */
  elsewhere: string;
  /** A closed trajectory of Jeugdformaat with its outcome and settlement, and a goal without a result. */
  closed: string;
  closedOutcome: string;
  closedGoal: string;
  /** An improvement plan Jeugdformaat submitted to Den Haag. */
  improvementPlan: string;
  budget: string;
  users: Record<string, string>;
}

let db: TestDatabase;
let owner: pg.Client;
let app: pg.Pool;
let f: Fixture;
const viewers = new Map<string, Viewer>();

const one = async <T = Record<string, string>>(sql: string, params: unknown[] = []): Promise<T> => {
  const { rows } = await owner.query(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0] as T;
};

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  app = new pg.Pool({ connectionString: db.appUrl, max: 2 });

  const { rows } = await owner.query(
    `SELECT u.id, u.email, u.name, u.roles, u.organisation_kind AS "organisationKind", u.region_id AS "regionId",
            u.municipality_id AS "municipalityId", u.provider_id AS "providerId",
            coalesce(u.region_id, u.municipality_id, u.provider_id) AS "organisationId", '' AS "organisationName"
       FROM app_user u`,
  );
  for (const row of rows) viewers.set(row.email, row);
  const users = Object.fromEntries(rows.map((r) => [r.email, r.id]));

  const jf = providerId('jeugdformaat');
  const active = await one(
    `SELECT t.id, t.youth_id, t.family_plan_id, t.pic_id FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
      WHERE t.status = 'ACTIVE' AND t.responsible_provider_id = $1 AND t.municipality_id = $2 AND pr.segment = 'SPECIALIST'
        AND EXISTS (SELECT 1 FROM goal g WHERE g.help_plan_id = t.id)
        AND NOT EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.role <> 'RESPONSIBLE')
        AND NOT EXISTS (SELECT 1 FROM responsibility_transfer r WHERE r.trajectory_id = t.id)
      ORDER BY t.id LIMIT 1`,
    [jf, DEN_HAAG],
  );
  const request = await one(
    `INSERT INTO expertise_request (trajectory_id, requested_by_provider_id, provider_id, mode, question, status, relation,
       consortium_id, requested_by, responded_at)
     VALUES ($1, $2, $3, 'CONSULTATION', 'Meekijken', 'ACCEPTED', 'CONSORTIUM', $4, $5, now()) RETURNING id`,
    [active.id, jf, providerId('parnassia'), consortiumId('rondomjou'), users[RESPONSIBLE]],
  );
  const transfer = await one(
    `INSERT INTO responsibility_transfer (trajectory_id, from_provider_id, to_provider_id, reason, status, requested_by)
     VALUES ($1, $2, $3, 'Past beter', 'PENDING', $4) RETURNING id`,
    [active.id, jf, providerId('incluzio'), users[RESPONSIBLE]],
  );
  const elsewhere = await one(
    `SELECT t.id FROM trajectory t WHERE t.status = 'ACTIVE' AND NOT EXISTS (
       SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $1) ORDER BY t.id LIMIT 1`,
    [providerId('parnassia')],
  );
  const closed = await one(
    `SELECT t.id, o.id AS outcome FROM trajectory t JOIN outcome_report o ON o.trajectory_id = t.id
      WHERE t.status = 'CLOSED' AND t.responsible_provider_id = $1 AND EXISTS (SELECT 1 FROM settlement s WHERE s.trajectory_id = t.id)
      ORDER BY t.id LIMIT 1`,
    [jf],
  );
  // a treatment goal without a result yet
  const goal = await one(
    `INSERT INTO goal (kind, description, help_plan_id) VALUES ('TREATMENT', 'Later doel', $1) RETURNING id`,
    [closed.id],
  );
  const plan = await one(
    `INSERT INTO improvement_plan (provider_id, municipality_id, reason, due_date, status, response, requested_by, submitted_by, submitted_at, version)
     VALUES ($1, $2, 'Wachttijd', current_date + 30, 'SUBMITTED', 'Extra intake', $3, $4, now(), 2) RETURNING id`,
    [jf, DEN_HAAG, users[CONTRACT_MANAGER], users[RESPONSIBLE_ADMIN]],
  );
  const budget = await one(`SELECT id FROM population_budget WHERE consortium_id = $1 ORDER BY id LIMIT 1`, [
    consortiumId('rondomjou'),
  ]);
  f = {
    trajectory: active.id,
    youth: active.youth_id,
    familyPlan: active.family_plan_id,
    pic: active.pic_id,
    request: request.id,
    transfer: transfer.id,
    elsewhere: elsewhere.id,
    closed: closed.id,
    closedOutcome: closed.outcome,
    closedGoal: goal.id,
    improvementPlan: plan.id,
    budget: budget.id,
    users,
  };
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await db?.drop();
});

/**
 * Runs `statements` as the application role with the settings a request of `email` sets, in a
 * transaction that is always rolled back; the outcome of the last statement (earlier ones must pass).
 */
async function attempt(
  email: string,
  ...statements: [string, unknown[]?][]
): Promise<{ refused: string } | { rows: number }> {
  const settings = new AccessScope(viewers.get(email)!).rlsSettings();
  const client = await app.connect();
  try {
    await client.query('BEGIN');
    const names = Object.keys(settings);
    await client.query(
      `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
      names.flatMap((n) => [n, settings[n]]),
    );
    let rows = 0;
    for (const [i, [sql, params]] of statements.entries()) {
      try {
        rows = (await client.query(sql, params)).rowCount ?? 0;
      } catch (error) {
        if (i < statements.length - 1) throw error;
        return { refused: (error as { code: string }).code };
      }
    }
    return { rows };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const run = (email: string, sql: string, params: (f: Fixture) => unknown[] = () => []) =>
  attempt(email, [sql, params(f)]);

describe('an expertise provider (accepted request, sees the family)', () => {
  it('changes the youth', async () => {
    expect(await run(EXPERTISE, `UPDATE youth SET initials = 'X.Y.' WHERE id = $1`, (f) => [f.youth])).toEqual(DENIED);
  });

  it('makes itself the responsible provider', async () => {
    expect(
      await run(EXPERTISE, `UPDATE trajectory SET responsible_provider_id = $2 WHERE id = $1`, (f) => [
        f.trajectory,
        providerId('parnassia'),
      ]),
    ).toEqual(DENIED);
  });

  it('deletes the treatment goals', async () => {
    expect(await run(EXPERTISE, `DELETE FROM goal WHERE help_plan_id = $1`, (f) => [f.trajectory])).toEqual(NO_ROWS);
  });

  it('rewrites the help plan', async () => {
    expect(
      await run(EXPERTISE, `UPDATE help_plan SET effort_description = 'Anders' WHERE trajectory_id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual(NO_ROWS);
  });

  it('edits the family plan', async () => {
    expect(
      await run(EXPERTISE, `UPDATE family_plan SET question = 'Anders' WHERE id = $1`, (f) => [f.familyPlan]),
    ).toEqual(DENIED);
  });

  it('closes the trajectory', async () => {
    expect(
      await run(EXPERTISE, `UPDATE trajectory SET status = 'CLOSED', closed_at = now() WHERE id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual(DENIED);
  });

  it('submits the outcome report', async () => {
    expect(
      await run(
        EXPERTISE,
        `INSERT INTO outcome_report (trajectory_id, version, continuation, end_reason_code, cbs_end_code, dropout, submitted_by)
         VALUES ($1, 1, 'NONE', '31', '01', false, $2)`,
        (f) => [f.trajectory, f.users[EXPERTISE]],
      ),
    ).toEqual(DENIED);
  });

  it('asks a further provider for expertise on the family', async () => {
    expect(
      await run(
        EXPERTISE,
        `INSERT INTO expertise_request (trajectory_id, requested_by_provider_id, provider_id, mode, question, relation, consortium_id, requested_by)
         VALUES ($1, $2, $3, 'CONSULTATION', 'Ook kijken?', 'CONSORTIUM', $4, $5)`,
        (f) => [
          f.trajectory,
          providerId('parnassia'),
          providerId('jess'),
          consortiumId('rondomjou'),
          f.users[EXPERTISE],
        ],
      ),
    ).toEqual(DENIED);
  });

  it('records an event on another trajectory with its own request', async () => {
    expect(
      await run(
        EXPERTISE,
        `INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id, expertise_request_id)
         VALUES ($1, 'EXPERTISE_ACCEPTED', $2, $3, $4)`,
        (f) => [f.elsewhere, f.users[EXPERTISE], providerId('parnassia'), f.request],
      ),
    ).toEqual(DENIED);
  });

  it('accepts its completed request again to regain access', async () => {
    expect(
      await attempt(
        EXPERTISE,
        [`UPDATE expertise_request SET status = 'COMPLETED', ended_at = now() WHERE id = $1`, [f.request]],
        [`UPDATE expertise_request SET status = 'ACCEPTED', ended_at = NULL WHERE id = $1`, [f.request]],
      ),
    ).toEqual(DENIED);
  });

  it('withdraws the request in the responsible provider’s name', async () => {
    expect(
      await run(EXPERTISE, `UPDATE expertise_request SET status = 'WITHDRAWN', ended_at = now() WHERE id = $1`, (f) => [
        f.request,
      ]),
    ).toEqual(DENIED);
  });
});

describe('the candidate of a pending transfer (sees the family to assess it)', () => {
  it('closes the trajectory', async () => {
    expect(
      await run(CANDIDATE, `UPDATE trajectory SET status = 'CLOSED', closed_at = now() WHERE id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual(DENIED);
  });

  it('makes a third provider responsible', async () => {
    expect(
      await run(CANDIDATE, `UPDATE trajectory SET responsible_provider_id = $2 WHERE id = $1`, (f) => [
        f.trajectory,
        providerId('duinzicht'),
      ]),
    ).toEqual(DENIED);
  });

  it('takes the responsibility and closes the trajectory in the same statement', async () => {
    expect(
      await run(
        CANDIDATE,
        `UPDATE trajectory SET responsible_provider_id = $2, status = 'CLOSED', closed_at = now() WHERE id = $1`,
        (f) => [f.trajectory, providerId('incluzio')],
      ),
    ).toEqual(DENIED);
  });

  it('deletes the treatment goals', async () => {
    expect(await run(CANDIDATE, `DELETE FROM goal WHERE help_plan_id = $1`, (f) => [f.trajectory])).toEqual(NO_ROWS);
  });

  it('answers the transfer again after declining it', async () => {
    expect(
      await attempt(
        CANDIDATE,
        [
          `UPDATE responsibility_transfer SET status = 'DECLINED', decline_reason = 'Vol', responded_at = now() WHERE id = $1`,
          [f.transfer],
        ],
        [`UPDATE responsibility_transfer SET status = 'ACCEPTED' WHERE id = $1`, [f.transfer]],
      ),
    ).toEqual(DENIED);
  });
});

describe('a provider that does not work for the family', () => {
  it('grants itself access to the family with an accepted expertise request', async () => {
    expect(
      await run(
        UNRELATED,
        `INSERT INTO expertise_request (trajectory_id, requested_by_provider_id, provider_id, mode, question, status, relation,
           consortium_id, requested_by)
         VALUES ($1, $2, $3, 'CONSULTATION', 'Mag ik meekijken?', 'ACCEPTED', 'CONSORTIUM', $4, $5)`,
        (f) => [
          f.trajectory,
          providerId('jeugdformaat'),
          providerId('duinzicht'),
          consortiumId('rondomjou'),
          f.users[UNRELATED],
        ],
      ),
    ).toEqual(DENIED);
  });

  it('offers itself the responsibility', async () => {
    expect(
      await run(
        UNRELATED,
        `INSERT INTO responsibility_transfer (trajectory_id, from_provider_id, to_provider_id, reason, status, requested_by)
         VALUES ($1, $2, $3, 'Ik neem het over', 'FORCED', $4)`,
        (f) => [f.trajectory, providerId('jeugdformaat'), providerId('duinzicht'), f.users[UNRELATED]],
      ),
    ).toEqual(DENIED);
  });
});

describe('the responsible provider, beyond its rules', () => {
  it('hands the trajectory to another provider without a transfer', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE trajectory SET responsible_provider_id = $2 WHERE id = $1`, (f) => [
        f.trajectory,
        providerId('duinzicht'),
      ]),
    ).toEqual(DENIED);
  });

  it('moves the trajectory to another youth or municipality', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE trajectory SET municipality_id = $2 WHERE id = $1`, (f) => [f.trajectory, DELFT]),
    ).toEqual(DENIED);
  });

  it('reopens a closed trajectory', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE trajectory SET status = 'ACTIVE', closed_at = NULL WHERE id = $1`, (f) => [
        f.closed,
      ]),
    ).toEqual(DENIED);
  });

  it('adds goal results to an outcome submitted earlier', async () => {
    expect(
      await run(
        RESPONSIBLE,
        `INSERT INTO goal_result (outcome_report_id, goal_id, realisation) VALUES ($1, $2, 'ACHIEVED')`,
        (f) => [f.closedOutcome, f.closedGoal],
      ),
    ).toEqual(DENIED);
  });

  it('settles a closed trajectory again without a correction', async () => {
    expect(
      await run(
        RESPONSIBLE,
        `INSERT INTO settlement (trajectory_id, version, outcome_report_id, funding_variant, amount_cents)
         SELECT $1, 99, $2, funding_variant, 0 FROM trajectory WHERE id = $1`,
        (f) => [f.closed, f.closedOutcome],
      ),
    ).toEqual(DENIED);
  });

  it('writes its own performance facts', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE trajectory_fact SET satisfaction_youth = 10 WHERE trajectory_id = $1`, (f) => [
        f.closed,
      ]),
    ).toEqual(DENIED);
  });

  it('asks for expertise on a subcontract of another main contractor', async () => {
    const other = await one(`SELECT id, subcontractor_id FROM subcontract WHERE main_contractor_id <> $1 LIMIT 1`, [
      providerId('jeugdformaat'),
    ]);
    expect(
      await run(
        RESPONSIBLE,
        `INSERT INTO expertise_request (trajectory_id, requested_by_provider_id, provider_id, mode, question, relation, subcontract_id, requested_by)
         VALUES ($1, $2, $3, 'CONSULTATION', 'Meekijken', 'SUBCONTRACT', $4, $5)`,
        (f) => [f.trajectory, providerId('jeugdformaat'), other.subcontractor_id, other.id, f.users[RESPONSIBLE]],
      ),
    ).toEqual(DENIED);
  });

  it('records an event in another provider’s name', async () => {
    expect(
      await run(
        RESPONSIBLE,
        `INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id) VALUES ($1, 'NOTE', $2, $3)`,
        (f) => [f.trajectory, f.users[RESPONSIBLE], providerId('parnassia')],
      ),
    ).toEqual(DENIED);
  });
});

describe('a referrer', () => {
  it('closes a trajectory', async () => {
    expect(
      await run(REFERRER, `UPDATE trajectory SET status = 'CLOSED', closed_at = now() WHERE id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual(DENIED);
  });

  it('makes another provider responsible without a transfer', async () => {
    expect(
      await run(REFERRER, `UPDATE trajectory SET responsible_provider_id = $2 WHERE id = $1`, (f) => [
        f.trajectory,
        providerId('duinzicht'),
      ]),
    ).toEqual(DENIED);
  });

  it('forces a transfer of a specialist trajectory (only highly specialist care moves at once)', async () => {
    expect(
      await run(
        REFERRER,
        `INSERT INTO responsibility_transfer (trajectory_id, from_provider_id, to_provider_id, reason, status, requested_by, responded_at)
         VALUES ($1, $2, $3, 'Nu', 'FORCED', $4, now())`,
        (f) => [f.trajectory, providerId('jeugdformaat'), providerId('duinzicht'), f.users[REFERRER]],
      ),
    ).toEqual(DENIED);
  });

  it('writes the help plan', async () => {
    expect(
      await run(REFERRER, `UPDATE help_plan SET effort_description = 'Anders' WHERE trajectory_id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual(NO_ROWS);
  });

  it('of another municipality refers a youth of Den Haag to its own municipality', async () => {
    const plan = await one(`SELECT id FROM family_plan WHERE municipality_id = $1 LIMIT 1`, [DELFT]);
    expect(
      await run(
        OTHER_REFERRER,
        `INSERT INTO trajectory (youth_id, family_plan_id, municipality_id, status, responsible_provider_id, referrer_type, pic_id, funding_variant, referred_by)
         VALUES ($1, $2, $3, 'REFERRED', $4, 'LOCAL_TEAM', $5, 'OUTPUT', $6)`,
        (f) => [f.youth, plan.id, DELFT, providerId('jeugdformaat'), f.pic, f.users[OTHER_REFERRER]],
      ),
    ).toEqual(DENIED);
  });
});

describe('a contract manager (aggregates only)', () => {
  it('updates trajectory facts', async () => {
    expect(
      await run(CONTRACT_MANAGER, `UPDATE trajectory_fact SET dropout = false WHERE municipality_id = $1`, () => [
        DEN_HAAG,
      ]),
    ).toEqual(DENIED);
  });

  it('changes the youth', async () => {
    expect(await run(CONTRACT_MANAGER, `UPDATE youth SET initials = 'X.' WHERE id = $1`, (f) => [f.youth])).toEqual(
      DENIED,
    );
  });

  it('rewrites the provider’s answer while accepting the improvement plan', async () => {
    expect(
      await run(
        CONTRACT_MANAGER,
        `UPDATE improvement_plan SET status = 'ACCEPTED', response = 'Niets', version = version + 1 WHERE id = $1`,
        (f) => [f.improvementPlan],
      ),
    ).toEqual(DENIED);
  });

  it('submits the improvement plan in the provider’s name', async () => {
    expect(
      await run(
        CONTRACT_MANAGER,
        `UPDATE improvement_plan SET status = 'SUBMITTED', submitted_by = $2, version = version + 1 WHERE id = $1`,
        (f) => [f.improvementPlan, f.users[CONTRACT_MANAGER]],
      ),
    ).toEqual(DENIED);
  });
});

describe('the region administrator (reference data, no family)', () => {
  it('corrects trajectory facts', async () => {
    expect(
      await run(
        REGION_ADMIN,
        `UPDATE trajectory_fact SET goals_achieved = treatment_goals WHERE trajectory_id = $1`,
        (f) => [f.closed],
      ),
    ).toEqual(DENIED);
  });

  it('accepts an improvement plan', async () => {
    expect(
      await run(REGION_ADMIN, `UPDATE improvement_plan SET status = 'ACCEPTED' WHERE id = $1`, (f) => [
        f.improvementPlan,
      ]),
    ).toEqual(NO_ROWS);
  });
});

describe('reference data, by anyone but the region', () => {
  it('a provider administrator changes a PIC tariff', async () => {
    expect(await run(OTHER_ADMIN, `UPDATE pic SET valid_until = '2024-12-31'`)).toEqual(NO_ROWS);
  });

  it('a provider administrator adds a PIC tariff', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO pic (profile_id, intensity_id, tariff_cents, valid_from)
         SELECT profile_id, intensity_id, 99999999, '2099-01-01' FROM pic LIMIT 1`,
      ),
    ).toEqual(DENIED);
  });

  it('a provider administrator registers a subcontract for another main contractor', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO subcontract (main_contractor_id, subcontractor_id, valid_from) VALUES ($1, $2, current_date)`,
        () => [providerId('jeugdformaat'), providerId('incluzio')],
      ),
    ).toEqual(DENIED);
  });

  it('a provider administrator ends another provider’s subcontract', async () => {
    expect(
      await run(OTHER_ADMIN, `UPDATE subcontract SET valid_until = current_date WHERE main_contractor_id = $1`, () => [
        providerId('jeugdformaat'),
      ]),
    ).toEqual(DENIED);
  });

  it('a provider administrator adds a profile to another provider’s subcontract', async () => {
    const sub = await one(`SELECT id FROM subcontract WHERE main_contractor_id = $1 LIMIT 1`, [
      providerId('jeugdformaat'),
    ]);
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO subcontract_profile (subcontract_id, profile_id) SELECT $1, id FROM profile`,
        () => [sub.id],
      ),
    ).toEqual(DENIED);
  });

  it('a provider administrator joins an integrated team it does not coordinate', async () => {
    const team = await one(`SELECT id FROM integrated_team WHERE coordinator_id <> $1 LIMIT 1`, [
      providerId('incluzio'),
    ]);
    expect(
      await run(OTHER_ADMIN, `INSERT INTO integrated_team_member (team_id, provider_id) VALUES ($1, $2)`, () => [
        team.id,
        providerId('incluzio'),
      ]),
    ).toEqual(DENIED);
  });

  it('a provider’s staff member sets a population budget', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE population_budget SET amount_cents = 1 WHERE id = $1`, (f) => [f.budget]),
    ).toEqual(DENIED);
  });

  it('a provider administrator that is not the lead partner allocates the consortium’s budget', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO budget_allocation (budget_id, provider_id, amount_cents) VALUES ($1, $2, 1)`,
        (f) => [f.budget, providerId('incluzio')],
      ),
    ).toEqual(DENIED);
  });

  it('a provider administrator sets a bonus-malus rule', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO payment_rule (valid_from, description, created_by) VALUES ('2099-01-01', 'Alles', $1)`,
        (f) => [f.users[OTHER_ADMIN]],
      ),
    ).toEqual(DENIED);
  });
});

describe('money records, by anyone but who keeps them', () => {
  it('a provider administrator changes a PxQ price', async () => {
    expect(await run(OTHER_ADMIN, `UPDATE product_price SET valid_until = '2024-12-31'`)).toEqual(NO_ROWS);
  });

  it('a provider administrator adds a PxQ price', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO product_price (product_code, name, unit_code, price_cents, valid_from) VALUES ('JGGZ01', 'Duur', '04', 99999, '2099-01-01')`,
      ),
    ).toEqual(DENIED);
  });

  it('another main contractor records a payout of Jeugdformaat’s subcontract as paid', async () => {
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO subcontract_payout_payment (subcontract_id, period_from, period_to, amount_cents, paid_on, reference, marked_by)
         SELECT s.id, '2025-01-01', '2025-01-31', 0, '2025-02-01', 'x', $2 FROM subcontract s WHERE s.main_contractor_id = $1 LIMIT 1`,
        (f) => [providerId('jeugdformaat'), f.users[OTHER_ADMIN]],
      ),
    ).toEqual(DENIED);
  });

  it('the subcontractor records its own payout as paid', async () => {
    expect(
      await run(
        UNRELATED,
        `INSERT INTO subcontract_payout_payment (subcontract_id, period_from, period_to, amount_cents, paid_on, reference, marked_by)
         SELECT s.id, '2025-01-01', '2025-01-31', 0, '2025-02-01', 'x', $2 FROM subcontract s WHERE s.subcontractor_id = $1 LIMIT 1`,
        (f) => [providerId('duinzicht'), f.users[UNRELATED]],
      ),
    ).toEqual(DENIED);
  });

  it('the main contractor’s administrator may record its own payout as paid (control)', async () => {
    expect(
      await run(
        RESPONSIBLE_ADMIN,
        `INSERT INTO subcontract_payout_payment (subcontract_id, period_from, period_to, amount_cents, paid_on, reference, marked_by)
         SELECT s.id, '2019-01-01', '2019-01-31', 0, '2019-02-01', 'x', $2 FROM subcontract s WHERE s.main_contractor_id = $1 LIMIT 1`,
        (f) => [providerId('jeugdformaat'), f.users[RESPONSIBLE_ADMIN]],
      ),
    ).toEqual({ rows: 1 });
  });

  it('the main contractor rewrites a payment it recorded', async () => {
    await owner.query(
      `INSERT INTO subcontract_payout_payment (subcontract_id, period_from, period_to, amount_cents, paid_on, reference, marked_by)
       SELECT s.id, '2020-01-01', '2020-01-31', 100, '2020-02-01', 'BT-1', $2 FROM subcontract s WHERE s.main_contractor_id = $1 LIMIT 1`,
      [providerId('jeugdformaat'), f.users[RESPONSIBLE_ADMIN]],
    );
    for (const sql of [
      `UPDATE subcontract_payout_payment SET reference = 'BT-2' WHERE reference = 'BT-1'`,
      `DELETE FROM subcontract_payout_payment WHERE reference = 'BT-1'`,
    ])
      expect(await run(RESPONSIBLE_ADMIN, sql)).toEqual(DENIED);
  });
});

describe('controls: the same settings still allow what each role may do', () => {
  it('the responsible provider edits the help plan and deletes a treatment goal', async () => {
    expect(
      await run(RESPONSIBLE, `UPDATE help_plan SET effort_description = 'Anders' WHERE trajectory_id = $1`, (f) => [
        f.trajectory,
      ]),
    ).toEqual({ rows: 1 });
    expect(
      await run(
        RESPONSIBLE,
        `DELETE FROM goal WHERE id = (SELECT id FROM goal g WHERE help_plan_id = $1
           AND NOT EXISTS (SELECT 1 FROM goal_result r WHERE r.goal_id = g.id) LIMIT 1)`,
        (f) => [f.trajectory],
      ),
    ).toEqual({ rows: 1 });
  });

  it('the candidate takes the responsibility offered to it', async () => {
    expect(
      await run(CANDIDATE, `UPDATE trajectory SET responsible_provider_id = $2 WHERE id = $1`, (f) => [
        f.trajectory,
        providerId('incluzio'),
      ]),
    ).toEqual({ rows: 1 });
  });

  it('the expertise provider completes its request and records it', async () => {
    expect(
      await attempt(
        EXPERTISE,
        [`UPDATE expertise_request SET status = 'COMPLETED', ended_at = now() WHERE id = $1`, [f.request]],
        [
          `INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id, expertise_request_id)
           VALUES ($1, 'EXPERTISE_COMPLETED', $2, $3, $4)`,
          [f.trajectory, f.users[EXPERTISE], providerId('parnassia'), f.request],
        ],
      ),
    ).toEqual({ rows: 1 });
  });

  it('the referrer registers a youth of its own municipality and edits the family plan', async () => {
    expect(
      await run(
        REFERRER,
        `INSERT INTO youth (initials, birth_date, municipality_id) VALUES ('A.B.', '2015-01-01', $1)`,
        () => [DEN_HAAG],
      ),
    ).toEqual({ rows: 1 });
    expect(
      await run(REFERRER, `UPDATE family_plan SET question = 'Anders' WHERE id = $1`, (f) => [f.familyPlan]),
    ).toEqual({ rows: 1 });
  });

  it('the contract manager accepts the submitted improvement plan', async () => {
    expect(
      await run(
        CONTRACT_MANAGER,
        `UPDATE improvement_plan SET status = 'ACCEPTED', version = version + 1 WHERE id = $1`,
        (f) => [f.improvementPlan],
      ),
    ).toEqual({ rows: 1 });
  });

  it('the region administrator adds a lot, a provider administrator a subcontract of its own', async () => {
    expect(await run(REGION_ADMIN, `INSERT INTO lot (code, name) VALUES ('X9', 'Proef')`)).toEqual({ rows: 1 });
    expect(
      await run(
        OTHER_ADMIN,
        `INSERT INTO subcontract (main_contractor_id, subcontractor_id, valid_from) VALUES ($1, $2, current_date)`,
        () => [providerId('incluzio'), providerId('duinzicht')],
      ),
    ).toEqual({ rows: 1 });
  });
});
