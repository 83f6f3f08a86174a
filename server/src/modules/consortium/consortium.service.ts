import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Area } from '../municipality/municipality.entity.js';
import type { Consortium, ConsortiumMembership, Lot } from './consortium.entity.js';

const MEMBERSHIP = `cm.id, cm.consortium_id AS "consortiumId", cm.provider_id AS "providerId", cm.role,
  cm.valid_from AS "validFrom", cm.valid_until AS "validUntil"`;
const ROLE_ORDER = `array_position(ARRAY['LEAD','PARTNER','SUBCONTRACTOR'], cm.role)`;

export interface ConsortiumLead {
  consortiumId: string;
  providerId: string;
}

/** Consortia (samenwerkingsverbanden), their members, lots and areas. */
export class ConsortiumService {
  constructor(private readonly db: RequestDb) {}

  list(): Promise<Consortium[]> {
    return this.db.query(`SELECT c.id, c.name FROM consortium c ORDER BY c.name`);
  }

  get(id: string): Promise<Consortium | undefined> {
    return this.db.one(`SELECT c.id, c.name FROM consortium c WHERE c.id = $1`, [assertId(id, 'id')]);
  }

  byIds(ids: string[]): Promise<Consortium[]> {
    return this.db.query(`SELECT c.id, c.name FROM consortium c WHERE c.id = ANY($1)`, [ids]);
  }

  membershipsOfConsortia(consortiumIds: string[]): Promise<ConsortiumMembership[]> {
    return this.db.query(
      `SELECT ${MEMBERSHIP} FROM consortium_membership cm JOIN provider p ON p.id = cm.provider_id
        WHERE cm.consortium_id = ANY($1) ORDER BY ${ROLE_ORDER}, p.name, cm.valid_from`,
      [consortiumIds],
    );
  }

  membershipsOfProviders(providerIds: string[]): Promise<ConsortiumMembership[]> {
    return this.db.query(
      `SELECT ${MEMBERSHIP} FROM consortium_membership cm JOIN consortium c ON c.id = cm.consortium_id
        WHERE cm.provider_id = ANY($1) ORDER BY c.name, cm.valid_from`,
      [providerIds],
    );
  }

  /** The lead partner (penvoerder) today; for a consortium without one today, the latest lead. */
  leadsOf(consortiumIds: string[]): Promise<ConsortiumLead[]> {
    return this.db.query(
      `SELECT DISTINCT ON (cm.consortium_id) cm.consortium_id AS "consortiumId", cm.provider_id AS "providerId"
         FROM consortium_membership cm
        WHERE cm.role = 'LEAD' AND cm.consortium_id = ANY($1)
        ORDER BY cm.consortium_id,
                 (cm.valid_from <= current_date AND coalesce(cm.valid_until, 'infinity') >= current_date) DESC,
                 cm.valid_from DESC`,
      [consortiumIds],
    );
  }

  lotsOf(consortiumIds: string[]): Promise<(Lot & { consortiumId: string })[]> {
    return this.db.query(
      `SELECT l.id, l.code, l.name, cl.consortium_id AS "consortiumId"
         FROM consortium_lot cl JOIN lot l ON l.id = cl.lot_id
        WHERE cl.consortium_id = ANY($1) ORDER BY l.code`,
      [consortiumIds],
    );
  }

  areasOf(consortiumIds: string[]): Promise<(Area & { consortiumId: string })[]> {
    return this.db.query(
      `SELECT a.id, a.name, a.municipality_id AS "municipalityId", ca.consortium_id AS "consortiumId"
         FROM consortium_area ca JOIN area a ON a.id = ca.area_id
        WHERE ca.consortium_id = ANY($1) ORDER BY a.name`,
      [consortiumIds],
    );
  }

  lots(): Promise<Lot[]> {
    return this.db.query(`SELECT l.id, l.code, l.name FROM lot l ORDER BY l.code`);
  }
}
