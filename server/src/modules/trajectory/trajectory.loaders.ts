import { byIdLoader, groupedLoader, readsRecordedLoader } from '../../core/graphql/loaders.js';
import type { Loaders } from '../../context.js';
import type { Intensity, Pic, Profile } from '../catalogue/catalogue.entity.js';
import type { PicProposalService } from './pic-proposal.service.js';
import type { TrajectoryService } from './trajectory.service.js';
import type { TrajectoryRow } from './trajectory.types.js';

/** Hands the youth, PIC, profile, intensity and providers (and requests) read with trajectories to their loaders. */
export function primeRelated(loaders: Loaders, rows: TrajectoryRow[]): void {
  for (const { id, related } of rows) {
    if (!related) continue;
    loaders.provider.prime(related.provider.id, related.provider);
    if (related.expertiseRequests) loaders.expertiseRequestsOf.prime(id, related.expertiseRequests);
    for (const provider of related.requestProviders ?? []) loaders.provider.prime(provider.id, provider);
    if (related.youth) loaders.youth.prime(related.youth.id, related.youth);
    loaders.pic.prime(related.pic.id, related.pic as Pic);
    loaders.profile.prime(related.profile.id, related.profile as Profile);
    loaders.intensity.prime(related.intensity.id, related.intensity as Intensity);
  }
}

export function trajectoryLoaders(service: TrajectoryService, proposals: PicProposalService) {
  return {
    trajectory: byIdLoader((ids) => service.byIds(ids)),
    // The one way resolvers reach a youth: every youth handed out is in the access log, whichever
    // path led to it (a trajectory, a sibling in a family plan, a signal from the birth date).
    youth: readsRecordedLoader(
      (ids) => service.youthsByIds(ids),
      (ids) => service.recordYouthReads(ids),
    ),
    involvementOf: groupedLoader(
      (ids) => service.involvementOf(ids),
      (r) => r.trajectoryId,
    ),
    eventsOf: groupedLoader(
      (ids) => service.eventsOf(ids),
      (e) => e.trajectoryId,
    ),
    transfersOf: groupedLoader(
      (ids) => service.transfersOf(ids),
      (t) => t.trajectoryId,
    ),
    picProposalsOf: groupedLoader(
      (ids) => proposals.ofTrajectories(ids),
      (p) => p.trajectoryId,
    ),
  };
}
