import { fail } from '@sveltejs/kit';
import { SubmitQuestionnaireMutation } from '$lib/graphql/family';
import { api } from '$lib/server/graphql';
import type { Actions } from './$types';

/** Why a link answers no more: used, expired or unknown (said the same politely), or too many wrong links. */
type Refusal = 'closed' | 'throttled';

/** No account: the token in the address is the family's only key, used once. */
export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const declined = form.get('answer') === 'declined';
    const score = declined ? null : Number(form.get('answer'));
    const comment = String(form.get('comment') ?? '').trim() || null;
    if (!declined && !(Number.isInteger(score) && score! >= 1 && score! <= 10))
      return fail(400, { missing: true, comment });
    const outcome = await api(event).request('mutation', SubmitQuestionnaireMutation, {
      input: { token: event.params.token, score, declined, comment },
    });
    if (outcome.data) return { thanks: true };
    const { error } = outcome;
    if (error.code === 'BAD_USER_INPUT') return fail(400, { error, comment });
    const refused: Refusal = error.code === 'UNAUTHENTICATED' ? 'throttled' : 'closed';
    return fail(error.code === 'INTERNAL' ? 500 : 410, { refused, error, comment });
  },
};
