import { graphql } from './index';

export const SubmitQuestionnaireMutation = graphql(`
  mutation SubmitQuestionnaire($input: SubmitQuestionnaireInput!) {
    submitQuestionnaire(input: $input)
  }
`);

export const FamilyAccessLogQuery = graphql(`
  query FamilyAccessLog($token: String!) {
    familyAccessLog(token: $token) {
      at
      organisationName
      roles
      action
      purpose
    }
  }
`);

export const CreateQuestionnaireLinkMutation = graphql(`
  mutation CreateQuestionnaireLink($trajectoryId: ID!, $informant: Informant!) {
    createQuestionnaireLink(trajectoryId: $trajectoryId, informant: $informant) {
      informant
      url
      expiresAt
    }
  }
`);

export const CreateFamilyAccessLinkMutation = graphql(`
  mutation CreateFamilyAccessLink($youthId: ID!) {
    createFamilyAccessLink(youthId: $youthId) {
      url
      expiresAt
    }
  }
`);

/** "Wie heeft dit dossier ingezien" for the main contractor: the same entries the family's link shows. */
export const TrajectoryAccessLogQuery = graphql(`
  query TrajectoryAccessLog($id: ID!) {
    trajectoryAccessLog(trajectoryId: $id) {
      at
      organisationName
      roles
      action
      purpose
    }
    trajectory(id: $id) {
      id
      youth {
        initials
      }
    }
  }
`);

/** What a professional hands to the family on paper: the plans and the outcome, nothing internal. */
export const TrajectoryPrintQuery = graphql(`
  query TrajectoryPrint($id: ID!) {
    trajectory(id: $id) {
      id
      status
      startedAt
      closedAt
      youth {
        initials
        age
      }
      responsibleProvider {
        id
        name
      }
      familyPlan {
        question
        context
        updatedAt
        goals {
          id
          description
          targetDate
        }
      }
      helpPlan {
        effortDescription
        endDate
        updatedAt
        goals {
          id
          description
          targetDate
          contributesTo {
            id
            description
          }
        }
      }
      outcome {
        submittedAt
        continuation
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
    }
  }
`);
