import { ChangePasswordMutation } from '$lib/graphql/accounts';
import { submitForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ secondFactorEnabled: locals.viewer!.secondFactorEnabled });

export const actions: Actions = {
  password: async (event) => {
    const form = await event.request.formData();
    // passwords as typed: spaces are part of them
    const input = {
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    };
    return submitForm(event, form, 'password', 'account.passwordChanged', ChangePasswordMutation, { input });
  },
};
