import type { RequestDb } from '../../db/request-db.js';
import type { IntegratedTeam } from './integrated-team.entity.js';

const TEAM = `t.id, t.name, t.coordinator_id AS "coordinatorId", t.disciplines`;

/** Integrated teams (integrale teams): a coordinator and member providers. */
export class IntegratedTeamService {
  constructor(private readonly db: RequestDb) {}

  list(): Promise<IntegratedTeam[]> {
    return this.db.query(`SELECT ${TEAM} FROM integrated_team t ORDER BY t.name`);
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
}
