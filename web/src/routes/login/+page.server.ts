import { fail, redirect } from '@sveltejs/kit';
import { LoginMutation } from '$lib/graphql/session';
import type { MessageKey } from '$lib/i18n/translate';
import { afterLogin, setSessionCookie } from '$lib/server/auth';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.viewer) redirect(303, afterLogin(locals.viewer, url.searchParams.get('redirectTo')));
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const totpCode = String(form.get('totpCode') ?? '').trim() || null;
    const missing: Partial<Record<'email' | 'password', MessageKey>> = {};
    if (!email) missing.email = 'login.emailRequired';
    if (!password) missing.password = 'login.passwordRequired';
    if (missing.email || missing.password) return fail(400, { email, missing });

    const outcome = await api(event).request('mutation', LoginMutation, { input: { email, password, totpCode } });
    if (outcome.error) {
      const { error } = outcome;
      if (error.code === 'UNAUTHENTICATED') {
        if (error.reason === 'THROTTLED')
          return fail(429, { email, refused: 'login.throttled', waitSeconds: error.retryAfterSeconds ?? 60 } as const);
        // the password was checked: ask for (another) code of the authenticator app
        if (error.reason === 'SECOND_FACTOR_REQUIRED')
          return fail(400, {
            email,
            secondFactor: true,
            refused: totpCode ? 'login.invalid' : 'login.totpNeeded',
          } as const);
        return fail(400, { email, refused: 'login.invalid' } as const);
      }
      return fail(error.code === 'INTERNAL' ? 500 : 400, { email, error });
    }
    const { token, viewer } = outcome.data.login;
    setSessionCookie(event, token);
    redirect(303, afterLogin(viewer, event.url.searchParams.get('redirectTo')));
  },
};
