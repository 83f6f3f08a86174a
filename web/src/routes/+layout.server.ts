import { memberConsortia } from '$lib/consortia';
import { UnreadNotifications } from '$lib/graphql/notifications';
import { api } from '$lib/server/graphql';
import { today } from '$lib/server/dates';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const { locals } = event;
  // the bell's count; a page still shows when it cannot be read
  const unread = locals.viewer ? await api(event).request('query', UnreadNotifications, {}) : undefined;
  return {
    locale: locals.locale,
    viewer: locals.viewer,
    consortia: memberConsortia(locals.viewer, today()),
    unreadNotifications: unread?.data?.notifications.unreadCount ?? 0,
  };
};
