import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { withConstraintMessages, type ConstraintMessages } from '../../core/errors/database-errors.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import type { IntegratedTeam } from './integrated-team.entity.js';
import type { CreateIntegratedTeamInput, UpdateIntegratedTeamInput } from './integrated-team.inputs.js';

const CONSTRAINTS = {
  integrated_team_name_key: { field: 'input.name', reason: 'NAME_TAKEN', params: { what: 'team' } },
  integrated_team_coordinator_id_fkey: {
    field: 'input.coordinatorId',
    reason: 'UNKNOWN',
    params: { what: 'provider' },
  },
  integrated_team_member_provider_id_fkey: {
    field: 'input.memberIds',
    reason: 'CONTAINS_UNKNOWN',
    params: { what: 'provider' },
  },
} satisfies ConstraintMessages;

const TEAM = `t.id, t.name, t.coordinator_id AS "coordinatorId", t.disciplines`;

/** Integrated teams (integrale teams): a coordinator and member providers. */
export class IntegratedTeamService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  list(): Promise<IntegratedTeam[]> {
    return this.db.query(`SELECT ${TEAM} FROM integrated_team t ORDER BY t.name`);
  }

  byIds(ids: string[]): Promise<IntegratedTeam[]> {
    return this.db.query(`SELECT ${TEAM} FROM integrated_team t WHERE t.id = ANY($1)`, [ids]);
  }

  /** Teams each provider coordinates or is a member of. */
  ofProviders(providerIds: string[]): Promise<(IntegratedTeam & { providerId: string })[]> {
    return this.db.query(
      `SELECT DISTINCT ${TEAM}, x.provider_id AS "providerId"
         FROM integrated_team t
         JOIN (SELECT id AS team_id, coordinator_id AS provider_id FROM integrated_team
               UNION SELECT team_id, provider_id FROM integrated_team_member) x ON x.team_id = t.id
        WHERE x.provider_id = ANY($1) ORDER BY t.name`,
      [providerIds],
    );
  }

  memberIdsOf(teamIds: string[]): Promise<{ teamId: string; providerId: string }[]> {
    return this.db.query(
      `SELECT m.team_id AS "teamId", m.provider_id AS "providerId"
         FROM integrated_team_member m JOIN provider p ON p.id = m.provider_id
        WHERE m.team_id = ANY($1) ORDER BY p.name`,
      [teamIds],
    );
  }

  // Administration: the coordinator's admin manages its teams; the region admin all.

  private async setMembers(teamId: string, coordinatorId: string, memberIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM integrated_team_member WHERE team_id = $1`, [teamId]);
    await this.db.query(
      `INSERT INTO integrated_team_member (team_id, provider_id)
       SELECT $1, m FROM unnest($2::uuid[]) m WHERE m <> $3 ON CONFLICT DO NOTHING`,
      [teamId, memberIds, coordinatorId],
    );
  }

  async create(input: CreateIntegratedTeamInput): Promise<IntegratedTeam> {
    let coordinatorId: string;
    if (this.scope.hasRole(Role.REGION_ADMIN)) {
      if (!input.coordinatorId) throw BadUserInputError.field('input.coordinatorId', 'REQUIRED_FOR_REGION_ADMIN');
      coordinatorId = input.coordinatorId;
    } else {
      const viewer = this.scope.requireRole(Role.PROVIDER_ADMIN);
      if (input.coordinatorId && input.coordinatorId !== viewer.providerId)
        throw new ForbiddenError('Your organisation can only create teams it coordinates.');
      coordinatorId = viewer.providerId!;
    }
    return withConstraintMessages(CONSTRAINTS, async () => {
      const [team] = await this.db.query<IntegratedTeam>(
        `INSERT INTO integrated_team AS t (name, coordinator_id, disciplines) VALUES ($1, $2, $3) RETURNING ${TEAM}`,
        [input.name.trim(), coordinatorId, input.disciplines.map((d) => d.trim())],
      );
      await this.setMembers(team.id, coordinatorId, input.memberIds);
      return team;
    });
  }

  async update(input: UpdateIntegratedTeamInput): Promise<IntegratedTeam> {
    const current = await this.db.one<IntegratedTeam>(
      `SELECT ${TEAM} FROM integrated_team t WHERE t.id = $1 FOR UPDATE`,
      [input.id],
    );
    if (!current) throw new NotFoundError('Integrated team');
    if (!this.scope.hasRole(Role.REGION_ADMIN) && !this.scope.isAdminOf(current.coordinatorId)) {
      throw new ForbiddenError('Only the coordinating provider or the region can change this team.');
    }
    return withConstraintMessages(CONSTRAINTS, async () => {
      const [team] = await this.db.query<IntegratedTeam>(
        `UPDATE integrated_team t SET name = coalesce($2, name), disciplines = coalesce($3, disciplines) WHERE t.id = $1 RETURNING ${TEAM}`,
        [input.id, input.name?.trim() ?? null, input.disciplines?.map((d) => d.trim()) ?? null],
      );
      if (input.memberIds) await this.setMembers(team.id, team.coordinatorId, input.memberIds);
      return team;
    });
  }
}
