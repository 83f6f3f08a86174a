import { registerEnumType } from 'type-graphql';

export enum Role {
  REGION_ADMIN = 'REGION_ADMIN', // regional procurement office: reference data and organisations
  CONTRACT_MANAGER = 'CONTRACT_MANAGER', // contractmanager of a municipality: aggregates only
  REFERRER = 'REFERRER', // lokaal team of a municipality: referrals and family plans
  PROVIDER_ADMIN = 'PROVIDER_ADMIN', // administrator of a provider: subcontracts, teams
  PROVIDER_STAFF = 'PROVIDER_STAFF', // professional of a provider
}
registerEnumType(Role, { name: 'Role' });

export type OrganisationKind = 'REGION' | 'MUNICIPALITY' | 'PROVIDER';

/** The roles a user of each kind of organisation may hold. */
export const ROLES_OF_KIND: Record<OrganisationKind, Role[]> = {
  REGION: [Role.REGION_ADMIN],
  MUNICIPALITY: [Role.CONTRACT_MANAGER, Role.REFERRER],
  PROVIDER: [Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF],
};

export const ADMIN_ROLES = [Role.REGION_ADMIN, Role.PROVIDER_ADMIN];
/** Who works on a youth's care: provider staff and administrators, and referrers. */
export const CARE_ROLES = [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER];

/** The signed-in user, as resolved from the session for one request. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  organisationKind: OrganisationKind;
  /** The id of the viewer's organisation (region, municipality or provider). */
  organisationId: string;
  organisationName: string;
  regionId: string | null;
  municipalityId: string | null;
  providerId: string | null;
  /** The user confirmed an authenticator app. */
  secondFactorEnabled: boolean;
  /** A second factor is required of this user and not set up yet: the session may only set one up. */
  secondFactorSetupRequired: boolean;
}
