import { error } from '@sveltejs/kit';
import type { Viewer } from '$lib/graphql/session';

/** The provider a provider administrator acts for (hooks.server.ts put the viewer in locals). */
export function ownProviderId(viewer: Viewer | null): string {
  const organisation = viewer?.organisation;
  if (organisation?.__typename !== 'Provider') error(403, 'FORBIDDEN');
  return organisation.id;
}
