import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import type { Context } from '../../context.js';
import { AccessLogEntry } from '../access-log/access-log.resolver.js';
import type { AccessLogEntryRow } from '../access-log/access-log.service.js';
import { Informant } from '../outcome/outcome.types.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import {
  FamilyAccessLink,
  QuestionnaireLink,
  SubmitQuestionnaireInput,
  type QuestionnaireLinkRow,
} from './family.types.js';

const PROVIDER_ROLES = [Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN];

@Resolver()
export class FamilyResolver {
  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => QuestionnaireLink, {
    description:
      'The main contractor asks the youth (from 12) or a parent "Hoe nuttig was deze hulp voor jou?" through a one-time link (url relative to the portal)',
  })
  createQuestionnaireLink(
    @Arg('trajectoryId', () => ID) trajectoryId: string,
    @Arg('informant', () => Informant) informant: Informant,
    @Ctx() ctx: Context,
  ): Promise<QuestionnaireLinkRow> {
    return ctx.services.family.createQuestionnaireLink(trajectoryId, informant);
  }

  @Mutation(() => Boolean, {
    description:
      'No account: the family answers once per link; a used or expired link is RULE_VIOLATION IMMUTABLE, an unknown one NOT_FOUND; guessing is THROTTLED per address',
  })
  submitQuestionnaire(
    @Arg('input', () => SubmitQuestionnaireInput) input: SubmitQuestionnaireInput,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.family.submitQuestionnaire(input, ctx.request.clientAddress);
  }

  @Authorized(...PROVIDER_ROLES)
  @Mutation(() => FamilyAccessLink, {
    description:
      'The main contractor gives the youth or a parent a link to see who read the file (url relative to the portal)',
  })
  createFamilyAccessLink(
    @Arg('youthId', () => ID) youthId: string,
    @Ctx() ctx: Context,
  ): Promise<{ url: string; expiresAt: Date }> {
    return ctx.services.family.createFamilyAccessLink(youthId);
  }

  @Query(() => [AccessLogEntry], {
    description:
      'No account: who read the file of the youth of this access link (the token from its url); nothing else',
  })
  familyAccessLog(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<AccessLogEntryRow[]> {
    return ctx.services.family.familyAccessLog(token, ctx.request.clientAddress);
  }

  @Authorized(...PROVIDER_ROLES)
  @Query(() => [AccessLogEntry], {
    description:
      'For the main contractor of the trajectory: who read or changed its youth’s file (NEN 7513), oldest first; others FORBIDDEN or NOT_FOUND',
  })
  trajectoryAccessLog(
    @Arg('trajectoryId', () => ID) trajectoryId: string,
    @Ctx() ctx: Context,
  ): Promise<AccessLogEntryRow[]> {
    return ctx.services.family.trajectoryAccessLog(trajectoryId);
  }
}

@Resolver(() => Trajectory)
export class TrajectoryFamilyResolver {
  @FieldResolver(() => [QuestionnaireLink], {
    description: 'For the main contractor: the questionnaire links, newest first',
  })
  questionnaireLinks(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<QuestionnaireLinkRow[]> {
    return ctx.loaders.questionnaireLinksOf.load(t.id);
  }
}
