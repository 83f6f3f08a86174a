import type { AccessScope } from '../../core/access/scope.js';
import { sqlStateOf } from '../../core/errors/database-errors.js';
import { BadUserInputError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { RequestDb } from '../../db/request-db.js';
import {
  ACCESS_LOG_ENTRY_COLUMNS,
  type AccessLogEntryRow,
  type AccessLogService,
} from '../access-log/access-log.service.js';
import { hashToken, newToken } from '../auth/auth.service.js';
import { Informant } from '../outcome/outcome.types.js';
import type { TrajectoryService } from '../trajectory/trajectory.service.js';
import { FamilyLinkThrottle } from './family-link-throttle.js';
import type { QuestionnaireLinkRow, SubmitQuestionnaireInput } from './family.types.js';

/** A link works this long unless the family uses it first. */
export const FAMILY_LINK_DAYS = 30;
/** The youth is asked from this age (CBS protocol); for younger children only the parents. */
export const QUESTIONNAIRE_MIN_AGE = 12;

const questionnairePath = (token: string) => `/vragenlijst/${token}`;
const accessPath = (token: string) => `/inzage/${token}`;
/** Anything else cannot be a link: refused without a look-up, and without counting as a guess. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The youth's age in whole years on today's Amsterdam date. */
const AGE_SQL = `extract(year FROM age((now() AT TIME ZONE 'Europe/Amsterdam')::date, y.birth_date))::int`;

/**
 * What a family does without an account: answer the satisfaction question once through a link,
 * and see who read the youth's file. The main contractor makes the links. The public calls have no
 * viewer: they reach the database only through the two functions that take the token's hash.
 */
export class FamilyService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly trajectories: TrajectoryService,
    private readonly accessLog: AccessLogService,
  ) {}

  async createQuestionnaireLink(trajectoryId: string, informant: Informant): Promise<QuestionnaireLinkRow> {
    const trajectory = await this.trajectories.forChange(trajectoryId, 'trajectoryId');
    this.trajectories.assertResponsible(trajectory, 'ask the family for its view');
    if (trajectory.status !== 'ACTIVE')
      throw new RuleViolationError('INVALID_TRANSITION', 'A questionnaire is sent for an active trajectory.');
    if (informant === Informant.YOUTH) assertYouthIsAsked(await this.ageOf(trajectory.youthId));
    const token = newToken();
    const [row] = await this.db.query<QuestionnaireLinkRow>(
      `INSERT INTO questionnaire_link (trajectory_id, informant, token_hash, expires_at, created_by)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5)
       RETURNING id, trajectory_id AS "trajectoryId", informant, expires_at AS "expiresAt", used_at AS "usedAt"`,
      [trajectory.id, informant, hashToken(token), FAMILY_LINK_DAYS, this.scope.requireViewer().id],
    );
    await this.accessLog.record([trajectory.youthId], 'CREATE', 'questionnaire link');
    return { ...row, url: questionnairePath(token) };
  }

  /** The links of trajectories the viewer is responsible for (row-level security shows no others). */
  linksOf(trajectoryIds: string[]): Promise<QuestionnaireLinkRow[]> {
    return this.db.query(
      `SELECT id, trajectory_id AS "trajectoryId", informant, '/vragenlijst' AS url, expires_at AS "expiresAt", used_at AS "usedAt"
         FROM questionnaire_link WHERE trajectory_id = ANY($1) ORDER BY created_at DESC`,
      [trajectoryIds],
    );
  }

  /** The family's answer, once per link; a used, expired or unknown link is refused politely. */
  async submitQuestionnaire(input: SubmitQuestionnaireInput, clientAddress: string): Promise<boolean> {
    const declined = input.declined ?? false;
    if (declined === (input.score != null)) throw BadUserInputError.field('input.score', 'SCORE_OR_DECLINED');
    if (!TOKEN_SHAPE.test(input.token)) throw new NotFoundError('Questionnaire link');
    const throttle = new FamilyLinkThrottle(this.db, clientAddress);
    await throttle.reserve();
    const [{ result }] = await this.db.query<{ result: 'ANSWERED' | 'USED' | 'EXPIRED' | 'UNKNOWN' }>(
      `SELECT access.answer_questionnaire($1, $2, $3, $4) AS result`,
      [hashToken(input.token), input.score ?? null, declined, input.comment?.trim() || null],
    );
    if (result !== 'UNKNOWN') await throttle.succeeded();
    if (result === 'USED')
      throw new RuleViolationError('IMMUTABLE', 'This questionnaire was already filled in. Thank you!');
    if (result === 'EXPIRED') throw new RuleViolationError('IMMUTABLE', 'This link has expired.');
    if (result === 'UNKNOWN') throw new NotFoundError('Questionnaire link');
    return true;
  }

  async createFamilyAccessLink(youthId: string): Promise<{ url: string; expiresAt: Date }> {
    const id = assertId(youthId, 'youthId');
    const viewer = this.scope.requireViewer();
    const responsible = await this.db.one(
      `SELECT 1 FROM trajectory t WHERE t.youth_id = $1 AND t.responsible_provider_id = $2 LIMIT 1`,
      [id, viewer.providerId],
    );
    if (!responsible) throw new NotFoundError('Youth');
    const token = newToken();
    const [row] = await this.db.query<{ expiresAt: Date }>(
      `INSERT INTO family_access_link (youth_id, token_hash, expires_at, created_by)
       VALUES ($1, $2, now() + make_interval(days => $3), $4) RETURNING expires_at AS "expiresAt"`,
      [id, hashToken(token), FAMILY_LINK_DAYS, viewer.id],
    );
    await this.accessLog.record([id], 'CREATE', 'family access link');
    return { url: accessPath(token), expiresAt: row.expiresAt };
  }

  /** Who read the youth's file, for the holder of a valid access link: that youth's rows only. */
  async familyAccessLog(token: string, clientAddress: string): Promise<AccessLogEntryRow[]> {
    if (!TOKEN_SHAPE.test(token)) throw new NotFoundError('Access link');
    const throttle = new FamilyLinkThrottle(this.db, clientAddress);
    await throttle.reserve();
    try {
      const rows = await this.db.query<AccessLogEntryRow>(
        `SELECT ${ACCESS_LOG_ENTRY_COLUMNS} FROM access.family_access_log($1)`,
        [hashToken(token)],
      );
      await throttle.succeeded();
      return rows;
    } catch (error) {
      if (sqlStateOf(error) === 'P0002') throw new NotFoundError('Access link');
      throw error;
    }
  }

  /**
   * "Wie heeft dit dossier ingezien": the same list for the main contractor of the trajectory, of its
   * youth only. Reading it is itself a logged read; a provider adding expertise is refused (FORBIDDEN),
   * anyone who cannot see the trajectory finds nothing (NOT_FOUND).
   */
  async trajectoryAccessLog(trajectoryId: string): Promise<AccessLogEntryRow[]> {
    this.trajectories.requireCareViewer();
    const [trajectory] = await this.trajectories.byIds([assertId(trajectoryId, 'trajectoryId')], 'access log');
    if (!trajectory) throw new NotFoundError('Trajectory');
    this.trajectories.assertResponsible(trajectory, 'see who read this file');
    return this.accessLog.listOf(trajectory.youthId);
  }

  private async ageOf(youthId: string): Promise<number> {
    const row = await this.db.one<{ age: number }>(`SELECT ${AGE_SQL} AS age FROM youth y WHERE y.id = $1`, [youthId]);
    return row!.age;
  }
}

/** The youth answers from 12 years; for younger children only the parents are asked (CBS). */
export function assertYouthIsAsked(age: number): void {
  if (age < QUESTIONNAIRE_MIN_AGE) throw BadUserInputError.field('informant', 'YOUTH_UNDER_12');
}
