/**
 * The hand-written baselines: each benchmarked operation as the best single SQL statement, the JSON
 * built by PostgreSQL (json_build_object / json_agg), under the same access rules as the API: it
 * runs as the application role with the viewer's `app.*` settings (row-level security applies), it
 * limits to the viewer's trajectories as the services do, and it writes the access-log row for
 * reads and changes of a youth's data in the same statement.
 *
 * Parameters common to all: $1 viewer user id, $2 e-mail, $3 organisation id, $4 organisation name,
 * $5 request id, $6 viewer's provider id; then the operation's own.
 */

/** The session and viewer, setting the row-level security settings (as the API's AuthService does). */
export const VIEWER_SQL = `
  WITH s AS (
    SELECT id, user_id, last_seen_at FROM user_session
     WHERE token_hash = $1 AND revoked_at IS NULL AND last_seen_at > now() - make_interval(mins => 30)
  ), touched AS (
    UPDATE user_session SET last_seen_at = now() FROM s
     WHERE user_session.id = s.id AND s.last_seen_at < now() - interval '1 minute'
  )
  SELECT u.id, u.email, u.provider_id AS "providerId", u.municipality_id AS "municipalityId",
         coalesce(u.region_id, u.municipality_id, u.provider_id) AS "organisationId", coalesce(r.name, m.name, p.name) AS "organisationName",
         set_config('app.user_id', u.id::text, true),
         set_config('app.roles', array_to_string(u.roles, ','), true),
         set_config('app.provider_id', coalesce(u.provider_id::text, ''), true),
         set_config('app.municipality_id', coalesce(u.municipality_id::text, ''), true)
    FROM s JOIN app_user u ON u.id = s.user_id AND u.active
    LEFT JOIN region r ON r.id = u.region_id LEFT JOIN municipality m ON m.id = u.municipality_id LEFT JOIN provider p ON p.id = u.provider_id`;

const LOG_COLUMNS = `access_log (user_id, user_email, organisation_id, organisation_name, youth_id, action, purpose, request_id)`;
const VISIBLE = (t: string) =>
  `EXISTS (SELECT 1 FROM trajectory_access a WHERE a.trajectory_id = ${t}.id AND a.provider_id = $6)`;

/**
 * Caseload: $7 page size. The first page, most recent activity first, with what the list shows.
 * The best shape on the current indexes: the latest trajectories the provider is responsible for
 * (trajectory_responsible_idx, in order), united with the few it sees through an accepted expertise
 * request or an offered transfer (the other rows of trajectory_access, by their own indexes), so
 * that only about a page of rows is read whatever the caseload; the total is the provider's
 * maintained count (caseload_count, kept by triggers on trajectory_access and readable under
 * row-level security by the provider alone), as the application reads it.
 */
const CASELOAD_TOTAL = `coalesce((SELECT cc.trajectories FROM caseload_count cc WHERE cc.provider_id = $6 AND cc.involvement = 'ANY'), 0)`;
export const CASELOAD_SQL = `
  WITH candidates AS (
    (SELECT t.id FROM trajectory t WHERE t.responsible_provider_id = $6 ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $7 + 1)
    UNION
    (SELECT t.id FROM expertise_request er JOIN trajectory t ON t.id = er.trajectory_id
      WHERE er.provider_id = $6 AND er.status = 'ACCEPTED' ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $7 + 1)
    UNION
    (SELECT t.id FROM responsibility_transfer rt JOIN trajectory t ON t.id = rt.trajectory_id
      WHERE rt.to_provider_id = $6 AND rt.status = 'PENDING' ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $7 + 1)
  ), page AS (
    SELECT t.id, t.status, t.last_activity_at, t.youth_id, t.pic_id, t.responsible_provider_id
      FROM trajectory t WHERE t.id IN (SELECT id FROM candidates) AND ${VISIBLE('t')}
     ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $7 + 1
  ), shown AS (
    SELECT * FROM page ORDER BY last_activity_at DESC, id DESC LIMIT $7
  ), log AS (
    INSERT INTO ${LOG_COLUMNS} SELECT DISTINCT $1::uuid, $2, $3::uuid, $4, youth_id, 'READ', 'caseload', $5 FROM shown
  )
  SELECT json_build_object(
    'totalCount', ${CASELOAD_TOTAL},
    'pageInfo', json_build_object(
      'hasNextPage', (SELECT count(*) > $7 FROM page),
      'endCursor', (SELECT encode(convert_to(last_activity_at::text || '|' || id, 'UTF8'), 'base64') FROM shown ORDER BY last_activity_at, id LIMIT 1)),
    'edges', coalesce(json_agg(json_build_object('node', json_build_object(
      'id', s.id, 'status', s.status, 'lastActivityAt', s.last_activity_at,
      'youth', json_build_object('id', y.id, 'initials', y.initials, 'birthDate', y.birth_date),
      'referral', json_build_object('pic', json_build_object('id', pic.id, 'tariffCents', pic.tariff_cents,
        'profile', json_build_object('code', pr.code, 'name', pr.name, 'segment', pr.segment), 'intensity', json_build_object('code', i.code))),
      'responsibleProvider', json_build_object('id', rp.id, 'name', rp.name),
      'expertiseRequests', (
        SELECT coalesce(json_agg(json_build_object('id', er.id, 'status', er.status, 'mode', er.mode,
                 'provider', json_build_object('id', ep.id, 'name', ep.name)) ORDER BY er.requested_at), '[]')
          FROM expertise_request er JOIN provider ep ON ep.id = er.provider_id
         WHERE er.trajectory_id = s.id AND (s.responsible_provider_id = $6 OR er.provider_id = $6))
    )) ORDER BY s.last_activity_at DESC, s.id DESC), '[]')
  )::text AS json
    FROM shown s
    JOIN youth y ON y.id = s.youth_id JOIN pic ON pic.id = s.pic_id JOIN profile pr ON pr.id = pic.profile_id
    JOIN intensity i ON i.id = pic.intensity_id JOIN provider rp ON rp.id = s.responsible_provider_id`;

/**
 * The caseload in the services' query shape (for comparison): every visible trajectory sorted by
 * activity for the page, and counted under row-level security for the total, so its cost grows with
 * the caseload. The same JSON as CASELOAD_SQL.
 */
export const CASELOAD_SERVICE_SHAPE_SQL = CASELOAD_SQL.replace(
  /WITH candidates AS \([\s\S]*?\), page AS \(([\s\S]*?)WHERE t\.id IN \(SELECT id FROM candidates\) AND /,
  'WITH page AS ($1WHERE ',
).replace(CASELOAD_TOTAL, `(SELECT count(*) FROM trajectory t WHERE ${VISIBLE('t')})`);

/** Trajectory page: $7 trajectory id. */
export const TRAJECTORY_SQL = `
  WITH t AS (
    SELECT t.* FROM trajectory t WHERE t.id = $7 AND ${VISIBLE('t')}
  ), log AS (
    INSERT INTO ${LOG_COLUMNS} SELECT $1::uuid, $2, $3::uuid, $4, youth_id, 'READ', 'trajectory', $5 FROM t
  )
  SELECT json_build_object(
    'id', t.id, 'status', t.status, 'startedAt', t.started_at, 'closedAt', t.closed_at, 'lastActivityAt', t.last_activity_at,
    'youth', json_build_object('id', y.id, 'initials', y.initials, 'birthDate', y.birth_date),
    'referral', json_build_object('referrerType', t.referrer_type, 'referredAt', t.referred_at, 'fundingVariant', t.funding_variant,
      'pic', json_build_object('tariffCents', pic.tariff_cents, 'profile', json_build_object('code', pr.code, 'name', pr.name),
        'intensity', json_build_object('code', i.code))),
    'responsibleProvider', json_build_object('id', rp.id, 'name', rp.name),
    'familyPlan', (
      SELECT json_build_object('id', f.id, 'version', f.version, 'question', f.question, 'context', f.context, 'updatedAt', f.updated_at,
        'youths', (
          SELECT coalesce(json_agg(json_build_object('id', fy_y.id, 'initials', fy_y.initials, 'birthDate', fy_y.birth_date) ORDER BY fy_y.birth_date), '[]')
            FROM family_plan_youth fy JOIN youth fy_y ON fy_y.id = fy.youth_id
           WHERE fy.family_plan_id = f.id AND EXISTS (SELECT 1 FROM trajectory t2 WHERE t2.youth_id = fy_y.id AND ${VISIBLE('t2')})),
        'goals', (
          SELECT coalesce(json_agg(json_build_object('id', g.id, 'kind', g.kind, 'description', g.description, 'targetDate', g.target_date)
                   ORDER BY g.position, g.id), '[]')
            FROM goal g WHERE g.family_plan_id = f.id))
        FROM family_plan f WHERE f.id = t.family_plan_id),
    'helpPlan', (
      SELECT json_build_object('id', h.trajectory_id, 'version', h.version, 'effortDescription', h.effort_description, 'endDate', h.end_date,
        'goals', (
          SELECT coalesce(json_agg(json_build_object('id', g.id, 'kind', g.kind, 'description', g.description, 'targetDate', g.target_date,
                   'contributesTo', CASE WHEN g.contributes_to_id IS NOT NULL THEN json_build_object('id', g.contributes_to_id) END)
                   ORDER BY g.position, g.id), '[]')
            FROM goal g WHERE g.help_plan_id = h.trajectory_id))
        FROM help_plan h WHERE h.trajectory_id = t.id),
    'expertiseRequests', (
      SELECT coalesce(json_agg(json_build_object('id', er.id, 'status', er.status, 'mode', er.mode, 'question', er.question,
               'requestedAt', er.requested_at, 'provider', json_build_object('id', p.id, 'name', p.name),
               'requestedBy', json_build_object('id', q.id, 'name', q.name)) ORDER BY er.requested_at), '[]')
        FROM expertise_request er JOIN provider p ON p.id = er.provider_id JOIN provider q ON q.id = er.requested_by_provider_id
       WHERE er.trajectory_id = t.id AND (t.responsible_provider_id = $6 OR er.provider_id = $6)),
    'timeline', (
      SELECT coalesce(json_agg(json_build_object('id', e.id::text, 'at', e.at, 'kind', e.kind, 'actorName', u.name, 'detail', e.detail)
               ORDER BY e.at, e.id), '[]')
        FROM trajectory_event e LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.trajectory_id = t.id)
  )::text AS json
    FROM t JOIN youth y ON y.id = t.youth_id JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
    JOIN intensity i ON i.id = pic.intensity_id JOIN provider rp ON rp.id = t.responsible_provider_id`;

/**
 * Help-plan update: $7 trajectory id, $8 the version the editor started from, $9 the new effort
 * description. Version check, the change, its revision, a timeline event (whose trigger makes it the
 * latest activity and notifies subscribers) and the access-log row: one statement. No row = CONFLICT
 * (or not the responsible provider of an active trajectory).
 */
export const UPDATE_HELP_PLAN_SQL = `
  WITH t AS (
    SELECT t.id, t.youth_id FROM trajectory t
     WHERE t.id = $7 AND ${VISIBLE('t')} AND t.responsible_provider_id = $6 AND t.status = 'ACTIVE' FOR UPDATE OF t
  ), h AS (
    UPDATE help_plan h SET effort_description = $9, version = h.version + 1, updated_at = now()
      FROM t WHERE h.trajectory_id = t.id AND h.version = $8
    RETURNING h.trajectory_id, h.version, h.effort_description, h.end_date, h.updated_at, t.youth_id, old.effort_description AS before
  ), revision AS (
    INSERT INTO plan_revision (help_plan_id, version, changed_by, changes)
    SELECT trajectory_id, version, $1, jsonb_build_array(jsonb_build_object('field', 'effortDescription', 'before', before, 'after', effort_description)) FROM h
  ), event AS (
    INSERT INTO trajectory_event (trajectory_id, kind, actor_user_id, actor_provider_id, detail)
    SELECT trajectory_id, 'HELP_PLAN_UPDATED', $1, $6, 'effortDescription' FROM h
  ), log AS (
    INSERT INTO ${LOG_COLUMNS} SELECT $1::uuid, $2, $3::uuid, $4, youth_id, 'UPDATE', 'help plan', $5 FROM h
  )
  SELECT json_build_object('id', trajectory_id, 'version', version, 'effortDescription', effort_description, 'endDate', end_date,
    'updatedAt', updated_at)::text AS json FROM h`;

/** The per-provider figures of closed trajectories, with groups of fewer than 5 youths suppressed. */
function figuresJson(alias: string, more = ''): string {
  const suppressed = (expr: string) => `CASE WHEN ${alias}.youths >= 5 THEN ${expr} END`;
  return `json_build_object(
    'trajectoriesClosed', ${suppressed(`${alias}.closed`)},
    'goalRealisationRate', ${suppressed(`${alias}.goal_rate`)},
    'satisfactionYouthAvg', ${suppressed(`${alias}.youth_score`)},
    'satisfactionParentAvg', ${suppressed(`${alias}.parent_score`)},
    'dropoutRate', ${suppressed(`${alias}.dropout_rate`)},
    'averageCostCents', ${suppressed(`${alias}.cost`)}${more})`;
}

/**
 * Consortium performance for a contract manager: $1 consortium, $2 from, $3 to, $4 the viewer's
 * municipality. As the API defines it: the trajectories closed in [from, to] (closing date in
 * Europe/Amsterdam) whose responsible provider was a lead or partner of the consortium on that date;
 * goal realisation = (achieved + ½ partly) / treatment goals; figures per provider and in total.
 * `source` gives the closed trajectories with their figures' inputs: from the raw tables or from
 * trajectory_fact.
 */
/** The sums figuresJson reads, over rows of closed trajectories. */
const GROUP_FIGURES = `count(*)::int AS closed, count(DISTINCT youth_id)::int AS youths,
  (sum(achieved) + 0.5 * sum(partly))::float / nullif(sum(total), 0) AS goal_rate, avg(youth_score)::float AS youth_score,
  avg(parent_score)::float AS parent_score, avg(dropout::int)::float AS dropout_rate, round(avg(cost))::int AS cost`;

function performanceSql(source: string): string {
  return `
  WITH members AS (
    SELECT m.provider_id, m.valid_from, m.valid_until FROM consortium_membership m
     WHERE m.consortium_id = $1 AND m.role IN ('LEAD', 'PARTNER') AND m.valid_from <= $3 AND coalesce(m.valid_until, 'infinity') >= $2
  ), closed AS (${source}
  ), figures AS (
    SELECT provider_id, ${GROUP_FIGURES} FROM closed GROUP BY GROUPING SETS ((provider_id), ())
  )
  SELECT json_build_object(
    'consortium', (SELECT json_build_object('id', c.id, 'name', c.name) FROM consortium c WHERE c.id = $1),
    'from', $2::date, 'to', $3::date,
    'figures', (SELECT ${figuresJson('f')} FROM (SELECT * FROM figures WHERE provider_id IS NULL UNION ALL SELECT NULL, 0, 0, NULL, NULL, NULL, NULL, NULL LIMIT 1) f),
    'byProvider', (
      SELECT coalesce(json_agg(json_build_object('provider', json_build_object('id', p.id, 'name', p.name),
               'figures', ${figuresJson('f')}) ORDER BY p.name), '[]')
        FROM (SELECT DISTINCT provider_id FROM members) mb JOIN provider p ON p.id = mb.provider_id
        LEFT JOIN LATERAL (SELECT * FROM figures x WHERE x.provider_id = mb.provider_id
                           UNION ALL SELECT NULL, 0, 0, NULL, NULL, NULL, NULL, NULL LIMIT 1) f ON true)
  )::text AS json`;
}

const CLOSED_IN_PERIOD = (
  closedAt: string,
  provider: string,
) => `(${closedAt} AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN $2 AND $3
       AND EXISTS (SELECT 1 FROM members m WHERE m.provider_id = ${provider}
                     AND m.valid_from <= (${closedAt} AT TIME ZONE 'Europe/Amsterdam')::date
                     AND coalesce(m.valid_until, 'infinity') >= (${closedAt} AT TIME ZONE 'Europe/Amsterdam')::date)`;

/** Over the raw tables: latest outcome, latest settlement and goal results per closed trajectory. */
export const PERFORMANCE_RAW_SQL = performanceSql(`
    SELECT t.responsible_provider_id AS provider_id, t.youth_id, g.total, g.achieved, g.partly, o.satisfaction_youth AS youth_score,
           o.satisfaction_parent AS parent_score, o.dropout, CASE WHEN t.funding_variant <> 'TASK' THEN s.amount_cents END AS cost
      FROM trajectory t
      JOIN LATERAL (SELECT * FROM outcome_report o WHERE o.trajectory_id = t.id ORDER BY o.version DESC LIMIT 1) o ON true
      LEFT JOIN LATERAL (SELECT s.amount_cents FROM settlement s WHERE s.trajectory_id = t.id ORDER BY s.version DESC LIMIT 1) s ON true
      CROSS JOIN LATERAL (SELECT count(*) AS total, count(*) FILTER (WHERE gr.realisation = 'ACHIEVED') AS achieved,
                                 count(*) FILTER (WHERE gr.realisation = 'PARTLY_ACHIEVED') AS partly
                            FROM goal_result gr WHERE gr.outcome_report_id = o.id) g
     WHERE t.status = 'CLOSED' AND t.municipality_id = $4 AND t.responsible_provider_id IN (SELECT provider_id FROM members)
       AND t.closed_at >= ($2::date - 1)::timestamptz AND t.closed_at < ($3::date + 2)::timestamptz
       AND ${CLOSED_IN_PERIOD('t.closed_at', 't.responsible_provider_id')}`);

/** Over trajectory_fact (what the application maintains for figures), readable by the contract manager. */
export const PERFORMANCE_FACTS_SQL = performanceSql(`
    SELECT f.responsible_provider_id AS provider_id, f.youth_key AS youth_id, f.treatment_goals AS total, f.goals_achieved AS achieved,
           f.goals_partly AS partly, f.satisfaction_youth AS youth_score, f.satisfaction_parent AS parent_score, f.dropout, f.cost_cents AS cost
      FROM trajectory_fact f
     WHERE f.municipality_id = $4 AND f.responsible_provider_id IN (SELECT provider_id FROM members)
       AND f.closed_at >= ($2::date - 1)::timestamptz AND f.closed_at < ($3::date + 2)::timestamptz
       AND ${CLOSED_IN_PERIOD('f.closed_at', 'f.responsible_provider_id')}`);

/**
 * A municipality's performance for its contract manager: $1 municipality, $2 from, $3 to. The
 * facts closed in the period per provider (every provider, in a consortium or not), per consortium
 * (its leads and partners on the closing date) and in total, with the waiting and referral figures
 * beside them. Those come from the care tables, which the contract manager's role cannot read row
 * by row, so the baseline takes them from the same aggregate function the API uses.
 */
export const MUNICIPALITY_PERFORMANCE_SQL = `
  WITH facts AS (
    SELECT f.responsible_provider_id AS provider_id, f.youth_key AS youth_id, f.treatment_goals AS total, f.goals_achieved AS achieved,
           f.goals_partly AS partly, f.satisfaction_youth AS youth_score, f.satisfaction_parent AS parent_score, f.dropout,
           f.cost_cents AS cost, (f.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS day
      FROM trajectory_fact f
     WHERE f.municipality_id = $1
       AND f.closed_at >= $2::timestamp AT TIME ZONE 'Europe/Amsterdam' AND f.closed_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'
  ), grouped AS (
    SELECT NULL::uuid AS consortium_id, provider_id, ${GROUP_FIGURES} FROM facts GROUP BY GROUPING SETS ((provider_id), ())
    UNION ALL
    SELECT m.consortium_id, NULL, ${GROUP_FIGURES}
      FROM facts JOIN consortium_membership m ON m.provider_id = facts.provider_id AND m.role IN ('LEAD', 'PARTNER')
                                            AND facts.day BETWEEN m.valid_from AND coalesce(m.valid_until, 'infinity')
     GROUP BY m.consortium_id
  ), intake AS (
    SELECT * FROM access.intake_figure_sums($1, NULL, $2::date, $3::date) s WHERE s.breakdown IN ('total', 'provider', 'consortium')
  ), figures AS (
    SELECT coalesce(g.consortium_id, i.consortium_id) AS consortium_id, coalesce(g.provider_id, i.provider_id) AS provider_id,
           ${figuresJson(
             'g',
             `, 'waitingNow', CASE WHEN i.waiting_youths >= 5 THEN i.waiting END,
             'referralsPerYouth', CASE WHEN i.started_youths >= 5 THEN i.prior_referrals::float / i.started END,
             'picChangeRate', CASE WHEN i.started_youths >= 5 THEN i.pic_changed::float / i.started END`,
           )} AS json
      FROM grouped g
      FULL JOIN intake i ON i.consortium_id IS NOT DISTINCT FROM g.consortium_id AND i.provider_id IS NOT DISTINCT FROM g.provider_id
                        AND (i.breakdown = 'consortium') = (g.consortium_id IS NOT NULL)
  )
  SELECT json_build_object(
    'municipality', (SELECT json_build_object('id', m.id, 'name', m.name) FROM municipality m WHERE m.id = $1),
    'from', $2::date, 'to', $3::date,
    'figures', (SELECT f.json FROM figures f WHERE f.consortium_id IS NULL AND f.provider_id IS NULL),
    'byConsortium', (SELECT coalesce(json_agg(json_build_object('consortium', json_build_object('id', c.id, 'name', c.name),
                                                                 'figures', f.json) ORDER BY c.name), '[]')
                       FROM figures f JOIN consortium c ON c.id = f.consortium_id),
    'byProvider', (SELECT coalesce(json_agg(json_build_object('provider', json_build_object('id', p.id, 'name', p.name),
                                                               'figures', f.json) ORDER BY p.name), '[]')
                     FROM figures f JOIN provider p ON p.id = f.provider_id WHERE f.consortium_id IS NULL)
  )::text AS json`;

/** A page of rows as PostgreSQL prints (moment, id), encoded as the API's cursors are (base64url). */
const CURSOR = (moment: string, id: string) =>
  `translate(encode(convert_to(${moment}::text || '|' || ${id}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/**
 * The intake board (waiting list): $7 consortium, $8 page size. For a provider's staff among the
 * consortium's leads and partners (today, access.viewer_consortia()); anyone else gets null (FORBIDDEN). Who waits
 * (INTAKE or REFERRED), oldest first, with youth, PIC, area, deadline and the days waited (UTC
 * calendar days from referral to start, or to today, as the API counts them); the total; the
 * access-log row per youth shown.
 */
export const WAITING_LIST_SQL = `
  WITH member AS (
    SELECT $6::uuid IS NOT NULL AND $7::uuid = ANY (access.viewer_consortia()) AS ok
  ), page AS (
    SELECT t.id, t.status, t.referred_at, t.intake_deadline, t.started_at, t.closed_at, t.youth_id, t.pic_id, t.area_id,
           t.responsible_provider_id
      FROM trajectory t
     WHERE t.consortium_id = $7 AND t.status IN ('INTAKE', 'REFERRED') AND (SELECT ok FROM member)
     ORDER BY t.referred_at, t.id LIMIT $8 + 1
  ), shown AS (
    SELECT * FROM page ORDER BY referred_at, id LIMIT $8
  ), log AS (
    INSERT INTO ${LOG_COLUMNS} SELECT DISTINCT $1::uuid, $2, $3::uuid, $4, youth_id, 'READ', 'waiting list', $5 FROM shown
  )
  SELECT CASE WHEN m.ok THEN json_build_object(
    'totalCount', (SELECT count(*) FROM trajectory t WHERE t.consortium_id = $7 AND t.status IN ('INTAKE', 'REFERRED')),
    'pageInfo', json_build_object(
      'hasNextPage', (SELECT count(*) > $8 FROM page),
      'endCursor', (SELECT ${CURSOR('referred_at', 'id')} FROM shown ORDER BY referred_at DESC, id DESC LIMIT 1)),
    'edges', (
      SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'id', s.id, 'status', s.status, 'intakeDeadline', s.intake_deadline,
        'waitingDays', (coalesce(s.started_at, s.closed_at, now()) AT TIME ZONE 'UTC')::date - (s.referred_at AT TIME ZONE 'UTC')::date,
        'youth', json_build_object('id', y.id, 'initials', y.initials, 'birthDate', y.birth_date),
        'referral', json_build_object('referredAt', s.referred_at, 'pic', json_build_object('id', pic.id,
          'profile', json_build_object('code', pr.code, 'name', pr.name), 'intensity', json_build_object('code', i.code))),
        'area', CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'name', a.name) END,
        'responsibleProvider', json_build_object('id', rp.id, 'name', rp.name))) ORDER BY s.referred_at, s.id), '[]')
        FROM shown s
        JOIN youth y ON y.id = s.youth_id JOIN pic ON pic.id = s.pic_id JOIN profile pr ON pr.id = pic.profile_id
        JOIN intensity i ON i.id = pic.intensity_id LEFT JOIN area a ON a.id = s.area_id JOIN provider rp ON rp.id = s.responsible_provider_id)
  ) END::text AS json
    FROM member m`;

/**
 * "Waar is plek?" for a referrer: $1 profile, $2 area. Every provider's figure for the profile in
 * that area or in all areas it serves (row-level security lets referrers and providers read them),
 * ordered as the API orders them, with the age in Amsterdam calendar days and stale after 14. No
 * personal data: nothing to log.
 */
export const CAPACITY_SQL = `
  SELECT coalesce(json_agg(json_build_object(
           'provider', json_build_object('id', p.id, 'name', p.name),
           'profile', json_build_object('id', pr.id, 'code', pr.code, 'name', pr.name),
           'area', CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'name', a.name) END,
           'freePlaces', c.free_places, 'updatedAt', c.updated_at, 'ageDays', x.age, 'stale', x.age > 14)
           ORDER BY pr.code, a.name NULLS FIRST, c.free_places DESC, p.name), '[]')::text AS json
    FROM capacity c
    JOIN provider p ON p.id = c.provider_id JOIN profile pr ON pr.id = c.profile_id LEFT JOIN area a ON a.id = c.area_id
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date - (c.updated_at AT TIME ZONE 'Europe/Amsterdam')::date AS age) x
   WHERE c.profile_id = $1 AND (c.area_id = $2 OR c.area_id IS NULL)`;
