import { graphql } from '$lib/graphql';
import { api } from '$lib/server/graphql';
import { ownProviderId } from '$lib/server/viewer';
import type { PageServerLoad } from './$types';

/** The published outcome figures; null where suppressed (named in `suppressed`) or nothing to count. */
const OutcomeFiguresFields = graphql(`
  fragment OutcomeFiguresFields on OutcomeFigures @_unmask {
    trajectoriesClosed
    goalRealisationRate
    satisfactionYouthAvg
    satisfactionParentAvg
    dropoutRate
    endedAsPlannedRate
    repeatUseRate
    averageWaitingDays
    suppressed
  }
`);

const OwnFiguresPage = graphql(
  `
    query OwnFiguresPage($profileId: ID) {
      providerOutcomes(profileId: $profileId) {
        from
        to
        profile {
          id
          code
          name
        }
        region {
          ...OutcomeFiguresFields
        }
        providers {
          provider {
            id
            name
          }
          figures {
            ...OutcomeFiguresFields
          }
        }
      }
      profiles {
        id
        code
        name
      }
    }
  `,
  [OutcomeFiguresFields],
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A provider's own published results beside the region's, over the last complete year, optionally for one profile. */
export const load: PageServerLoad = async (event) => {
  const providerId = ownProviderId(event.locals.viewer);
  const chosen = event.url.searchParams.get('profile');
  const profileId = chosen && UUID.test(chosen) ? chosen : null;
  const { providerOutcomes, profiles } = await api(event).query(OwnFiguresPage, { profileId });
  return {
    outcomes: providerOutcomes,
    own: providerOutcomes.providers.find((p) => p.provider.id === providerId)?.figures ?? null,
    profiles,
    profileId,
  };
};
