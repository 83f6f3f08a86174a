import { graphql } from '$lib/graphql';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const Catalogue = graphql(`
  query AdminCatalogue {
    lots {
      id
      code
      name
    }
    profiles {
      id
      code
      name
      segment
    }
  }
`);
const CreateLot = graphql(`
  mutation CreateLot($input: CreateLotInput!) {
    createLot(input: $input) {
      id
    }
  }
`);
const CreateProfile = graphql(`
  mutation CreateProfile($input: CreateProfileInput!) {
    createProfile(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = (event) => api(event).query(Catalogue, {});

export const actions: Actions = {
  createLot: async (event) => {
    const form = await event.request.formData();
    const code = text(form, 'code');
    const name = text(form, 'name');
    const check = new FieldCheck().required('code', code).required('name', name);
    if (!check.ok) return refuse(form, 'create-lot', check.problems);
    return submitForm(event, form, 'create-lot', 'admin.lotCreated', CreateLot, { input: { code, name } });
  },
  createProfile: async (event) => {
    const form = await event.request.formData();
    const code = text(form, 'code');
    const name = text(form, 'name');
    const segment = text(form, 'segment') === 'HIGHLY_SPECIALIST' ? 'HIGHLY_SPECIALIST' : 'SPECIALIST';
    const check = new FieldCheck().required('code', code).required('name', name);
    if (!check.ok) return refuse(form, 'create-profile', check.problems);
    return submitForm(event, form, 'create-profile', 'admin.profileCreated', CreateProfile, {
      input: { code, name, segment },
    });
  },
};
