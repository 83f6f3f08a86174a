import type { RequestDb } from '../../db/request-db.js';
import type { Intensity, Pic, Profile } from './catalogue.entity.js';

export const PIC_COLUMNS = `pc.id, pc.profile_id AS "profileId", pc.intensity_id AS "intensityId", pc.tariff_cents AS "tariffCents",
  pc.valid_from AS "validFrom", pc.valid_until AS "validUntil"`;

/** The catalogue: profiles, intensities and the PIC tariffs. */
export class CatalogueService {
  constructor(private readonly db: RequestDb) {}

  pics(): Promise<Pic[]> {
    return this.db.query(
      `SELECT ${PIC_COLUMNS} FROM pic pc
         JOIN profile pr ON pr.id = pc.profile_id JOIN intensity i ON i.id = pc.intensity_id
        ORDER BY pr.code, i.code, pc.valid_from`,
    );
  }

  picsByIds(ids: string[]): Promise<Pic[]> {
    return this.db.query(`SELECT ${PIC_COLUMNS} FROM pic pc WHERE pc.id = ANY($1)`, [ids]);
  }

  profiles(): Promise<Profile[]> {
    return this.db.query(`SELECT pr.id, pr.code, pr.name, pr.segment FROM profile pr ORDER BY pr.code`);
  }

  profilesByIds(ids: string[]): Promise<Profile[]> {
    return this.db.query(`SELECT pr.id, pr.code, pr.name, pr.segment FROM profile pr WHERE pr.id = ANY($1)`, [ids]);
  }

  intensities(): Promise<Intensity[]> {
    return this.db.query(`SELECT i.id, i.code, i.duration, i.level FROM intensity i ORDER BY i.code`);
  }

  intensitiesByIds(ids: string[]): Promise<Intensity[]> {
    return this.db.query(`SELECT i.id, i.code, i.duration, i.level FROM intensity i WHERE i.id = ANY($1)`, [ids]);
  }
}
