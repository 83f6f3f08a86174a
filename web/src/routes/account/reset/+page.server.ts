import { redirect } from '@sveltejs/kit';
import { ResetPasswordMutation } from '$lib/graphql/accounts';
import { mutateForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const input = { token: text(form, 'token'), newPassword: String(form.get('newPassword') ?? '') };
    const { failure } = await mutateForm(event, form, 'reset', ResetPasswordMutation, { input });
    if (failure) return failure;
    redirect(303, '/login?passwordReset=1');
  },
};
