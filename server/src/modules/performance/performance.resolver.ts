import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { selectsAnyOf } from '../../core/graphql/selection.js';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import {
  ConsortiumPerformanceArgs,
  MunicipalityPerformanceArgs,
  PeriodArgs,
  ProviderOutcomesArgs,
} from './performance.inputs.js';
import {
  AreaPerformance,
  ConsortiumPerformance,
  IntensityOutlierReport,
  MunicipalityPerformance,
  PeriodGranularity,
  PeriodPerformance,
  ProfilePerformance,
  PublishedOutcomes,
  WaitingAtMonthEnd,
  type ConsortiumPerformanceResult,
  type MunicipalityPerformanceResult,
} from './performance.types.js';

const JUDGES = [Role.CONTRACT_MANAGER, Role.REGION_ADMIN];

const INTAKE_FIELDS = new Set([
  'waitingNow',
  'referralsPerYouth',
  'picChangeRate',
  'overdueIntakes',
  'byReferrerType',
  'byReferringOrganisation',
]);
const REASON_FIELDS = new Set(['dropoutByReason']);
const BREAKDOWN_FIELDS = new Set(['byProfile', 'byArea', 'byPeriod']);
/** The costlier figures the client reads (performance.service.ts computes only those). */
const wantedIn = (info: GraphQLResolveInfo) => ({
  intake: selectsAnyOf(info, INTAKE_FIELDS),
  reasons: selectsAnyOf(info, REASON_FIELDS),
  breakdowns: selectsAnyOf(info, BREAKDOWN_FIELDS),
});

@Resolver(() => ConsortiumPerformance)
export class PerformanceResolver {
  @Authorized(...JUDGES)
  @Query(() => ConsortiumPerformance, {
    description:
      'A consortium’s figures over one complete calendar month, quarter or year: the contract manager’s municipality, or all ' +
      'municipalities for the region. Protected by statistical disclosure control: a fixed period grid, the cell-key method ' +
      '(ONS, ABS) and suppression under 5 youths (see PerformanceFigures).',
  })
  consortiumPerformance(
    @Args(() => ConsortiumPerformanceArgs) args: ConsortiumPerformanceArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConsortiumPerformanceResult> {
    return ctx.services.performance.consortiumPerformance(args, wantedIn(info));
  }

  @Authorized(...JUDGES)
  @Query(() => MunicipalityPerformance, {
    description:
      'All specialist youth care of one municipality over one complete calendar month, quarter or year: consortia and the ' +
      'providers outside them. A contract manager sees its own municipality only. Protected like consortiumPerformance.',
  })
  municipalityPerformance(
    @Args(() => MunicipalityPerformanceArgs) args: MunicipalityPerformanceArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.performance.municipalityPerformance(args);
  }

  @Authorized(...JUDGES)
  @Query(() => String, {
    description:
      'consortiumPerformance as CSV (RFC 4180, comma-separated, decimal point): the total and every breakdown; a withheld figure reads "< 5"',
  })
  consortiumPerformanceCsv(
    @Args(() => ConsortiumPerformanceArgs) args: ConsortiumPerformanceArgs,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return ctx.services.performance.consortiumPerformanceCsv(args);
  }

  @Authorized(...JUDGES)
  @Query(() => IntensityOutlierReport, {
    description:
      'High trust, high penalty: providers using heavier intensities than their peers for the same profiles, over one ' +
      'complete calendar month, quarter or year',
  })
  intensityOutliers(@Args(() => PeriodArgs) args: PeriodArgs, @Ctx() ctx: Context) {
    return ctx.services.performance.intensityOutliers(args);
  }

  @Authorized()
  @Query(() => PublishedOutcomes, {
    description:
      'Each provider’s results over all municipalities in the last complete calendar year, to choose a provider on results; ' +
      'perturbed by the cell-key method and suppressed under 5 youths like the contract managers’ figures',
  })
  providerOutcomes(@Args(() => ProviderOutcomesArgs) args: ProviderOutcomesArgs, @Ctx() ctx: Context) {
    return ctx.services.performance.providerOutcomes(args);
  }

  @FieldResolver(() => [WaitingAtMonthEnd], { description: 'Who waited at the end of each month of the period' })
  waitingByMonth(@Root() result: ConsortiumPerformanceResult, @Ctx() ctx: Context): Promise<WaitingAtMonthEnd[]> {
    const scope = { municipalityId: result.municipality?.id ?? null, consortiumId: result.consortium.id };
    return ctx.services.performance.waitingByMonth(scope, result.from, result.to);
  }

  @FieldResolver(() => [ProfilePerformance])
  async byProfile(@Root() result: ConsortiumPerformanceResult, @Ctx() ctx: Context): Promise<ProfilePerformance[]> {
    return (await ctx.services.performance.breakdownsOf(result)).byProfile;
  }

  @FieldResolver(() => [AreaPerformance])
  async byArea(@Root() result: ConsortiumPerformanceResult, @Ctx() ctx: Context): Promise<AreaPerformance[]> {
    return (await ctx.services.performance.breakdownsOf(result)).byArea;
  }

  @FieldResolver(() => [PeriodPerformance], { description: 'By month or quarter of the closing date' })
  async byPeriod(
    @Root() result: ConsortiumPerformanceResult,
    @Arg('granularity', () => PeriodGranularity, { defaultValue: PeriodGranularity.MONTH })
    granularity: PeriodGranularity,
    @Ctx() ctx: Context,
  ): Promise<PeriodPerformance[]> {
    const breakdowns = await ctx.services.performance.breakdownsOf(result);
    return granularity === PeriodGranularity.QUARTER ? breakdowns.byQuarter : breakdowns.byMonth;
  }
}

@Resolver(() => MunicipalityPerformance)
export class MunicipalityPerformanceResolver {
  @FieldResolver(() => [WaitingAtMonthEnd], { description: 'Who waited at the end of each month of the period' })
  waitingByMonth(@Root() result: MunicipalityPerformanceResult, @Ctx() ctx: Context): Promise<WaitingAtMonthEnd[]> {
    const scope = { municipalityId: result.municipality.id, consortiumId: null };
    return ctx.services.performance.waitingByMonth(scope, result.from, result.to);
  }
}
