import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { showConsortium } from './helpers/dashboard.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

/** Stichting Middin has no demo administrator; the test gives it one to answer the plan. */
async function addMiddinAdmin(): Promise<string> {
  const email = 'admin@middin.example';
  await portal.app.admin.query(
    `INSERT INTO app_user (email, name, password_hash, organisation_kind, provider_id, roles)
     SELECT $1, 'Beheerder Middin', u.password_hash, 'PROVIDER', p.id, ARRAY['PROVIDER_ADMIN']
       FROM app_user u, provider p WHERE u.email = 'admin@jeugdformaat.example' AND p.name = 'Stichting Middin'
     ON CONFLICT DO NOTHING`,
    [email],
  );
  return email;
}

/** The text of a table's row whose row header is `name`. */
const rowText = (page: Page, tableName: string, name: string) =>
  page
    .getByRole('table', { name: tableName })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: false }) })
    .first()
    .innerText();

describe('contract manager: the consortium dashboard', () => {
  it('shows the figures of both consortia, "< 5" for small providers, and Middin as an outlier; no personal data', async () => {
    const page = await portal.newPage();
    await signIn(page, 'contractmanager@denhaag.example');
    await waitForHeading(page, 'Prestaties');

    // RondomJou first (consortia by name: Kracht voor Jeugd en Gezin comes first, so choose RondomJou).
    await showConsortium(page, 'RondomJou');
    const jeugdformaat = await rowText(page, 'Uitkomsten per aanbieder', 'Stichting Jeugdformaat');
    expect(jeugdformaat).toMatch(/\d+(,\d)?\s*%/); // goal realisation as a percentage
    expect(jeugdformaat).not.toContain('< 5');
    const chart = page.getByRole('figure', { name: /Doelrealisatie per aanbieder/ });
    expect(await chart.locator('[data-mark]').count()).toBeGreaterThan(0);

    // Middin uses clearly heavier intensities: flagged, in words.
    const middin = await rowText(page, 'Intensiteitsmix: hoog vertrouwen, hoge sanctie', 'Stichting Middin');
    expect(middin).toContain('Afwijkend');
    const jeugdformaatMix = await rowText(
      page,
      'Intensiteitsmix: hoog vertrouwen, hoge sanctie',
      'Stichting Jeugdformaat',
    );
    expect(jeugdformaatMix).not.toContain('Afwijkend');
    await page.getByText(/Afwijkende intensiteitsmix: .*Stichting Middin/).waitFor();

    // Kracht voor Jeugd en Gezin: Family Supporters and Yoep close too few for figures.
    await showConsortium(page, 'Kracht voor Jeugd en Gezin');
    expect(await rowText(page, 'Uitkomsten per aanbieder', 'Incluzio Randstad B.V.')).not.toContain('< 5');
    expect(await rowText(page, 'Uitkomsten per aanbieder', 'Family Supporters Haaglanden B.V.')).toContain('< 5');
    expect(await rowText(page, 'Uitkomsten per aanbieder', 'Yoep onderwijs en zorg B.V.')).toContain('< 5');

    // Aggregates only: no youth's initials or birth date anywhere on the page.
    const { rows } = await portal.app.admin.query<{ initials: string; birth_date: string }>(
      `SELECT initials, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM youth`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const html = await page.content();
    const text = await page.locator('main').innerText();
    for (const youth of rows) {
      expect(html).not.toContain(youth.birth_date);
      expect(text).not.toMatch(new RegExp(`(^|\\s)${youth.initials.replace(/\./g, '\\.')}(\\s|$)`));
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('offers complete calendar years, quarters and months as periods, the last year by default', async () => {
    const page = await portal.newPage();
    await signIn(page, 'contractmanager@denhaag.example');
    await waitForHeading(page, 'Prestaties');
    const year = new Date().getUTCFullYear() - 1;
    const picker = page.getByLabel('Periode', { exact: true });
    expect(await picker.locator('option:checked').innerText()).toBe(String(year));
    const options = await picker.locator('option').allInnerTexts();
    expect(options).toEqual(expect.arrayContaining([String(year), String(year - 1), `4e kwartaal ${year}`]));
    // nothing but whole years, quarters and months: no dates to shift by a day
    expect(options.filter((o) => !/^(\d{4}|[1-4]e kwartaal \d{4}|[a-z]+ \d{4})$/.test(o))).toEqual([]);
    expect(await page.getByLabel('Van', { exact: true }).count()).toBe(0);

    await picker.selectOption({ label: `4e kwartaal ${year}` });
    await showConsortium(page, 'RondomJou');
    await page.getByText(`afgesloten van 1 oktober ${year} tot en met 31 december ${year}`).waitFor();
    expect(page.url()).toContain(`period=${year}-Q4`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('downloads the tables as CSV, with "< 5" where suppressed', async () => {
    const page = await portal.newPage();
    await signIn(page, 'contractmanager@denhaag.example');
    await waitForHeading(page, 'Prestaties');
    await showConsortium(page, 'Kracht voor Jeugd en Gezin');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download de tabellen als CSV-bestand' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^prestaties-kracht-voor-jeugd-en-gezin-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = await (
      await download.createReadStream()
    )
      .toArray()
      .then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toMatch(/^table,group,code,/);
    expect(lines.find((line) => line.startsWith('provider,Incluzio Randstad B.V.'))).toBeDefined();
    expect(lines.find((line) => line.startsWith('provider,Yoep onderwijs en zorg B.V.'))).toContain('< 5');

    // The endpoint answers with the right headers, and only to those who judge performance.
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const href = await page.getByRole('link', { name: 'Download de tabellen als CSV-bestand' }).getAttribute('href');
    const response = await fetch(`${portal.url}${href}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="prestaties-/);

    const provider = await portal.newPage();
    await signIn(provider, 'admin@jeugdformaat.example');
    const refused = await provider.request.get(href!);
    expect(refused.status()).toBe(403);
  });

  it('requires an improvement plan of the outlier; its admin answers; the contract manager sees the status and accepts', async () => {
    const middinAdmin = await addMiddinAdmin();
    const manager = await portal.newPage();
    await signIn(manager, 'contractmanager@denhaag.example');
    await waitForHeading(manager, 'Prestaties');
    await showConsortium(manager, 'RondomJou');
    await manager
      .getByRole('table', { name: 'Intensiteitsmix: hoog vertrouwen, hoge sanctie' })
      .getByRole('row', { name: /Stichting Middin/ })
      .getByRole('link', { name: 'Verbeterplan eisen' })
      .click();
    await manager.waitForURL(/provider=/);
    const form = manager.locator('form[action="?/require"]');
    // The link chose Middin in the form.
    expect(await form.getByRole('combobox', { name: 'Aanbieder' }).locator('option:checked').innerText()).toBe(
      'Stichting Middin',
    );
    await form.getByLabel('Reden').fill('Aandeel hoge intensiteiten ruim boven dat van vergelijkbare aanbieders.');
    await form.getByLabel('In te dienen uiterlijk').fill('2027-01-31');
    await form.getByRole('button', { name: 'Verbeterplan eisen' }).click();
    await manager.getByText('Het verbeterplan is geëist.').waitFor();
    const planRow = manager
      .getByRole('table', { name: 'Verbeterplannen' })
      .getByRole('row', { name: /Stichting Middin/ });
    await planRow.filter({ hasText: 'Geëist' }).waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);

    // The provider's administrator answers with an analysis and actions with dates.
    const provider = await portal.newPage();
    await signIn(provider, middinAdmin);
    await provider
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Verbeterplannen' })
      .click();
    await waitForHeading(provider, 'Verbeterplannen');
    expect(await seriousA11yViolations(provider)).toEqual([]);
    await provider.getByRole('link', { name: 'Stichting Middin' }).click();
    await waitForHeading(provider, 'Verbeterplan Stichting Middin');
    await provider
      .getByLabel('Analyse en aanpak')
      .fill('Wij zetten bij profiel P04 te snel een lange duur in; intake wordt strakker getoetst.');
    await provider.getByLabel('Actie 1', { exact: true }).fill('Intakeprotocol herzien');
    await provider.getByLabel('Actie 1 gereed op').fill('2027-02-28');
    await provider.getByLabel('Actie 2', { exact: true }).fill('Maandelijkse intervisie op intensiteitskeuze');
    await provider.getByLabel('Actie 2 gereed op').fill('2027-03-31');
    await provider.getByRole('button', { name: 'Verbeterplan indienen' }).click();
    await provider.getByText('Het verbeterplan is ingediend.').waitFor();
    await provider.getByTestId('plan-status').filter({ hasText: 'Ingediend' }).waitFor();
    expect(await seriousA11yViolations(provider)).toEqual([]);

    // The contract manager sees the new status and the actions, and accepts.
    await manager.goto('/performance');
    const row = manager.getByRole('table', { name: 'Verbeterplannen' }).getByRole('row', { name: /Stichting Middin/ });
    expect(await row.innerText()).toContain('Ingediend');
    await row.getByRole('link', { name: 'Stichting Middin' }).click();
    await waitForHeading(manager, 'Verbeterplan Stichting Middin');
    await manager.getByText('Intakeprotocol herzien').waitFor();
    await manager.getByRole('button', { name: 'Verbeterplan akkoord' }).click();
    await manager.getByText('U heeft het verbeterplan geaccepteerd.').waitFor();
    await manager.getByTestId('plan-status').filter({ hasText: 'Geaccepteerd' }).waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
  });
});
