import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { MunicipalityService } from './municipality.service.js';

export function municipalityLoaders(service: MunicipalityService) {
  return {
    municipality: byIdLoader((ids) => service.byIds(ids)),
    area: byIdLoader((ids) => service.areasByIds(ids)),
    areasOfMunicipality: groupedLoader(
      (ids) => service.areasOfMunicipalities(ids),
      (a) => a.municipalityId,
    ),
    region: byIdLoader((ids) => service.regionsByIds(ids)),
  };
}
