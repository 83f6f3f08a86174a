import { graphql } from '$lib/graphql';
import { periodFrom, startOfYear, today } from '$lib/server/dates';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const PayoutsPage = graphql(`
  query PayoutsPage($from: Date!, $to: Date!) {
    subcontractPayouts(from: $from, to: $to) {
      from
      to
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
      payment {
        id
        from
        to
        amountCents
        paidOn
        reference
      }
    }
  }
`);

const MarkPayoutPaid = graphql(`
  mutation MarkPayoutPaid($input: MarkPayoutPaidInput!) {
    markPayoutPaid(input: $input) {
      amountCents
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const period = periodFrom(event.url, { from: startOfYear(), to: today() });
  const data = await api(event).query(PayoutsPage, { from: period.from, to: period.to });
  return { ...data, period, today: today() };
};

export const actions: Actions = {
  /** The main contractor records that it paid a subcontractor what it owed for the period: final once recorded. */
  markPaid: async (event) => {
    const form = await event.request.formData();
    const subcontractId = text(form, 'subcontractId');
    const formId = `pay-${subcontractId}`;
    const from = text(form, 'from');
    const to = text(form, 'to');
    const paidOn = text(form, 'paidOn');
    const reference = text(form, 'reference');
    const check = new FieldCheck().date('paidOn', paidOn).required('reference', reference);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'payouts.paid', MarkPayoutPaid, {
      input: { subcontractId, from, to, paidOn, reference },
    });
  },
};
