import type { SessionSettings } from '../../db/request-db.js';
import { Role, type Viewer } from '../auth/roles.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors.js';

/**
 * What the viewer of one request acts for: its organisation and roles. Services take the scope and
 * ask it, instead of resolvers filtering by hand; PostgreSQL enforces the same rules a second time
 * through the settings from `rlsSettings`, which the request's transaction applies.
 */
export class AccessScope {
  constructor(readonly viewer: Viewer | null) {}

  /** The viewer, or UNAUTHENTICATED. */
  requireViewer(): Viewer {
    if (!this.viewer) throw new UnauthenticatedError();
    return this.viewer;
  }

  hasRole(...roles: Role[]): boolean {
    return !!this.viewer && roles.some((r) => this.viewer!.roles.includes(r));
  }

  /** The viewer, when it holds one of `roles`; FORBIDDEN otherwise. */
  requireRole(...roles: Role[]): Viewer {
    const viewer = this.requireViewer();
    if (!this.hasRole(...roles)) throw new ForbiddenError();
    return viewer;
  }

  /** The viewer's provider when it works for one (staff or admin), else null. */
  get providerId(): string | null {
    return this.hasRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN) ? this.viewer!.providerId : null;
  }

  /** The municipality a referrer or contract manager works for, else null. */
  get municipalityId(): string | null {
    return this.viewer?.municipalityId ?? null;
  }

  /** Admin of this provider (PROVIDER_ADMIN of exactly that organisation). */
  isAdminOf(providerId: string): boolean {
    return this.hasRole(Role.PROVIDER_ADMIN) && this.viewer!.providerId === providerId;
  }

  /** Transaction-local settings that PostgreSQL's row-level security policies read. */
  rlsSettings(): SessionSettings {
    const v = this.viewer;
    if (!v) return {};
    return {
      'app.user_id': v.id,
      'app.roles': v.roles.join(','),
      'app.provider_id': v.providerId ?? '',
      'app.municipality_id': v.municipalityId ?? '',
    };
  }
}
