import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import type { Context } from '../../context.js';
import { Pic } from '../catalogue/catalogue.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { PicProposalsArgs, ProposeOtherPicInput, RespondToPicProposalInput } from './pic-proposal.inputs.js';
import { PicProposal, type PicProposalRow } from './pic-proposal.types.js';
import { Trajectory, type TrajectoryRow } from './trajectory.types.js';

@Resolver(() => PicProposal)
export class PicProposalResolver {
  @Authorized(Role.REFERRER, Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Query(() => [PicProposal], {
    description: 'PIC proposals to decide (a referrer: its municipality’s) or made (a provider: its own), oldest first',
  })
  picProposals(@Args(() => PicProposalsArgs) args: PicProposalsArgs, @Ctx() ctx: Context): Promise<PicProposalRow[]> {
    return ctx.services.picProposal.list(args);
  }

  @Authorized(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Mutation(() => PicProposal, { description: 'The main contractor proposes another PIC after its referral check' })
  proposeOtherPic(
    @Arg('input', () => ProposeOtherPicInput) input: ProposeOtherPicInput,
    @Ctx() ctx: Context,
  ): Promise<PicProposalRow> {
    return ctx.services.picProposal.propose(input);
  }

  @Authorized(Role.REFERRER)
  @Mutation(() => PicProposal, { description: 'The referrer’s organisation accepts or declines a proposed PIC' })
  respondToPicProposal(
    @Arg('input', () => RespondToPicProposalInput) input: RespondToPicProposalInput,
    @Ctx() ctx: Context,
  ): Promise<PicProposalRow> {
    return ctx.services.picProposal.respond(input);
  }

  @FieldResolver(() => Trajectory)
  trajectory(@Root() row: PicProposalRow, @Ctx() ctx: Context): Promise<TrajectoryRow> {
    return required(ctx.loaders.trajectory, row.trajectoryId, 'trajectory');
  }

  @FieldResolver(() => Pic)
  from(@Root() row: PicProposalRow, @Ctx() ctx: Context): Promise<Pic> {
    return required(ctx.loaders.pic, row.fromPicId, 'pic');
  }

  @FieldResolver(() => Pic)
  to(@Root() row: PicProposalRow, @Ctx() ctx: Context): Promise<Pic> {
    return required(ctx.loaders.pic, row.toPicId, 'pic');
  }

  @FieldResolver(() => Provider)
  proposedBy(@Root() row: PicProposalRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, row.proposedByProviderId, 'provider');
  }
}
