import { graphql, type ResultOf } from './index';

export const MembershipFields = graphql(`
  fragment MembershipFields on ConsortiumMembership @_unmask {
    id
    role
    validFrom
    validUntil
    provider {
      id
      name
    }
  }
`);

export type Membership = ResultOf<typeof MembershipFields>;
