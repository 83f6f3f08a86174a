import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { ForbiddenError } from '../../core/errors/errors.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Profile } from '../catalogue/catalogue.entity.js';
import { Consortium } from '../consortium/consortium.entity.js';
import { IntegratedTeam } from '../integrated-team/integrated-team.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Subcontract } from '../subcontract/subcontract.entity.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import { RequestExpertiseInput, RespondToExpertiseRequestInput } from './expertise.inputs.js';
import {
  EligibleExpertiseProvider,
  ExpertiseRequest,
  type EligibleProviderRow,
  type ExpertiseRequestRow,
} from './expertise.types.js';

const PROVIDER_ROLES = [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN];

@Resolver(() => ExpertiseRequest)
export class ExpertiseRequestResolver {
  @Authorized(...PROVIDER_ROLES)
  @Query(() => [ExpertiseRequest], {
    description: 'Requests addressed to your organisation that are open or being worked on',
  })
  expertiseRequestsInbox(@Ctx() ctx: Context): Promise<ExpertiseRequestRow[]> {
    return ctx.services.expertise.inbox();
  }

  @Authorized(...PROVIDER_ROLES)
  @Query(() => [ExpertiseRequest], {
    description: 'Requests your organisation sent as main contractor (the latest 500), optionally to one provider',
  })
  sentExpertiseRequests(
    @Arg('toProviderId', () => ID, { nullable: true }) toProviderId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ExpertiseRequestRow[]> {
    return ctx.services.expertise.sent(toProviderId);
  }

  @Authorized(...PROVIDER_ROLES)
  @Query(() => [EligibleExpertiseProvider], {
    description: 'The providers you may ask for expertise on this trajectory today, and why',
  })
  eligibleExpertiseProviders(
    @Arg('trajectoryId', () => ID) trajectoryId: string,
    @Arg('profileId', () => ID, { nullable: true }) profileId: string | null,
    @Ctx() ctx: Context,
  ): Promise<EligibleProviderRow[]> {
    return ctx.services.expertise.eligibleFor(trajectoryId, profileId);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => ExpertiseRequest, {
    description: 'The responsible provider asks another provider; it stays responsible',
  })
  requestExpertise(
    @Arg('input', () => RequestExpertiseInput) input: RequestExpertiseInput,
    @Ctx() ctx: Context,
  ): Promise<ExpertiseRequestRow> {
    return ctx.services.expertise.request(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => ExpertiseRequest)
  respondToExpertiseRequest(
    @Arg('input', () => RespondToExpertiseRequestInput) input: RespondToExpertiseRequestInput,
    @Ctx() ctx: Context,
  ): Promise<ExpertiseRequestRow> {
    return ctx.services.expertise.respond(input);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => ExpertiseRequest, {
    description: 'Ends an accepted request; the provider no longer sees new information',
  })
  completeExpertiseRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExpertiseRequestRow> {
    return ctx.services.expertise.complete(id);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => ExpertiseRequest, { description: 'The responsible provider withdraws a request' })
  withdrawExpertiseRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ExpertiseRequestRow> {
    return ctx.services.expertise.withdraw(id);
  }

  @FieldResolver(() => Trajectory, { description: 'Visible to the receiver only while it has accepted the request' })
  async trajectory(@Root() request: ExpertiseRequestRow, @Ctx() ctx: Context): Promise<TrajectoryRow> {
    const trajectory = await ctx.loaders.trajectory.load(request.trajectoryId);
    if (!trajectory)
      throw new ForbiddenError('The family is visible only while your organisation has accepted a request for it.');
    return trajectory;
  }

  @FieldResolver(() => Provider, { description: 'The responsible provider that asked' })
  requestedBy(@Root() request: ExpertiseRequestRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, request.requestedByProviderId, 'provider');
  }

  @FieldResolver(() => Provider, { description: 'The provider asked to add expertise' })
  provider(@Root() request: ExpertiseRequestRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, request.providerId, 'provider');
  }

  @FieldResolver(() => Profile, { nullable: true })
  async profile(@Root() request: ExpertiseRequestRow, @Ctx() ctx: Context): Promise<Profile | null> {
    return request.profileId ? ((await ctx.loaders.profile.load(request.profileId)) ?? null) : null;
  }
}

@Resolver(() => EligibleExpertiseProvider)
export class EligibleExpertiseProviderResolver {
  @FieldResolver(() => Provider)
  provider(@Root() row: EligibleProviderRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, row.providerId, 'provider');
  }

  @FieldResolver(() => Consortium, { nullable: true })
  async consortium(@Root() row: EligibleProviderRow, @Ctx() ctx: Context): Promise<Consortium | null> {
    return row.consortiumId ? ((await ctx.loaders.consortium.load(row.consortiumId)) ?? null) : null;
  }

  @FieldResolver(() => Subcontract, { nullable: true })
  async subcontract(@Root() row: EligibleProviderRow, @Ctx() ctx: Context): Promise<Subcontract | null> {
    return row.subcontractId ? ((await ctx.loaders.subcontract.load(row.subcontractId)) ?? null) : null;
  }

  @FieldResolver(() => IntegratedTeam, { nullable: true })
  async integratedTeam(@Root() row: EligibleProviderRow, @Ctx() ctx: Context): Promise<IntegratedTeam | null> {
    return row.integratedTeamId ? ((await ctx.loaders.integratedTeam.load(row.integratedTeamId)) ?? null) : null;
  }
}
