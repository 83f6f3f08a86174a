import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { constraintOf } from '../../core/errors/database-errors.js';
import { BadUserInputError, ForbiddenError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import type { CapacityArgs, SetCapacityInput } from './capacity.inputs.js';
import type { CapacityRow } from './capacity.types.js';

const COLUMNS = `c.provider_id AS "providerId", c.profile_id AS "profileId", c.area_id AS "areaId",
  c.free_places AS "freePlaces", c.updated_at AS "updatedAt",
  ((now() AT TIME ZONE 'Europe/Amsterdam')::date - (c.updated_at AT TIME ZONE 'Europe/Amsterdam')::date) AS "ageDays"`;

/**
 * Free places per provider, profile and area ("Waar is plek?"). Referrers see every provider's;
 * a provider sees its own and those of the consortia it leads or partners in (it assigns within
 * them). Each provider keeps only its own figures.
 */
export class CapacityService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  async list(args: CapacityArgs): Promise<CapacityRow[]> {
    const viewer = this.scope.requireRole(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    const params: unknown[] = [];
    const where: string[] = [];
    if (args.profileId) where.push(`c.profile_id = $${params.push(args.profileId)}`);
    if (args.areaId) where.push(`(c.area_id = $${params.push(args.areaId)} OR c.area_id IS NULL)`);
    if (args.consortiumId) {
      where.push(
        `EXISTS (SELECT 1 FROM consortium_membership cm WHERE cm.consortium_id = $${params.push(args.consortiumId)}
                   AND cm.provider_id = c.provider_id AND cm.role IN ('LEAD', 'PARTNER')
                   AND (now() AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity'))`,
      );
    }
    if (!viewer.roles.includes(Role.REFERRER)) {
      if (args.consortiumId && !(await this.isMember(args.consortiumId)))
        throw new ForbiddenError('Only the leads and partners of this consortium see its free places.');
      where.push(
        `(c.provider_id = $${params.push(this.scope.providerId)} OR EXISTS (
            SELECT 1 FROM consortium_membership cm WHERE cm.provider_id = c.provider_id AND cm.role IN ('LEAD', 'PARTNER')
               AND cm.consortium_id = ANY ((SELECT access.viewer_consortia())::uuid[])
               AND (now() AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN cm.valid_from AND coalesce(cm.valid_until, 'infinity')))`,
      );
    }
    // provider, profile and area come along, so the resolvers' loaders are primed instead of asking again
    return this.db.query<CapacityRow>(
      `SELECT ${COLUMNS},
              json_build_object('provider', json_build_object('id', p.id, 'name', p.name, 'agbCode', p.agb_code, 'kvkNumber', p.kvk_number),
                                'profile', json_build_object('id', pr.id, 'code', pr.code, 'name', pr.name, 'segment', pr.segment),
                                'area', CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'name', a.name, 'municipalityId', a.municipality_id) END) AS related
         FROM capacity c
         JOIN provider p ON p.id = c.provider_id JOIN profile pr ON pr.id = c.profile_id LEFT JOIN area a ON a.id = c.area_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY pr.code, a.name NULLS FIRST, c.free_places DESC, p.name`,
      params,
      // one text per combination of filters (at most 16): planned once per connection
      { prepared: true },
    );
  }

  private async isMember(consortiumId: string): Promise<boolean> {
    const row = await this.db.one<{ ok: boolean }>(`SELECT $1::uuid = ANY (access.viewer_consortia()) AS ok`, [
      consortiumId,
    ]);
    return !!row?.ok;
  }

  /** A provider reports its own free places (it cannot set another's). */
  async set(input: SetCapacityInput): Promise<CapacityRow> {
    const viewer = this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    try {
      return (await this.db.one<CapacityRow>(
        `INSERT INTO capacity AS c (provider_id, profile_id, area_id, free_places, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT capacity_key
         DO UPDATE SET free_places = excluded.free_places, updated_at = now(), updated_by = excluded.updated_by
         RETURNING ${COLUMNS}`,
        [viewer.providerId, input.profileId, input.areaId ?? null, input.freePlaces, viewer.id],
      ))!;
    } catch (error) {
      const constraint = constraintOf(error);
      if (constraint === 'capacity_profile_id_fkey')
        throw BadUserInputError.field('input.profileId', 'UNKNOWN', { what: 'profile' });
      if (constraint === 'capacity_area_id_fkey')
        throw BadUserInputError.field('input.areaId', 'UNKNOWN', { what: 'area' });
      throw error;
    }
  }
}
