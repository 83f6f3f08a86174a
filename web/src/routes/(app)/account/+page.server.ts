import { ChangePasswordMutation } from '$lib/graphql/accounts';
import { NotificationPreferences, SetNotificationPreferenceMutation } from '$lib/graphql/notifications';
import { api } from '$lib/server/graphql';
import { refusedByApi, submitForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  secondFactorEnabled: event.locals.viewer!.secondFactorEnabled,
  preferences: (await api(event).query(NotificationPreferences, {})).notificationPreferences,
});

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
  /** One choice per kind; only the changed ones are sent (setting a choice twice is harmless anyway). */
  notifications: async (event) => {
    const form = await event.request.formData();
    const client = api(event);
    const current = await client.request('query', NotificationPreferences, {});
    if (current.error) return refusedByApi(event, form, 'notifications', current.error);
    for (const { kind, channel } of current.data.notificationPreferences) {
      const chosen = text(form, kind);
      if (!chosen || chosen === channel) continue;
      const set = await client.request('mutation', SetNotificationPreferenceMutation, {
        input: { kind, channel: chosen as typeof channel },
      });
      if (set.error) return refusedByApi(event, form, 'notifications', set.error);
    }
    return { form: 'notifications', done: 'notifications.preferencesSaved' as const };
  },
};
