import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { withConstraintMessages, type ConstraintMessages } from '../../core/errors/database-errors.js';
import { NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Provider } from './provider.entity.js';
import type { CreateProviderInput, UpdateProviderInput } from './provider.inputs.js';

const CONSTRAINTS = {
  provider_agb_code_key: { field: 'input.agbCode', reason: 'ALREADY_REGISTERED' },
  provider_kvk_number_key: { field: 'input.kvkNumber', reason: 'ALREADY_REGISTERED' },
} satisfies ConstraintMessages;

export const PROVIDER_COLUMNS = `p.id, p.name, p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber"`;
/** The same row as JSON, for statements that bring a provider along with other rows. */
export const providerJson = (p: string) =>
  `json_build_object('id', ${p}.id, 'name', ${p}.name, 'agbCode', ${p}.agb_code, 'kvkNumber', ${p}.kvk_number)`;

/** Providers (jeugdhulpaanbieders): organisation data every signed-in viewer may read. */
export class ProviderService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  list(): Promise<Provider[]> {
    return this.db.query(`SELECT ${PROVIDER_COLUMNS} FROM provider p ORDER BY p.name`);
  }

  async get(id: string): Promise<Provider | undefined> {
    return this.db.one(`SELECT ${PROVIDER_COLUMNS} FROM provider p WHERE p.id = $1`, [assertId(id, 'id')]);
  }

  byIds(ids: string[]): Promise<Provider[]> {
    return this.db.query(`SELECT ${PROVIDER_COLUMNS} FROM provider p WHERE p.id = ANY($1)`, [ids]);
  }

  /** REGION_ADMIN registers a provider. */
  async create(input: CreateProviderInput): Promise<Provider> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const rows = await withConstraintMessages(CONSTRAINTS, () =>
      this.db.query<Provider>(
        `INSERT INTO provider AS p (name, agb_code, kvk_number) VALUES ($1, $2, $3) RETURNING ${PROVIDER_COLUMNS}`,
        [input.name.trim(), input.agbCode, input.kvkNumber ?? null],
      ),
    );
    return rows[0];
  }

  /** REGION_ADMIN corrects a provider's name or KvK number (the AGB code identifies it and stays). */
  async update(input: UpdateProviderInput): Promise<Provider> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const rows = await withConstraintMessages(CONSTRAINTS, () =>
      this.db.query<Provider>(
        `UPDATE provider p SET name = coalesce($2, name), kvk_number = CASE WHEN $4 THEN $3 ELSE kvk_number END
          WHERE id = $1 RETURNING ${PROVIDER_COLUMNS}`,
        [input.id, input.name?.trim() ?? null, input.kvkNumber ?? null, input.kvkNumber !== undefined],
      ),
    );
    if (!rows[0]) throw new NotFoundError('Provider');
    return rows[0];
  }
}
