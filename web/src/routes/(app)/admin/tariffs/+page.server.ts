import { graphql } from '$lib/graphql';
import { PicFields } from '$lib/graphql/care';
import { today } from '$lib/server/dates';
import { euroCents, FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const TariffsPage = graphql(
  `
    query TariffsPage {
      pics {
        ...PicFields
      }
      profiles {
        id
        code
        name
      }
      intensities {
        id
        code
        duration
        level
      }
    }
  `,
  [PicFields],
);

const SetPicTariff = graphql(`
  mutation SetPicTariff($input: SetPicTariffInput!) {
    setPicTariff(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = async (event) => ({ ...(await api(event).query(TariffsPage, {})), today: today() });

export const actions: Actions = {
  /** A new tariff for a PIC from a date: a new version; the current one ends the day before. */
  setTariff: async (event) => {
    const form = await event.request.formData();
    const formId = 'set-tariff';
    const profileId = text(form, 'profileId');
    const intensityId = text(form, 'intensityId');
    const tariffCents = euroCents(text(form, 'tariff'));
    const validFrom = text(form, 'validFrom');
    const check = new FieldCheck()
      .required('profileId', profileId)
      .required('intensityId', intensityId)
      .amount('tariff', tariffCents)
      .date('validFrom', validFrom);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'admin.tariffSet', SetPicTariff, {
      input: { profileId, intensityId, tariffCents: tariffCents!, validFrom },
    });
  },
};
