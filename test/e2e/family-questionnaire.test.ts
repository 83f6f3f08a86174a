import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, refer } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();
const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = process.env.SAMENSPEL_SCREENSHOTS;

const HELP = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`;
const SUBMIT_OUTCOME = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`;
const CREATE = `mutation($id: ID!, $informant: Informant!) { createQuestionnaireLink(trajectoryId: $id, informant: $informant) { id url } }`;

/** An active trajectory with a submitted outcome (the professional gave the parent a 6), and a fresh parent link. */
async function trajectoryWithLink() {
  const staff = portal.app.as('staff@jeugdformaat.example');
  const trajectory = await accept(staff, (await refer(portal.app.as('lokaalteam@denhaag.example'))).id);
  const help = await staff(HELP, {
    input: { trajectoryId: trajectory.id, version: 1, goals: [{ kind: 'TREATMENT', description: 'Weer naar school' }] },
  });
  await staff(SUBMIT_OUTCOME, {
    input: {
      trajectoryId: trajectory.id,
      goalResults: [{ goalId: help.data!.updateHelpPlan.goals[0].id, realisation: 'ACHIEVED' }],
      satisfaction: [{ informant: 'PARENT', score: 6 }],
      continuation: 'LIGHTER',
      endReasonCode: '31',
    },
  });
  const link = (await staff(CREATE, { id: trajectory.id, informant: 'PARENT' })).data!.createQuestionnaireLink;
  return { trajectoryId: trajectory.id as string, linkId: link.id as string, path: link.url as string };
}

async function answer(page: Page, score: string) {
  await page.getByRole('radio', { name: score, exact: true }).check();
  await page.getByRole('button', { name: 'Versturen' }).click();
}

describe('a questionnaire the family fills in on a phone, without an account', () => {
  it('answers once, thanks, then refuses politely; the outcome shows the family’s own score and its source', async () => {
    const { trajectoryId, path } = await trajectoryWithLink();
    const page = await portal.newPage(PHONE);
    await page.goto(path);
    await waitForHeading(page, 'Uw mening over de hulp');
    await page.getByText('Hoe nuttig was deze hulp voor jou?').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/questionnaire-390.png`, fullPage: true });

    await page.getByLabel('Wilt u nog iets kwijt? (mag leeg blijven)').fill('Fijne begeleiding');
    await answer(page, '9');
    await waitForHeading(page, 'Bedankt!');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // the same link again: it worked once
    await page.goto(path);
    await answer(page, '3');
    await page.getByText('Deze link werkt niet meer').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/questionnaire-used-390.png`, fullPage: true });

    const staff = await portal.newPage(PHONE);
    await signIn(staff, 'staff@jeugdformaat.example');
    await staff.goto(`/trajectories/${trajectoryId}`);
    await staff.getByText('9 van 10 (ingevuld door het gezin)').first().waitFor();
    if (SHOTS) await staff.screenshot({ path: `${SHOTS}/trajectory-family-390.png`, fullPage: true });
  });

  it('an expired link refuses politely too', async () => {
    const { linkId, path } = await trajectoryWithLink();
    await portal.app.admin.query(
      `UPDATE questionnaire_link SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [linkId],
    );
    const page = await portal.newPage(PHONE);
    await page.goto(path);
    await answer(page, '7');
    await page.getByText('Deze link werkt niet meer').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('the main contractor makes a link and sees it as a QR code to copy', async () => {
    const { trajectoryId } = await trajectoryWithLink();
    const page = await portal.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, 'staff@jeugdformaat.example');
    await page.goto(`/trajectories/${trajectoryId}`);
    await page.getByRole('link', { name: 'Een link voor het gezin maken' }).click();
    await page.getByRole('button', { name: 'Vragenlijst voor een ouder' }).click();
    await page.getByRole('img', { name: 'QR-code van de link' }).waitFor();
    await expect(page.getByRole('button', { name: 'Link kopiëren' }).isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/trajectory-family-1366.png`, fullPage: true });
  });

  it('the family sees who read the youth’s file at its access link, in plain Dutch, and the page prints without menus', async () => {
    const { trajectoryId } = await trajectoryWithLink();
    const staff = portal.app.as('staff@jeugdformaat.example');
    const { rows } = await portal.app.admin.query(`SELECT youth_id FROM trajectory WHERE id = $1`, [trajectoryId]);
    const created = await staff(`mutation($id: ID!) { createFamilyAccessLink(youthId: $id) { url } }`, {
      id: rows[0].youth_id,
    });
    const page = await portal.newPage(PHONE);
    await page.goto(created.data!.createFamilyAccessLink.url);
    await waitForHeading(page, 'Wie heeft dit dossier ingezien');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/access-view-390.png`, fullPage: true });
    await page
      .getByText('Stichting Jeugdformaat (hulpverlener) heeft iets toegevoegd — reden: een inzagelink voor het gezin', {
        exact: false,
      })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'English' }).isVisible()).resolves.toBe(false);

    await page.goto('/inzage/' + 'A'.repeat(43));
    await page.getByText('Deze link werkt niet meer').waitFor();
  });
});
