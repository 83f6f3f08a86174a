import { MunicipalityChoices, MunicipalityDashboard } from '$lib/graphql/performance';
import { api } from '$lib/server/graphql';
import { performanceFilter } from '$lib/server/performance-filter';
import type { PageServerLoad } from './$types';

/**
 * A municipality's whole specialist youth care for one period of the grid. A contract manager sees
 * its own municipality; the region administrator chooses one (?municipality=…, the first by default).
 */
export const load: PageServerLoad = async (event) => {
  const { period, periods } = performanceFilter(event.url, []);
  const client = api(event);
  const organisation = event.locals.viewer?.organisation;
  const choices =
    organisation?.__typename === 'Municipality'
      ? [organisation]
      : (await client.query(MunicipalityChoices, {})).municipalities;
  const requested = event.url.searchParams.get('municipality');
  const municipalityId = choices.find((m) => m.id === requested)?.id ?? choices[0].id;
  const { municipalityPerformance } = await client.query(MunicipalityDashboard, {
    municipalityId,
    from: period.from,
    to: period.to,
  });
  return { period, periods, choices, performance: municipalityPerformance };
};
