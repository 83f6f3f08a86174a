import { RequestPasswordResetMutation } from '$lib/graphql/accounts';
import { refuse, submitForm, text } from '$lib/server/forms';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = text(form, 'email');
    if (!email) return refuse(form, 'forgot', { email: { key: 'forms.required' } });
    return submitForm(event, form, 'forgot', 'forgot.sent', RequestPasswordResetMutation, { email });
  },
};
