import type { MemberConsortium } from './consortia';
import type { Role } from './graphql/session';
import type { MessageKey } from './i18n/translate';

export interface Section {
  path: string;
  label: MessageKey;
  /** Who may open it; undefined: every signed-in user. */
  roles?: readonly Role[];
  /** Only for a lead or partner of a consortium (today). */
  consortiumMember?: boolean;
}

/** What decides which sections a viewer may open: their roles, and the consortia their provider is a member of. */
export interface Access {
  roles: readonly Role[];
  consortia: readonly MemberConsortium[];
}

/** The portal's sections, in menu order. A role's home page is the first section made for it. */
export const SECTIONS: readonly Section[] = [
  { path: '/caseload', label: 'nav.caseload', roles: ['PROVIDER_ADMIN', 'PROVIDER_STAFF'] },
  { path: '/inbox', label: 'inbox.title', roles: ['PROVIDER_ADMIN', 'PROVIDER_STAFF'] },
  { path: '/intake', label: 'nav.intake', roles: ['PROVIDER_ADMIN', 'PROVIDER_STAFF'], consortiumMember: true },
  { path: '/referrals', label: 'nav.referrals', roles: ['REFERRER'] },
  { path: '/places', label: 'nav.places', roles: ['REFERRER', 'PROVIDER_ADMIN', 'PROVIDER_STAFF'] },
  { path: '/performance', label: 'nav.performance', roles: ['CONTRACT_MANAGER'] },
  { path: '/figures', label: 'nav.ownFigures', roles: ['PROVIDER_ADMIN', 'PROVIDER_STAFF'] },
  { path: '/admin', label: 'nav.admin', roles: ['REGION_ADMIN'] },
  { path: '/municipality', label: 'nav.municipalityPerformance', roles: ['CONTRACT_MANAGER', 'REGION_ADMIN'] },
  {
    path: '/improvement-plans',
    label: 'nav.improvementPlans',
    roles: ['CONTRACT_MANAGER', 'PROVIDER_ADMIN', 'REGION_ADMIN'],
  },
  { path: '/subcontracts', label: 'nav.subcontracts', roles: ['PROVIDER_ADMIN'] },
  { path: '/teams', label: 'nav.teams', roles: ['PROVIDER_ADMIN'] },
  { path: '/budgets', label: 'nav.budgets', roles: ['PROVIDER_ADMIN'] },
  { path: '/users', label: 'nav.users', roles: ['PROVIDER_ADMIN', 'REGION_ADMIN'] },
  { path: '/account', label: 'nav.account' },
  { path: '/messages', label: 'nav.messages', roles: ['PROVIDER_ADMIN'] },
  { path: '/consortia', label: 'nav.consortia' },
];

const allowsRoles = (section: Section, roles: readonly Role[]) =>
  !section.roles || section.roles.some((role) => roles.includes(role));
const opens = (section: Section, access: Access) =>
  allowsRoles(section, access.roles) && (!section.consortiumMember || access.consortia.length > 0);

export const sectionsFor = (access: Access): Section[] => SECTIONS.filter((section) => opens(section, access));

export const homeFor = (roles: readonly Role[]): string =>
  (
    SECTIONS.find((section) => section.roles && !section.consortiumMember && allowsRoles(section, roles)) ??
    SECTIONS[SECTIONS.length - 1]
  ).path;

/** The section a path belongs to, if any. */
export const sectionOf = (pathname: string): Section | undefined =>
  SECTIONS.find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));

export const mayOpen = (pathname: string, access: Access): boolean => {
  const section = sectionOf(pathname);
  return !section || opens(section, access);
};
