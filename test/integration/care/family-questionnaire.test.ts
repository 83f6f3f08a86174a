import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlFrom } from '../../security/helpers/from-address.js';
import { accept, refer } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const CREATE = `mutation($id: ID!, $informant: Informant!) { createQuestionnaireLink(trajectoryId: $id, informant: $informant) { id informant url expiresAt usedAt } }`;
const SUBMIT = `mutation($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) }`;
const SUBMIT_OUTCOME = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { version satisfaction { informant score source } } }`;
const OUTCOME = `query($id: ID!) { trajectory(id: $id) { questionnaireLinks { informant usedAt } outcomeVersions { version correctionReason submittedByName satisfaction { informant score source } goalResults { realisation } } } }`;
const HELP = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`;

const tokenOf = (url: string) => url.split('/').pop()!;
const sha256 = (token: string) => createHash('sha256').update(token).digest();

async function activeTrajectory(birthDate = '2012-05-01') {
  const trajectory = await accept(jeugdformaat, (await refer(referrer, { birthDate })).id);
  const help = await jeugdformaat(HELP, {
    input: { trajectoryId: trajectory.id, version: 1, goals: [{ kind: 'TREATMENT', description: 'Weer naar school' }] },
  });
  return { id: trajectory.id as string, goalId: help.data!.updateHelpPlan.goals[0].id as string };
}

async function link(trajectoryId: string, informant = 'YOUTH') {
  const r = await jeugdformaat(CREATE, { id: trajectoryId, informant });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createQuestionnaireLink as { id: string; url: string; expiresAt: string; usedAt: null };
}

async function submitOutcome(id: string, goalId: string) {
  return jeugdformaat(SUBMIT_OUTCOME, {
    input: {
      trajectoryId: id,
      goalResults: [{ goalId, realisation: 'ACHIEVED' }],
      satisfaction: [
        { informant: 'YOUTH', score: 6 },
        { informant: 'PARENT', score: 8 },
      ],
      continuation: 'LIGHTER',
      endReasonCode: '31',
    },
  });
}

describe('questionnaires the family fills in without an account', () => {
  it('a link has a long random token, kept only as its SHA-256 hash, and expires after 30 days', async () => {
    const { id } = await activeTrajectory();
    const created = await link(id);
    const token = tokenOf(created.url);
    expect(created.url).toBe(`/vragenlijst/${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    const { rows } = await t.admin.query(
      `SELECT token_hash, to_jsonb(q)::text AS row FROM questionnaire_link q WHERE id = $1`,
      [created.id],
    );
    expect(rows[0].token_hash).toEqual(sha256(token));
    expect(rows[0].row).not.toContain(token);
  });

  it('the youth is asked only from 12; younger children are not (their parents are)', async () => {
    const { id } = await activeTrajectory('2016-01-01');
    const r = await jeugdformaat(CREATE, { id, informant: 'YOUTH' });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(r.errors![0].extensions!.fields[0]).toMatchObject({ field: 'informant', reason: 'YOUTH_UNDER_12' });
    expect((await link(id, 'PARENT')).url).toMatch(/^\/vragenlijst\//);
  });

  it('only the main contractor makes links', async () => {
    const { id } = await activeTrajectory();
    const r = await t.as('staff@duinzicht.example')(CREATE, { id, informant: 'PARENT' });
    expect(r.errors![0].extensions!.code).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('an answer before the outcome waits, and the report takes the family’s own score with its source', async () => {
    const { id, goalId } = await activeTrajectory();
    const { url } = await link(id, 'PARENT');
    expect((await t.gql(SUBMIT, { input: { token: tokenOf(url), score: 9, comment: 'Fijn geholpen' } })).data).toEqual({
      submitQuestionnaire: true,
    });
    const r = await submitOutcome(id, goalId);
    expect(r.data!.submitOutcome.satisfaction).toEqual([
      { informant: 'YOUTH', score: 6, source: 'PROFESSIONAL' },
      { informant: 'PARENT', score: 9, source: 'FAMILY' },
    ]);
  });

  it('an answer after the outcome is a new version "ingevuld door het gezin"; the submitted one is untouched', async () => {
    const { id, goalId } = await activeTrajectory();
    await submitOutcome(id, goalId);
    const { url } = await link(id, 'YOUTH');
    expect((await t.gql(SUBMIT, { input: { token: tokenOf(url), declined: true } })).data!.submitQuestionnaire).toBe(
      true,
    );
    const versions = (await jeugdformaat(OUTCOME, { id })).data!.trajectory.outcomeVersions;
    expect(versions).toEqual([
      {
        version: 2,
        correctionReason: 'ingevuld door het gezin',
        submittedByName: 'het gezin',
        satisfaction: [
          { informant: 'YOUTH', score: null, source: 'FAMILY' },
          { informant: 'PARENT', score: 8, source: 'PROFESSIONAL' },
        ],
        goalResults: [{ realisation: 'ACHIEVED' }],
      },
      expect.objectContaining({
        version: 1,
        correctionReason: null,
        satisfaction: [
          { informant: 'YOUTH', score: 6, source: 'PROFESSIONAL' },
          { informant: 'PARENT', score: 8, source: 'PROFESSIONAL' },
        ],
      }),
    ]);
  });

  it('a link works once: the second answer is refused and changes nothing', async () => {
    const { id, goalId } = await activeTrajectory();
    await submitOutcome(id, goalId);
    const token = tokenOf((await link(id, 'PARENT')).url);
    await t.gql(SUBMIT, { input: { token, score: 3 } });
    const again = await t.gql(SUBMIT, { input: { token, score: 10 } });
    expect(again.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
    const { rows } = await t.admin.query(
      `SELECT version, satisfaction_parent FROM outcome_report WHERE trajectory_id = $1 ORDER BY version`,
      [id],
    );
    expect(rows).toEqual([
      { version: 1, satisfaction_parent: 8 },
      { version: 2, satisfaction_parent: 3 },
    ]);
  });

  it('an expired link is refused and records nothing', async () => {
    const { id } = await activeTrajectory();
    const created = await link(id, 'PARENT');
    await t.admin.query(`UPDATE questionnaire_link SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      created.id,
    ]);
    const r = await t.gql(SUBMIT, { input: { token: tokenOf(created.url), score: 7 } });
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
    expect(r.errors![0].message).toMatch(/expired/);
    const { rows } = await t.admin.query(`SELECT used_at FROM questionnaire_link WHERE id = $1`, [created.id]);
    expect(rows[0].used_at).toBeNull();
  });

  it('a score and "wil ik niet zeggen" together are refused', async () => {
    const { id } = await activeTrajectory();
    const r = await t.gql(SUBMIT, { input: { token: tokenOf((await link(id)).url), score: 5, declined: true } });
    expect(r.errors![0].extensions!.fields[0]).toMatchObject({ field: 'input.score', reason: 'SCORE_OR_DECLINED' });
  });

  it('guessing tokens is throttled per address: even a real link waits once the address guessed too often', async () => {
    const address = '127.0.0.77';
    for (let i = 0; i < 10; i++) {
      const r = await gqlFrom(address, t.url, SUBMIT, { input: { token: `guess-${i}`.padEnd(43, 'x'), score: 5 } });
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
    const { rows } = await t.admin.query(
      `SELECT failures FROM sign_in_throttle WHERE kind = 'FAMILY_LINK' AND subject = $1`,
      [address],
    );
    expect(rows[0].failures).toBe(10);
    // many more guesses than that, behind the API: the address now waits the longest delay
    await t.admin.query(`UPDATE sign_in_throttle SET failures = 40 WHERE kind = 'FAMILY_LINK' AND subject = $1`, [
      address,
    ]);
    const { id } = await activeTrajectory();
    const created = await link(id, 'PARENT');
    const refused = await gqlFrom(address, t.url, SUBMIT, { input: { token: tokenOf(created.url), score: 5 } });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'THROTTLED' });
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(60);
    const { rows: used } = await t.admin.query(`SELECT used_at FROM questionnaire_link WHERE id = $1`, [created.id]);
    expect(used[0].used_at).toBeNull();
    // another address is not held up
    expect(
      (await gqlFrom('127.0.0.78', t.url, SUBMIT, { input: { token: tokenOf(created.url), score: 5 } })).data,
    ).toEqual({ submitQuestionnaire: true });
  });
});
