import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Decider } from '../family-rights/family-rights.types.js';
import { youthDecidesFrom16 } from '../family-rights/family-rights.rules.js';
import { CARE_ROLES, Role } from '../../core/auth/roles.js';
import { dayOf, daysBetween, today } from '../../core/dates.js';
import { required } from '../../core/graphql/loaders.js';
import { selectsAnyOf } from '../../core/graphql/selection.js';
import type { Context } from '../../context.js';
import { Pic } from '../catalogue/catalogue.entity.js';
import { Consortium } from '../consortium/consortium.entity.js';
import { ExpertiseRequest, type ExpertiseRequestRow } from '../expertise/expertise.types.js';
import { Area, Municipality } from '../municipality/municipality.entity.js';
import { FamilyPlan, HelpPlan, type FamilyPlanRow, type HelpPlanRow } from '../plan/plan.types.js';
import { Provider } from '../provider/provider.entity.js';
import { primeRelated } from './trajectory.loaders.js';
import { pagePartsOf, primeTrajectoryPage, readTrajectoryPage } from './trajectory.page.js';
import {
  AssignMainContractorInput,
  CreateReferralInput,
  DeclineReferralArgs,
  ReferToConsortiumInput,
  WaitingListArgs,
  RespondToTransferInput,
  TrajectoriesArgs,
  TransferResponsibilityInput,
} from './trajectory.inputs.js';
import { PicProposal, PicProposalStatus, type PicProposalRow } from './pic-proposal.types.js';
import { ageOn } from './trajectory.rules.js';
import { signalsOf } from './trajectory.signals.js';
import {
  COD327,
  Involvement,
  Referral,
  ResponsibilityTransfer,
  Trajectory,
  TrajectoryConnection,
  TrajectoryEvent,
  TrajectorySignal,
  TrajectoryStatus,
  Youth,
  type ResponsibilityTransferRow,
  type TrajectoryEventRow,
  type TrajectoryRow,
  type YouthRow,
} from './trajectory.types.js';

const PROVIDER_ROLES = [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN];
const TOTAL = new Set(['totalCount']);
const REQUESTS = new Set(['expertiseRequests', 'signals']);

@Resolver(() => Trajectory)
export class TrajectoryResolver {
  @Authorized(...CARE_ROLES)
  @Query(() => TrajectoryConnection, { description: 'The viewer’s trajectories, most recent activity first' })
  async trajectories(
    @Args(() => TrajectoriesArgs) args: TrajectoriesArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    // what the list shows is read in its one statement; the total only when asked for
    const connection = await ctx.services.trajectory.list(args, {
      total: selectsAnyOf(info, TOTAL),
      requests: selectsAnyOf(info, REQUESTS),
    });
    primeRelated(
      ctx.loaders,
      connection.edges.map((e) => e.node),
    );
    return connection;
  }

  @Authorized(...CARE_ROLES)
  @Query(() => Trajectory, { nullable: true })
  async trajectory(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TrajectoryRow | null> {
    const parts = pagePartsOf(info);
    const page = await readTrajectoryPage(ctx.services, ctx.db, id, parts);
    return page && primeTrajectoryPage(ctx.loaders, page, parts);
  }

  @Authorized(Role.REFERRER)
  @Mutation(() => Trajectory, {
    description: 'A referral by the local team: youth, family plan and trajectory, to one responsible provider',
  })
  createReferral(
    @Arg('input', () => CreateReferralInput) input: CreateReferralInput,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.referral.createReferral(input);
  }

  @Authorized(Role.REFERRER)
  @Mutation(() => Trajectory, {
    description:
      'A referral to the consortium of an area (the 2023 model): status INTAKE, the lead responsible until it assigns a main contractor',
  })
  referToConsortium(
    @Arg('input', () => ReferToConsortiumInput) input: ReferToConsortiumInput,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.referral.referToConsortium(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => Trajectory, {
    description: 'The consortium’s lead assigns a lead or partner as main contractor during intake',
  })
  assignMainContractor(
    @Arg('input', () => AssignMainContractorInput) input: AssignMainContractorInput,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.referral.assignMainContractor(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Query(() => TrajectoryConnection, {
    description: 'Who waits in a consortium’s intake (INTAKE or REFERRED), oldest first: for its leads and partners',
  })
  async waitingList(@Args(() => WaitingListArgs) args: WaitingListArgs, @Ctx() ctx: Context) {
    const connection = await ctx.services.trajectory.waitingList(args);
    primeRelated(
      ctx.loaders,
      connection.edges.map((e) => e.node),
    );
    return connection;
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => Trajectory)
  acceptReferral(@Arg('trajectoryId', () => ID) trajectoryId: string, @Ctx() ctx: Context): Promise<TrajectoryRow> {
    return ctx.services.referral.accept(trajectoryId);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => Trajectory, {
    description:
      'Not for highly specialist care (acceptance obligation). A consortium member returns the youth to the consortium’s intake instead: never to the referrer',
  })
  declineReferral(
    @Args(() => DeclineReferralArgs) { trajectoryId, reason }: DeclineReferralArgs,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.referral.decline(trajectoryId, reason);
  }

  @Authorized(...CARE_ROLES)
  @Mutation(() => Trajectory, {
    description: 'Offers the responsibility to another provider (immediate for highly specialist care)',
  })
  transferResponsibility(
    @Arg('input', () => TransferResponsibilityInput) input: TransferResponsibilityInput,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.transfer.transfer(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => Trajectory, { description: 'The offered provider accepts or declines the responsibility' })
  respondToTransfer(
    @Arg('input', () => RespondToTransferInput) input: RespondToTransferInput,
    @Ctx() ctx: Context,
  ): Promise<TrajectoryRow> {
    return ctx.services.transfer.respondToTransfer(input);
  }

  @FieldResolver(() => Youth)
  youth(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<YouthRow> {
    return required(ctx.loaders.youth, t.youthId, 'youth');
  }

  @FieldResolver(() => Referral)
  referral(@Root() t: TrajectoryRow): TrajectoryRow {
    return t;
  }

  @FieldResolver(() => Consortium, {
    nullable: true,
    description: 'Set when the youth was referred to an area consortium',
  })
  async consortium(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Consortium | null> {
    return t.consortiumId ? required(ctx.loaders.consortium, t.consortiumId, 'consortium') : null;
  }

  @FieldResolver(() => Int, {
    description: 'Calendar days (Amsterdam) from referral to start of care; while still waiting, until today',
  })
  waitingDays(@Root() t: TrajectoryRow): number {
    return daysBetween(dayOf(t.referredAt), dayOf(t.startedAt ?? t.closedAt ?? new Date()));
  }

  @FieldResolver(() => Provider, { description: 'The one responsible provider (hoofdaannemer)' })
  responsibleProvider(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, t.responsibleProviderId, 'provider');
  }

  @FieldResolver(() => Municipality, { description: 'The referring municipality' })
  municipality(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Municipality> {
    return required(ctx.loaders.municipality, t.municipalityId, 'municipality');
  }

  @FieldResolver(() => Area, { nullable: true })
  async area(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Area | null> {
    return t.areaId ? ((await ctx.loaders.area.load(t.areaId)) ?? null) : null;
  }

  @FieldResolver(() => FamilyPlan)
  familyPlan(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<FamilyPlanRow> {
    return required(ctx.loaders.familyPlan, t.familyPlanId, 'family plan');
  }

  @FieldResolver(() => HelpPlan, { nullable: true, description: 'Written after the referral is accepted' })
  async helpPlan(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<HelpPlanRow | null> {
    return (await ctx.loaders.helpPlanOf.load(t.id))[0] ?? null;
  }

  @FieldResolver(() => [ExpertiseRequest])
  expertiseRequests(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<ExpertiseRequestRow[]> {
    return ctx.loaders.expertiseRequestsOf.load(t.id);
  }

  @FieldResolver(() => [TrajectoryEvent], { description: 'Every event, oldest first' })
  timeline(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<TrajectoryEventRow[]> {
    return ctx.loaders.eventsOf.load(t.id);
  }

  @FieldResolver(() => [ResponsibilityTransfer], { description: 'Transfers of responsibility, offered and done' })
  transfers(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<ResponsibilityTransferRow[]> {
    return ctx.loaders.transfersOf.load(t.id);
  }

  @FieldResolver(() => [PicProposal], { description: 'The main contractor’s proposals of another PIC, oldest first' })
  picProposals(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<PicProposalRow[]> {
    return ctx.loaders.picProposalsOf.load(t.id);
  }

  @FieldResolver(() => [Involvement], { description: 'How the viewer’s organisation is involved' })
  async involvement(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Involvement[]> {
    return [...new Set((await ctx.loaders.involvementOf.load(t.id)).map((r) => r.role))];
  }

  @FieldResolver(() => [TrajectorySignal], { description: 'What needs attention' })
  async signals(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<TrajectorySignal[]> {
    const [youth, requests, transfers, proposals] = await Promise.all([
      ctx.loaders.youth.load(t.youthId),
      ctx.loaders.expertiseRequestsOf.load(t.id),
      ctx.loaders.transfersOf.load(t.id),
      ctx.loaders.picProposalsOf.load(t.id),
    ]);
    return signalsOf({
      status: t.status,
      intakeDeadline: t.intakeDeadline,
      birthDate: youth?.birthDate ?? null,
      openExpertiseRequest: requests.some((r) => r.status === 'REQUESTED'),
      transferPending: transfers.some((r) => r.status === 'PENDING'),
      picProposalPending: proposals.some((p) => p.status === PicProposalStatus.PROPOSED),
    });
  }
}

@Resolver(() => Referral)
export class ReferralResolver {
  @FieldResolver(() => Pic)
  pic(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<Pic> {
    return required(ctx.loaders.pic, t.picId, 'pic');
  }

  @FieldResolver(() => String, { description: 'The iJw COD327 code of the referrer type' })
  referrerCode(@Root() t: TrajectoryRow): string {
    return COD327[t.referrerType];
  }
}

@Resolver(() => Youth)
export class YouthResolver {
  @FieldResolver(() => Int, { description: 'Age today, in whole years' })
  age(@Root() youth: YouthRow): number {
    return ageOn(youth.birthDate, today());
  }

  @FieldResolver(() => Decider, { description: 'Who decides today about sharing the file and reading its access log' })
  decides(@Root() youth: YouthRow): Decider {
    return youthDecidesFrom16(youth.birthDate, today());
  }

  @FieldResolver(() => Municipality)
  municipality(@Root() youth: YouthRow, @Ctx() ctx: Context): Promise<Municipality> {
    return required(ctx.loaders.municipality, youth.municipalityId, 'municipality');
  }

  @FieldResolver(() => Area, { nullable: true })
  async area(@Root() youth: YouthRow, @Ctx() ctx: Context): Promise<Area | null> {
    return youth.areaId ? ((await ctx.loaders.area.load(youth.areaId)) ?? null) : null;
  }
}

@Resolver(() => ResponsibilityTransfer)
export class ResponsibilityTransferResolver {
  @FieldResolver(() => Provider)
  fromProvider(@Root() transfer: ResponsibilityTransferRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, transfer.fromProviderId, 'provider');
  }

  @FieldResolver(() => Provider)
  toProvider(@Root() transfer: ResponsibilityTransferRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, transfer.toProviderId, 'provider');
  }
}

@Resolver(() => TrajectoryEvent)
export class TrajectoryEventResolver {
  @FieldResolver(() => Provider, { nullable: true, description: 'The organisation of the person who acted' })
  async actorProvider(@Root() event: TrajectoryEventRow, @Ctx() ctx: Context): Promise<Provider | null> {
    return event.actorProviderId ? ((await ctx.loaders.provider.load(event.actorProviderId)) ?? null) : null;
  }
}
