import type { MigrationInterface, QueryRunner } from 'typeorm';

const REGION_ADMIN = `access.viewer_has_role('REGION_ADMIN')`;

/** Reference data everyone reads and only the region's administrators write, with what each may change. */
const REGION_WRITES: Record<string, { update?: string[]; delete?: true; insert?: string }> = {
  provider: { update: ['name', 'kvk_number'] },
  lot: {},
  consortium: { update: ['name'] },
  consortium_membership: { update: ['valid_until'] },
  consortium_lot: { delete: true },
  consortium_area: { delete: true },
  profile: {},
  pic: { update: ['valid_until'], delete: true },
  // a bonus-malus rule records who set it
  payment_rule: { update: ['valid_until'], delete: true, insert: 'created_by = access.viewer_user_id()' },
  payment_rule_tier: { delete: true },
};

/** Privileges the application held on reference data and never uses (intensities and prices come with the seeds). */
const UNUSED = `
  REVOKE INSERT, UPDATE ON intensity, product_price FROM samenspel_app;
  REVOKE UPDATE ON lot, profile, budget_allocation FROM samenspel_app;`;

const FUNCTIONS = `
  -- A subcontract is registered by the main contractor's administrator or the region; a team by its coordinator's.
  CREATE FUNCTION access.viewer_administers(provider uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT ${REGION_ADMIN} OR (access.viewer_has_role('PROVIDER_ADMIN') AND provider = access.viewer_provider_id())
  $$;
  -- The lead partner (penvoerder) of the budget's consortium in the budget's year divides it among the partners.
  CREATE FUNCTION access.viewer_allocates(budget uuid, partner uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT access.viewer_has_role('PROVIDER_ADMIN') AND EXISTS (
      SELECT 1 FROM public.population_budget b
        JOIN public.consortium_membership lp ON lp.consortium_id = b.consortium_id AND lp.role = 'LEAD'
         AND lp.provider_id = access.viewer_provider_id()
         AND lp.valid_from <= make_date(b.year, 12, 31) AND coalesce(lp.valid_until, 'infinity') >= make_date(b.year, 1, 1)
       WHERE b.id = budget
         AND (partner IS NULL OR EXISTS (SELECT 1 FROM public.consortium_membership m WHERE m.consortium_id = b.consortium_id
                                          AND m.provider_id = partner AND m.role IN ('LEAD', 'PARTNER'))))
  $$;
  GRANT EXECUTE ON FUNCTION access.viewer_administers(uuid), access.viewer_allocates(uuid, uuid) TO samenspel_app;`;

const TABLES = [
  ...Object.keys(REGION_WRITES),
  'subcontract',
  'subcontract_profile',
  'integrated_team',
  'integrated_team_member',
  'population_budget',
  'budget_allocation',
];
/** Budgets already have row-level security and their read policies: whose budgets a viewer sees (…035). */
const READ_ELSEWHERE = ['population_budget', 'budget_allocation'];
const READ_AS_BEFORE = TABLES.filter((t) => !READ_ELSEWHERE.includes(t));

/** Columns the application may change; every other column of these tables is fixed once written. */
const UPDATABLE: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(REGION_WRITES).flatMap(([t, w]) => (w.update ? [[t, w.update]] : []))),
  subcontract: ['valid_until'],
  integrated_team: ['name', 'disciplines'],
  population_budget: ['amount_cents'],
};

const administersSubcontract = `EXISTS (SELECT 1 FROM subcontract s WHERE s.id = subcontract_id AND access.viewer_administers(s.main_contractor_id))`;
const administersTeam = `EXISTS (SELECT 1 FROM integrated_team t WHERE t.id = team_id AND access.viewer_administers(t.coordinator_id))`;

/** [table, policy name, command and clauses]; every policy is for the application role. */
const POLICIES: [string, string, string][] = [
  ...READ_AS_BEFORE.map((t): [string, string, string] => [t, `${t}_visible`, 'FOR SELECT USING (true)']),
  ...Object.entries(REGION_WRITES).flatMap(([t, w]) => {
    const insert = [REGION_ADMIN, w.insert].filter(Boolean).join(' AND ');
    const own: [string, string, string][] = [[t, `${t}_insert`, `FOR INSERT WITH CHECK (${insert})`]];
    if (w.update) own.push([t, `${t}_update`, `FOR UPDATE USING (${REGION_ADMIN}) WITH CHECK (${REGION_ADMIN})`]);
    if (w.delete) own.push([t, `${t}_delete`, `FOR DELETE USING (${REGION_ADMIN})`]);
    return own;
  }),
  // subcontracts and teams: the services lock a row before they decide, so USING is who reads it
  ['subcontract', 'subcontract_insert', 'FOR INSERT WITH CHECK (access.viewer_administers(main_contractor_id))'],
  [
    'subcontract',
    'subcontract_update',
    'FOR UPDATE USING (true) WITH CHECK (access.viewer_administers(main_contractor_id))',
  ],
  ['subcontract_profile', 'subcontract_profile_insert', `FOR INSERT WITH CHECK (${administersSubcontract})`],
  ['subcontract_profile', 'subcontract_profile_delete', `FOR DELETE USING (${administersSubcontract})`],
  ['integrated_team', 'integrated_team_insert', 'FOR INSERT WITH CHECK (access.viewer_administers(coordinator_id))'],
  [
    'integrated_team',
    'integrated_team_update',
    'FOR UPDATE USING (true) WITH CHECK (access.viewer_administers(coordinator_id))',
  ],
  ['integrated_team_member', 'integrated_team_member_insert', `FOR INSERT WITH CHECK (${administersTeam})`],
  ['integrated_team_member', 'integrated_team_member_delete', `FOR DELETE USING (${administersTeam})`],
  // budgets: set by the region, allocated by the lead partner (who locks the budget first)
  ['population_budget', 'population_budget_insert', `FOR INSERT WITH CHECK (${REGION_ADMIN})`],
  ['population_budget', 'population_budget_update', `FOR UPDATE USING (true) WITH CHECK (${REGION_ADMIN})`],
  [
    'budget_allocation',
    'budget_allocation_insert',
    'FOR INSERT WITH CHECK (access.viewer_allocates(budget_id, provider_id))',
  ],
  ['budget_allocation', 'budget_allocation_delete', 'FOR DELETE USING (access.viewer_allocates(budget_id, NULL))'],
];

/**
 * Writes to the organisation model, the catalogue and the money rules, as narrow as the rules:
 * the region's administrators keep the reference data (providers, lots, consortia and their
 * members, profiles, PIC tariffs, bonus-malus rules, population budgets); a provider's
 * administrator registers its own subcontracts (which decide whom it may ask for expertise, domain
 * rule 2) and the integrated teams it coordinates; the lead partner allocates its consortium's
 * budget. Until now any signed-in role could, in SQL as the application role, change a tariff or
 * register a subcontract for another provider. Reads stay as they were.
 */
export class ReferenceWritePolicies1764000000038 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ${FUNCTIONS}
      ${UNUSED}
      ${Object.entries(UPDATABLE)
        .map(
          ([t, columns]) =>
            `REVOKE UPDATE ON ${t} FROM samenspel_app; GRANT UPDATE (${columns.join(', ')}) ON ${t} TO samenspel_app;`,
        )
        .join('\n')}
      ${READ_AS_BEFORE.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`).join('\n')}
      ${POLICIES.map(([t, name, rest]) => `CREATE POLICY ${name} ON ${t} ${rest.replace(/^FOR \w+/, '$& TO samenspel_app')};`).join('\n')}
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ${POLICIES.map(([t, name]) => `DROP POLICY ${name} ON ${t};`).join('\n')}
      ${READ_AS_BEFORE.map((t) => `ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY;`).join('\n')}
      GRANT INSERT, UPDATE ON intensity, product_price TO samenspel_app;
      GRANT UPDATE ON lot, profile, budget_allocation, ${Object.keys(UPDATABLE).join(', ')} TO samenspel_app;
      DROP FUNCTION access.viewer_allocates(uuid, uuid), access.viewer_administers(uuid);
    `);
  }
}
