import { loadCatalogue } from '$lib/i18n/translate';
import type { LayoutLoad } from './$types';

/** The page's language is loaded before the first render (in the browser: only that language). */
export const load: LayoutLoad = async ({ data }) => {
  await loadCatalogue(data.locale);
  return data;
};
