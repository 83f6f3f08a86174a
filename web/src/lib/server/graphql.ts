import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { Client, fetchExchange, type AnyVariables, type DocumentInput, type OperationResult } from '@urql/core';
import { apiErrorFrom, type ApiErrorInfo } from '$lib/api-errors';
import { clearSessionCookie, loginUrl, SESSION_COOKIE, sessionToken } from './auth';

export type Outcome<Data> = { data: Data; error?: undefined } | { data?: undefined; error: ApiErrorInfo };

/** HTTP status of an error page for an API error met while reading. */
const READ_ERROR_STATUS = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 404 } as const;

function outcomeOf<Data>(result: OperationResult<Data>): Outcome<Data> {
  const err = result.error;
  if (err)
    return { error: err.graphQLErrors.length ? apiErrorFrom(err.graphQLErrors[0].extensions) : { code: 'INTERNAL' } };
  if (!result.data) return { error: { code: 'INTERNAL' } };
  return { data: result.data };
}

/** How often, and after how long, a mutation with an Idempotency-Key is sent again. */
const RETRIES = 5;
const RETRY_MS = 400;

/**
 * The API answers 409 while a request with the same key is still being processed (a double click),
 * and a network failure leaves it open whether the mutation ran: both are sent again with the same
 * key, and the API answers with the first request's stored response once it is done.
 */
function worthRetrying(result: OperationResult): boolean {
  const err = result.error;
  if (!err) return false;
  if (!err.graphQLErrors.length) return !err.response; // no answer at all: the connection failed
  return err.response?.status === 409 && err.graphQLErrors[0].extensions?.currentVersion === undefined;
}

/**
 * The API as seen by one request of the portal: an urql client on SvelteKit's `event.fetch` (which
 * hooks.server.ts sends to the API over loopback) carrying the browser's session cookie and its
 * address (X-Forwarded-For, so that sign-in throttling is per person), and nothing else of the
 * browser's. No cache: every request reads fresh.
 */
export function api(event: RequestEvent) {
  const token = sessionToken(event.cookies);
  const headers: Record<string, string> = { 'x-forwarded-for': event.getClientAddress() };
  if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
  const client = new Client({
    url: new URL('/graphql', event.url).href,
    fetch: event.fetch,
    exchanges: [fetchExchange],
    // POST with a JSON body: Apollo's CSRF prevention refuses simple GET requests.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { headers },
  });

  return {
    /**
     * Any result, errors included, as data: for form actions, which show the error with the form
     * (ApiErrorAlert), and for sign-in, where UNAUTHENTICATED means a wrong password.
     */
    async request<Data, Variables extends AnyVariables>(
      kind: 'query' | 'mutation',
      document: DocumentInput<Data, Variables>,
      variables: Variables,
    ) {
      return outcomeOf(await client[kind](document, variables).toPromise());
    },

    /**
     * A mutation from a form submission, sent with the form's Idempotency-Key: a double click or a
     * retried submission never does the same thing twice. Without a key it is sent once, as is.
     */
    async mutate<Data, Variables extends AnyVariables>(
      document: DocumentInput<Data, Variables>,
      variables: Variables,
      idempotencyKey: string | undefined,
    ) {
      if (!idempotencyKey) return this.request('mutation', document, variables);
      const fetchOptions = { headers: { ...headers, 'idempotency-key': idempotencyKey } };
      let result = await client.mutation(document, variables, { fetchOptions }).toPromise();
      for (let attempt = 1; attempt <= RETRIES && worthRetrying(result); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS * attempt));
        result = await client.mutation(document, variables, { fetchOptions }).toPromise();
      }
      return outcomeOf(result);
    },

    /**
     * Reads for a page's load. An error becomes the page's answer: an expired session goes to the
     * login page; FORBIDDEN and NOT_FOUND (or a malformed id taken from the URL) become error pages.
     */
    async query<Data, Variables extends AnyVariables>(
      document: DocumentInput<Data, Variables>,
      variables: Variables,
    ): Promise<Data> {
      const outcome = await this.request('query', document, variables);
      if (!outcome.error) return outcome.data;
      const { code } = outcome.error;
      if (code === 'UNAUTHENTICATED') {
        // The session ran out while the user was here: sign in again and come back.
        clearSessionCookie(event);
        redirect(303, loginUrl(event, true));
      }
      error(code in READ_ERROR_STATUS ? READ_ERROR_STATUS[code as keyof typeof READ_ERROR_STATUS] : 500, code);
    },
  };
}
