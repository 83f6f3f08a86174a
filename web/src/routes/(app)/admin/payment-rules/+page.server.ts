import { graphql } from '$lib/graphql';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const PaymentRules = graphql(`
  query AdminPaymentRules {
    paymentRules {
      id
      description
      validFrom
      validUntil
      tiers {
        minGoalShare
        percentagePaid
      }
    }
  }
`);
const SetPaymentRule = graphql(`
  mutation SetPaymentRule($input: SetPaymentRuleInput!) {
    setPaymentRule(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = (event) => api(event).query(PaymentRules, {});

export const actions: Actions = {
  /** A new version of the bonus-malus rule from a date: tiers of goal share (%) → percentage paid. */
  setRule: async (event) => {
    const form = await event.request.formData();
    const formId = 'set-rule';
    const description = text(form, 'description');
    const validFrom = text(form, 'validFrom');
    const shares = form.getAll('minGoalShare').map((v) => String(v).trim());
    const paid = form.getAll('percentagePaid').map((v) => String(v).trim());
    const check = new FieldCheck().required('description', description).date('validFrom', validFrom);
    const tiers: { minGoalShare: number; percentagePaid: number }[] = [];
    shares.forEach((share, i) => {
      if (!share && !paid[i]) return;
      const s = Number(share.replace(',', '.'));
      const p = Number(paid[i]);
      if (!Number.isFinite(s) || !Number.isInteger(p)) check.required(`tier-${i + 1}`, '');
      else tiers.push({ minGoalShare: s / 100, percentagePaid: p });
    });
    if (tiers.length === 0 && check.ok) check.required('tiers', '');
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'admin.ruleSet', SetPaymentRule, {
      input: { description, validFrom, tiers },
    });
  },
};
