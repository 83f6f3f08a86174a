import { graphql } from '$lib/graphql';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

const Consortia = graphql(`
  query Consortia {
    consortia {
      id
      name
      lead {
        id
        name
      }
      members {
        id
      }
      lots {
        id
        code
      }
    }
  }
`);

export const load: PageServerLoad = (event) => api(event).query(Consortia, {});
