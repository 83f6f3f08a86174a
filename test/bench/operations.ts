/**
 * The benchmarked GraphQL operations: what the portal's pages ask for. Shared by the bench and by
 * the statement-bound test (test/integration/performance-bounds.test.ts).
 */

/** The caseload: a provider's first page of trajectories with what the list shows. */
export const CASELOAD_QUERY = `query Caseload($first: Int) {
  trajectories(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status lastActivityAt
      youth { id initials birthDate }
      referral { pic { id tariffCents profile { code name segment } intensity { code } } }
      responsibleProvider { id name }
      expertiseRequests { id status mode provider { id name } }
    } }
  }
}`;

/** The trajectory page: plans, goals, expertise and the timeline. */
export const TRAJECTORY_QUERY = `query Trajectory($id: ID!) {
  trajectory(id: $id) {
    id status startedAt closedAt lastActivityAt
    youth { id initials birthDate }
    referral { referrerType referredAt fundingVariant pic { tariffCents profile { code name } intensity { code } } }
    responsibleProvider { id name }
    familyPlan { id version question context updatedAt youths { id initials birthDate } goals { id kind description targetDate } }
    helpPlan { id version effortDescription endDate goals { id kind description targetDate contributesTo { id } } }
    expertiseRequests { id status mode question requestedAt provider { id name } requestedBy { id name } }
    timeline { id at kind actorName detail }
  }
}`;

const FIGURES =
  'trajectoriesClosed goalRealisationRate satisfactionYouthAvg satisfactionParentAvg dropoutRate averageCostCents';
const FIGURES_2023 = 'waitingNow referralsPerYouth picChangeRate';

/** A contract manager's consortium figures for a period, per provider. */
export const PERFORMANCE_QUERY = `query ConsortiumPerformance($consortiumId: ID!, $from: Date!, $to: Date!) {
  consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
    consortium { id name } from to
    figures { ${FIGURES} }
    byProvider { provider { id name } figures { ${FIGURES} } }
  }
}`;

/** A contract manager's whole municipality for a period: consortia and the providers outside them, with the 2023 figures. */
export const MUNICIPALITY_PERFORMANCE_QUERY = `query MunicipalityPerformance($municipalityId: ID!, $from: Date!, $to: Date!) {
  municipalityPerformance(municipalityId: $municipalityId, from: $from, to: $to) {
    municipality { id name } from to
    figures { ${FIGURES} ${FIGURES_2023} }
    byConsortium { consortium { id name } figures { ${FIGURES} ${FIGURES_2023} } }
    byProvider { provider { id name } figures { ${FIGURES} ${FIGURES_2023} } }
  }
}`;

/** A help-plan edit: version check, revision, timeline event (notification) and access log. */
export const UPDATE_HELP_PLAN_MUTATION = `mutation UpdateHelpPlan($input: UpdateHelpPlanInput!) {
  updateHelpPlan(input: $input) { id version effortDescription endDate }
}`;

/** The intake board: a consortium lead's first page of who waits, oldest first, with what the board shows. */
export const WAITING_LIST_QUERY = `query WaitingList($consortiumId: ID!, $first: Int) {
  waitingList(consortiumId: $consortiumId, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status intakeDeadline waitingDays
      youth { id initials birthDate }
      referral { referredAt pic { id profile { code name } intensity { code } } }
      area { id name }
      responsibleProvider { id name }
    } }
  }
}`;

/** "Waar is plek?": a referrer's free places for one profile in one area, with the age of each figure. */
export const CAPACITY_QUERY = `query Capacity($profileId: ID, $areaId: ID) {
  capacity(profileId: $profileId, areaId: $areaId) {
    provider { id name }
    profile { id code name }
    area { id name }
    freePlaces updatedAt ageDays stale
  }
}`;

// municipalityPerformance (a contract manager's whole municipality, consortium providers and the
// others) joins the bench when the API has it: its operation goes here, its hand-written baseline
// in baseline-sql.ts, and bench.ts lists it as not available until then.

/** The demo accounts the bench acts as (password `samenspel-demo`). */
export const PROVIDER_ACCOUNT = 'staff@jeugdformaat.example';
export const CONTRACT_MANAGER_ACCOUNT = 'contractmanager@denhaag.example';
export const REFERRER_ACCOUNT = 'lokaalteam@denhaag.example';
