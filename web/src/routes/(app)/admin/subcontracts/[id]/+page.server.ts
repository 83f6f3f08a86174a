import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { SubcontractFields } from '$lib/graphql/subcontracts';
import { periodFrom, startOfYear, today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import { endSubcontract, scopeSubcontract } from '$lib/server/subcontract-actions';
import type { Actions, PageServerLoad } from './$types';

const AdminSubcontract = graphql(
  `
    query AdminSubcontract {
      providers {
        id
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

const Payouts = graphql(`
  query AdminPayouts($mainContractorId: ID!, $from: Date!, $to: Date!) {
    subcontractPayouts(mainContractorId: $mainContractorId, from: $from, to: $to) {
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
  }
`);

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const { providers, profiles } = await client.query(AdminSubcontract, {});
  const subcontract = providers.flatMap((p) => p.subcontractsAsMain).find((s) => s.id === event.params.id);
  if (!subcontract) error(404, 'NOT_FOUND');
  const period = periodFrom(event.url, { from: startOfYear(), to: today() });
  const { subcontractPayouts } = await client.query(Payouts, {
    mainContractorId: subcontract.mainContractor.id,
    from: period.from,
    to: period.to,
  });
  return {
    subcontract,
    profiles,
    payouts: subcontractPayouts.filter((p) => p.subcontract.id === subcontract.id),
    period,
    today: today(),
  };
};

export const actions: Actions = { scope: scopeSubcontract, end: endSubcontract };
