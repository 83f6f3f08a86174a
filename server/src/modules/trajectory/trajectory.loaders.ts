import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { TrajectoryService } from './trajectory.service.js';

export function trajectoryLoaders(service: TrajectoryService) {
  return {
    trajectory: byIdLoader((ids) => service.byIds(ids)),
    youth: byIdLoader((ids) => service.youthsByIds(ids)),
    involvementOf: groupedLoader((ids) => service.involvementOf(ids), (r) => r.trajectoryId),
    eventsOf: groupedLoader((ids) => service.eventsOf(ids), (e) => e.trajectoryId),
    transfersOf: groupedLoader((ids) => service.transfersOf(ids), (t) => t.trajectoryId),
  };
}
