import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/navigation';
import type { PageServerLoad } from './$types';

/** `/` is the viewer's home page, which depends on their role. */
export const load: PageServerLoad = ({ locals }) => {
  redirect(303, homeFor(locals.viewer?.roles ?? []));
};
