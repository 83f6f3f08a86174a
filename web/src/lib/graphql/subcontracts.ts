import { graphql, type ResultOf } from './index';

export const SubcontractFields = graphql(`
  fragment SubcontractFields on Subcontract @_unmask {
    id
    validFrom
    validUntil
    consultationRateCents
    coTreatmentRateCents
    mainContractor {
      id
      name
    }
    subcontractor {
      id
      name
    }
    profiles {
      id
      code
      name
    }
  }
`);
export type SubcontractRow = ResultOf<typeof SubcontractFields>;

export const RegisterSubcontract = graphql(`
  mutation RegisterSubcontract($input: RegisterSubcontractInput!) {
    registerSubcontract(input: $input) {
      id
    }
  }
`);

export const UpdateSubcontract = graphql(`
  mutation UpdateSubcontract($input: UpdateSubcontractInput!) {
    updateSubcontract(input: $input) {
      id
    }
  }
`);

export const EndSubcontract = graphql(`
  mutation EndSubcontract($input: EndSubcontractInput!) {
    endSubcontract(input: $input) {
      id
      validUntil
    }
  }
`);

export const SubcontractOptions = graphql(`
  query SubcontractOptions {
    providers {
      id
      name
    }
    profiles {
      id
      code
      name
    }
  }
`);
