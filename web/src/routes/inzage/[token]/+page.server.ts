import { FamilyAccessLogQuery } from '$lib/graphql/family';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

/** No account: the token in the address shows who read that one youth's file, and nothing else. */
export const load: PageServerLoad = async (event) => {
  const outcome = await api(event).request('query', FamilyAccessLogQuery, { token: event.params.token });
  if (outcome.data) return { entries: outcome.data.familyAccessLog, refused: null };
  return { entries: [], refused: outcome.error.code === 'UNAUTHENTICATED' ? 'throttled' : 'closed' } as const;
};
