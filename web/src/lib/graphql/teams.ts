import { graphql, type ResultOf } from './index';

export const TeamFields = graphql(`
  fragment TeamFields on IntegratedTeam @_unmask {
    id
    name
    disciplines
    coordinator {
      id
      name
    }
    members {
      id
      name
    }
  }
`);
export type TeamRow = ResultOf<typeof TeamFields>;

export const TeamsPage = graphql(
  `
    query TeamsPage {
      integratedTeams {
        ...TeamFields
      }
      providers {
        id
        name
      }
    }
  `,
  [TeamFields],
);

export const CreateIntegratedTeam = graphql(`
  mutation CreateIntegratedTeam($input: CreateIntegratedTeamInput!) {
    createIntegratedTeam(input: $input) {
      id
    }
  }
`);

export const UpdateIntegratedTeam = graphql(`
  mutation UpdateIntegratedTeam($input: UpdateIntegratedTeamInput!) {
    updateIntegratedTeam(input: $input) {
      id
    }
  }
`);
