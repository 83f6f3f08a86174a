import type { PageServerLoad } from './$types';

interface Consortium {
  id: string;
  name: string;
  lead: { name: string };
  members: { role: string; provider: { name: string } }[];
}

export const load: PageServerLoad = async ({ fetch }) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ consortia { id name lead { name } members { role provider { name } } } }' }),
  });
  const body = (await response.json()) as { data?: { consortia: Consortium[] } };
  return { consortia: body.data?.consortia ?? [] };
};
