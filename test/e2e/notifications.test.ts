import { describe, expect, it } from 'vitest';
import { refer } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

describe('the notification bell', () => {
  it('shows how many wait, opens the list, marks them read; the account page sets how one hears of each kind', async () => {
    // two new referrals for Jeugdformaat
    const referrer = portal.app.as('lokaalteam@denhaag.example');
    await refer(referrer, { initials: 'B.E.' });
    await refer(referrer, { initials: 'B.F.' });

    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    const bell = page.getByRole('banner').getByRole('link', { name: /Meldingen/ });
    await expect.poll(() => bell.innerText()).toContain('2 ongelezen');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await bell.click();
    await waitForHeading(page, 'Meldingen');
    const rows = page.getByRole('table', { name: '2 ongelezen' }).getByRole('row', { name: /Nieuwe verwijzing/ });
    expect(await rows.count()).toBe(2);
    expect(await page.locator('main').innerText()).not.toContain('B.E.');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await rows.first().getByRole('button', { name: 'Markeer als gelezen' }).click();
    await expect.poll(() => bell.innerText()).toContain('1 ongelezen');
    await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
    await page.getByText('Gemarkeerd als gelezen.').waitFor();
    await expect.poll(() => bell.innerText()).not.toContain('ongelezen');
    expect(await page.getByRole('row', { name: /Gelezen/ }).count()).toBe(2);

    // following a notification leads to what it is about
    await page.getByRole('link', { name: 'Nieuwe verwijzing voor uw organisatie' }).first().click();
    await page.waitForURL(/\/trajectories\//);

    // the choice per kind
    await page.goto('/account');
    await waitForHeading(page, 'Mijn account');
    await page.getByLabel('Nieuwe verwijzing voor uw organisatie').selectOption({ label: 'Alleen in het portaal' });
    await page.getByRole('button', { name: 'Keuzes opslaan' }).click();
    await page.getByText('Uw keuzes zijn opgeslagen.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.reload();
    expect(await page.getByLabel('Nieuwe verwijzing voor uw organisatie').inputValue()).toBe('PORTAL');
  });
});
