import { sqlDayOf } from '../../core/dates.js';

/**
 * The events the provider has not reported yet, per message type: `$1` provider, `$2` municipality,
 * `$3`/`$4` the first and last day of the events (NULL: no bound), `$5`/`$6` the keyset (moment and
 * id of the last event of the previous chunk, NULL at the start), `$7` the chunk size. An event that
 * is in a message has a subject row (its unique key makes it go out once), so it is not found again.
 * Only youths with a BSN can be reported; the others wait until they have one.
 */

/** What every report needs of its trajectory and youth (`t`, `y`, `yi`), its assignment and its product on `day`. */
const REPORT = (day: string) => `t.id AS "trajectoryId", t.youth_id AS "youthId", y.birth_date AS "birthDate",
  y.initials, yi.sealed, a.number::text AS "assignmentNumber", a.start_date AS "assignmentStart",
  ip.product_category AS "productCategory", ip.product_code AS "productCode", ${day} AS day`;

const JOINS = (day: string) => `JOIN youth y ON y.id = t.youth_id
  JOIN youth_identity yi ON yi.youth_id = t.youth_id
  LEFT JOIN LATERAL (SELECT a.number, a.start_date FROM ijw_assignment a
                      WHERE a.trajectory_id = t.id AND a.start_date <= ${day} ORDER BY a.start_date DESC LIMIT 1) a ON true
  LEFT JOIN LATERAL (SELECT ip.product_category, ip.product_code FROM pic p JOIN ijw_product ip
                        ON ip.profile_id = p.profile_id AND ip.intensity_id = p.intensity_id
                       AND ip.valid_from <= ${day} AND coalesce(ip.valid_until, 'infinity') >= ${day}
                      WHERE p.id = t.pic_id) ip ON true`;

const NOT_SENT = (key: string) =>
  `NOT EXISTS (SELECT 1 FROM ijw_message_subject s WHERE s.trajectory_id = t.id AND s.event_key = ${key})`;
const WITHIN = (day: string) => `($3::date IS NULL OR ${day} >= $3::date) AND ($4::date IS NULL OR ${day} <= $4::date)`;
const AFTER = (moment: string, id: string) =>
  `($5::timestamptz IS NULL OR (${moment}, ${id}) > ($5::timestamptz, $6::uuid))`;
const OWN = `t.responsible_provider_id = $1 AND t.municipality_id = $2`;

const STARTED = sqlDayOf('t.started_at');
const CLOSED = sqlDayOf('t.closed_at');

/** JW305: care started. */
export const PENDING_STARTS = `
  SELECT ${REPORT(STARTED)}, t.started_at::text AS "sortKey"
    FROM trajectory t ${JOINS(STARTED)}
   WHERE ${OWN} AND t.status IN ('ACTIVE', 'CLOSED') AND ${WITHIN(STARTED)} AND ${AFTER('t.started_at', 't.id')}
     AND ${NOT_SENT(`'START'`)}
   ORDER BY t.started_at, t.id LIMIT $7`;

/**
 * JW307: care stopped, with the JZ588 reason of the latest outcome; after its start was reported (or
 * when it started before the first day asked, reported then by whatever system the provider used).
 */
export const PENDING_STOPS = `
  SELECT ${REPORT(CLOSED)}, t.closed_at::text AS "sortKey", ${STARTED} AS "startDate",
         (SELECT o.end_reason_code FROM outcome_report o WHERE o.trajectory_id = t.id ORDER BY o.version DESC LIMIT 1) AS "endReason"
    FROM trajectory t ${JOINS(STARTED)}
   WHERE ${OWN} AND t.status = 'CLOSED' AND ${WITHIN(CLOSED)} AND ${AFTER('t.closed_at', 't.id')}
     AND ${NOT_SENT(`'STOP'`)}
     AND (NOT ${NOT_SENT(`'START'`)} OR ($3::date IS NOT NULL AND ${STARTED} < $3::date))
   ORDER BY t.closed_at, t.id LIMIT $7`;

/** The referrers who may refer directly (Jeugdwet): the GP, the youth doctor and the medical specialist. */
export const DIRECT_REFERRERS = ['GP', 'YOUTH_DOCTOR', 'MEDICAL_SPECIALIST'];

/** JW315: a request for an assignment, for a direct referral the municipality has not assigned. */
export const PENDING_REQUESTS = `
  SELECT ${REPORT(`coalesce(${STARTED}, ${sqlDayOf('t.referred_at')})`)}, t.referred_at::text AS "sortKey",
         t.referrer_type AS "referrerType"
    FROM trajectory t ${JOINS(`coalesce(${STARTED}, ${sqlDayOf('t.referred_at')})`)}
   WHERE ${OWN} AND t.status IN ('REFERRED', 'ACTIVE', 'CLOSED') AND t.referrer_type = ANY ('{${DIRECT_REFERRERS}}')
     AND ${WITHIN(sqlDayOf('t.referred_at'))} AND ${AFTER('t.referred_at', 't.id')}
     AND NOT EXISTS (SELECT 1 FROM ijw_assignment x WHERE x.trajectory_id = t.id)
     AND ${NOT_SENT(`'REQUEST'`)}
   ORDER BY t.referred_at, t.id LIMIT $7`;

const DECIDED = sqlDayOf('pp.decided_at');

/** JW317: the referrer accepted the PIC the provider proposed; the new product starts the day of the decision. */
export const PENDING_CHANGES = `
  SELECT ${REPORT(DECIDED)}, pp.decided_at::text AS "sortKey", pp.id AS "proposalId",
         np.product_category AS "newCategory", np.product_code AS "newCode"
    FROM pic_proposal pp JOIN trajectory t ON t.id = pp.trajectory_id ${JOINS(DECIDED)}
    LEFT JOIN LATERAL (SELECT ip.product_category, ip.product_code FROM pic p JOIN ijw_product ip
                          ON ip.profile_id = p.profile_id AND ip.intensity_id = p.intensity_id
                         AND ip.valid_from <= ${DECIDED} AND coalesce(ip.valid_until, 'infinity') >= ${DECIDED}
                        WHERE p.id = pp.to_pic_id) np ON true
   WHERE ${OWN} AND pp.status = 'ACCEPTED' AND pp.proposed_by_provider_id = $1
     AND ${WITHIN(DECIDED)} AND ${AFTER('pp.decided_at', 'pp.id')}
     AND ${NOT_SENT(`'CHANGE:' || pp.id`)}
   ORDER BY pp.decided_at, pp.id LIMIT $7`;

/**
 * JW323: the latest settlement of each closed trajectory that is declared (its variant's form on the
 * closing day is not NONE) and has an assignment to declare on, with what its lines need.
 */
export const PENDING_SETTLEMENTS = `
  SELECT ${REPORT(CLOSED)}, t.closed_at::text AS "sortKey", s.id AS "settlementId", s.amount_cents AS "amountCents",
         ${STARTED} AS "startDate", ${CLOSED} AS "closedDate", f.form, f.unit_code AS "unitCode"
    FROM trajectory t ${JOINS(CLOSED)}
    JOIN LATERAL (SELECT s.* FROM settlement s WHERE s.trajectory_id = t.id ORDER BY s.version DESC LIMIT 1) s ON true
    JOIN ijw_declaration_form f ON f.funding_variant = s.funding_variant AND f.form <> 'NONE'
     AND f.valid_from <= ${CLOSED} AND coalesce(f.valid_until, 'infinity') >= ${CLOSED}
   WHERE ${OWN} AND t.status = 'CLOSED' AND a.number IS NOT NULL AND ip.product_code IS NOT NULL
     AND ${WITHIN(CLOSED)} AND ${AFTER('t.closed_at', 't.id')}
     AND NOT EXISTS (SELECT 1 FROM ijw_declaration_line d WHERE d.settlement_id = s.id)
   ORDER BY t.closed_at, t.id LIMIT $7`;

/** The delivered units of effort-paid trajectories, per product price and month. */
export const UNITS_BY_MONTH = `
  SELECT du.trajectory_id AS "trajectoryId", pp.id AS "priceId", pp.unit_code AS "unitCode", pp.price_cents AS "priceCents",
         sum(du.quantity)::int AS volume, min(du.delivered_on) AS "periodStart", max(du.delivered_on) AS "periodEnd"
    FROM delivered_units du JOIN product_price pp ON pp.id = du.product_price_id
   WHERE du.trajectory_id = ANY($1)
   GROUP BY du.trajectory_id, pp.id, date_trunc('month', du.delivered_on)
   ORDER BY 1, 6, 2`;

/** Debit lines of earlier settlements of these trajectories that no credit line has taken back yet. */
export const UNCREDITED_LINES = `
  SELECT d.trajectory_id AS "trajectoryId", d.reference, d.period_start AS "periodStart", d.period_end AS "periodEnd",
         d.volume, d.unit_code AS "unitCode", d.tariff_cents AS "tariffCents", d.amount_cents AS "amountCents",
         d.product_price_id AS "priceId"
    FROM ijw_declaration_line d
   WHERE d.trajectory_id = ANY($1) AND d.debit_credit = 'D'
     AND NOT EXISTS (SELECT 1 FROM ijw_declaration_line c WHERE c.credits_reference = d.reference AND c.provider_id = d.provider_id)
   ORDER BY d.period_start, d.reference`;
