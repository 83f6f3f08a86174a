import { MarkNotificationsReadMutation, NotificationsPage } from '$lib/graphql/notifications';
import { api } from '$lib/server/graphql';
import { ids, submitForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  notifications: (await api(event).query(NotificationsPage, {})).notifications,
});

export const actions: Actions = {
  /** One notification (`id`), or all unread when the form names none. */
  read: async (event) => {
    const form = await event.request.formData();
    const chosen = ids(form, 'id');
    return submitForm(
      event,
      form,
      text(form, 'formId') || 'read',
      'notifications.marked',
      MarkNotificationsReadMutation,
      {
        input: { ids: chosen.length ? chosen : null },
      },
    );
  },
};
