/**
 * Editing a plan together (domain rule 7). A save names the version the editor started from; when
 * someone else saved first, the API answers CONFLICT and writes nothing. Then the portal shows what
 * the others changed (the plan's history since that version) and prepares the editor's change on top
 * of the newest version, field by field: a field only the editor changed keeps the editor's value, a
 * field only the others changed takes theirs, and a field both changed keeps the editor's text with
 * theirs shown beside it. Nothing of either side is dropped without the editor seeing it.
 */

import type { LifeDomain } from './life-domains.js';

export interface GoalDraft {
  /** The goal's id, for a goal that exists in the plan. */
  id: string | null;
  description: string;
  targetDate: string | null;
  /** Treatment goals: the societal goal it works toward. */
  contributesToGoalId: string | null;
  /** Societal goals: the life domain it is about. */
  lifeDomain: LifeDomain | null;
}

export interface RevisionLike {
  version: number;
  changedAt: string;
  changedByName: string;
  changedByOrganisation: string;
  changes: readonly { field: string; before: string | null; after: string | null }[];
}

export interface PlanValues {
  /** Text fields by name (question, context; effortDescription, endDate). */
  fields: Record<string, string>;
  goals: GoalDraft[];
}

export type FieldState = 'both' | 'theirs' | 'mine';

export interface PlanConflict {
  plan: 'familyPlan' | 'helpPlan';
  /** The version the editor started from. */
  base: number;
  /** The newest version, the one the prepared change goes on top of. */
  current: number;
  /** What the others saved since `base`, newest first. */
  revisions: RevisionLike[];
  /** The fields that differ between the editor's change and the newest version, with their state. */
  fields: { field: string; state: FieldState; mine: string; theirs: string }[];
  /** The editor's change on top of the newest version: what the form is filled with. */
  draft: PlanValues;
}

/** Goals as the API's history writes them: one line each, "description (target date)". */
export const goalsText = (goals: readonly Pick<GoalDraft, 'description' | 'targetDate'>[]): string =>
  goals.map((goal) => (goal.targetDate ? `${goal.description} (${goal.targetDate})` : goal.description)).join('\n');

/** A field's value at `base`: before the first change after it, else as it is now (nobody changed it). */
function valueAtBase(field: string, revisions: readonly RevisionLike[], now: string): string {
  const first = [...revisions]
    .sort((a, b) => a.version - b.version)
    .find((revision) => revision.changes.some((change) => change.field === field));
  return first ? (first.changes.find((change) => change.field === field)!.before ?? '') : now;
}

export function mergePlan(
  plan: PlanConflict['plan'],
  base: number,
  mine: PlanValues,
  current: PlanValues & { version: number; history: readonly RevisionLike[] },
): PlanConflict {
  const revisions = current.history.filter((revision) => revision.version > base).sort((a, b) => b.version - a.version);
  const fields: PlanConflict['fields'] = [];
  const draft: PlanValues = { fields: {}, goals: [] };

  const decide = (field: string, mineText: string, theirsText: string): 'mine' | 'theirs' => {
    const atBase = valueAtBase(field, revisions, theirsText);
    const mineChanged = mineText !== atBase;
    const theirsChanged = theirsText !== atBase;
    if (mineText !== theirsText && (mineChanged || theirsChanged)) {
      fields.push({
        field,
        state: mineChanged && theirsChanged ? 'both' : mineChanged ? 'mine' : 'theirs',
        mine: mineText,
        theirs: theirsText,
      });
    }
    return mineChanged ? 'mine' : 'theirs';
  };

  for (const [field, value] of Object.entries(mine.fields)) {
    const theirs = current.fields[field] ?? '';
    draft.fields[field] = decide(field, value, theirs) === 'mine' ? value : theirs;
  }

  const existing = new Set(current.goals.map((goal) => goal.id));
  if (decide('goals', goalsText(mine.goals), goalsText(current.goals)) === 'mine') {
    // goals the others removed meanwhile come back as new goals rather than being lost
    draft.goals = mine.goals.map((goal) => ({ ...goal, id: goal.id && existing.has(goal.id) ? goal.id : null }));
  } else {
    draft.goals = current.goals.map((goal) => ({ ...goal }));
  }
  return { plan, base, current: current.version, revisions, fields, draft };
}
