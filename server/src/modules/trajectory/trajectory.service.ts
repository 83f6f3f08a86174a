import type { AccessScope } from '../../core/access/scope.js';
import { Role, type Viewer } from '../../core/auth/roles.js';
import { FieldProblems, ForbiddenError, NotFoundError, RuleViolationError } from '../../core/errors/errors.js';
import { assertId } from '../../core/graphql/ids.js';
import type { JsonPlan } from '../../core/graphql/json-answer.js';
import { decodeCursor, keysetConnection } from '../../core/graphql/keyset-cursor.js';
import type { RequestDb } from '../../db/request-db.js';
import type { AccessLogService } from '../access-log/access-log.service.js';
import type { Segment } from '../catalogue/catalogue.entity.js';
import type { GoalInput } from '../plan/plan.inputs.js';
import { GoalKind } from '../plan/plan.types.js';
import type { TrajectoriesArgs, WaitingListArgs } from './trajectory.inputs.js';
import {
  Involvement,
  TrajectoryEventKind,
  TrajectoryStatus,
  type ResponsibilityTransferRow,
  type TrajectoryEventRow,
  type TrajectoryRow,
  type YouthRow,
} from './trajectory.types.js';
import { searchCondition } from './trajectory.search.js';
import { signalCondition } from './trajectory.signals.js';
import { fromJson, ownRequests, REQUEST_COLUMNS, type RequestJson } from '../expertise/expertise.queries.js';
import { providerJson } from '../provider/provider.service.js';

/** A row of the caseload's statement: a trajectory of the page (none when it is empty) and the total. */
type ListRow = Partial<TrajectoryRow> & { activityKey: string; total: number | null; requests?: RequestJson[] | null };

export const TRAJECTORY_COLUMNS = `t.id, t.status, t.youth_id AS "youthId", t.family_plan_id AS "familyPlanId",
  t.municipality_id AS "municipalityId", t.area_id AS "areaId", t.responsible_provider_id AS "responsibleProviderId",
  t.referrer_type AS "referrerType", t.pic_id AS "picId", t.funding_variant AS "fundingVariant", t.referred_at AS "referredAt",
  t.started_at AS "startedAt", t.closed_at AS "closedAt", t.decline_reason AS "declineReason", t.last_activity_at AS "lastActivityAt",
  t.consortium_id AS "consortiumId", t.intake_deadline AS "intakeDeadline"`;

/**
 * What a trajectory shows with it almost always (its youth, PIC, profile and intensity), read in
 * the same statement as the trajectories `t`, so the resolvers' loaders can be primed instead of
 * asking again.
 */
export const RELATED = `json_build_object(
    'youth', CASE WHEN y.id IS NOT NULL THEN json_build_object('id', y.id, 'initials', y.initials, 'birthDate', y.birth_date,
      'municipalityId', y.municipality_id, 'areaId', y.area_id) END,
    'pic', json_build_object('id', pc.id, 'profileId', pc.profile_id, 'intensityId', pc.intensity_id, 'tariffCents', pc.tariff_cents,
      'validFrom', pc.valid_from, 'validUntil', pc.valid_until),
    'profile', json_build_object('id', pr.id, 'code', pr.code, 'name', pr.name, 'segment', pr.segment),
    'intensity', json_build_object('id', i.id, 'code', i.code, 'duration', i.duration, 'level', i.level),
    'provider', ${providerJson('rp')}) AS related`;
export const RELATED_JOINS = (
  youthId: string,
  picId: string,
  providerId: string,
) => `LEFT JOIN youth y ON y.id = ${youthId}
  JOIN pic pc ON pc.id = ${picId} JOIN profile pr ON pr.id = pc.profile_id JOIN intensity i ON i.id = pc.intensity_id
  JOIN provider rp ON rp.id = ${providerId}`;

export const YOUTH_COLUMNS = `y.id, y.initials, y.birth_date AS "birthDate", y.municipality_id AS "municipalityId", y.area_id AS "areaId"`;

/** A timeline event `e` with the name of who acted (`u`, left-joined). */
export const EVENT_COLUMNS = `e.id::text, e.trajectory_id AS "trajectoryId", e.at, e.kind, u.name AS "actorName",
  e.actor_provider_id AS "actorProviderId", e.expertise_request_id AS "expertiseRequestId", e.detail`;

export const TRANSFER_COLUMNS = `rt.id, rt.trajectory_id AS "trajectoryId", rt.from_provider_id AS "fromProviderId", rt.to_provider_id AS "toProviderId",
  rt.reason, rt.status, rt.decline_reason AS "declineReason", rt.requested_at AS "requestedAt", rt.responded_at AS "respondedAt"`;

export interface TrajectoryForChange extends TrajectoryRow {
  segment: Segment;
}

export interface AccessRow {
  trajectoryId: string;
  role: Involvement;
}

/**
 * Trajectories: referral, acceptance, transfers of responsibility, lists and the timeline. Every
 * read is limited to what the viewer may see (the same rule row-level security enforces) and
 * logged in the access log; every change records a timeline event (which notifies subscribers).
 */
export class TrajectoryService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Only providers and referrers work with families; the region and contract managers never see one. */
  requireCareViewer(): Viewer {
    return this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER);
  }

  /**
   * The viewer's visibility as SQL over trajectory `t` (pushes its parameters onto `params`):
   * a provider's trajectory_access rows and its consortia's waiting youths, or the referrer's
   * municipality (the same rule as row-level security).
   */
  visibility(params: unknown[]): string {
    const conditions: string[] = [];
    if (this.scope.providerId) conditions.push(this.providerAccess(this.scope.providerId, params));
    if (this.scope.hasRole(Role.REFERRER) && this.scope.municipalityId) {
      conditions.push(`t.municipality_id = $${params.push(this.scope.municipalityId)}`);
    }
    if (this.scope.providerId) {
      // a consortium's leads and partners see who waits in its intake (collective responsibility)
      conditions.push(
        `(t.status IN ('INTAKE', 'REFERRED') AND t.consortium_id = ANY ((SELECT access.viewer_consortia())::uuid[]))`,
      );
    }
    return conditions.length ? `(${conditions.join(' OR ')})` : 'false';
  }

  /** The viewer's provider works on trajectory `t` (responsible, or by an accepted request). */
  private providerAccess(providerId: string, params: unknown[]): string {
    return `EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = t.id AND a.provider_id = $${params.push(providerId)})`;
  }

  /** Visible trajectories by id; logs a read of their youths. */
  async byIds(ids: string[], purpose = 'trajectory'): Promise<TrajectoryRow[]> {
    if (!this.scope.hasRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN, Role.REFERRER)) return [];
    const params: unknown[] = [ids];
    const rows = await this.db.query<TrajectoryRow>(
      `SELECT ${TRAJECTORY_COLUMNS}, ${RELATED} FROM trajectory t ${RELATED_JOINS('t.youth_id', 't.pic_id', 't.responsible_provider_id')}
        WHERE t.id = ANY($1) AND ${this.visibility(params)}`,
      params,
    );
    await this.accessLog.record(
      rows.map((r) => r.youthId),
      'READ',
      purpose,
    );
    return rows;
  }

  async get(id: string): Promise<TrajectoryRow | null> {
    this.requireCareViewer();
    const [row] = await this.byIds([assertId(id, 'id')]);
    return row ?? null;
  }

  /**
   * The viewer's trajectories, most recent activity first, as a Relay connection with keyset cursors.
   * Each way of being involved is its own indexed, limited branch (responsible provider by
   * (responsible_provider_id, last_activity_at); expertise and transfer through trajectory_access;
   * the referrer by (municipality_id, last_activity_at)), merged and cut to the page: a provider
   * with 80,000 trajectories is answered from the index, not by sorting all it may see.
   */
  async list(args: TrajectoriesArgs, selected: { total: boolean; requests: boolean }) {
    const { rows, first } = await this.listRows(args, selected, null);
    const found = rows.filter((r): r is typeof r & TrajectoryRow => r.id != null);
    const pageRows = found.map(({ total: _total, requests: shown, ...row }) => {
      if (shown !== undefined) {
        const read = (shown ?? []).map(fromJson);
        row.related!.expertiseRequests = read.map((r) => r.request);
        row.related!.requestProviders = read.map((r) => r.provider);
      }
      return row;
    });
    const connection = keysetConnection(pageRows, first, 'activityKey', rows[0]?.total ?? null);
    this.accessLog.recorded(connection.edges.map((e) => e.node.youthId));
    return connection;
  }

  /**
   * A page of `list` as the JSON of a connection, written by PostgreSQL: `json` is a plan (see
   * json-answer.ts) over the row `c` with `total` and `hasNextPage`, the page's rows `shown` (each
   * with its cursor moment `activityKey`), and the viewer's expertise requests of those rows
   * `requests` when the plan uses them. The same statement, visibility and access log as `list`.
   */
  async listJson(args: TrajectoriesArgs, json: JsonPlan): Promise<string> {
    const { json: text } = await this.listRows(args, { total: json.uses.has('total'), requests: false }, json);
    return text!;
  }

  /** The statement of `list` (rows, or with `json` the connection's JSON text). */
  private async listRows(
    args: TrajectoriesArgs,
    selected: { total: boolean; requests: boolean },
    json: JsonPlan | null,
  ) {
    const viewer = this.requireCareViewer();
    const first = args.first ?? 20;
    const filter = args.filter ?? {};
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (filter.status) conditions.push(`t.status = $${params.push(filter.status)}`);
    if (filter.providerId) conditions.push(`t.responsible_provider_id = $${params.push(filter.providerId)}`);
    if (filter.consortiumId) conditions.push(`t.consortium_id = $${params.push(filter.consortiumId)}`);
    if (filter.search) conditions.push(searchCondition(filter.search, (v) => `$${params.push(v)}`));
    if (filter.signal) conditions.push(signalCondition(filter.signal, (v) => `$${params.push(v)}`));
    const filtered = conditions.length > 0;
    const involvement = filter.involvement ?? null;
    const wants = (kind: Involvement) => involvement === null || involvement === kind;
    const branches: string[] = [];
    const provider = this.scope.providerId;
    if (provider && wants(Involvement.RESPONSIBLE))
      branches.push(`t.responsible_provider_id = $${params.push(provider)}`);
    if (provider && (wants(Involvement.EXPERTISE) || wants(Involvement.TRANSFER))) {
      const roles = involvement ? [involvement] : [Involvement.EXPERTISE, Involvement.TRANSFER];
      branches.push(
        // `role <> 'RESPONSIBLE'` literally, so the partial index on contributions applies
        `t.id IN (SELECT a.trajectory_id FROM trajectory_access a
                   WHERE a.provider_id = $${params.push(provider)} AND a.role <> 'RESPONSIBLE' AND a.role = ANY($${params.push(roles)}))`,
      );
    }
    if (viewer.roles.includes(Role.REFERRER) && wants(Involvement.REFERRER))
      branches.push(`t.municipality_id = $${params.push(viewer.municipalityId)}`);
    // a viewer involved in no way sees nothing: a page that asks for none
    if (!branches.length) branches.push('false');

    const where = (branch: string, extra: string[]) => [branch, ...extra].join(' AND ');
    // Unfiltered, a provider's total is maintained (caseload_count): no trajectory needs counting.
    const total = !selected.total
      ? 'NULL::int'
      : provider && !filtered && involvement !== Involvement.REFERRER
        ? `coalesce((SELECT cc.trajectories FROM caseload_count cc
             WHERE cc.provider_id = $${params.push(provider)} AND cc.involvement = $${params.push(involvement ?? 'ANY')}), 0)`
        : `(SELECT count(*)::int FROM (${branches.map((b) => `SELECT t.id FROM trajectory t WHERE ${where(b, conditions)}`).join(' UNION ALL ')}) t)`;
    const page: string[] = [...conditions];
    if (args.after) {
      const cursor = decodeCursor(args.after);
      page.push(
        `(t.last_activity_at, t.id) < ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`,
      );
    }
    const limit = `$${params.push(first + 1)}`;
    const pageSql = (related: boolean) =>
      `SELECT t.*, t."lastActivityAt"::text AS "activityKey"${related ? `, ${RELATED}` : ''} FROM (
         ${branches
           .map(
             (b) =>
               `(SELECT ${TRAJECTORY_COLUMNS} FROM trajectory t WHERE ${where(b, page)} ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ${limit})`,
           )
           .join(' UNION ALL ')}
       ) t ${related ? RELATED_JOINS('t."youthId"', 't."picId"', 't."responsibleProviderId"') : ''}
       ORDER BY t."lastActivityAt" DESC, t.id DESC LIMIT ${limit}`;
    const pageSize = `$${params.push(first)}`;
    const shownSql = `SELECT * FROM page ORDER BY "lastActivityAt" DESC, id DESC LIMIT ${pageSize}`;
    const log = () =>
      this.accessLog.insertFor(`SELECT "youthId" AS youth_id FROM (${shownSql}) shown`, 'READ', 'caseload', params);
    if (json) {
      // the connection as JSON: the rows shown, the viewer's requests of them, the page's facts in `c`
      const requests = json.uses.has('requests')
        ? `, requests AS (SELECT ${REQUEST_COLUMNS} FROM shown p JOIN expertise_request er ON er.trajectory_id = p.id
             WHERE ${ownRequests(this.scope, params, { responsibleProviderId: 'p."responsibleProviderId"', municipalityId: 'p."municipalityId"' })})`
        : '';
      const rows = await this.db.query<{ json: string }>(
        `WITH page AS (${pageSql(false)}), shown AS (${shownSql}), log AS (${log()})${requests},
         c AS (SELECT ${total} AS total, (SELECT count(*) FROM page) > ${pageSize} AS "hasNextPage")
         SELECT (${json.sql})::text AS json FROM c`,
        params,
      );
      return { rows: [] as ListRow[], first, json: rows[0].json };
    }
    // the page's trajectories are visible already: their requests need no second look at trajectory
    const requests = selected.requests
      ? `, (SELECT json_agg(r ORDER BY r."requestedAt", r.id) FROM (
           SELECT ${REQUEST_COLUMNS}, (SELECT ${providerJson('ep')} FROM provider ep WHERE ep.id = er.provider_id) AS provider
             FROM expertise_request er
            WHERE er.trajectory_id = p.id
              AND ${ownRequests(this.scope, params, { responsibleProviderId: 'p."responsibleProviderId"', municipalityId: 'p."municipalityId"' })}) r) AS requests`
      : '';
    // One statement: the page, its total, the requests shown beside it and the access log entry.
    const rows = await this.db.query<ListRow>(
      `WITH page AS (${pageSql(true)}), log AS (${log()})
       SELECT p.*, c.total${requests} FROM (SELECT ${total} AS total) c LEFT JOIN page p ON true ORDER BY p."lastActivityAt" DESC, p.id DESC`,
      params,
    );
    return { rows, first, json: undefined };
  }

  /**
   * Who waits in a consortium's intake (the 2023 model measures waiting instead of hiding it):
   * youths referred to it that are in INTAKE or REFERRED, oldest first; for its leads and partners.
   */
  async waitingList(args: WaitingListArgs) {
    this.scope.requireRole(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN);
    // prepared, as the page's statements below: planning under row-level security costs more than running
    const member = await this.db.one<{ ok: boolean }>(
      `SELECT $1::uuid = ANY (access.viewer_consortia()) AS ok`,
      [args.consortiumId],
      { prepared: true },
    );
    if (!member?.ok)
      throw new ForbiddenError('Only the leads and partners of this consortium see who waits in its intake.');
    const first = args.first ?? 20;
    const params: unknown[] = [args.consortiumId];
    const waiting = `t.consortium_id = $1 AND t.status IN ('INTAKE', 'REFERRED')`;
    let page = waiting;
    if (args.after) {
      const cursor = decodeCursor(args.after);
      page += ` AND (t.referred_at, t.id) > ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`;
    }
    const rows = await this.db.query<TrajectoryRow & { referredKey: string }>(
      `SELECT ${TRAJECTORY_COLUMNS}, t.referred_at::text AS "referredKey", ${RELATED}
         FROM trajectory t ${RELATED_JOINS('t.youth_id', 't.pic_id', 't.responsible_provider_id')}
        WHERE ${page} ORDER BY t.referred_at, t.id LIMIT $${params.push(first + 1)}`,
      params,
      { prepared: true },
    );
    const [{ count }] = await this.db.query<{ count: number }>(
      `SELECT count(*) AS count FROM trajectory t WHERE ${waiting}`,
      [args.consortiumId],
      { prepared: true },
    );
    const connection = keysetConnection(rows, first, 'referredKey', count);
    await this.accessLog.record(
      connection.edges.map((e) => e.node.youthId),
      'READ',
      'waiting list',
    );
    return connection;
  }

  /** How the viewer's organisation is involved in each trajectory. */
  async involvementOf(trajectoryIds: string[]): Promise<AccessRow[]> {
    const rows: AccessRow[] = [];
    if (this.scope.providerId) {
      rows.push(
        ...(await this.db.query<AccessRow>(
          `SELECT DISTINCT trajectory_id AS "trajectoryId", role FROM trajectory_access WHERE trajectory_id = ANY($1) AND provider_id = $2`,
          [trajectoryIds, this.scope.providerId],
        )),
      );
    }
    if (this.scope.hasRole(Role.REFERRER)) {
      const referred = await this.db.query<{ id: string }>(
        `SELECT t.id FROM trajectory t WHERE t.id = ANY($1) AND t.municipality_id = $2`,
        [trajectoryIds, this.scope.municipalityId],
      );
      rows.push(...referred.map((r) => ({ trajectoryId: r.id, role: Involvement.REFERRER })));
    }
    return rows;
  }

  /** Youths, as far as visible (row-level security hides the others). */
  youthsByIds(ids: string[]): Promise<YouthRow[]> {
    return this.db.query(`SELECT ${YOUTH_COLUMNS} FROM youth y WHERE y.id = ANY($1)`, [ids]);
  }

  /** Logs a read of these youths' personal data (once per youth per request, like every entry). */
  recordYouthReads(youthIds: string[]): Promise<void> {
    return this.accessLog.record(youthIds, 'READ', 'youth');
  }

  eventsOf(trajectoryIds: string[]): Promise<TrajectoryEventRow[]> {
    return this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM trajectory_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.trajectory_id = ANY($1) ORDER BY e.at, e.id`,
      [trajectoryIds],
    );
  }

  transfersOf(trajectoryIds: string[]): Promise<ResponsibilityTransferRow[]> {
    return this.db.query(
      `SELECT ${TRANSFER_COLUMNS} FROM responsibility_transfer rt WHERE rt.trajectory_id = ANY($1) ORDER BY rt.requested_at`,
      [trajectoryIds],
    );
  }

  /** Adds an event to the timeline (a trigger makes it the latest activity and notifies subscribers). */
  async recordEvent(
    trajectoryIds: string[],
    kind: TrajectoryEventKind,
    options: { detail?: string | null; expertiseRequestId?: string } = {},
  ): Promise<void> {
    const params: unknown[] = [trajectoryIds];
    await this.db.query(this.eventInsertSql('SELECT unnest($1::uuid[])', kind, options, params), params);
  }

  /**
   * The INSERT of `recordEvent` for the trajectories `trajectories` yields (SQL of one uuid column,
   * and a second with each event's detail when `detailInSource`), to record the event in the
   * statement that makes the change. Pushes its parameters onto `params`.
   */
  eventInsertSql(
    trajectories: string,
    kind: TrajectoryEventKind,
    options: { detail?: string | null; expertiseRequestId?: string; detailInSource?: boolean },
    params: unknown[],
  ): string {
    const viewer = this.scope.requireViewer();
    const $ = (value: unknown) => `$${params.push(value)}`;
    const detail = options.detailInSource ? 's.detail' : $(options.detail ?? null);
    return `INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id, expertise_request_id, detail)
       SELECT s.id, ${$(kind)}, ${$(viewer.id)}::uuid, ${$(viewer.providerId)}::uuid, ${$(options.expertiseRequestId ?? null)}::uuid, ${detail}
         FROM (${trajectories}) AS s(id${options.detailInSource ? ', detail' : ''})`;
  }

  /**
   * A trajectory the viewer may change, locked for this transaction's change, with its segment;
   * FORBIDDEN when it may only see it, NOT_FOUND otherwise. `more` adds columns over `t`, read in
   * the same statement (after a wait for the lock they can be older than it: a later compare-and-set
   * must check them again).
   */
  async forChange<T extends object = object>(
    id: string,
    field = 'trajectoryId',
    more?: (params: unknown[]) => string,
  ): Promise<TrajectoryForChange & T> {
    const params: unknown[] = [];
    const trajectory = `$${params.push(assertId(id, field))}`;
    const row = await this.db.one<TrajectoryForChange & T>(
      `SELECT ${TRAJECTORY_COLUMNS}, pr.segment${more ? `, ${more(params)}` : ''} FROM trajectory t
         JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
        WHERE t.id = ${trajectory} AND ${this.visibility(params)} FOR NO KEY UPDATE OF t`,
      params,
      { prepared: true },
    );
    if (!row) {
      // Seen but not changeable (a consortium partner looking at the intake): not allowed, not absent.
      if ((await this.byIds([id], 'attempted change')).length) throw new ForbiddenError();
      throw new NotFoundError('Trajectory');
    }
    return row;
  }

  /**
   * The SELECT that locks a trajectory the viewer's provider works on, with `columns` over `t` (and
   * `joins`), for a statement that reads, locks and changes at once (as a CTE). Narrower than
   * `forChange`: a trajectory seen only in a consortium's intake is not in it, so when it finds
   * nothing the caller explains why with `forChange`. Pushes its parameters onto `params`.
   */
  ownForChangeSql(id: string, field: string, columns: string, params: unknown[]): string {
    const trajectory = `$${params.push(assertId(id, field))}`;
    const access = this.scope.providerId ? this.providerAccess(this.scope.providerId, params) : 'false';
    return `SELECT ${columns} FROM trajectory t WHERE t.id = ${trajectory} AND ${access} FOR NO KEY UPDATE OF t`;
  }

  /** The viewer must work for the responsible provider (hoofdaannemer) of this trajectory. */
  assertResponsible(trajectory: Pick<TrajectoryRow, 'responsibleProviderId'>, action: string): void {
    if (!this.scope.providerId || this.scope.providerId !== trajectory.responsibleProviderId) {
      throw new ForbiddenError(`Only the responsible provider can ${action}.`);
    }
  }

  /**
   * The only place the responsible provider changes (a transfer, an assignment at intake, a return
   * to intake): compare-and-set, then the period history, recorded as `kind` with `reason`.
   */
  async switchResponsibility(
    trajectory: TrajectoryRow,
    toProviderId: string,
    reason: string | null,
    kind: TrajectoryEventKind,
    set: { status?: TrajectoryStatus } = {},
  ): Promise<TrajectoryRow> {
    // History, timeline and log first, while the one who hands over can still see the trajectory
    // (a forced transfer ends its access); the compare-and-set last: losing it undoes them all.
    await this.db.query(`UPDATE responsibility_period SET until = now() WHERE trajectory_id = $1 AND until IS NULL`, [
      trajectory.id,
    ]);
    await this.db.query(`INSERT INTO responsibility_period (trajectory_id, provider_id) VALUES ($1, $2)`, [
      trajectory.id,
      toProviderId,
    ]);
    await this.recordEvent([trajectory.id], kind, { detail: reason });
    await this.accessLog.record([trajectory.youthId], 'UPDATE', kind.toLowerCase().replaceAll('_', ' '));
    const updated = await this.db.one<TrajectoryRow>(
      `UPDATE trajectory t SET responsible_provider_id = $3, status = coalesce($4::text, t.status)
        WHERE t.id = $1 AND t.responsible_provider_id = $2 RETURNING ${TRAJECTORY_COLUMNS}`,
      [trajectory.id, trajectory.responsibleProviderId, toProviderId, set.status ?? null],
    );
    if (!updated)
      throw new RuleViolationError(
        'ONE_RESPONSIBLE_PROVIDER',
        'The responsibility was changed by someone else at the same moment.',
      );
    return updated;
  }
}

/** Family plan goals are societal goals, new ones have no id, and they link to nothing. */
export function checkSocietalGoals(goals: GoalInput[], problems: FieldProblems, prefix = 'input.goals'): void {
  goals.forEach((goal, i) => {
    if (goal.kind !== GoalKind.SOCIETAL) problems.add(`${prefix}.${i}.kind`, 'SOCIETAL_GOALS_ONLY');
    if (goal.contributesToGoalId) problems.add(`${prefix}.${i}.contributesToGoalId`, 'ONLY_TREATMENT_GOALS_CONTRIBUTE');
  });
}
