import { graphql } from '$lib/graphql';
import { api } from '$lib/server/graphql';
import type { PageServerLoad } from './$types';

const FailedJobsPage = graphql(`
  query FailedJobsPage {
    failedJobs {
      id
      queue
      attempts
      createdAt
      failedAt
      error
    }
  }
`);

export const load: PageServerLoad = async (event) => api(event).query(FailedJobsPage, {});
