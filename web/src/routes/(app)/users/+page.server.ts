import {
  DeactivateUserMutation,
  InviteTargets,
  InviteUserMutation,
  RequireSecondFactorMutation,
  UsersPage,
} from '$lib/graphql/accounts';
import type { Role } from '$lib/graphql/session';
import { mutateForm, refuse, optionalText, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const viewer = event.locals.viewer!;
  const region = viewer.roles.includes('REGION_ADMIN');
  const [{ users }, targets] = await Promise.all([
    api(event).query(UsersPage, {}),
    region ? api(event).query(InviteTargets, {}) : Promise.resolve(null),
  ]);
  return { users: users.edges.map((edge) => edge.node), region, viewerId: viewer.id, targets };
};

const ROLES: Role[] = ['REGION_ADMIN', 'CONTRACT_MANAGER', 'REFERRER', 'PROVIDER_ADMIN', 'PROVIDER_STAFF'];

export const actions: Actions = {
  invite: async (event) => {
    const form = await event.request.formData();
    const email = text(form, 'email');
    const role = text(form, 'role') as Role;
    if (!email) return refuse(form, 'invite', { email: { key: 'forms.required' } });
    if (!ROLES.includes(role)) return refuse(form, 'invite', { role: { key: 'forms.required' } });
    return submitForm(event, form, 'invite', 'users.invited', InviteUserMutation, {
      input: {
        email,
        name: optionalText(form, 'name'),
        roles: [role],
        organisationId: optionalText(form, 'organisationId'),
      },
    });
  },
  secondFactor: async (event) => {
    const form = await event.request.formData();
    const input = { organisationId: text(form, 'organisationId'), required: text(form, 'required') === 'true' };
    return submitForm(event, form, 'second-factor', 'users.secondFactorSaved', RequireSecondFactorMutation, { input });
  },
  deactivate: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const { failure } = await mutateForm(event, form, `deactivate-${id}`, DeactivateUserMutation, { id });
    if (failure) return failure;
    return { form: 'deactivated', done: 'users.deactivated' as const };
  },
};
