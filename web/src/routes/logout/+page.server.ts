import { redirect } from '@sveltejs/kit';
import { LogoutEverywhereMutation, LogoutMutation } from '$lib/graphql/session';
import { clearSessionCookie } from '$lib/server/auth';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a form post (from the header on every page); a plain visit just goes home. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const everywhere = (await event.request.formData()).has('everywhere');
    // Revokes the session (or all of the user's) at the API; an expired one is signed out all the same.
    await api(event).request('mutation', everywhere ? LogoutEverywhereMutation : LogoutMutation, {});
    clearSessionCookie(event);
    redirect(303, everywhere ? '/login?signedOutEverywhere=1' : '/login?signedOut=1');
  },
};
