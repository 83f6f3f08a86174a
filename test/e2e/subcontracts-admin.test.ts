import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

async function expectAccessible(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(path);
  await waitForHeading(page, heading);
  expect(await seriousA11yViolations(page), path).toEqual([]);
}

const euro = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describe('a main contractor manages its subcontracts', () => {
  it('registers a subcontract, sees it, ends it, and sees the payouts owed', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@jeugdformaat.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Onderaanneming' }).click();
    await waitForHeading(page, 'Onderaanneming');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const form = page.locator('form[action="?/register"]');
    await form.getByLabel('Onderaannemer').selectOption({ label: 'Kindertherapie Haagse Hout' });
    await form.getByRole('checkbox', { name: /^P02 / }).check();
    await form.getByLabel('Tarief per consultatie').fill('320');
    await form.getByLabel('Tarief per medebehandeling').fill('1.550,50');
    await form.getByRole('button', { name: 'Contract registreren' }).click();
    await page.getByText('Het onderaannemerscontract is geregistreerd.').waitFor();

    const row = page
      .getByRole('table', { name: 'Onderaannemerscontracten' })
      .getByRole('row', { name: /Kindertherapie Haagse Hout/ });
    const rowText = await row.innerText();
    expect(rowText).toContain('P02');
    expect(rowText).toMatch(/€\s1\.550,50/);
    expect(rowText).toContain('lopend');

    await row.getByRole('link', { name: 'Kindertherapie Haagse Hout' }).click();
    await waitForHeading(page, 'Onderaanneming: Kindertherapie Haagse Hout');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const end = page.locator('form[action="?/end"]');
    await end.getByLabel('Laatste dag').fill('2026-12-31');
    await end.getByRole('button', { name: 'Contract beëindigen' }).click();
    await page.getByText('Het contract is beëindigd.').waitFor();
    await page
      .getByText(/tot en met 31 december 2026/)
      .first()
      .waitFor();

    // The payouts owed for a period: the same as the API computes, shown per subcontractor with a total.
    const { data } = await portal.app.as('admin@jeugdformaat.example')<{
      subcontractPayouts: { amountCents: number; subcontractor: { name: string } }[];
    }>('{ subcontractPayouts(from: "2024-01-01", to: "2026-12-31") { amountCents subcontractor { name } } }');
    await page.goto('/subcontracts?from=2024-01-01&to=2026-12-31#payouts');
    await waitForHeading(page, 'Onderaanneming');
    const payouts = page.getByRole('table', { name: 'Verschuldigde vergoedingen' });
    expect(data!.subcontractPayouts.length).toBeGreaterThan(0);
    for (const payout of data!.subcontractPayouts) {
      expect(await payouts.getByRole('row', { name: new RegExp(payout.subcontractor.name) }).innerText()).toContain(
        euro(payout.amountCents),
      );
    }
    const total = data!.subcontractPayouts.reduce((sum, p) => sum + p.amountCents, 0);
    expect(await payouts.getByRole('row', { name: /Totaal/ }).innerText()).toContain(euro(total));
  });

  it('forms an integrated team it coordinates; the team pages are accessible', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@incluzio.example');
    await expectAccessible(page, '/teams', 'Integrale teams');
    expect(await page.getByRole('table', { name: 'Teams die u coördineert' }).innerText()).toContain(
      'Integraal Team Gezin en Trauma',
    );
    const form = page.locator('form[action="?/create"]');
    await form.getByLabel('Naam van het team').fill('Integraal Team Jonge Kind');
    await form.getByRole('checkbox', { name: 'Mentaal Cure B.V.' }).check();
    await form.getByLabel('Disciplines').fill('kinderpsychologie\nlogopedie');
    await form.getByRole('button', { name: 'Team vormen' }).click();
    await page.getByText('Het integrale team is gevormd.').waitFor();

    // A name already in use is refused by the API; the portal says why in Dutch, at the field's label.
    await form.getByLabel('Naam van het team').fill('Integraal Team Gezin en Trauma');
    await form.getByLabel('Disciplines').fill('kinderpsychologie');
    await form.getByRole('button', { name: 'Team vormen' }).click();
    await form.getByRole('alert').getByText('Naam van het team: is al in gebruik; kies een andere naam').waitFor();

    await page.getByRole('link', { name: 'Integraal Team Jonge Kind' }).click();
    await waitForHeading(page, 'Integraal Team Jonge Kind');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

describe('the region administrator', () => {
  it('sets a new PIC tariff version without JavaScript, and sees the versions', async () => {
    const page = await portal.newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@h10.example');
    await page.getByRole('link', { name: 'PIC-tarieven (versies)' }).click();
    await waitForHeading(page, 'PIC-tarieven');
    const form = page.locator('form[action="?/setTariff"]');
    const profile = await form.getByLabel('Profiel').locator('option').nth(1).innerText();
    await form.getByLabel('Profiel').selectOption({ index: 1 });
    await form.getByLabel('Intensiteit').selectOption({ index: 1 });
    await form.getByLabel('Tarief').fill('4.321,00');
    await form.getByLabel('Geldig vanaf').fill('2027-01-01');
    await form.getByRole('button', { name: 'Tarief vaststellen' }).click();
    await page.getByText('Het nieuwe tarief is vastgesteld als nieuwe versie.').waitFor();

    const versions = page
      .getByRole('table', { name: 'Alle versies' })
      .getByRole('row', { name: new RegExp(profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    const texts = await versions.allInnerTexts();
    const added = texts.find((text) => /€\s4\.321,00/.test(text));
    expect(added).toContain('1 januari 2027');
    expect(added).toContain('toekomstig');
    // the version before it now ends the day before
    expect(texts.some((text) => text.includes('31 december 2026'))).toBe(true);
  });

  it('has accessible management pages', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@h10.example');
    await expectAccessible(page, '/admin', 'Beheer');
    await expectAccessible(page, '/admin/tariffs', 'PIC-tarieven');
    await expectAccessible(page, '/admin/subcontracts', 'Onderaannemerscontracten');
    await page.getByRole('link', { name: 'Praktijk Duinzicht' }).click();
    await waitForHeading(page, 'Onderaanneming: Praktijk Duinzicht');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expectAccessible(page, '/admin/teams', 'Integrale teams');
    await expectAccessible(page, '/admin/providers', 'Jeugdhulpaanbieders');
    await expectAccessible(page, '/admin/consortia', 'Samenwerkingsverbanden');
    await expectAccessible(page, '/admin/catalogue', 'Percelen en profielen');
    await expectAccessible(page, '/admin/payment-rules', 'Bonus-malusregels');
    await expectAccessible(page, '/admin/budgets', 'Populatiebudgetten');
  });

  it("shows the lead partner's budget page and the improvement plans accessibly", async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@jeugdformaat.example');
    await expectAccessible(page, '/budgets', 'Populatiebudget');
    await expectAccessible(page, '/improvement-plans', 'Verbeterplannen');
  });
});
