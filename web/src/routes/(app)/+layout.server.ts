import { error } from '@sveltejs/kit';
import { mayOpen } from '$lib/navigation';
import type { LayoutServerLoad } from './$types';

/** Signed-in pages (hooks.server.ts guarantees a viewer); each section is open to its roles only. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!mayOpen(url.pathname, locals.viewer?.roles ?? [])) error(403, 'FORBIDDEN');
};
