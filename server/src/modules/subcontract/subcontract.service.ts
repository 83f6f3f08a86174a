import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { withConstraintMessages, type ConstraintMessages } from '../../core/errors/database-errors.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import { assertPeriod } from '../../core/graphql/validation.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Profile } from '../catalogue/catalogue.entity.js';
import type { Subcontract } from './subcontract.entity.js';
import type { EndSubcontractInput, RegisterSubcontractInput, UpdateSubcontractInput } from './subcontract.inputs.js';

const CONSTRAINTS = {
  subcontract_subcontractor_id_fkey: {
    field: 'input.subcontractorId',
    reason: 'UNKNOWN',
    params: { what: 'provider' },
  },
  subcontract_main_contractor_id_fkey: {
    field: 'input.mainContractorId',
    reason: 'UNKNOWN',
    params: { what: 'provider' },
  },
  subcontract_check: { field: 'input.subcontractorId', reason: 'CANNOT_SUBCONTRACT_ITSELF' },
  subcontract_profile_profile_id_fkey: {
    field: 'input.profileIds',
    reason: 'CONTAINS_UNKNOWN',
    params: { what: 'profile' },
  },
} satisfies ConstraintMessages;

export const SUBCONTRACT_COLUMNS = `s.id, s.main_contractor_id AS "mainContractorId", s.subcontractor_id AS "subcontractorId",
  s.valid_from AS "validFrom", s.valid_until AS "validUntil",
  s.consultation_rate_cents AS "consultationRateCents", s.co_treatment_rate_cents AS "coTreatmentRateCents"`;

/** Subcontracts (onderaanneming) between a main contractor and a subcontractor. */
export class SubcontractService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  byIds(ids: string[]): Promise<Subcontract[]> {
    return this.db.query(`SELECT ${SUBCONTRACT_COLUMNS} FROM subcontract s WHERE s.id = ANY($1)`, [ids]);
  }

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

  // Administration: a main contractor's admin manages its own subcontracts; the region admin all.

  /** The main contractor the viewer may act for: its own provider, or any for REGION_ADMIN. */
  private mainContractorFor(requested?: string | null): string {
    if (this.scope.hasRole(Role.REGION_ADMIN)) {
      if (!requested) throw BadUserInputError.field('input.mainContractorId', 'REQUIRED_FOR_REGION_ADMIN');
      return requested;
    }
    const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
    if (requested && requested !== viewer.providerId)
      throw new ForbiddenError('You can only register subcontracts of your own organisation.');
    return viewer.providerId!;
  }

  /** Loads a subcontract for change, if the viewer may change it (NOT_FOUND hides others' contracts). */
  private async forChange(id: string): Promise<Subcontract> {
    const subcontract = await this.db.one<Subcontract>(
      `SELECT ${SUBCONTRACT_COLUMNS} FROM subcontract s WHERE s.id = $1 FOR UPDATE`,
      [id],
    );
    if (!subcontract) throw new NotFoundError('Subcontract');
    if (!this.scope.hasRole(Role.REGION_ADMIN) && !this.scope.isAdminOf(subcontract.mainContractorId)) {
      throw new ForbiddenError('Only the main contractor or the region can change this subcontract.');
    }
    return subcontract;
  }

  private async setProfiles(subcontractId: string, profileIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM subcontract_profile WHERE subcontract_id = $1`, [subcontractId]);
    await this.db.query(
      `INSERT INTO subcontract_profile (subcontract_id, profile_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [subcontractId, profileIds],
    );
  }

  async register(input: RegisterSubcontractInput): Promise<Subcontract> {
    const mainContractorId = this.mainContractorFor(input.mainContractorId);
    assertPeriod(input.validFrom, input.validUntil);
    return withConstraintMessages(CONSTRAINTS, async () => {
      const [subcontract] = await this.db.query<Subcontract>(
        `INSERT INTO subcontract AS s (main_contractor_id, subcontractor_id, valid_from, valid_until, consultation_rate_cents, co_treatment_rate_cents)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUBCONTRACT_COLUMNS}`,
        [
          mainContractorId,
          input.subcontractorId,
          input.validFrom,
          input.validUntil ?? null,
          input.consultationRateCents,
          input.coTreatmentRateCents,
        ],
      );
      await this.setProfiles(subcontract.id, input.profileIds);
      return subcontract;
    });
  }

  async update(input: UpdateSubcontractInput): Promise<Subcontract> {
    const current = await this.forChange(input.id);
    const validUntil = input.validUntil === undefined ? current.validUntil : input.validUntil;
    assertPeriod(current.validFrom, validUntil);
    return withConstraintMessages(CONSTRAINTS, async () => {
      const [subcontract] = await this.db.query<Subcontract>(
        `UPDATE subcontract s SET valid_until = $2 WHERE s.id = $1 RETURNING ${SUBCONTRACT_COLUMNS}`,
        [input.id, validUntil],
      );
      if (input.profileIds) await this.setProfiles(input.id, input.profileIds);
      return subcontract;
    });
  }

  async end(input: EndSubcontractInput): Promise<Subcontract> {
    return this.update({ id: input.id, validUntil: input.validUntil });
  }
}
