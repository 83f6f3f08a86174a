import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { SubcontractFields } from '$lib/graphql/subcontracts';
import { periodFrom, startOfYear, today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import { endSubcontract, scopeSubcontract } from '$lib/server/subcontract-actions';
import { ownProviderId } from '$lib/server/viewer';
import type { Actions, PageServerLoad } from './$types';

const SubcontractPage = graphql(
  `
    query SubcontractPage($providerId: ID!, $from: Date!, $to: Date!) {
      provider(id: $providerId) {
        id
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
      profiles {
        id
        code
        name
      }
    }
  `,
  [SubcontractFields],
);

const RequestsToSubcontractor = graphql(`
  query RequestsToSubcontractor($providerId: ID!) {
    sentExpertiseRequests(toProviderId: $providerId) {
      id
      mode
      status
      relation
      requestedAt
      respondedAt
      endedAt
      trajectoryId
      profile {
        code
        name
      }
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const providerId = ownProviderId(event.locals.viewer);
  const period = periodFrom(event.url, { from: startOfYear(), to: today() });
  const client = api(event);
  const data = await client.query(SubcontractPage, { providerId, from: period.from, to: period.to });
  const subcontract = data.provider?.subcontractsAsMain.find((s) => s.id === event.params.id);
  if (!subcontract) error(404, 'NOT_FOUND');
  const { sentExpertiseRequests } = await client.query(RequestsToSubcontractor, {
    providerId: subcontract.subcontractor.id,
  });
  return {
    subcontract,
    profiles: data.profiles,
    payouts: data.subcontractPayouts.filter((payout) => payout.subcontract.id === subcontract.id),
    requests: sentExpertiseRequests,
    period,
    today: today(),
  };
};

export const actions: Actions = {
  scope: scopeSubcontract,
  end: endSubcontract,
};
