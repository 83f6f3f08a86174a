import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Provider } from './provider.entity.js';

export const PROVIDER_COLUMNS = `p.id, p.name, p.agb_code AS "agbCode", p.kvk_number AS "kvkNumber"`;

/** Providers (jeugdhulpaanbieders): organisation data every signed-in viewer may read. */
export class ProviderService {
  constructor(private readonly db: RequestDb) {}

  list(): Promise<Provider[]> {
    return this.db.query(`SELECT ${PROVIDER_COLUMNS} FROM provider p ORDER BY p.name`);
  }

  async get(id: string): Promise<Provider | undefined> {
    return this.db.one(`SELECT ${PROVIDER_COLUMNS} FROM provider p WHERE p.id = $1`, [assertId(id, 'id')]);
  }

  byIds(ids: string[]): Promise<Provider[]> {
    return this.db.query(`SELECT ${PROVIDER_COLUMNS} FROM provider p WHERE p.id = ANY($1)`, [ids]);
  }
}
