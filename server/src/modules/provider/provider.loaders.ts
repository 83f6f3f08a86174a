import { byIdLoader } from '../../core/graphql/loaders.js';
import type { ProviderService } from './provider.service.js';

export function providerLoaders(service: ProviderService) {
  return { provider: byIdLoader((ids) => service.byIds(ids)) };
}
