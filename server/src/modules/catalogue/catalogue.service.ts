import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { withConstraintMessages } from '../../core/errors/database-errors.js';
import { BadUserInputError } from '../../core/errors/errors.js';
import { placeNewVersion } from '../../core/versioning/versions.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Intensity, Pic, Profile } from './catalogue.entity.js';
import type { CreateProfileInput, SetPicTariffInput } from './catalogue.inputs.js';

export const PIC_COLUMNS = `pc.id, pc.profile_id AS "profileId", pc.intensity_id AS "intensityId", pc.tariff_cents AS "tariffCents",
  pc.valid_from AS "validFrom", pc.valid_until AS "validUntil"`;

/** The catalogue: profiles, intensities and the PIC tariffs. */
export class CatalogueService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

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

  async createProfile(input: CreateProfileInput): Promise<Profile> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const rows = await withConstraintMessages(
      { profile_code_key: { field: 'input.code', reason: 'CODE_TAKEN', params: { what: 'profile' } } },
      () =>
        this.db.query<Profile>(
          `INSERT INTO profile (code, name, segment) VALUES ($1, $2, $3) RETURNING id, code, name, segment`,
          [input.code.trim(), input.name.trim(), input.segment],
        ),
    );
    return rows[0];
  }

  /**
   * A tariff change is a new PIC version, never an overwrite: the version in force on `validFrom`
   * ends the day before, and trajectories keep the tariff valid on their start date.
   */
  async setTariff(input: SetPicTariffInput): Promise<Pic> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const known = await this.db.one<{ profile: boolean; intensity: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM profile WHERE id = $1) AS profile, EXISTS (SELECT 1 FROM intensity WHERE id = $2) AS intensity`,
      [input.profileId, input.intensityId],
    );
    if (!known?.profile) throw BadUserInputError.field('input.profileId', 'UNKNOWN', { what: 'profile' });
    if (!known.intensity) throw BadUserInputError.field('input.intensityId', 'UNKNOWN', { what: 'intensity' });
    const versions = await this.db.query<Pic>(
      `SELECT ${PIC_COLUMNS} FROM pic pc WHERE pc.profile_id = $1 AND pc.intensity_id = $2 ORDER BY pc.valid_from FOR UPDATE`,
      [input.profileId, input.intensityId],
    );
    const { superseded, previous } = placeNewVersion(versions, input.validFrom, today(), 'tariff');
    if (superseded.length) await this.db.query(`DELETE FROM pic WHERE id = ANY($1)`, [superseded.map((v) => v.id)]);
    if (previous)
      await this.db.query(`UPDATE pic SET valid_until = $2::date - 1 WHERE id = $1`, [previous.id, input.validFrom]);
    const rows = await this.db.query<Pic>(
      `INSERT INTO pic AS pc (profile_id, intensity_id, tariff_cents, valid_from) VALUES ($1, $2, $3, $4) RETURNING ${PIC_COLUMNS}`,
      [input.profileId, input.intensityId, input.tariffCents, input.validFrom],
    );
    return rows[0];
  }
}
