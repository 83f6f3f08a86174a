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
