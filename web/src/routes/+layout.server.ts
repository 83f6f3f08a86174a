import { memberConsortia } from '$lib/consortia';
import { today } from '$lib/server/dates';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  viewer: locals.viewer,
  consortia: memberConsortia(locals.viewer, today()),
});
