import { graphql, type ResultOf } from './index';

/**
 * The care process as the portal asks for it: caseload lists, the trajectory page, the inbox and
 * the referral form, and the mutations behind their forms.
 */

export const PicFields = graphql(`
  fragment PicFields on Pic @_unmask {
    id
    tariffCents
    validFrom
    validUntil
    profile {
      id
      code
      name
      segment
    }
    intensity {
      id
      code
      duration
      level
    }
  }
`);

export const TrajectoryListFields = graphql(
  `
    fragment TrajectoryListFields on Trajectory @_unmask {
      id
      status
      involvement
      signals
      lastActivityAt
      declineReason
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
  `,
  [PicFields],
);

export const TrajectoriesQuery = graphql(
  `
    query Trajectories($filter: TrajectoryFilter, $first: Int, $after: String) {
      trajectories(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...TrajectoryListFields
          }
        }
      }
    }
  `,
  [TrajectoryListFields],
);

const GoalFields = graphql(`
  fragment GoalFields on Goal @_unmask {
    id
    kind
    description
    targetDate
    lifeDomain
  }
`);

const RevisionFields = graphql(`
  fragment RevisionFields on PlanRevision @_unmask {
    version
    changedAt
    changedByName
    changedByOrganisation
    changes {
      field
      before
      after
    }
  }
`);

export const FamilyPlanFields = graphql(
  `
    fragment FamilyPlanFields on FamilyPlan @_unmask {
      id
      version
      question
      context
      updatedAt
      youths {
        id
        initials
        age
      }
      goals {
        ...GoalFields
        result
      }
      history {
        ...RevisionFields
      }
    }
  `,
  [GoalFields, RevisionFields],
);

export const HelpPlanFields = graphql(
  `
    fragment HelpPlanFields on HelpPlan @_unmask {
      id
      version
      effortDescription
      endDate
      updatedAt
      goals {
        ...GoalFields
        contributesTo {
          id
          description
        }
      }
      history {
        ...RevisionFields
      }
    }
  `,
  [GoalFields, RevisionFields],
);

const OutcomeFields = graphql(`
  fragment OutcomeFields on OutcomeReport @_unmask {
    id
    version
    submittedAt
    submittedByName
    correctionReason
    continuation
    endReasonCode
    cbsEndCode
    dropout
    satisfaction {
      informant
      score
      source
    }
    goalResults {
      realisation
      goal {
        id
        description
      }
    }
  }
`);

/** The referral check: the main contractor proposes another PIC, the referrer decides. */
export const PicProposalFields = graphql(
  `
    fragment PicProposalFields on PicProposal @_unmask {
      id
      status
      reason
      proposedAt
      decidedAt
      decisionReason
      proposedBy {
        id
        name
      }
      from {
        ...PicFields
      }
      to {
        ...PicFields
      }
    }
  `,
  [PicFields],
);

export const TrajectoryPageQuery = graphql(
  `
    query TrajectoryPage($id: ID!) {
      trajectory(id: $id) {
        id
        status
        involvement
        signals
        startedAt
        closedAt
        lastActivityAt
        questionnaireLinks {
          informant
          expiresAt
          usedAt
        }
        declineReason
        intakeDeadline
        waitingDays
        consortium {
          id
          name
          lead {
            id
            name
          }
        }
        picProposals {
          ...PicProposalFields
        }
        youth {
          id
          initials
          age
          birthDate
          decides
        }
        municipality {
          id
          name
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
          referrerType
          referrerCode
          fundingVariant
          pic {
            ...PicFields
          }
        }
        familyPlan {
          ...FamilyPlanFields
        }
        helpPlan {
          ...HelpPlanFields
        }
        expertiseRequests {
          id
          status
          mode
          relation
          question
          sharedLifeDomains
          consentBy
          declineReason
          requestedAt
          respondedAt
          endedAt
          provider {
            id
            name
          }
          requestedBy {
            id
            name
          }
          profile {
            id
            code
            name
          }
        }
        transfers {
          id
          status
          reason
          declineReason
          requestedAt
          respondedAt
          fromProvider {
            id
            name
          }
          toProvider {
            id
            name
          }
        }
        timeline {
          id
          kind
          at
          actorName
          detail
          actorProvider {
            id
            name
          }
        }
        outcome {
          ...OutcomeFields
        }
        outcomeVersions {
          ...OutcomeFields
        }
        settlement {
          id
          version
          fundingVariant
          amountCents
          tariffCents
          bonusMalusCents
          percentagePaid
          goalShare
          correctionReason
          createdAt
        }
      }
    }
  `,
  [PicFields, FamilyPlanFields, HelpPlanFields, OutcomeFields, PicProposalFields],
);

/** The plans alone: what the page shows when a save met a newer version (CONFLICT). */
export const CurrentPlansQuery = graphql(
  `
    query CurrentPlans($id: ID!) {
      trajectory(id: $id) {
        id
        familyPlan {
          ...FamilyPlanFields
        }
        helpPlan {
          ...HelpPlanFields
        }
      }
    }
  `,
  [FamilyPlanFields, HelpPlanFields],
);

export const ExpertiseOptionsQuery = graphql(`
  query ExpertiseOptions($trajectoryId: ID!, $profileId: ID) {
    eligibleExpertiseProviders(trajectoryId: $trajectoryId, profileId: $profileId) {
      relation
      provider {
        id
        name
      }
      subcontract {
        id
        validFrom
        validUntil
        profiles {
          id
          code
        }
      }
      consortium {
        id
        name
      }
      integratedTeam {
        id
        name
        disciplines
      }
    }
    profiles {
      id
      code
      name
      segment
    }
  }
`);

export const ProvidersQuery = graphql(`
  query ProviderNames {
    providers {
      id
      name
    }
  }
`);

export const InboxQuery = graphql(
  `
    query Inbox($first: Int) {
      expertiseRequestsInbox {
        id
        status
        mode
        relation
        question
        requestedAt
        respondedAt
        trajectoryId
        requestedBy {
          id
          name
        }
        profile {
          id
          code
          name
          segment
        }
      }
      trajectories(filter: { involvement: TRANSFER }, first: $first) {
        totalCount
        edges {
          node {
            ...TrajectoryListFields
            transfers {
              id
              status
              reason
              requestedAt
              fromProvider {
                id
                name
              }
              toProvider {
                id
                name
              }
            }
          }
        }
      }
    }
  `,
  [TrajectoryListFields],
);

export const ReferralFormQuery = graphql(
  `
    query ReferralForm {
      municipalities {
        id
        name
        cbsCode
        areas {
          id
          name
        }
      }
      pics {
        ...PicFields
      }
      consortia {
        id
        name
        areas {
          id
          name
          municipality {
            id
          }
        }
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
    }
  `,
  [PicFields],
);

/** A trajectory a new referral starts from: a sibling's (share the family plan) or a declined one (refer again). */
export const ReferralStartQuery = graphql(`
  query ReferralStart($id: ID!) {
    trajectory(id: $id) {
      id
      status
      declineReason
      youth {
        id
        initials
        birthDate
        age
        area {
          id
        }
      }
      area {
        id
      }
      responsibleProvider {
        id
        name
      }
      referral {
        id
        referrerType
        pic {
          id
        }
      }
      familyPlan {
        id
        question
        context
        goals {
          id
          description
          targetDate
        }
        youths {
          id
          initials
        }
      }
    }
  }
`);

// --- mutations ------------------------------------------------------------------------------

export const CreateReferralMutation = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
    }
  }
`);

export const AcceptReferralMutation = graphql(`
  mutation AcceptReferral($trajectoryId: ID!) {
    acceptReferral(trajectoryId: $trajectoryId) {
      id
      status
    }
  }
`);

export const DeclineReferralMutation = graphql(`
  mutation DeclineReferral($trajectoryId: ID!, $reason: String!) {
    declineReferral(trajectoryId: $trajectoryId, reason: $reason) {
      id
      status
    }
  }
`);

export const UpdateFamilyPlanMutation = graphql(`
  mutation UpdateFamilyPlan($input: UpdateFamilyPlanInput!) {
    updateFamilyPlan(input: $input) {
      id
      version
    }
  }
`);

export const UpdateHelpPlanMutation = graphql(`
  mutation UpdateHelpPlan($input: UpdateHelpPlanInput!) {
    updateHelpPlan(input: $input) {
      id
      version
    }
  }
`);

export const RequestExpertiseMutation = graphql(`
  mutation RequestExpertise($input: RequestExpertiseInput!) {
    requestExpertise(input: $input) {
      id
      status
    }
  }
`);

export const RespondToExpertiseRequestMutation = graphql(`
  mutation RespondToExpertiseRequest($input: RespondToExpertiseRequestInput!) {
    respondToExpertiseRequest(input: $input) {
      id
      status
      trajectoryId
    }
  }
`);

export const CompleteExpertiseRequestMutation = graphql(`
  mutation CompleteExpertiseRequest($id: ID!) {
    completeExpertiseRequest(id: $id) {
      id
      status
      provider {
        id
      }
    }
  }
`);

export const WithdrawExpertiseRequestMutation = graphql(`
  mutation WithdrawExpertiseRequest($id: ID!) {
    withdrawExpertiseRequest(id: $id) {
      id
      status
    }
  }
`);

export const TransferResponsibilityMutation = graphql(`
  mutation TransferResponsibility($input: TransferResponsibilityInput!) {
    transferResponsibility(input: $input) {
      id
      responsibleProvider {
        id
      }
    }
  }
`);

export const RespondToTransferMutation = graphql(`
  mutation RespondToTransfer($input: RespondToTransferInput!) {
    respondToTransfer(input: $input) {
      id
    }
  }
`);

export const SubmitOutcomeMutation = graphql(`
  mutation SubmitOutcome($input: SubmitOutcomeInput!) {
    submitOutcome(input: $input) {
      id
      version
    }
  }
`);

export const CorrectOutcomeMutation = graphql(`
  mutation CorrectOutcome($input: CorrectOutcomeInput!) {
    correctOutcome(input: $input) {
      id
      version
    }
  }
`);

export const CloseTrajectoryMutation = graphql(`
  mutation CloseTrajectory($trajectoryId: ID!) {
    closeTrajectory(trajectoryId: $trajectoryId) {
      id
      status
    }
  }
`);

export const RecordSocietalResultsMutation = graphql(`
  mutation RecordSocietalResults($input: RecordSocietalResultsInput!) {
    recordSocietalResults(input: $input) {
      id
      result
    }
  }
`);

export type TrajectoryListItem = ResultOf<typeof TrajectoryListFields>;
export type TrajectoryDetail = NonNullable<ResultOf<typeof TrajectoryPageQuery>['trajectory']>;
export type FamilyPlan = ResultOf<typeof FamilyPlanFields>;
export type HelpPlan = ResultOf<typeof HelpPlanFields>;
export type Pic = ResultOf<typeof PicFields>;
export type PicProposal = ResultOf<typeof PicProposalFields>;
export type PlanRevision = FamilyPlan['history'][number];

/** How many requests wait for the viewer's organisation: to show a pointer to the inbox. */
export const InboxWaitingQuery = graphql(`
  query InboxWaiting {
    expertiseRequestsInbox {
      id
      status
    }
    trajectories(filter: { involvement: TRANSFER }, first: 1) {
      totalCount
    }
  }
`);

/** The trajectory page listens to this (graphql-ws): each change, then the page re-loads its data. */
export const TrajectoryLiveSubscription = graphql(`
  subscription TrajectoryLive($id: ID!) {
    trajectoryUpdated(id: $id) {
      id
      lastActivityAt
    }
  }
`);

/** Each provider's published results (last 12 months, all municipalities), for choosing a provider on results. */
export const ProviderOutcomesQuery = graphql(`
  query ProviderOutcomes($profileId: ID) {
    providerOutcomes(profileId: $profileId) {
      from
      to
      profile {
        id
        code
        name
      }
      providers {
        provider {
          id
        }
        figures {
          trajectoriesClosed
          goalRealisationRate
          satisfactionYouthAvg
          satisfactionParentAvg
          dropoutRate
          endedAsPlannedRate
          repeatUseRate
          averageWaitingDays
          suppressed
        }
      }
    }
  }
`);

export type OutcomeFigures = ResultOf<typeof ProviderOutcomesQuery>['providerOutcomes']['providers'][number]['figures'];
