import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accept, refer } from '../integration/helpers/care.js';
import { waitUntil } from '../integration/helpers/wait.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { PROVIDER, REFERRER } from './helpers/care.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();
const PROVIDER_ADMIN = 'admin@jeugdformaat.example';

/** An accepted referral to Jeugdformaat, made through the API (the journey test makes one through the portal). */
async function activeTrajectory(initials: string): Promise<string> {
  const trajectory = await refer(portal.app.as(REFERRER), { initials, provider: 'jeugdformaat' });
  await accept(portal.app.as(PROVIDER), trajectory.id);
  return trajectory.id;
}

async function openSignedIn(email: string, path: string, heading: string): Promise<Page> {
  const page = await portal.newPage();
  await signIn(page, email, { path });
  await waitForHeading(page, heading);
  return page;
}

const familyPlanForm = (page: Page) => page.getByRole('form', { name: 'Gezinsplan bewerken' });
const helpPlanForm = (page: Page) => page.getByRole('form', { name: 'Hulpverleningsplan bewerken' });

describe('editing a plan together', () => {
  let id: string;
  beforeAll(async () => {
    id = await activeTrajectory('K.L.');
  });

  it('a stale save shows what the other changed, loses nothing, and the change can be applied to the new version', async () => {
    // the referrer and the responsible provider both open the family plan (version 1) for editing
    const referrer = await openSignedIn(REFERRER, `/trajectories/${id}/family-plan`, 'Gezinsplan: traject K.L.');
    const provider = await openSignedIn(PROVIDER, `/trajectories/${id}/family-plan`, 'Gezinsplan: traject K.L.');

    await familyPlanForm(referrer)
      .getByLabel('Hulpvraag')
      .fill('Angstklachten en slaapproblemen; gaat niet naar school.');
    await familyPlanForm(referrer).getByRole('button', { name: 'Gezinsplan opslaan' }).click();
    await referrer.getByText('Het gezinsplan is opgeslagen.').waitFor();

    // the provider, still on version 1, changes the context
    await familyPlanForm(provider).getByLabel('Context').fill('Twee ouders, één broer; vader werkt in ploegendienst.');
    await familyPlanForm(provider).getByRole('button', { name: 'Gezinsplan opslaan' }).click();
    await provider.getByRole('heading', { name: 'Iemand anders heeft dit plan intussen gewijzigd' }).waitFor();
    expect(await provider.getByText('U begon aan versie 1; de nieuwste versie is 2.').count()).toBe(1);
    // what the other changed: the referrer's new question, by name
    const theirs = provider.getByRole('region', { name: 'Wat er intussen is veranderd' });
    expect(await theirs.textContent()).toContain('Joyce van Dijk');
    expect(await theirs.textContent()).toContain('Angstklachten en slaapproblemen; gaat niet naar school.');
    // nothing lost: the form holds the provider's context and the referrer's question
    expect(await familyPlanForm(provider).getByLabel('Context').inputValue()).toBe(
      'Twee ouders, één broer; vader werkt in ploegendienst.',
    );
    expect(await familyPlanForm(provider).getByLabel('Hulpvraag').inputValue()).toBe(
      'Angstklachten en slaapproblemen; gaat niet naar school.',
    );
    expect(await seriousA11yViolations(provider)).toEqual([]);

    await familyPlanForm(provider).getByRole('button', { name: 'Mijn wijziging toepassen op versie 2' }).click();
    await provider.getByText('Het gezinsplan is opgeslagen.').waitFor();
    expect(await provider.getByTestId('family-plan-question').textContent()).toBe(
      'Angstklachten en slaapproblemen; gaat niet naar school.',
    );
    expect(await provider.getByTestId('family-plan-context').textContent()).toBe(
      'Twee ouders, één broer; vader werkt in ploegendienst.',
    );
    const { rows } = await portal.app.admin.query<{ version: number }>(
      `SELECT f.version FROM family_plan f JOIN trajectory t ON t.family_plan_id = f.id WHERE t.id = $1`,
      [id],
    );
    expect(rows[0].version).toBe(3);
  });

  it('when both changed the same field, the editor sees both texts and decides; the other text stays in the history', async () => {
    const staff = await openSignedIn(PROVIDER, `/trajectories/${id}/help-plan`, 'Hulpverleningsplan: traject K.L.');
    const admin = await openSignedIn(
      PROVIDER_ADMIN,
      `/trajectories/${id}/help-plan`,
      'Hulpverleningsplan: traject K.L.',
    );

    await helpPlanForm(staff).getByLabel('Inzet').fill('Cognitieve gedragstherapie, 10 sessies.');
    await helpPlanForm(staff).getByRole('button', { name: 'Hulpverleningsplan opslaan' }).click();
    await staff.getByText('Het hulpverleningsplan is opgeslagen.').waitFor();

    await helpPlanForm(admin)
      .getByLabel('Inzet')
      .fill('Cognitieve gedragstherapie, 12 sessies, en twee oudergesprekken.');
    await helpPlanForm(admin).getByRole('button', { name: 'Hulpverleningsplan opslaan' }).click();
    await admin.getByRole('heading', { name: 'Iemand anders heeft dit plan intussen gewijzigd' }).waitFor();
    const yours = admin.getByRole('region', { name: 'Uw wijziging' });
    expect(await yours.textContent()).toContain('"Inzet": u en een ander hebben dit allebei gewijzigd.');
    expect(await yours.textContent()).toContain('Cognitieve gedragstherapie, 10 sessies.');
    expect(await helpPlanForm(admin).getByLabel('Inzet').inputValue()).toBe(
      'Cognitieve gedragstherapie, 12 sessies, en twee oudergesprekken.',
    );

    await helpPlanForm(admin)
      .getByRole('button', { name: /^Mijn wijziging toepassen op versie/ })
      .click();
    await admin.getByText('Het hulpverleningsplan is opgeslagen.').waitFor();
    expect(await admin.getByTestId('help-plan-effort').textContent()).toContain('12 sessies, en twee oudergesprekken.');
    // the other text is not gone: the history keeps it
    await admin
      .getByText(/^Geschiedenis van dit plan/)
      .nth(1)
      .click();
    expect(await admin.locator('#help-plan').textContent()).toContain('Cognitieve gedragstherapie, 10 sessies.');
  });
});

describe('live updates', () => {
  it('a change saved in one browser appears in another without a reload, and what is typed there stays', async () => {
    const id = await activeTrajectory('L.V.');
    const watcher = await openSignedIn(REFERRER, `/trajectories/${id}/family-plan`, 'Gezinsplan: traject L.V.');
    // proof that the page is not reloaded: this survives only in the same document
    await watcher.evaluate(() => ((globalThis as unknown as { samenspelMarker: number }).samenspelMarker = 42));
    await familyPlanForm(watcher).getByLabel('Context').fill('Half getypt door de verwijzer');
    // a reader of the trajectory page, in a third browser
    const reader = await openSignedIn(REFERRER, `/trajectories/${id}`, 'Traject L.V.');
    await reader.evaluate(() => ((globalThis as unknown as { samenspelMarker: number }).samenspelMarker = 42));
    // their live subscriptions are registered at the server before the other browser saves
    await waitUntil(() => portal.app.app.notifier.listenerCount(id) > 1);

    const editor = await openSignedIn(PROVIDER, `/trajectories/${id}/help-plan`, 'Hulpverleningsplan: traject L.V.');
    await helpPlanForm(editor).getByLabel('Inzet').fill('Exposure-training, 8 sessies.');
    await helpPlanForm(editor).getByRole('button', { name: 'Hulpverleningsplan opslaan' }).click();
    await editor.getByText('Het hulpverleningsplan is opgeslagen.').waitFor();

    await reader.getByTestId('help-plan-effort').getByText('Exposure-training, 8 sessies.').waitFor();
    expect(await reader.evaluate(() => (globalThis as unknown as { samenspelMarker?: number }).samenspelMarker)).toBe(
      42,
    );
    await watcher.getByText(/Deze pagina is bijgewerkt met de laatste wijzigingen/).waitFor();
    expect(await watcher.evaluate(() => (globalThis as unknown as { samenspelMarker?: number }).samenspelMarker)).toBe(
      42,
    );
    expect(await familyPlanForm(watcher).getByLabel('Context').inputValue()).toBe('Half getypt door de verwijzer');

    // a save of the same plan meanwhile is announced in the form that is still on the old version
    await helpPlanForm(editor).waitFor({ state: 'detached' });
    const { rows } = await portal.app.admin.query<{ id: string; version: number }>(
      `SELECT f.id, f.version FROM family_plan f JOIN trajectory t ON t.family_plan_id = f.id WHERE t.id = $1`,
      [id],
    );
    const update = await portal.app.as(PROVIDER)(
      `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`,
      {
        input: { id: rows[0].id, version: rows[0].version, question: 'Aangepast door de aanbieder.' },
      },
    );
    expect(update.errors).toBeUndefined();
    await familyPlanForm(watcher)
      .getByText('Noor de Groot heeft intussen versie 2 opgeslagen.', { exact: false })
      .waitFor();
    expect(await familyPlanForm(watcher).getByLabel('Context').inputValue()).toBe('Half getypt door de verwijzer');
    expect(await watcher.evaluate(() => (globalThis as unknown as { samenspelMarker?: number }).samenspelMarker)).toBe(
      42,
    );
  });
});

describe('editing without JavaScript', () => {
  it('the conflict is shown and the change re-applied with plain form posts', async () => {
    const id = await activeTrajectory('N.J.');
    const page = await portal.newPage({ javaScriptEnabled: false });
    await signIn(page, PROVIDER, { path: `/trajectories/${id}` });
    await page.getByRole('link', { name: 'Gezinsplan bewerken' }).click();
    await familyPlanForm(page).getByLabel('Context').fill('Moeder alleenstaand; oma helpt twee dagen per week.');

    const { rows } = await portal.app.admin.query<{ id: string; version: number }>(
      `SELECT f.id, f.version FROM family_plan f JOIN trajectory t ON t.family_plan_id = f.id WHERE t.id = $1`,
      [id],
    );
    const update = await portal.app.as(REFERRER)(
      `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`,
      {
        input: { id: rows[0].id, version: rows[0].version, question: 'Angst; schoolweigering sinds de zomer.' },
      },
    );
    expect(update.errors).toBeUndefined();

    await familyPlanForm(page).getByRole('button', { name: 'Gezinsplan opslaan' }).click();
    await page.getByRole('heading', { name: 'Iemand anders heeft dit plan intussen gewijzigd' }).waitFor();
    expect(await familyPlanForm(page).getByLabel('Hulpvraag').inputValue()).toBe(
      'Angst; schoolweigering sinds de zomer.',
    );
    expect(await familyPlanForm(page).getByLabel('Context').inputValue()).toBe(
      'Moeder alleenstaand; oma helpt twee dagen per week.',
    );
    await familyPlanForm(page).getByRole('button', { name: 'Mijn wijziging toepassen op versie 2' }).click();
    await page.getByText('Het gezinsplan is opgeslagen.').waitFor();
    expect(await page.getByTestId('family-plan-question').textContent()).toBe('Angst; schoolweigering sinds de zomer.');
    expect(await page.getByTestId('family-plan-context').textContent()).toBe(
      'Moeder alleenstaand; oma helpt twee dagen per week.',
    );
  });
});
