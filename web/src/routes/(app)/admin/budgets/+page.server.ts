import { graphql } from '$lib/graphql';
import { PopulationBudgets, SetPopulationBudget } from '$lib/graphql/budgets';
import { euroCents, FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { budgetYear } from '$lib/server/budget-year';
import type { Actions, PageServerLoad } from './$types';

const BudgetConsortia = graphql(`
  query BudgetConsortia {
    consortia {
      id
      name
      areas {
        id
        name
        municipality {
          name
        }
      }
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const { consortia } = await client.query(BudgetConsortia, {});
  const year = budgetYear(event.url);
  const consortium = consortia.find((c) => c.id === event.url.searchParams.get('consortium')) ?? consortia[0];
  const budgets = consortium
    ? (await client.query(PopulationBudgets, { consortiumId: consortium.id, year })).populationBudgets
    : [];
  return { consortia, consortium, year, budgets };
};

export const actions: Actions = {
  setBudget: async (event) => {
    const form = await event.request.formData();
    const formId = 'set-budget';
    const consortiumId = text(form, 'consortiumId');
    const areaId = text(form, 'areaId');
    const year = Number(text(form, 'year'));
    const amountCents = euroCents(text(form, 'amount'));
    const check = new FieldCheck()
      .required('consortiumId', consortiumId)
      .required('areaId', areaId)
      .required('year', Number.isInteger(year) ? 'y' : '')
      .amount('amount', amountCents);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'budgets.set', SetPopulationBudget, {
      input: { consortiumId, areaId, year, amountCents: amountCents! },
    });
  },
};
