import { redirect } from '@sveltejs/kit';
import { LogoutMutation } from '$lib/graphql/session';
import { clearSessionCookie } from '$lib/server/auth';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a form post (from the header on every page); a plain visit just goes home. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    // Revokes the session at the API; an already expired session is signed out all the same.
    await api(event).request('mutation', LogoutMutation, {});
    clearSessionCookie(event);
    redirect(303, '/login?signedOut=1');
  },
};
