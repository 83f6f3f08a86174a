import { graphql, type ResultOf } from './index';

/** Every outcome figure of a group; null where suppressed (named in `suppressed`) or nothing to count. */
export const FiguresFields = graphql(`
  fragment FiguresFields on PerformanceFigures @_unmask {
    trajectoriesClosed
    youthCount
    goalRealisationRate
    satisfactionYouthAvg
    satisfactionParentAvg
    dropoutRate
    endedAsPlannedRate
    repeatUseRate
    averageWaitingDays
    averageCostCents
    averageTariffCents
    costToTariffRatio
    highIntensityShare
    longDurationShare
    waitingNow
    referralsPerYouth
    picChangeRate
    overdueIntakes
    dropoutByReason {
      code
      label
      count
    }
    suppressed
  }
`);
export type Figures = ResultOf<typeof FiguresFields>;
export type ReasonCount = Figures['dropoutByReason'][number];

/** Who waited at the end of each month of a period. */
export const WaitingFields = graphql(`
  fragment WaitingFields on WaitingAtMonthEnd @_unmask {
    month
    end
    waitingNow
    suppressed
  }
`);
export type WaitingAtMonthEnd = ResultOf<typeof WaitingFields>;
export type FigureName = Figures['suppressed'][number];

export const PerformanceDashboard = graphql(
  `
    query PerformanceDashboard($consortiumId: ID!, $from: Date!, $to: Date!, $granularity: PeriodGranularity!) {
      consortiumPerformance(consortiumId: $consortiumId, from: $from, to: $to) {
        consortium {
          id
          name
        }
        municipality {
          id
          name
        }
        from
        to
        figures {
          ...FiguresFields
        }
        byProvider {
          provider {
            id
            name
          }
          figures {
            ...FiguresFields
          }
        }
        byProfile {
          profile {
            id
            code
            name
          }
          figures {
            ...FiguresFields
          }
        }
        byArea {
          area {
            id
            name
          }
          figures {
            ...FiguresFields
          }
        }
        byPeriod(granularity: $granularity) {
          period
          start
          end
          figures {
            ...FiguresFields
          }
        }
        waitingByMonth {
          ...WaitingFields
        }
      }
      intensityOutliers(from: $from, to: $to) {
        thresholds {
          minimumRatio
          minimumZ
          minimumProviderTrajectories
          minimumPeerTrajectories
        }
        providers {
          flagged
          provider {
            id
            name
          }
          highLevel {
            observedShare
            expectedShare
            ratio
            zScore
            trajectories
            comparedProfiles
            flagged
          }
          longDuration {
            observedShare
            expectedShare
            ratio
            zScore
            trajectories
            comparedProfiles
            flagged
          }
        }
      }
    }
  `,
  [FiguresFields, WaitingFields],
);

/** A municipality's whole specialist youth care: consortia, every provider it contracts, the referral check. */
export const MunicipalityDashboard = graphql(
  `
    query MunicipalityDashboard($municipalityId: ID!, $from: Date!, $to: Date!) {
      municipalityPerformance(municipalityId: $municipalityId, from: $from, to: $to) {
        municipality {
          id
          name
        }
        from
        to
        figures {
          ...FiguresFields
        }
        byConsortium {
          consortium {
            id
            name
          }
          figures {
            ...FiguresFields
          }
          byProvider {
            provider {
              id
            }
          }
        }
        byProvider {
          provider {
            id
            name
          }
          figures {
            ...FiguresFields
          }
        }
        byReferrerType {
          referrerType
          picChangeRate
          referralsPerYouth
          suppressed
        }
        byReferringOrganisation {
          organisationName
          picChangeRate
          referralsPerYouth
          suppressed
        }
        waitingByMonth {
          ...WaitingFields
        }
      }
    }
  `,
  [FiguresFields, WaitingFields],
);

export const MunicipalityChoices = graphql(`
  query MunicipalityChoices {
    municipalities {
      id
      name
    }
  }
`);

export const PerformanceConsortia = graphql(`
  query PerformanceConsortia {
    consortia {
      id
      name
      members {
        role
        provider {
          id
          name
        }
      }
    }
  }
`);

export const PerformanceCsv = graphql(`
  query PerformanceCsv($consortiumId: ID!, $from: Date!, $to: Date!) {
    consortiumPerformanceCsv(consortiumId: $consortiumId, from: $from, to: $to)
  }
`);
