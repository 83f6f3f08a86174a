import { graphql } from '$lib/graphql';
import { SubcontractFields } from '$lib/graphql/subcontracts';
import { periodFrom, startOfYear, today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import { registerSubcontract } from '$lib/server/subcontract-actions';
import { ownProviderId } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

const SubcontractsPage = graphql(
  `
    query SubcontractsPage($providerId: ID!, $from: Date!, $to: Date!) {
      provider(id: $providerId) {
        id
        name
        subcontractsAsMain {
          ...SubcontractFields
        }
      }
      subcontractPayouts(from: $from, to: $to) {
        subcontract {
          id
        }
        subcontractor {
          id
          name
        }
        consultations
        coTreatments
        amountCents
      }
      sentExpertiseRequests {
        id
        status
        provider {
          id
        }
      }
      providers {
        id
        name
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
  const providerId = ownProviderId(event.locals.viewer);
  const period = periodFrom(event.url, { from: startOfYear(), to: today() });
  const data = await api(event).query(SubcontractsPage, { providerId, from: period.from, to: period.to });
  return { ...data, period, today: today() };
};

export const actions: Actions = {
  register: (event) => registerSubcontract(event),
};
