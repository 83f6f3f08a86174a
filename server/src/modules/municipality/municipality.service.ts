import type { RequestDb } from '../../db/request-db.js';
import type { Area, Municipality, Region } from './municipality.entity.js';

const MUNICIPALITY = `m.id, m.name, m.cbs_code AS "cbsCode", m.region_id AS "regionId"`;
const AREA = `a.id, a.name, a.municipality_id AS "municipalityId"`;

/** Municipalities (gemeenten), their areas and the region: reference data every viewer may read. */
export class MunicipalityService {
  constructor(private readonly db: RequestDb) {}

  list(): Promise<Municipality[]> {
    return this.db.query(`SELECT ${MUNICIPALITY} FROM municipality m ORDER BY m.name`);
  }

  byIds(ids: string[]): Promise<Municipality[]> {
    return this.db.query(`SELECT ${MUNICIPALITY} FROM municipality m WHERE m.id = ANY($1)`, [ids]);
  }

  areasByIds(ids: string[]): Promise<Area[]> {
    return this.db.query(`SELECT ${AREA} FROM area a WHERE a.id = ANY($1)`, [ids]);
  }

  areasOfMunicipalities(municipalityIds: string[]): Promise<Area[]> {
    return this.db.query(`SELECT ${AREA} FROM area a WHERE a.municipality_id = ANY($1) ORDER BY a.name`, [
      municipalityIds,
    ]);
  }

  regionsByIds(ids: string[]): Promise<Region[]> {
    return this.db.query(`SELECT r.id, r.name FROM region r WHERE r.id = ANY($1)`, [ids]);
  }
}
