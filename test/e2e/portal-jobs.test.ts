import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, refer } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { expectNoSidewaysScroll } from './helpers/layout.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();
const SCREENSHOTS = 'test-results/screenshots';

/** The page at laptop and phone width: no sideways scrolling, no serious axe violation, a screenshot of each. */
async function checkAtBothSizes(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await expectNoSidewaysScroll(page, `${name} at ${width} px`);
    expect(await seriousA11yViolations(page), `${name} at ${width} px`).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

const euro = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describe('PxQ: the responsible provider enters delivered units', () => {
  it('enters units for a day of the period, sees the amount, and is told what is wrong with its input kept', async () => {
    const trajectory = await accept(
      portal.app.as('staff@jeugdformaat.example'),
      (await refer(portal.app.as('lokaalteam@denhaag.example'), {})).id,
    );
    await portal.app.admin.query(`UPDATE trajectory SET funding_variant = 'EFFORT' WHERE id = $1`, [trajectory.id]);
    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    await page.goto(`/trajectories/${trajectory.id}`);
    await page.getByRole('link', { name: 'Geleverde eenheden (PxQ)' }).click();
    await waitForHeading(page, 'Geleverde eenheden');

    const form = page.locator('form[action="?/register"]');
    await form.getByLabel('Product').selectOption({ value: 'JGGZ01' });
    await form.getByLabel('Aantal eenheden').fill('zes');
    await form.getByRole('button', { name: 'Eenheden vastleggen' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByLabel('Aantal eenheden').inputValue()).toBe('zes');
    expect(await form.getByLabel('Product').inputValue()).toBe('JGGZ01');

    await form.getByLabel('Aantal eenheden').fill('6');
    await form.getByRole('button', { name: 'Eenheden vastleggen' }).click();
    await page.getByText('De eenheden zijn vastgelegd.').waitFor();
    const table = page.getByRole('table', { name: 'Vastgelegde eenheden' });
    const row = await table.getByRole('row', { name: /JGGZ01/ }).innerText();
    expect(row).toContain('6 × uur');
    expect(row).toContain(euro(6 * 11_250));
    expect(await table.getByRole('row', { name: /Totaal/ }).innerText()).toContain(euro(6 * 11_250));
    await checkAtBothSizes(page, 'trajectory-units');
  });
});

describe('a main contractor marks a subcontract payout paid', () => {
  it('records date and reference once; afterwards the payment is shown, with no form to change it', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@jeugdformaat.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Onderaanneming' }).click();
    await waitForHeading(page, 'Onderaanneming');
    await page.getByRole('link', { name: 'Vergoedingen als betaald markeren' }).click();
    await waitForHeading(page, 'Vergoedingen aan onderaannemers betalen');
    await page.goto('/subcontracts/payouts?from=2024-01-01&to=2026-11-30');
    await waitForHeading(page, 'Vergoedingen aan onderaannemers betalen');

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Praktijk Duinzicht' }) });
    const form = card.locator('form[action="?/markPaid"]');
    // a payment date in the future: refused by the API, the field named, the input kept
    await form.getByLabel('Betaaldatum').fill('2030-01-01');
    await form.getByLabel('Betalingskenmerk').fill('BT-2026-0042');
    await form.getByRole('button', { name: 'Markeren als betaald' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').innerText()).toContain('Betaaldatum');
    expect(await form.getByLabel('Betalingskenmerk').inputValue()).toBe('BT-2026-0042');

    await form.getByLabel('Betaaldatum').fill('2026-12-01');
    await form.getByRole('button', { name: 'Markeren als betaald' }).click();
    await card.getByText(/Betaald: .* kenmerk BT-2026-0042/).waitFor();
    expect(await card.locator('form[action="?/markPaid"]').count()).toBe(0);

    const { rows } = await portal.app.admin.query(
      `SELECT p.reference, p.period_from::text AS "from", p.period_to::text AS "to" FROM subcontract_payout_payment p`,
    );
    expect(rows).toEqual([{ reference: 'BT-2026-0042', from: '2024-01-01', to: '2026-11-30' }]);
    await checkAtBothSizes(page, 'subcontract-payouts');
  });
});

describe('the region keeps the PxQ price list', () => {
  it('adds a price version from a date and sees the versions', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@h10.example');
    await page.goto('/admin');
    await page.getByRole('link', { name: 'PxQ-prijslijst' }).click();
    await waitForHeading(page, 'PxQ-prijslijst');
    const form = page.locator('form[action="?/setPrice"]');
    await form.getByLabel('Productcode').fill('JGGZ01');
    await form.getByLabel('Naam').fill('Jeugd-GGZ behandeling');
    await form.getByLabel('Eenheid (WJ756)').selectOption({ value: '04' });
    await form.getByLabel('Prijs per eenheid').fill('119,00');
    await form.getByLabel('Geldig vanaf').fill('2027-01-01');
    await form.getByRole('button', { name: 'Prijs vastleggen' }).click();
    await page.getByText('De nieuwe prijs is vastgelegd.').waitFor();
    const versions = page.getByRole('table', { name: 'Prijsversies' });
    expect(
      await versions
        .getByRole('row', { name: /JGGZ01/ })
        .last()
        .innerText(),
    ).toContain(euro(11_900));
    await checkAtBothSizes(page, 'admin-prices');
  });
});

describe('a provider sees its own figures beside the region’s', () => {
  it('shows the same published figures as the API, withheld figures as “< 5”, and per profile', async () => {
    const OWN = `{ me { organisation { ... on Provider { id } } } providerOutcomes { region { goalRealisationRate suppressed }
      providers { provider { id } figures { trajectoriesClosed suppressed } } } }`;
    const { data } = await portal.app.as('staff@jeugdformaat.example')<any>(OWN);
    const own = data.providerOutcomes.providers.find((p: any) => p.provider.id === data.me.organisation.id);
    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Onze resultaten' }).click();
    await waitForHeading(page, 'Onze resultaten');
    const table = page.getByRole('table', { name: 'Uw resultaten en de regio' });
    const closed = await table.getByRole('row', { name: /Afgesloten trajecten/ }).innerText();
    expect(closed).toContain(
      own.figures.suppressed.includes('TRAJECTORIES_CLOSED') ? '< 5' : String(own.figures.trajectoriesClosed),
    );
    const goals = await table.getByRole('row', { name: /Doelrealisatie/ }).innerText();
    expect(goals).toContain(
      new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 }).format(
        data.providerOutcomes.region.goalRealisationRate,
      ),
    );
    await checkAtBothSizes(page, 'own-figures');

    await page.getByLabel('Alleen trajecten met profiel').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.getByRole('table', { name: /Uw resultaten en de regio: P01/ }).waitFor();
  });
});

describe('the caseload is searched and filtered', () => {
  it('filters by attention signal and searches by birth date, saying so when the date does not exist', async () => {
    const trajectory = await refer(portal.app.as('lokaalteam@denhaag.example'), {
      initials: 'W.F.',
      birthDate: '2013-04-22',
    });
    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    await page.goto('/caseload');
    await waitForHeading(page, 'Mijn caseload');
    await page.getByLabel('Aandachtspunt').selectOption({ value: 'AWAITING_ACCEPTANCE' });
    await page.getByRole('button', { name: 'Toon trajecten' }).click();
    await page.waitForURL(/signal=AWAITING_ACCEPTANCE/);
    await page
      .getByRole('link', { name: /W\.F\./ })
      .first()
      .waitFor();

    await page.goto('/caseload?q=22-04-2013');
    await page.locator(`a[href="/trajectories/${trajectory.id}"]`).first().waitFor();
    await page.goto('/caseload?q=31-02-2013');
    await page.getByText('Die geboortedatum bestaat niet').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
