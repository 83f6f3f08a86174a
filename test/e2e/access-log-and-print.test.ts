import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, refer } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

/**
 * The main contractor's "Wie heeft dit dossier ingezien" and the copy for the family, on screen and
 * as printed: no id anywhere on paper, no menu, and nothing wider than an A4 sheet. Accessibility is
 * checked on screen (on paper there is nothing to operate).
 */
const portal = usePortal();
const STAFF = 'staff@jeugdformaat.example';
const SHOTS = process.env.SAMENSPEL_SCREENSHOTS;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The width an A4 sheet (210 mm) leaves between the print stylesheet's 16 mm margins, in CSS pixels. */
const A4_CONTENT_PX = Math.floor(((210 - 2 * 16) / 25.4) * 96);

const HELP = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`;
const SUBMIT_OUTCOME = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`;
const READ = `query($id: ID!) { trajectory(id: $id) { youth { initials } } }`;

/** An active trajectory with a help plan and a submitted outcome, read by the referrer too. */
async function trajectoryWithOutcome() {
  const referrer = portal.app.as('lokaalteam@denhaag.example');
  const staff = portal.app.as(STAFF);
  const trajectory = await accept(staff, (await refer(referrer)).id);
  const help = await staff(HELP, {
    input: {
      trajectoryId: trajectory.id,
      version: 1,
      effortDescription: 'Elke week een gesprek met Sam en de ouders',
      goals: [{ kind: 'TREATMENT', description: 'Sam gaat weer naar school' }],
    },
  });
  await staff(SUBMIT_OUTCOME, {
    input: {
      trajectoryId: trajectory.id,
      goalResults: [{ goalId: help.data!.updateHelpPlan.goals[0].id, realisation: 'ACHIEVED' }],
      satisfaction: [{ informant: 'PARENT', score: 8 }],
      continuation: 'LIGHTER',
      endReasonCode: '31',
    },
  });
  await referrer(READ, { id: trajectory.id });
  return { id: trajectory.id as string, youthId: trajectory.youth.id as string };
}

/** As printed on A4: the text that prints, and how far anything reaches beyond the sheet's width. */
async function asPrinted(page: Page) {
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  return page.evaluate<{ text: string; beyond: number; navigation: number }>(`(() => {
    const widest = Math.max(
      document.documentElement.scrollWidth,
      ...[...document.body.querySelectorAll('*')].map((element) => element.getBoundingClientRect().right),
    );
    const navigation = [...document.querySelectorAll('nav, header, form, button')].filter(
      (element) => element.offsetParent !== null,
    ).length;
    return { text: document.body.innerText, beyond: Math.max(0, widest - window.innerWidth), navigation };
  })()`);
}

describe('who read this file, and a copy for the family, as the main contractor prints them', () => {
  it('lists every read of that youth only, and prints it without ids or navigation on A4', async () => {
    const { id, youthId } = await trajectoryWithOutcome();
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, STAFF, { path: `/trajectories/${id}` });
    await page.getByRole('link', { name: 'Wie heeft dit dossier ingezien' }).click();
    await waitForHeading(page, 'Wie heeft dit dossier ingezien');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const { rows } = await portal.app.admin.query(`SELECT count(*)::int AS n FROM access_log WHERE youth_id = $1`, [
      youthId,
    ]);
    const items = page.locator('ol.access-log > li');
    expect(await items.count()).toBe(rows[0].n);
    await expect.poll(() => items.last().innerText()).toContain('hulpverlener');
    expect(await page.locator('ol.access-log').innerText()).toContain('verwijzer');

    const printed = await asPrinted(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/access-log-print.png`, fullPage: true });
    expect(printed.text).not.toMatch(UUID);
    expect(printed.text).toContain('Wie heeft dit dossier ingezien');
    expect(printed.navigation).toBe(0);
    expect(printed.beyond).toBe(0);
  });

  it('prints the family plan, the help plan and the outcome each on A4, with plain headings and nothing internal', async () => {
    const { id } = await trajectoryWithOutcome();
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, STAFF, { path: `/trajectories/${id}` });
    await page.getByRole('link', { name: 'Afdrukken voor het gezin' }).click();
    await page.getByRole('heading', { level: 2, name: 'Resultaat van de hulp' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const printed = await asPrinted(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/family-copy-print.png`, fullPage: true });
    for (const heading of [
      'Gezinsplan: wat het gezin wil bereiken',
      'Hulpverleningsplan: welke hulp er komt',
      'Resultaat van de hulp',
      'Sam gaat weer naar school',
      'Elke week een gesprek met Sam en de ouders',
      '8 van 10',
    ])
      expect(printed.text).toContain(heading);
    expect(printed.text).not.toMatch(UUID);
    expect(printed.text).not.toContain(id.slice(0, 8));
    expect(printed.text).not.toContain('heeft het dossier bekeken');
    expect(printed.navigation).toBe(0);
    expect(printed.beyond).toBe(0);

    // each document starts a sheet of its own
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(3);
  });
});
