import { groupedLoader } from '../../core/graphql/loaders.js';
import type { OutcomeService } from './outcome.service.js';

export function outcomeLoaders(service: OutcomeService) {
  return {
    outcomeVersionsOf: groupedLoader(
      (ids) => service.versionsOf(ids),
      (o) => o.trajectoryId,
    ),
    goalResultsOf: groupedLoader(
      (ids) => service.goalResultsOf(ids),
      (r) => r.outcomeReportId,
    ),
    societalResultOf: groupedLoader(
      (ids) => service.societalResultsOf(ids),
      (r) => r.goalId,
    ),
  };
}
