import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { withConstraintMessages, type ConstraintMessages } from '../../core/errors/database-errors.js';
import { BadUserInputError, NotFoundError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import { assertPeriod } from '../../core/graphql/validation.js';
import type { RequestDb } from '../../db/request-db.js';
import type { Area } from '../municipality/municipality.entity.js';
import type { Consortium, ConsortiumMembership, Lot } from './consortium.entity.js';
import type {
  AddConsortiumMemberInput,
  CreateConsortiumInput,
  CreateLotInput,
  EndConsortiumMembershipInput,
  UpdateConsortiumInput,
} from './consortium.inputs.js';

const CONSTRAINTS = {
  consortium_name_key: { field: 'input.name', reason: 'NAME_TAKEN', params: { what: 'consortium' } },
  lot_code_key: { field: 'input.code', reason: 'CODE_TAKEN', params: { what: 'lot' } },
  membership_no_overlap: { field: 'input.validFrom', reason: 'MEMBERSHIP_OVERLAP' },
  membership_one_lead: { field: 'input.role', reason: 'ONE_LEAD_PARTNER' },
  consortium_membership_provider_id_fkey: {
    field: 'input.providerId',
    reason: 'UNKNOWN',
    params: { what: 'provider' },
  },
  consortium_membership_consortium_id_fkey: {
    field: 'input.consortiumId',
    reason: 'UNKNOWN',
    params: { what: 'consortium' },
  },
  consortium_lot_lot_id_fkey: { field: 'input.lotIds', reason: 'CONTAINS_UNKNOWN', params: { what: 'lot' } },
  consortium_area_area_id_fkey: { field: 'input.areaIds', reason: 'CONTAINS_UNKNOWN', params: { what: 'area' } },
  consortium_membership_check: { field: 'input.validUntil', reason: 'BEFORE_START_DATE' },
} satisfies ConstraintMessages;

const MEMBERSHIP = `cm.id, cm.consortium_id AS "consortiumId", cm.provider_id AS "providerId", cm.role,
  cm.valid_from AS "validFrom", cm.valid_until AS "validUntil"`;
const ROLE_ORDER = `array_position(ARRAY['LEAD','PARTNER','SUBCONTRACTOR'], cm.role)`;

export interface ConsortiumLead {
  consortiumId: string;
  providerId: string;
}

/** Consortia (samenwerkingsverbanden), their members, lots and areas. */
export class ConsortiumService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

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
                 (cm.valid_from <= $2 AND coalesce(cm.valid_until, 'infinity') >= $2) DESC,
                 cm.valid_from DESC`,
      [consortiumIds, today()],
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

  // Administration (REGION_ADMIN): consortia, their lots, areas and members.

  async create(input: CreateConsortiumInput): Promise<Consortium> {
    this.scope.requireRole(Role.REGION_ADMIN);
    return withConstraintMessages(CONSTRAINTS, async () => {
      const consortium = (
        await this.db.query<Consortium>(`INSERT INTO consortium (name) VALUES ($1) RETURNING id, name`, [
          input.name.trim(),
        ])
      )[0];
      await this.replaceLotsAndAreas(consortium.id, input.lotIds, input.areaIds);
      return consortium;
    });
  }

  async update(input: UpdateConsortiumInput): Promise<Consortium> {
    this.scope.requireRole(Role.REGION_ADMIN);
    return withConstraintMessages(CONSTRAINTS, async () => {
      const consortium = (
        await this.db.query<Consortium>(
          `UPDATE consortium SET name = coalesce($2, name) WHERE id = $1 RETURNING id, name`,
          [input.id, input.name?.trim() ?? null],
        )
      )[0];
      if (!consortium) throw new NotFoundError('Consortium');
      await this.replaceLotsAndAreas(consortium.id, input.lotIds, input.areaIds);
      return consortium;
    });
  }

  private async replaceLotsAndAreas(
    consortiumId: string,
    lotIds?: string[] | null,
    areaIds?: string[] | null,
  ): Promise<void> {
    if (lotIds) {
      await this.db.query(`DELETE FROM consortium_lot WHERE consortium_id = $1`, [consortiumId]);
      await this.db.query(
        `INSERT INTO consortium_lot (consortium_id, lot_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [consortiumId, lotIds],
      );
    }
    if (areaIds) {
      await this.db.query(`DELETE FROM consortium_area WHERE consortium_id = $1`, [consortiumId]);
      await this.db.query(
        `INSERT INTO consortium_area (consortium_id, area_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [consortiumId, areaIds],
      );
    }
  }

  async addMember(input: AddConsortiumMemberInput): Promise<ConsortiumMembership> {
    this.scope.requireRole(Role.REGION_ADMIN);
    assertPeriod(input.validFrom, input.validUntil);
    const rows = await withConstraintMessages(CONSTRAINTS, () =>
      this.db.query<ConsortiumMembership>(
        `INSERT INTO consortium_membership AS cm (consortium_id, provider_id, role, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${MEMBERSHIP}`,
        [input.consortiumId, input.providerId, input.role, input.validFrom, input.validUntil ?? null],
      ),
    );
    return rows[0];
  }

  /** Ends a membership on a date; history is kept, nothing is deleted. */
  async endMembership(input: EndConsortiumMembershipInput): Promise<ConsortiumMembership> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const current = await this.db.one<ConsortiumMembership>(
      `SELECT ${MEMBERSHIP} FROM consortium_membership cm WHERE cm.id = $1 FOR UPDATE`,
      [input.id],
    );
    if (!current) throw new NotFoundError('Membership');
    if (input.validUntil < current.validFrom)
      throw BadUserInputError.field('input.validUntil', 'BEFORE_MEMBERSHIP_START');
    const rows = await this.db.query<ConsortiumMembership>(
      `UPDATE consortium_membership cm SET valid_until = $2 WHERE cm.id = $1 RETURNING ${MEMBERSHIP}`,
      [input.id, input.validUntil],
    );
    return rows[0];
  }

  async createLot(input: CreateLotInput): Promise<Lot> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const rows = await withConstraintMessages(CONSTRAINTS, () =>
      this.db.query<Lot>(`INSERT INTO lot (code, name) VALUES ($1, $2) RETURNING id, code, name`, [
        input.code.trim(),
        input.name.trim(),
      ]),
    );
    return rows[0];
  }
}
