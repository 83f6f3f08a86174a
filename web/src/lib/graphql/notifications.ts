import { graphql } from './index';

/** The bell: how many notifications wait unread. */
export const UnreadNotifications = graphql(`
  query UnreadNotifications {
    notifications(first: 1) {
      unreadCount
    }
  }
`);

export const NotificationsPage = graphql(`
  query NotificationsPage {
    notifications(first: 50) {
      unreadCount
      items {
        id
        kind
        linkPath
        createdAt
        readAt
      }
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input)
  }
`);

export const NotificationPreferences = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      channel
    }
  }
`);

export const SetNotificationPreferenceMutation = graphql(`
  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      kind
      channel
    }
  }
`);
