import { error } from '@sveltejs/kit';
import { memberConsortia } from '$lib/consortia';
import { mayOpen } from '$lib/navigation';
import { today } from '$lib/server/dates';
import type { LayoutServerLoad } from './$types';

/** Signed-in pages (hooks.server.ts guarantees a viewer); each section is open to its roles only. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  const access = { roles: locals.viewer?.roles ?? [], consortia: memberConsortia(locals.viewer, today()) };
  if (!mayOpen(url.pathname, access)) error(403, 'FORBIDDEN');
};
