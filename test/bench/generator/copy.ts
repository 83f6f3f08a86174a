import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The care tables the generator fills, in foreign-key order, with the columns it writes. */
export const TABLES = {
  youth: ['id', 'initials', 'birth_date', 'municipality_id', 'area_id', 'created_at'],
  family_plan: ['id', 'municipality_id', 'question', 'context', 'version', 'created_by', 'created_at', 'updated_at'],
  family_plan_youth: ['family_plan_id', 'youth_id'],
  trajectory: [
    'id',
    'youth_id',
    'family_plan_id',
    'municipality_id',
    'area_id',
    'status',
    'responsible_provider_id',
    'referrer_type',
    'pic_id',
    'funding_variant',
    'referred_at',
    'referred_by',
    'started_at',
    'closed_at',
    'decline_reason',
    'last_activity_at',
    'consortium_id',
    'intake_deadline',
  ],
  responsibility_period: ['id', 'trajectory_id', 'provider_id', 'since', 'until'],
  help_plan: ['trajectory_id', 'version', 'effort_description', 'end_date', 'updated_at'],
  goal: ['id', 'kind', 'description', 'target_date', 'position', 'family_plan_id', 'help_plan_id', 'contributes_to_id'],
  plan_revision: ['help_plan_id', 'version', 'changed_at', 'changed_by', 'changes'],
  expertise_request: [
    'id',
    'trajectory_id',
    'requested_by_provider_id',
    'provider_id',
    'mode',
    'profile_id',
    'question',
    'status',
    'relation',
    'subcontract_id',
    'consortium_id',
    'integrated_team_id',
    'decline_reason',
    'requested_by',
    'requested_at',
    'responded_at',
    'ended_at',
  ],
  responsibility_transfer: [
    'id',
    'trajectory_id',
    'from_provider_id',
    'to_provider_id',
    'reason',
    'status',
    'decline_reason',
    'requested_by',
    'requested_at',
    'responded_at',
  ],
  pic_proposal: [
    'id',
    'trajectory_id',
    'from_pic_id',
    'to_pic_id',
    'reason',
    'status',
    'proposed_by_provider_id',
    'proposed_by',
    'proposed_at',
    'decided_by',
    'decided_at',
    'decision_reason',
  ],
  trajectory_event: [
    'trajectory_id',
    'at',
    'kind',
    'actor_user_id',
    'actor_provider_id',
    'expertise_request_id',
    'detail',
  ],
  trajectory_access: ['trajectory_id', 'provider_id', 'role', 'source_id'],
  outcome_report: [
    'id',
    'trajectory_id',
    'version',
    'continuation',
    'end_reason_code',
    'cbs_end_code',
    'dropout',
    'satisfaction_youth',
    'satisfaction_parent',
    'correction_reason',
    'submitted_by',
    'submitted_at',
  ],
  goal_result: ['outcome_report_id', 'goal_id', 'realisation'],
  settlement: [
    'id',
    'trajectory_id',
    'version',
    'outcome_report_id',
    'funding_variant',
    'tariff_cents',
    'goal_share',
    'payment_rule_id',
    'percentage_paid',
    'amount_cents',
    'correction_reason',
    'created_at',
  ],
} as const;
export type Table = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as Table[];

/** The tables whose triggers maintain derived rows; the generator writes those rows itself. */
export const TRIGGER_TABLES: Table[] = [
  'trajectory',
  'expertise_request',
  'responsibility_transfer',
  'trajectory_event',
];

/**
 * The triggers that keep the figures' roll-ups (performance_cell, performance_repeat_fact) equal to
 * trajectory_fact. Per chunk they would recount every (municipality, provider, month) cell the chunk
 * touches from all facts loaded so far, so each chunk would take longer than the one before: the
 * generator switches them off while loading and rolls everything up once (`ROLL_UP_ALL`).
 */
export const ROLL_UP_TRIGGERS = [
  'trajectory_fact_roll_up_insert',
  'trajectory_fact_roll_up_update',
  'trajectory_fact_roll_up_delete',
];
/** What the roll-up triggers would have written, for all facts at once (the same functions). */
export const ROLL_UP_ALL = `
  SELECT access.note_repeat_facts(ARRAY(SELECT DISTINCT youth_key FROM trajectory_fact));
  SELECT access.refresh_performance_cells(array_agg(k.m), array_agg(k.p), array_agg(k.d))
    FROM (SELECT DISTINCT municipality_id AS m, responsible_provider_id AS p,
                 date_trunc('month', closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS d
            FROM trajectory_fact) k
  HAVING count(*) > 0;`;

export type Value = string | number | boolean | null;

const SPECIAL = /[\\\t\n\r]/;
/** A value in COPY's text format. */
function field(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return SPECIAL.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : v;
}

/** One chunk's rows, as COPY text per table. */
export class Chunk {
  readonly lines = new Map<Table, string[]>(TABLE_NAMES.map((t) => [t, []]));
  /** Closed trajectories, whose facts are computed once the chunk is in. */
  readonly closed: string[] = [];
  trajectories = 0;

  add(table: Table, values: Value[]): void {
    this.lines.get(table)!.push(values.map(field).join('\t'));
  }

  get rows(): number {
    let n = 0;
    for (const l of this.lines.values()) n += l.length;
    return n;
  }
}

/** Loads a chunk in one transaction: COPY per table, then the facts of its closed trajectories. */
export async function loadChunk(client: pg.ClientBase, chunk: Chunk): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const table of TABLE_NAMES) {
      const lines = chunk.lines.get(table)!;
      if (!lines.length) continue;
      const stream = client.query(copyFrom(`COPY ${table} (${TABLES[table].join(', ')}) FROM STDIN`));
      await pipeline(Readable.from([`${lines.join('\n')}\n`]), stream);
    }
    // trajectory_fact as the application writes it: the same SQL function, on this chunk's rows
    if (chunk.closed.length) await client.query(`SELECT access.refresh_trajectory_facts($1::uuid[])`, [chunk.closed]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
