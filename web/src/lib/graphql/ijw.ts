import { graphql, type ResultOf } from './index';

export const IjwMessageFields = graphql(`
  fragment IjwMessageFields on IjwMessage @_unmask {
    id
    type
    direction
    status
    reference
    fileName
    createdAt
    trajectoryIds
    municipality {
      id
      name
    }
    retourCodes {
      code
      meaning
      rejects
    }
  }
`);
export type IjwMessageRow = ResultOf<typeof IjwMessageFields>;

export const IjwMessagesPage = graphql(
  `
    query IjwMessagesPage($type: IjwMessageType, $after: String) {
      ijwMessages(type: $type, first: 100, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...IjwMessageFields
          }
        }
      }
    }
  `,
  [IjwMessageFields],
);

export const TrajectoryIjwMessages = graphql(
  `
    query TrajectoryIjwMessages($id: ID!) {
      trajectory(id: $id) {
        id
        ijwMessages {
          ...IjwMessageFields
        }
      }
    }
  `,
  [IjwMessageFields],
);

export const ImportIjwMessage = graphql(`
  mutation ImportIjwMessage($xml: String!) {
    importIjwMessage(xml: $xml) {
      accepted
      retourCodes
      message {
        id
        type
        reference
      }
      retour {
        id
        fileName
      }
    }
  }
`);
