import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, submitLogin, waitForHeading } from './helpers/session.js';

const portal = usePortal();

async function expectAccessible(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(path);
  await waitForHeading(page, heading);
  expect(await seriousA11yViolations(page), path).toEqual([]);
}

describe('accessibility (axe-core, WCAG 2.1 AA): no serious or critical violation', () => {
  it('on the login page, also with an error, in Dutch and English', async () => {
    const page = await portal.newPage();
    await expectAccessible(page, '/login', 'Inloggen');
    await submitLogin(page, 'admin@h10.example', 'wrong-password');
    await page.getByRole('alert').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Sign in');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("on each role's home page", async () => {
    const homes = [
      ['staff@jeugdformaat.example', '/caseload', 'Mijn caseload'],
      ['lokaalteam@denhaag.example', '/referrals', 'Verwijzingen'],
      ['contractmanager@denhaag.example', '/performance', 'Prestaties'],
      ['admin@h10.example', '/admin', 'Beheer'],
    ] as const;
    for (const [email, path, heading] of homes) {
      const page = await portal.newPage();
      await signIn(page, email);
      await expectAccessible(page, path, heading);
    }
    // four sign-ins and four scans of full home pages (a caseload, a dashboard): more than the default 30 s on a busy machine
  });

  it('on the consortium pages and the error pages', async () => {
    const page = await portal.newPage();
    await signIn(page, 'staff@parnassia.example');
    await expectAccessible(page, '/consortia', 'Samenwerkingsverbanden');
    await page.getByRole('link', { name: 'RondomJou' }).click();
    await waitForHeading(page, 'RondomJou');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expectAccessible(page, '/no-such-page', 'Er ging iets mis');
    await expectAccessible(page, '/admin', 'Er ging iets mis');
  });

  it('at 320 CSS pixels wide, where the page reflows and only wide tables scroll', async () => {
    const page = await portal.newPage({ viewport: { width: 320, height: 640 } });
    await signIn(page, 'admin@h10.example');
    await waitForHeading(page, 'Beheer');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
  });
});

describe('keyboard', () => {
  it('offers a skip link first, and signs in with the keyboard alone', async () => {
    const page = await portal.newPage();
    await page.goto('/login');
    await waitForHeading(page, 'Inloggen');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Direct naar de inhoud');
    expect(await focused.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused.getAttribute('id')).toBe('main');

    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.type('admin@h10.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('samenspel-demo');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Beheer');
  });
});
