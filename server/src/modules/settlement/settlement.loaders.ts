import { groupedLoader } from '../../core/graphql/loaders.js';
import type { SettlementService } from './settlement.service.js';

export function settlementLoaders(service: SettlementService) {
  return {
    settlementsOf: groupedLoader(
      (ids) => service.settlementsOf(ids),
      (s) => s.trajectoryId,
    ),
    deliveredUnitsOf: groupedLoader(
      (ids) => service.deliveredUnitsOf(ids),
      (u) => u.trajectoryId,
    ),
  };
}
