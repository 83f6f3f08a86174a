import type { RequestDb } from '../../db/request-db.js';
import type { Profile } from '../catalogue/catalogue.entity.js';
import type { Subcontract } from './subcontract.entity.js';

export const SUBCONTRACT_COLUMNS = `s.id, s.main_contractor_id AS "mainContractorId", s.subcontractor_id AS "subcontractorId",
  s.valid_from AS "validFrom", s.valid_until AS "validUntil",
  s.consultation_rate_cents AS "consultationRateCents", s.co_treatment_rate_cents AS "coTreatmentRateCents"`;

/** Subcontracts (onderaanneming) between a main contractor and a subcontractor. */
export class SubcontractService {
  constructor(private readonly db: RequestDb) {}

  ofMainContractors(providerIds: string[]): Promise<Subcontract[]> {
    return this.db.query(
      `SELECT ${SUBCONTRACT_COLUMNS} FROM subcontract s WHERE s.main_contractor_id = ANY($1) ORDER BY s.valid_from DESC, s.id`,
      [providerIds],
    );
  }

  ofSubcontractors(providerIds: string[]): Promise<Subcontract[]> {
    return this.db.query(
      `SELECT ${SUBCONTRACT_COLUMNS} FROM subcontract s WHERE s.subcontractor_id = ANY($1) ORDER BY s.valid_from DESC, s.id`,
      [providerIds],
    );
  }

  profilesOf(subcontractIds: string[]): Promise<(Profile & { subcontractId: string })[]> {
    return this.db.query(
      `SELECT pr.id, pr.code, pr.name, pr.segment, sp.subcontract_id AS "subcontractId"
         FROM subcontract_profile sp JOIN profile pr ON pr.id = sp.profile_id
        WHERE sp.subcontract_id = ANY($1) ORDER BY pr.code`,
      [subcontractIds],
    );
  }
}
