import { graphql, type ResultOf } from './index';

export const ImprovementPlanFields = graphql(`
  fragment ImprovementPlanFields on ImprovementPlan @_unmask {
    id
    status
    reason
    dueDate
    overdue
    requestedAt
    submittedAt
    response
    version
    provider {
      id
      name
    }
    municipality {
      id
      name
    }
    actions {
      id
      description
      dueDate
    }
  }
`);
export type ImprovementPlanRow = ResultOf<typeof ImprovementPlanFields>;

export const ImprovementPlans = graphql(
  `
    query ImprovementPlans($status: ImprovementPlanStatus, $first: Int!) {
      improvementPlans(first: $first, status: $status) {
        totalCount
        edges {
          node {
            ...ImprovementPlanFields
          }
        }
      }
    }
  `,
  [ImprovementPlanFields],
);

export const ImprovementPlanQuery = graphql(
  `
    query ImprovementPlan($id: ID!) {
      improvementPlan(id: $id) {
        ...ImprovementPlanFields
      }
    }
  `,
  [ImprovementPlanFields],
);

export const RequireImprovementPlan = graphql(`
  mutation RequireImprovementPlan($input: RequireImprovementPlanInput!) {
    requireImprovementPlan(input: $input) {
      id
    }
  }
`);

export const SubmitImprovementPlan = graphql(`
  mutation SubmitImprovementPlan($input: SubmitImprovementPlanInput!) {
    submitImprovementPlan(input: $input) {
      id
      status
    }
  }
`);

export const AcceptImprovementPlan = graphql(`
  mutation AcceptImprovementPlan($input: ImprovementPlanDecisionInput!) {
    acceptImprovementPlan(input: $input) {
      id
      status
    }
  }
`);

export const CloseImprovementPlan = graphql(`
  mutation CloseImprovementPlan($input: ImprovementPlanDecisionInput!) {
    closeImprovementPlan(input: $input) {
      id
      status
    }
  }
`);

/** The newest plans shown at once: the API's largest page. */
export const PLAN_PAGE = 100;
