import type { Viewer } from './graphql/session';

/** A consortium the viewer's provider is a lead or partner of: it sees who waits in its intake. */
export interface MemberConsortium {
  id: string;
  name: string;
  role: 'LEAD' | 'PARTNER';
}

/** The consortia the viewer's provider leads or partners in on `day` (YYYY-MM-DD), those it leads first. */
export function memberConsortia(viewer: Viewer | null, day: string): MemberConsortium[] {
  const organisation = viewer?.organisation;
  if (organisation?.__typename !== 'Provider') return [];
  return organisation.consortia
    .filter((membership) => membership.validFrom <= day && (!membership.validUntil || membership.validUntil >= day))
    .flatMap(({ role, consortium }) => (role === 'SUBCONTRACTOR' ? [] : [{ ...consortium, role }]))
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'LEAD' ? -1 : 1));
}
