import { graphql } from '$lib/graphql';
import { FieldCheck, refuse, optionalText, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const AdminProviders = graphql(`
  query AdminProviders {
    providers {
      id
      name
      agbCode
      kvkNumber
    }
  }
`);
const CreateProvider = graphql(`
  mutation CreateProvider($input: CreateProviderInput!) {
    createProvider(input: $input) {
      id
    }
  }
`);
const UpdateProvider = graphql(`
  mutation UpdateProvider($input: UpdateProviderInput!) {
    updateProvider(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = (event) => api(event).query(AdminProviders, {});

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const name = text(form, 'name');
    const agbCode = text(form, 'agbCode');
    const check = new FieldCheck().required('name', name).required('agbCode', agbCode);
    if (!check.ok) return refuse(form, 'create-provider', check.problems);
    return submitForm(event, form, 'create-provider', 'admin.providerCreated', CreateProvider, {
      input: { name, agbCode, kvkNumber: optionalText(form, 'kvkNumber') },
    });
  },
  update: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const name = text(form, 'name');
    const check = new FieldCheck().required('name', name);
    if (!check.ok) return refuse(form, `update-${id}`, check.problems);
    return submitForm(event, form, `update-${id}`, 'admin.providerUpdated', UpdateProvider, {
      input: { id, name, kvkNumber: optionalText(form, 'kvkNumber') },
    });
  },
};
