import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import type { Provider } from '../provider/provider.entity.js';
import type { ExpertiseRequestRow } from './expertise.types.js';

export const REQUEST_COLUMNS = `er.id, er.trajectory_id AS "trajectoryId", er.requested_by_provider_id AS "requestedByProviderId", er.provider_id AS "providerId",
  er.mode, er.profile_id AS "profileId", er.question, er.status, er.relation, er.subcontract_id AS "subcontractId",
  er.consortium_id AS "consortiumId", er.integrated_team_id AS "integratedTeamId", er.decline_reason AS "declineReason",
  er.requested_at AS "requestedAt", er.responded_at AS "respondedAt", er.ended_at AS "endedAt",
  er.shared_life_domains AS "sharedLifeDomains", er.consent_by AS "consentBy"`;

/**
 * Which requests `er` on a visible trajectory a provider sees: all of them as the responsible
 * provider (or its referrer), else only those addressed to it. `trajectory` names the trajectory's
 * responsible provider and municipality columns; pushes its parameters onto `params`.
 */
export function ownRequests(
  scope: AccessScope,
  params: unknown[],
  trajectory = { responsibleProviderId: 't.responsible_provider_id', municipalityId: 't.municipality_id' },
): string {
  if (!scope.providerId) return 'true';
  const provider = `$${params.push(scope.providerId)}`;
  const referrer = scope.hasRole(Role.REFERRER)
    ? ` OR ${trajectory.municipalityId} = $${params.push(scope.municipalityId)}`
    : '';
  return `(${trajectory.responsibleProviderId} = ${provider} OR er.provider_id = ${provider}${referrer})`;
}

/** A request as PostgreSQL's JSON gives it (REQUEST_COLUMNS and its provider): moments as strings. */
export type RequestJson = Omit<ExpertiseRequestRow, 'requestedAt' | 'respondedAt' | 'endedAt'> & {
  requestedAt: string;
  respondedAt: string | null;
  endedAt: string | null;
  provider: Provider;
};

const moment = (value: string | null) => (value === null ? null : new Date(value));

/** The request row (as the service reads it) and its provider, from JSON. */
export function fromJson({ provider, requestedAt, respondedAt, endedAt, ...rest }: RequestJson) {
  return {
    request: {
      ...rest,
      requestedAt: new Date(requestedAt),
      respondedAt: moment(respondedAt),
      endedAt: moment(endedAt),
    },
    provider,
  };
}
