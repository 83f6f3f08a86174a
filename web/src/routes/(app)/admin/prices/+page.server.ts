import { graphql } from '$lib/graphql';
import { today } from '$lib/server/dates';
import { euroCents, FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const PricesPage = graphql(`
  query PricesPage {
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

const SetProductPrice = graphql(`
  mutation SetProductPrice($input: SetProductPriceInput!) {
    setProductPrice(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = async (event) => ({ ...(await api(event).query(PricesPage, {})), today: today() });

export const actions: Actions = {
  /** A new price of a PxQ product from a date: a new version; the current one ends the day before. */
  setPrice: async (event) => {
    const form = await event.request.formData();
    const formId = 'set-price';
    const productCode = text(form, 'productCode').toUpperCase();
    const name = text(form, 'name');
    const unitCode = text(form, 'unitCode');
    const priceCents = euroCents(text(form, 'price'));
    const validFrom = text(form, 'validFrom');
    const check = new FieldCheck()
      .required('productCode', productCode)
      .required('name', name)
      .required('unitCode', unitCode)
      .amount('price', priceCents)
      .date('validFrom', validFrom);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'prices.done', SetProductPrice, {
      input: { productCode, name, unitCode, priceCents: priceCents!, validFrom },
    });
  },
};
