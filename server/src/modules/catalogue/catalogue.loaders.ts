import { byIdLoader } from '../../core/graphql/loaders.js';
import type { CatalogueService } from './catalogue.service.js';

export function catalogueLoaders(service: CatalogueService) {
  return {
    pic: byIdLoader((ids) => service.picsByIds(ids)),
    profile: byIdLoader((ids) => service.profilesByIds(ids)),
    intensity: byIdLoader((ids) => service.intensitiesByIds(ids)),
  };
}
