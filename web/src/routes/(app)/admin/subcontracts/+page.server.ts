import { graphql } from '$lib/graphql';
import { SubcontractFields } from '$lib/graphql/subcontracts';
import { today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import { registerSubcontract } from '$lib/server/subcontract-actions';
import type { Actions, PageServerLoad } from './$types';

const AdminSubcontracts = graphql(
  `
    query AdminSubcontracts {
      providers {
        id
        name
        subcontractsAsMain {
          ...SubcontractFields
        }
      }
      profiles {
        id
        code
        name
      }
    }
  `,
  [SubcontractFields],
);

export const load: PageServerLoad = async (event) => {
  const { providers, profiles } = await api(event).query(AdminSubcontracts, {});
  return {
    subcontracts: providers.flatMap((provider) => provider.subcontractsAsMain),
    providers: providers.map(({ id, name }) => ({ id, name })),
    profiles,
    today: today(),
  };
};

export const actions: Actions = {
  register: (event) => registerSubcontract(event, { withMainContractor: true }),
};
