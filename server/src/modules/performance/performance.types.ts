import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { Profile } from '../catalogue/catalogue.entity.js';
import { Consortium } from '../consortium/consortium.entity.js';
import { Area, Municipality } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { ReferrerType } from '../trajectory/trajectory.types.js';
import {
  FIGURE_NAMES,
  INTAKE_FIGURE_NAMES,
  type FigureName,
  type Figures,
  type IntakeFigureName,
  type IntakeFigures,
} from './performance.rules.js';

type PublishedFigureName = FigureName | IntakeFigureName;

/** The figure names as a GraphQL enum: TRAJECTORIES_CLOSED → trajectoriesClosed. */
export const PerformanceFigure = Object.fromEntries(
  [...FIGURE_NAMES, ...INTAKE_FIGURE_NAMES].map((name) => [name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), name]),
) as Record<string, PublishedFigureName>;
registerEnumType(PerformanceFigure, { name: 'PerformanceFigure', description: 'One figure of PerformanceFigures' });

export enum PeriodGranularity {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(PeriodGranularity, { name: 'PeriodGranularity' });

/** How every published figure is protected against disclosure (also in the README, "Performance figures"). */
export const DISCLOSURE_CONTROL =
  'Statistical disclosure control: figures cover one complete calendar month, quarter or year only (a fixed period grid); ' +
  'every count and sum is perturbed by the cell-key method (ONS, ABS): noise of at most ±2 (a sum: ±1 largest single value) ' +
  'that follows from the records’ fixed keys, the same wherever the same group appears, so that no difference of published ' +
  'figures isolates a youth; rates and means are computed from the perturbed counts and sums.';

const INTAKE_FIGURES_ONLY =
  'Published for a whole consortium or municipality and per provider (by its current responsible provider); null in the ' +
  'breakdowns by profile, area and period.';

@ObjectType({
  description: 'How many of a group ended for one reason (JZ588); count null when withheld (under 5 youths)',
})
export class ReasonCount {
  @Field(() => String, { description: 'JZ588 code, e.g. "32"' })
  code!: string;

  @Field(() => String, { description: 'The JZ588 meaning, in Dutch' })
  label!: string;

  @Field(() => Int, { nullable: true })
  count!: number | null;
}

@ObjectType({
  description:
    'Aggregates for contract managers. A count or rate over fewer than 5 youths is null (suppressed), and so is a group ' +
    'that could otherwise be derived by subtracting the other groups from the total. Rates and shares are fractions (0–1, 3 decimals). ' +
    DISCLOSURE_CONTROL,
})
export class PerformanceFigures {
  @Field(() => Int, { nullable: true })
  trajectoriesClosed!: number | null;

  @Field(() => Int, { nullable: true, description: 'Distinct youths' })
  youthCount!: number | null;

  @Field(() => Float, { nullable: true, description: '(achieved + 0.5 × partly achieved) / treatment goals' })
  goalRealisationRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean score 1–10 of the youths who answered (1 decimal)' })
  satisfactionYouthAvg!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean score 1–10 of the parents/carers who answered (1 decimal)' })
  satisfactionParentAvg!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share ended one-sidedly by the client (CBS end code 03)' })
  dropoutRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share ended according to plan (CBS end code 01)' })
  endedAsPlannedRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share followed by a new trajectory for the same youth within 12 months of closure',
  })
  repeatUseRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean days from referral to the start of care (1 decimal)' })
  averageWaitingDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'Mean PIC tariff, euro cents' })
  averageTariffCents!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Mean settled amount per trajectory, euro cents (TASK trajectories have none and are left out)',
  })
  averageCostCents!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Settled amounts / PIC tariffs of the same trajectories (TASK left out)',
  })
  costToTariffRatio!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share with a HIGH intensity level' })
  highIntensityShare!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share with a LONG duration' })
  longDurationShare!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Referred and not yet started on the last day of the period (INTAKE or REFERRED). ${INTAKE_FIGURES_ONLY}`,
  })
  waitingNow!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Referrals of the same youth in the 365 days up to the start, per youth started in the period (1.0 = straight to ' +
      `help; "referred and referred again" shows above it; 2 decimals). ${INTAKE_FIGURES_ONLY}`,
  })
  referralsPerYouth!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: `Share of the starts in the period whose PIC changed after the provider’s referral check. ${INTAKE_FIGURES_ONLY}`,
  })
  picChangeRate!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Consortium intakes whose deadline fell in the period without a main contractor assigned by then; null without ' +
      `intakes. ${INTAKE_FIGURES_ONLY}`,
  })
  overdueIntakes!: number | null;

  @Field(() => [ReasonCount], {
    description:
      'Trajectories that ended early (not according to plan: CBS end codes 02–05), by JZ588 reason, most first. ' +
      'Filled for a whole consortium or municipality and per provider; empty in the other breakdowns.',
  })
  dropoutByReason!: ReasonCount[];

  @Field(() => [PerformanceFigure], {
    description: 'The figures withheld (shown as "< 5"); any other null means there is nothing to count',
  })
  suppressed!: PublishedFigureName[];
}

/** Figures as the GraphQL type wants them; the intake figures and reasons where the group has them. */
export function toPerformanceFigures(
  figures: Figures,
  intake?: IntakeFigures,
  reasons: ReasonCount[] = [],
): PerformanceFigures {
  const noIntake = { waitingNow: null, referralsPerYouth: null, picChangeRate: null, overdueIntakes: null };
  return {
    ...figures.values,
    ...(intake?.values ?? noIntake),
    dropoutByReason: reasons,
    suppressed: [...figures.suppressed, ...(intake?.suppressed ?? [])],
  };
}

@ObjectType()
export class ProviderPerformance {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;
}

@ObjectType()
export class ProfilePerformance {
  @Field(() => Profile)
  profile!: Profile;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;
}

@ObjectType()
export class AreaPerformance {
  @Field(() => Area, { nullable: true, description: 'null: trajectories without a recorded area' })
  area!: Area | null;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;
}

@ObjectType()
export class PeriodPerformance {
  @Field(() => String, { description: '2024-03 for a month, 2024-Q1 for a quarter (by closing date)' })
  period!: string;

  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;
}

export interface ConsortiumBreakdowns {
  byProfile: ProfilePerformance[];
  byArea: (AreaPerformance & { municipalityCode: string | null })[];
  byMonth: PeriodPerformance[];
  byQuarter: PeriodPerformance[];
}

export interface ConsortiumPerformanceResult extends Partial<ConsortiumBreakdowns> {
  consortium: Consortium;
  from: string;
  to: string;
  municipality: Municipality | null;
  figures: PerformanceFigures;
  byProvider: ProviderPerformance[];
}

@ObjectType({
  description:
    'The trajectories closed in [from, to] (one complete calendar month, quarter or year) whose responsible provider was a lead or ' +
    'partner of the consortium on the closing date: of the contract manager’s municipality, or of every municipality for the region',
})
export class ConsortiumPerformance {
  @Field(() => Consortium)
  consortium!: Consortium;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => Municipality, { nullable: true, description: 'Whose trajectories count; null: all municipalities' })
  municipality!: Municipality | null;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;

  @Field(() => [ProviderPerformance])
  byProvider!: ProviderPerformance[];
}

@ObjectType({
  description:
    'Who waited (referred, not started) at the end of one calendar month; null when withheld (1–4 youths, see suppressed). ' +
    DISCLOSURE_CONTROL,
})
export class WaitingAtMonthEnd {
  @Field(() => String, { description: '2025-03' })
  month!: string;

  @Field(() => DateScalar, { description: 'The last day of the month: waiting at its end' })
  end!: string;

  @Field(() => Int, { nullable: true })
  waitingNow!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'Is a referral reproducible? The starts in the period of one referrer type or one referring organisation: how often the ' +
    'provider’s check changed the PIC, and how often the youth had been referred before. Suppressed under 5 youths.',
})
export class ReferrerPerformance {
  @Field(() => ReferrerType, { nullable: true, description: 'Set in byReferrerType' })
  referrerType!: ReferrerType | null;

  @Field(() => String, { nullable: true, description: 'The referring organisation, set in byReferringOrganisation' })
  organisationName!: string | null;

  @Field(() => Float, { nullable: true })
  picChangeRate!: number | null;

  @Field(() => Float, { nullable: true })
  referralsPerYouth!: number | null;

  @Field(() => [PerformanceFigure])
  suppressed!: PublishedFigureName[];
}

export interface MunicipalityPerformanceResult {
  municipality: Municipality;
  from: string;
  to: string;
  figures: PerformanceFigures;
  byConsortium: ConsortiumPerformanceResult[];
  byProvider: ProviderPerformance[];
  byReferrerType: ReferrerPerformance[];
  byReferringOrganisation: ReferrerPerformance[];
}

@ObjectType({
  description:
    'All specialist youth care bought by one municipality, consortium or not: the trajectories of that municipality closed ' +
    'in [from, to] (one complete calendar month, quarter or year), per consortium (its leads and partners on the closing ' +
    'date) and per provider, including the providers outside the consortia. Suppressed like every figure.',
})
export class MunicipalityPerformance {
  @Field(() => Municipality)
  municipality!: Municipality;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => PerformanceFigures)
  figures!: PerformanceFigures;

  @Field(() => [ConsortiumPerformance])
  byConsortium!: ConsortiumPerformanceResult[];

  @Field(() => [ProviderPerformance], { description: 'Every provider with trajectories of this municipality, A–Z' })
  byProvider!: ProviderPerformance[];

  @Field(() => [ReferrerPerformance])
  byReferrerType!: ReferrerPerformance[];

  @Field(() => [ReferrerPerformance])
  byReferringOrganisation!: ReferrerPerformance[];
}

@ObjectType({
  description:
    'Published outcome figures: what a referrer and a family may compare providers on. Null under 5 youths (suppressed). ' +
    DISCLOSURE_CONTROL,
})
export class OutcomeFigures {
  @Field(() => Int, { nullable: true })
  trajectoriesClosed!: number | null;

  @Field(() => Int, { nullable: true })
  youthCount!: number | null;

  @Field(() => Float, { nullable: true })
  goalRealisationRate!: number | null;

  @Field(() => Float, { nullable: true })
  satisfactionYouthAvg!: number | null;

  @Field(() => Float, { nullable: true })
  satisfactionParentAvg!: number | null;

  @Field(() => Float, { nullable: true })
  dropoutRate!: number | null;

  @Field(() => Float, { nullable: true })
  endedAsPlannedRate!: number | null;

  @Field(() => Float, { nullable: true })
  repeatUseRate!: number | null;

  @Field(() => Float, { nullable: true })
  averageWaitingDays!: number | null;

  @Field(() => [PerformanceFigure])
  suppressed!: FigureName[];
}

@ObjectType()
export class ProviderOutcome {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => OutcomeFigures)
  figures!: OutcomeFigures;
}

@ObjectType({
  description:
    'Each provider’s results over all H10 municipalities in the last complete calendar year, for choosing a provider on its results',
})
export class PublishedOutcomes {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => Profile, { nullable: true, description: 'Only trajectories of this profile; null: all profiles' })
  profile!: Profile | null;

  @Field(() => OutcomeFigures, {
    description:
      'All providers together: the region’s figures each provider is compared with, suppressed like all figures',
  })
  region!: OutcomeFigures;

  @Field(() => [ProviderOutcome])
  providers!: ProviderOutcome[];
}

@ObjectType({ description: 'How a provider’s heavy share compares with its peers in the same profiles' })
export class IntensityComparison {
  @Field(() => Int, {
    description:
      'Trajectories of the provider in the compared profiles (perturbed by the cell-key method, like every count)',
  })
  trajectories!: number;

  @Field(() => Int, { description: 'Profiles in which the peers closed enough trajectories to compare' })
  comparedProfiles!: number;

  @Field(() => Float, { description: 'Heavy share, from the perturbed counts' })
  observedShare!: number;

  @Field(() => Float, { description: 'The peers’ share, weighted by this provider’s mix of profiles' })
  expectedShare!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'observed / expected (from the perturbed counts); null when the peers never chose it (infinitely more)',
  })
  ratio!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'One-sided Cochran–Mantel–Haenszel z on the exact counts; null when nothing varies',
  })
  zScore!: number | null;

  @Field(() => Boolean, { description: 'Decided on the exact counts: never on noise' })
  flagged!: boolean;
}

@ObjectType()
export class ProviderIntensityAssessment {
  @Field(() => Provider)
  provider!: Provider;

  @Field(() => Boolean, { description: 'Uses clearly heavier intensities than its peers on either measure' })
  flagged!: boolean;

  @Field(() => IntensityComparison, {
    nullable: true,
    description: 'Share of HIGH intensity levels; null: too few trajectories to judge',
  })
  highLevel!: IntensityComparison | null;

  @Field(() => IntensityComparison, {
    nullable: true,
    description: 'Share of LONG durations; null: too few trajectories to judge',
  })
  longDuration!: IntensityComparison | null;
}

@ObjectType({ description: 'When a provider is flagged' })
export class OutlierThresholds {
  @Field(() => Float)
  minimumRatio!: number;

  @Field(() => Float)
  minimumZ!: number;

  @Field(() => Int)
  minimumProviderTrajectories!: number;

  @Field(() => Int)
  minimumPeerTrajectories!: number;
}

@ObjectType({
  description:
    'High trust, high penalty: providers that use heavier intensities than their peers for the same profiles',
})
export class IntensityOutlierReport {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => Municipality, { nullable: true, description: 'Whose trajectories count; null: all municipalities' })
  municipality!: Municipality | null;

  @Field(() => OutlierThresholds)
  thresholds!: OutlierThresholds;

  @Field(() => [ProviderIntensityAssessment], { description: 'Flagged providers first' })
  providers!: ProviderIntensityAssessment[];
}
