import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { today } from '$lib/server/dates';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const UnitsPage = graphql(`
  query UnitsPage($id: ID!) {
    trajectory(id: $id) {
      id
      status
      involvement
      startedAt
      youth {
        id
        initials
      }
      referral {
        fundingVariant
      }
      deliveredUnits {
        id
        productCode
        unitCode
        quantity
        priceCents
        amountCents
        deliveredOn
      }
    }
    productPrices {
      id
      productCode
      name
      unitCode
      priceCents
      validFrom
      validUntil
    }
  }
`);

const RegisterDeliveredUnits = graphql(`
  mutation RegisterDeliveredUnits($input: RegisterDeliveredUnitsInput!) {
    registerDeliveredUnits(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = async (event) => {
  const data = await api(event).query(UnitsPage, { id: event.params.id });
  if (!data.trajectory) error(404, 'NOT_FOUND');
  return { ...data, trajectory: data.trajectory, today: today() };
};

export const actions: Actions = {
  /** The responsible provider enters the units it delivered (PxQ) on a day of the period. */
  register: async (event) => {
    const form = await event.request.formData();
    const formId = 'register-units';
    const productCode = text(form, 'productCode');
    const quantity = text(form, 'quantity');
    const deliveredOn = text(form, 'deliveredOn');
    const check = new FieldCheck()
      .required('productCode', productCode)
      .count('quantity', quantity)
      .date('deliveredOn', deliveredOn);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'units.registered', RegisterDeliveredUnits, {
      input: { trajectoryId: event.params.id, productCode, quantity: Number(quantity), deliveredOn },
    });
  },
};
