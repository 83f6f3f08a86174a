import { MembershipFields } from '$lib/graphql/consortium';
import { graphql } from '$lib/graphql';
import { today } from '$lib/server/dates';
import { FieldCheck, ids, refuse, optionalText, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const AdminConsortia = graphql(
  `
    query AdminConsortia {
      consortia {
        id
        name
        lots {
          id
        }
        areas {
          id
        }
        members {
          ...MembershipFields
        }
      }
      providers {
        id
        name
      }
      lots {
        id
        code
        name
      }
      municipalities {
        id
        name
        areas {
          id
          name
        }
      }
    }
  `,
  [MembershipFields],
);
const CreateConsortium = graphql(`
  mutation CreateConsortium($input: CreateConsortiumInput!) {
    createConsortium(input: $input) {
      id
    }
  }
`);
const AddMember = graphql(`
  mutation AddConsortiumMember($input: AddConsortiumMemberInput!) {
    addConsortiumMember(input: $input) {
      id
    }
  }
`);
const EndMembership = graphql(`
  mutation EndConsortiumMembership($input: EndConsortiumMembershipInput!) {
    endConsortiumMembership(input: $input) {
      id
    }
  }
`);

export const load: PageServerLoad = async (event) => ({
  ...(await api(event).query(AdminConsortia, {})),
  today: today(),
});

const ROLES = ['LEAD', 'PARTNER', 'SUBCONTRACTOR'] as const;

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const name = text(form, 'name');
    const check = new FieldCheck().required('name', name);
    if (!check.ok) return refuse(form, 'create-consortium', check.problems);
    return submitForm(event, form, 'create-consortium', 'admin.consortiumCreated', CreateConsortium, {
      input: { name, lotIds: ids(form, 'lotIds'), areaIds: ids(form, 'areaIds') },
    });
  },
  addMember: async (event) => {
    const form = await event.request.formData();
    const consortiumId = text(form, 'consortiumId');
    const formId = `add-member-${consortiumId}`;
    const providerId = text(form, 'providerId');
    const role = ROLES.find((r) => r === text(form, 'role'));
    const validFrom = text(form, 'validFrom');
    const validUntil = optionalText(form, 'validUntil');
    const check = new FieldCheck()
      .required('providerId', providerId)
      .required('role', role)
      .date('validFrom', validFrom)
      .date('validUntil', validUntil, { optional: true });
    if (!check.ok || !role) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'admin.memberAdded', AddMember, {
      input: { consortiumId, providerId, role, validFrom, validUntil },
    });
  },
  endMembership: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const formId = `end-member-${id}`;
    const validUntil = text(form, 'validUntil');
    const check = new FieldCheck().date('validUntil', validUntil);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'admin.membershipEnded', EndMembership, { input: { id, validUntil } });
  },
};
