import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { SubcontractService } from './subcontract.service.js';

export function subcontractLoaders(service: SubcontractService) {
  return {
    subcontract: byIdLoader((ids) => service.byIds(ids)),
    subcontractsAsMain: groupedLoader(
      (ids) => service.ofMainContractors(ids),
      (s) => s.mainContractorId,
    ),
    subcontractsAsSub: groupedLoader(
      (ids) => service.ofSubcontractors(ids),
      (s) => s.subcontractorId,
    ),
    profilesOfSubcontract: groupedLoader(
      (ids) => service.profilesOf(ids),
      (p) => p.subcontractId,
    ),
  };
}
