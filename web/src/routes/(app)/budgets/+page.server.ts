import { graphql } from '$lib/graphql';
import { AllocateBudget, PopulationBudgets } from '$lib/graphql/budgets';
import { euroCents, FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import { budgetYear } from '$lib/server/budget-year';
import { ownProviderId } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

const LeadConsortia = graphql(`
  query LeadConsortia($providerId: ID!) {
    provider(id: $providerId) {
      id
      consortia {
        role
        validUntil
        consortium {
          id
          name
          members {
            role
            validUntil
            provider {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const providerId = ownProviderId(event.locals.viewer);
  const year = budgetYear(event.url);
  const client = api(event);
  const { provider } = await client.query(LeadConsortia, { providerId });
  const led = (provider?.consortia ?? []).filter((m) => m.role === 'LEAD').map((m) => m.consortium);
  const consortia = await Promise.all(
    led.map(async (consortium) => ({
      consortium,
      partners: consortium.members.filter((m) => m.role !== 'SUBCONTRACTOR').map((m) => m.provider),
      budgets: (await client.query(PopulationBudgets, { consortiumId: consortium.id, year })).populationBudgets,
    })),
  );
  return { year, consortia };
};

export const actions: Actions = {
  /** The lead partner divides a budget among its partners; an empty amount is no allocation. */
  allocate: async (event) => {
    const form = await event.request.formData();
    const budgetId = text(form, 'budgetId');
    const formId = `allocate-${budgetId}`;
    const allocations: { providerId: string; amountCents: number }[] = [];
    const check = new FieldCheck();
    for (const [name, value] of form.entries()) {
      if (!name.startsWith('amount-') || !String(value).trim()) continue;
      const amountCents = euroCents(String(value));
      if (amountCents === null) check.amount(name, amountCents);
      else allocations.push({ providerId: name.slice('amount-'.length), amountCents });
    }
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'budgets.allocatedDone', AllocateBudget, {
      input: { budgetId, allocations },
    });
  },
};
