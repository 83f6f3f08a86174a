import { redirect } from '@sveltejs/kit';
import { AcceptInvitationMutation } from '$lib/graphql/accounts';
import { setSessionCookie } from '$lib/server/auth';
import { formFailure, mutateFromForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const input = {
      token: text(form, 'token'),
      name: text(form, 'name'),
      password: String(form.get('password') ?? ''),
    };
    const outcome = await mutateFromForm(event, form, AcceptInvitationMutation, { input });
    if (outcome.error) return formFailure('accept', outcome.error);
    setSessionCookie(event, outcome.data.acceptInvitation.token);
    redirect(303, '/');
  },
};
