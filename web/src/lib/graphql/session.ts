import { graphql, type ResultOf } from './index';

export const ViewerFields = graphql(`
  fragment ViewerFields on Viewer @_unmask {
    id
    email
    name
    roles
    secondFactorEnabled
    secondFactorSetupRequired
    organisation {
      __typename
      ... on Provider {
        id
        name
        consortia {
          role
          validFrom
          validUntil
          consortium {
            id
            name
          }
        }
      }
      ... on Municipality {
        id
        name
      }
      ... on Region {
        id
        name
      }
    }
  }
`);

export const MeQuery = graphql(
  `
    query Me {
      me {
        ...ViewerFields
      }
    }
  `,
  [ViewerFields],
);

export const LoginMutation = graphql(
  `
    mutation Login($input: LoginInput!) {
      login(input: $input) {
        token
        viewer {
          ...ViewerFields
        }
      }
    }
  `,
  [ViewerFields],
);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const LogoutEverywhereMutation = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);

export type Viewer = ResultOf<typeof ViewerFields>;
export type Role = Viewer['roles'][number];
