import { error } from '@sveltejs/kit';
import { MembershipFields } from '$lib/graphql/consortium';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

const ConsortiumPage = graphql(
  `
    query ConsortiumPage($id: ID!) {
      consortium(id: $id) {
        id
        name
        lead {
          id
          name
        }
        members {
          ...MembershipFields
        }
        lots {
          id
          name
        }
        areas {
          id
          name
          municipality {
            id
            name
          }
        }
      }
    }
  `,
  [MembershipFields],
);

export const load: PageServerLoad = async (event) => {
  const { consortium } = await api(event).query(ConsortiumPage, { id: event.params.id });
  if (!consortium) error(404, 'NOT_FOUND');
  return { consortium };
};
