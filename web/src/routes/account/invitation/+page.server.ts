import { redirect } from '@sveltejs/kit';
import { AcceptInvitationMutation } from '$lib/graphql/accounts';
import { setSessionCookie } from '$lib/server/auth';
import { mutateForm, text } from '$lib/server/forms';
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
    const { data, failure } = await mutateForm(event, form, 'accept', AcceptInvitationMutation, { input });
    if (failure) return failure;
    setSessionCookie(event, data.acceptInvitation.token);
    redirect(303, '/');
  },
};
