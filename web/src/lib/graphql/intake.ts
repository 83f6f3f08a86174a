import { PicFields, PicProposalFields } from './care';
import { graphql, type ResultOf } from './index';

/**
 * The 2023 model in the portal: the consortium's intake board (who waits, the members' free
 * places, assigning a main contractor), "Waar is plek?" (free places per profile and area), the
 * referral to the area's consortium, and the referral check (another PIC, decided by the referrer).
 */

const CapacityFields = graphql(`
  fragment CapacityFields on CapacityEntry @_unmask {
    freePlaces
    updatedAt
    ageDays
    stale
    provider {
      id
      name
    }
    profile {
      id
      code
      name
    }
    area {
      id
      name
    }
  }
`);

export const IntakeBoardQuery = graphql(
  `
    query IntakeBoard($consortiumId: ID!, $first: Int, $after: String) {
      consortium(id: $consortiumId) {
        id
        name
        members {
          id
          role
          validFrom
          validUntil
          provider {
            id
            name
          }
        }
      }
      waitingList(consortiumId: $consortiumId, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            status
            signals
            intakeDeadline
            waitingDays
            youth {
              id
              initials
              age
            }
            area {
              id
              name
            }
            responsibleProvider {
              id
              name
            }
            referral {
              id
              referredAt
              pic {
                ...PicFields
              }
            }
          }
        }
      }
      capacity(consortiumId: $consortiumId) {
        ...CapacityFields
      }
    }
  `,
  [PicFields, CapacityFields],
);

export const AssignMainContractorMutation = graphql(`
  mutation AssignMainContractor($input: AssignMainContractorInput!) {
    assignMainContractor(input: $input) {
      id
      youth {
        id
        initials
      }
      responsibleProvider {
        id
        name
      }
    }
  }
`);

export const PlacesQuery = graphql(
  `
    query Places($profileId: ID, $areaId: ID) {
      capacity(profileId: $profileId, areaId: $areaId) {
        ...CapacityFields
      }
      profiles {
        id
        code
        name
      }
      municipalities {
        id
        name
        areas {
          id
          name
        }
      }
      consortia {
        id
        name
        areas {
          id
        }
      }
    }
  `,
  [CapacityFields],
);

export const SetCapacityMutation = graphql(
  `
    mutation SetCapacity($input: SetCapacityInput!) {
      setCapacity(input: $input) {
        ...CapacityFields
      }
    }
  `,
  [CapacityFields],
);

export const ReferToConsortiumMutation = graphql(`
  mutation ReferToConsortium($input: ReferToConsortiumInput!) {
    referToConsortium(input: $input) {
      id
    }
  }
`);

/** Proposals waiting for the referrer's decision, with the youth they are about. */
export const PicProposalsQuery = graphql(
  `
    query PicProposals {
      picProposals(status: PROPOSED) {
        ...PicProposalFields
        trajectory {
          id
          youth {
            id
            initials
            age
          }
        }
      }
    }
  `,
  [PicProposalFields],
);

/** The PICs a main contractor can propose instead. */
export const PicOptionsQuery = graphql(
  `
    query PicOptions {
      pics {
        ...PicFields
      }
    }
  `,
  [PicFields],
);

export const ProposeOtherPicMutation = graphql(`
  mutation ProposeOtherPic($input: ProposeOtherPicInput!) {
    proposeOtherPic(input: $input) {
      id
      status
    }
  }
`);

export const RespondToPicProposalMutation = graphql(`
  mutation RespondToPicProposal($input: RespondToPicProposalInput!) {
    respondToPicProposal(input: $input) {
      id
      status
    }
  }
`);

export type CapacityEntry = ResultOf<typeof CapacityFields>;
export type IntakeBoard = ResultOf<typeof IntakeBoardQuery>;
export type WaitingYouth = IntakeBoard['waitingList']['edges'][number]['node'];
export type ConsortiumMember = NonNullable<IntakeBoard['consortium']>['members'][number];
