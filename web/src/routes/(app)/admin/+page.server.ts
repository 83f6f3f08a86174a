import { PicFields } from '$lib/graphql/care';
import { MembershipFields } from '$lib/graphql/consortium';
import { graphql } from '$lib/graphql';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

const AdminOverview = graphql(
  `
    query AdminOverview {
      providers {
        id
        name
        agbCode
        kvkNumber
      }
      consortia {
        id
        name
        members {
          ...MembershipFields
        }
      }
      lots {
        id
        code
        name
      }
      pics {
        ...PicFields
      }
    }
  `,
  [MembershipFields, PicFields],
);

export const load: PageServerLoad = (event) => api(event).query(AdminOverview, {});
