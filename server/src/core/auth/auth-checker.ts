import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../context.js';
import { UnauthenticatedError } from '../errors/errors.js';
import type { Role } from './roles.js';

/**
 * `@Authorized()` needs a signed-in viewer (else UNAUTHENTICATED); `@Authorized(Role.X, ...)`
 * needs one of those roles (else FORBIDDEN). Finer rules live in the services' access scope.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = context.scope.viewer;
  if (!viewer) throw new UnauthenticatedError();
  return roles.length === 0 || roles.some((role) => viewer.roles.includes(role));
};
