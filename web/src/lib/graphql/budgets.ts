import { graphql, type ResultOf } from './index';

export const BudgetFields = graphql(`
  fragment BudgetFields on PopulationBudget @_unmask {
    id
    year
    amountCents
    allocatedCents
    spentCents
    area {
      id
      name
    }
    allocations {
      amountCents
      provider {
        id
        name
      }
    }
  }
`);
export type BudgetRow = ResultOf<typeof BudgetFields>;

export const PopulationBudgets = graphql(
  `
    query PopulationBudgets($consortiumId: ID!, $year: Int!) {
      populationBudgets(consortiumId: $consortiumId, year: $year) {
        ...BudgetFields
      }
    }
  `,
  [BudgetFields],
);

export const AllocateBudget = graphql(`
  mutation AllocateBudget($input: AllocateBudgetInput!) {
    allocateBudget(input: $input) {
      id
    }
  }
`);

export const SetPopulationBudget = graphql(`
  mutation SetPopulationBudget($input: SetPopulationBudgetInput!) {
    setPopulationBudget(input: $input) {
      id
    }
  }
`);
