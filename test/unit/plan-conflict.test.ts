import { describe, expect, it } from 'vitest';
import { diffWords } from '../../web/src/lib/care/diff.js';
import { goalsText, mergePlan, type GoalDraft, type RevisionLike } from '../../web/src/lib/care/plan-conflict.js';

const goal = (id: string | null, description: string): GoalDraft => ({
  id,
  description,
  targetDate: null,
  contributesToGoalId: null,
  lifeDomain: null,
});
const revision = (version: number, changes: RevisionLike['changes']): RevisionLike => ({
  version,
  changedAt: '2026-11-25T10:00:00Z',
  changedByName: 'Joyce van Dijk',
  changedByOrganisation: 'Den Haag',
  changes,
});

describe('two people editing the same plan (domain rule 7): the stale change is prepared on the newest version', () => {
  const base = { question: 'Angst', context: 'Twee ouders' };
  const goals = [goal('g1', 'Gaat weer naar school')];

  it('a field only the other changed takes theirs; a field only the editor changed keeps the editor’s', () => {
    const conflict = mergePlan(
      'familyPlan',
      1,
      { fields: { question: base.question, context: 'Twee ouders, één broer' }, goals },
      {
        version: 2,
        fields: { question: 'Angst en slaapproblemen', context: base.context },
        goals,
        history: [revision(2, [{ field: 'question', before: 'Angst', after: 'Angst en slaapproblemen' }])],
      },
    );
    expect(conflict.draft.fields).toEqual({ question: 'Angst en slaapproblemen', context: 'Twee ouders, één broer' });
    expect(conflict.fields.map((field) => [field.field, field.state])).toEqual([
      ['question', 'theirs'],
      ['context', 'mine'],
    ]);
    expect(conflict).toMatchObject({ base: 1, current: 2 });
    expect(conflict.revisions.map((r) => r.version)).toEqual([2]);
  });

  it('a field both changed keeps the editor’s text and marks it, with theirs beside it', () => {
    const conflict = mergePlan(
      'familyPlan',
      1,
      { fields: { question: 'Angst; school', context: base.context }, goals },
      {
        version: 3,
        fields: { question: 'Angst en slaap', context: base.context },
        goals,
        history: [
          revision(3, [{ field: 'question', before: 'Angst en slaapproblemen', after: 'Angst en slaap' }]),
          revision(2, [{ field: 'question', before: 'Angst', after: 'Angst en slaapproblemen' }]),
          revision(1, []),
        ],
      },
    );
    expect(conflict.draft.fields.question).toBe('Angst; school');
    expect(conflict.fields).toEqual([
      { field: 'question', state: 'both', mine: 'Angst; school', theirs: 'Angst en slaap' },
    ]);
    expect(conflict.revisions.map((r) => r.version)).toEqual([3, 2]);
  });

  it('goals: the editor’s list when the editor changed it; a goal the other removed comes back as a new goal', () => {
    const mine = [goal('g1', 'Gaat weer naar school'), goal('g2', 'Slaapt door'), goal(null, 'Sport weer')];
    const conflict = mergePlan(
      'familyPlan',
      1,
      { fields: {}, goals: mine },
      {
        version: 2,
        fields: {},
        goals: [goal('g1', 'Gaat weer naar school')],
        history: [
          revision(2, [
            { field: 'goals', before: 'Gaat weer naar school\nSlaapt door', after: 'Gaat weer naar school' },
          ]),
        ],
      },
    );
    expect(conflict.draft.goals.map((g) => [g.id, g.description])).toEqual([
      ['g1', 'Gaat weer naar school'],
      [null, 'Slaapt door'],
      [null, 'Sport weer'],
    ]);
    expect(conflict.fields[0]).toMatchObject({ field: 'goals', state: 'both' });
  });

  it('goals the editor left alone follow the newest version', () => {
    const current = [goal('g1', 'Gaat weer naar school'), goal('g3', 'Heeft een vriend')];
    const conflict = mergePlan(
      'familyPlan',
      1,
      { fields: {}, goals },
      {
        version: 2,
        fields: {},
        goals: current,
        history: [revision(2, [{ field: 'goals', before: goalsText(goals), after: goalsText(current) }])],
      },
    );
    expect(conflict.draft.goals).toEqual(current);
  });
});

describe('word diff of a plan change', () => {
  it('marks removed and added words and keeps the rest', () => {
    expect(diffWords('Gaat niet naar school', 'Gaat weer naar school')).toEqual([
      { kind: 'same', text: 'Gaat ' },
      { kind: 'del', text: 'niet' },
      { kind: 'ins', text: 'weer' },
      { kind: 'same', text: ' naar school' },
    ]);
    expect(diffWords('', 'Nieuw')).toEqual([{ kind: 'ins', text: 'Nieuw' }]);
  });
});
