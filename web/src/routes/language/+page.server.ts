import { redirect } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/translate';
import { cookieOptions, safeRedirectTarget } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

const ONE_YEAR = 365 * 24 * 60 * 60;

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  /** Remembers the chosen language in a cookie and returns to the page the switch was on. */
  default: async (event) => {
    const form = await event.request.formData();
    const locale = form.get('locale');
    if (isLocale(locale)) event.cookies.set(LOCALE_COOKIE, locale, { ...cookieOptions(event), maxAge: ONE_YEAR });
    redirect(303, safeRedirectTarget(String(form.get('redirectTo') ?? '')) ?? '/');
  },
};
