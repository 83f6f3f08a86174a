import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../context.js';
import { DomainError, UnauthenticatedError } from '../errors/errors.js';
import type { Role } from './roles.js';

/** What a session may do while the second factor it needs is not set up yet. */
const SETUP_FIELDS = new Set([
  'me',
  'logout',
  'logoutEverywhere',
  'changePassword',
  'startTotpSetup',
  'confirmTotpSetup',
]);

/**
 * `@Authorized()` needs a signed-in viewer (else UNAUTHENTICATED); `@Authorized(Role.X, ...)`
 * needs one of those roles (else FORBIDDEN). A viewer that must still set up a second factor may
 * only do that (FORBIDDEN with reason SECOND_FACTOR_SETUP_REQUIRED). Finer rules live in the
 * services' access scope.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context, info }, roles) =>
  checkAccess(context, info.fieldName, roles);

function checkAccess(context: Context, fieldName: string, roles: Role[]): boolean {
  const viewer = context.scope.viewer;
  if (!viewer) throw new UnauthenticatedError();
  if (viewer.secondFactorSetupRequired && !SETUP_FIELDS.has(fieldName))
    throw new DomainError('FORBIDDEN', 'Set up a second factor first.', { reason: 'SECOND_FACTOR_SETUP_REQUIRED' });
  return roles.length === 0 || roles.some((role) => viewer.roles.includes(role));
}

/** True when `authChecker` lets the viewer resolve the field (false where it refuses or throws). */
export function mayResolve(context: Context, fieldName: string, roles: Role[]): boolean {
  try {
    return checkAccess(context, fieldName, roles);
  } catch {
    return false;
  }
}
