import { graphql } from './index';
import { ViewerFields } from './session';

export const UsersPage = graphql(`
  query UsersPage {
    users(first: 100) {
      totalCount
      edges {
        node {
          id
          email
          name
          roles
          active
          lastSignInAt
          secondFactorEnabled
        }
      }
    }
  }
`);

/** What a region administrator may invite into, and which organisations require a second factor. */
export const InviteTargets = graphql(`
  query InviteTargets {
    providers {
      id
      name
    }
    municipalities {
      id
      name
    }
    secondFactorRequirements
  }
`);

export const RequireSecondFactorMutation = graphql(`
  mutation RequireSecondFactor($input: RequireSecondFactorInput!) {
    requireSecondFactor(input: $input)
  }
`);

export const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      id
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
    }
  }
`);

export const AcceptInvitationMutation = graphql(
  `
    mutation AcceptInvitation($input: AcceptInvitationInput!) {
      acceptInvitation(input: $input) {
        token
        viewer {
          ...ViewerFields
        }
      }
    }
  `,
  [ViewerFields],
);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

export const StartTotpSetupMutation = graphql(`
  mutation StartTotpSetup($currentPassword: String) {
    startTotpSetup(currentPassword: $currentPassword) {
      secret
      otpauthUrl
    }
  }
`);

export const ConfirmTotpSetupMutation = graphql(`
  mutation ConfirmTotpSetup($code: String!) {
    confirmTotpSetup(code: $code)
  }
`);
