import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { userId } from '../../../seeds/accounts.js';
import { intensityId, picId, profileId } from '../../../seeds/reference.js';
import { insertRows } from '../../../seeds/seed-db.js';
import {
  figureValues,
  NO_FACTS,
  perturbByCellKey,
  type Cell,
} from '../../../server/src/modules/performance/performance.rules.js';

/**
 * Test data behind the API: providers, a consortium, and closed trajectories with their facts,
 * written as the table owner. Trajectories close in 2001, long before any seeded data, so that
 * figures over a period contain exactly these facts.
 */

let agb = 97_000_000;

/** New providers (names as given), returning their ids in the same order. */
export async function createProviders(admin: pg.Pool, names: string[]): Promise<string[]> {
  const rows = names.map((name) => ({ id: randomUUID(), name, agb_code: String(++agb) }));
  await insertRows(admin as unknown as pg.ClientBase, 'provider', rows);
  return rows.map((r) => r.id);
}

export interface Member {
  providerId: string;
  role: 'LEAD' | 'PARTNER' | 'SUBCONTRACTOR';
  validFrom?: string;
  validUntil?: string | null;
}

export async function createConsortium(admin: pg.Pool, name: string, members: Member[]): Promise<string> {
  const id = randomUUID();
  await insertRows(admin as unknown as pg.ClientBase, 'consortium', [{ id, name }]);
  await insertRows(
    admin as unknown as pg.ClientBase,
    'consortium_membership',
    members.map((m) => ({
      id: randomUUID(),
      consortium_id: id,
      provider_id: m.providerId,
      role: m.role,
      valid_from: m.validFrom ?? '2000-01-01',
      valid_until: m.validUntil ?? null,
    })),
  );
  return id;
}

export interface Fact {
  provider: string;
  municipality: string;
  area?: string | null;
  profile?: string;
  intensity?: 'KL' | 'KH' | 'LL' | 'LH';
  /** ISO moment of closing. */
  closedAt: string;
  /** Reuse the youth of an earlier fact with the same key (one youth, two trajectories). */
  youth?: string;
  waitingDays?: number;
  /** [treatment goals, achieved, partly achieved] */
  goals?: [number, number, number];
  satisfactionYouth?: number | null;
  satisfactionParent?: number | null;
  dropout?: boolean;
  endedAsPlanned?: boolean;
  /** JZ588 reason for ending. */
  endReason?: string;
  repeatUse?: boolean;
  variant?: 'EFFORT' | 'OUTPUT' | 'TASK';
  tariffCents?: number;
  /** Defaults to the tariff; null for TASK. */
  costCents?: number | null;
}

export interface InsertedFacts {
  youthIds: string[];
  trajectoryIds: string[];
  youths: { id: string; initials: string; birthDate: string }[];
}

const daysBefore = (iso: string, days: number) => new Date(new Date(iso).getTime() - days * 86_400_000).toISOString();

/**
 * Closed trajectories with their facts as `access.refresh_trajectory_facts` would write them.
 * Youths are born 1991–1995 (no seeded youth is), with initials unlike any provider name.
 */
export async function insertFacts(admin: pg.Pool, facts: Fact[]): Promise<InsertedFacts> {
  const client = admin as unknown as pg.ClientBase;
  const youthOf = new Map<string, string>();
  const rows = {
    youth: [] as Record<string, unknown>[],
    family_plan: [] as Record<string, unknown>[],
    trajectory: [] as Record<string, unknown>[],
    trajectory_fact: [] as Record<string, unknown>[],
  };
  const inserted: InsertedFacts = { youthIds: [], trajectoryIds: [], youths: [] };
  facts.forEach((f, i) => {
    const key = f.youth ?? `fact-${i}`;
    let youth = youthOf.get(key);
    if (!youth) {
      youth = randomUUID();
      youthOf.set(key, youth);
      const initials = `Q.${String.fromCharCode(65 + (i % 26))}.X.`;
      const birthDate = `199${1 + (i % 5)}-0${1 + (i % 9)}-2${i % 8}`;
      rows.youth.push({
        id: youth,
        initials,
        birth_date: birthDate,
        municipality_id: f.municipality,
        area_id: f.area ?? null,
      });
      inserted.youthIds.push(youth);
      inserted.youths.push({ id: youth, initials, birthDate });
    }
    const plan = randomUUID();
    const trajectory = randomUUID();
    const waiting = f.waitingDays ?? 7;
    const startedAt = daysBefore(f.closedAt, 60);
    const referredAt = daysBefore(startedAt, waiting);
    const intensity = f.intensity ?? 'KL';
    const profile = f.profile ?? 'P01';
    const tariff = f.tariffCents ?? 290_000;
    const variant = f.variant ?? 'OUTPUT';
    const [goals, achieved, partly] = f.goals ?? [1, 1, 0];
    rows.family_plan.push({
      id: plan,
      municipality_id: f.municipality,
      question: 'Vraag',
      context: '',
      created_by: userId('lokaalteam@denhaag.example'),
    });
    rows.trajectory.push({
      id: trajectory, youth_id: youth, family_plan_id: plan, municipality_id: f.municipality, area_id: f.area ?? null, status: 'CLOSED',
      responsible_provider_id: f.provider, referrer_type: 'LOCAL_TEAM', pic_id: picId(profile, intensity, '2020'), funding_variant: variant,
      referred_at: referredAt, referred_by: userId('lokaalteam@denhaag.example'), started_at: startedAt, closed_at: f.closedAt, last_activity_at: f.closedAt,
    }); // prettier-ignore
    rows.trajectory_fact.push({
      trajectory_id: trajectory, youth_key: youth, municipality_id: f.municipality, area_id: f.area ?? null, responsible_provider_id: f.provider,
      profile_id: profileId(profile), intensity_id: intensityId(intensity), funding_variant: variant, referred_at: referredAt,
      started_at: startedAt, closed_at: f.closedAt, waiting_days: waiting, treatment_goals: goals, goals_achieved: achieved,
      goals_partly: partly, satisfaction_youth: f.satisfactionYouth ?? null, satisfaction_parent: f.satisfactionParent ?? null,
      dropout: f.dropout ?? false, ended_as_planned: f.endedAsPlanned ?? !f.dropout, continuation: 'NONE', tariff_cents: tariff,
      cost_cents: variant === 'TASK' ? null : f.costCents === undefined ? tariff : f.costCents, repeat_use: f.repeatUse ?? false,
      end_reason_code: f.endReason ?? (f.dropout ? '32' : f.endedAsPlanned === false ? '34' : '31'),
    }); // prettier-ignore
    inserted.trajectoryIds.push(trajectory);
  });
  for (const table of ['youth', 'family_plan', 'trajectory', 'trajectory_fact'] as const)
    await insertRows(client, table, rows[table]);
  return inserted;
}

/** The record keys the database gave these trajectories' facts (the cell-key method), in the same order. */
export async function recordKeys(admin: pg.Pool, trajectoryIds: string[]): Promise<number[]> {
  const { rows } = await admin.query<{ id: string; key: number }>(
    `SELECT trajectory_id AS id, record_key AS key FROM trajectory_fact WHERE trajectory_id = ANY($1)`,
    [trajectoryIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r.key]));
  return trajectoryIds.map((id) => byId.get(id)!);
}

/**
 * The figures the API publishes for a group whose exact sums (and largest single values) were
 * computed by hand: perturbed by the cell-key method, with the sum of its facts' record keys as
 * the cell key. Sums not given are 0.
 */
export function publishedFigures(sums: Partial<Cell>, keys: number[]) {
  const cell: Cell = {
    ...NO_FACTS,
    maxGoals: 0,
    maxWaitingDays: 0,
    maxTariff: 0,
    maxCost: 0,
    ...sums,
    cellKey: keys.reduce((a, b) => a + b, 0),
  };
  return { ...figureValues(perturbByCellKey(cell)), suppressed: [] as string[] };
}
