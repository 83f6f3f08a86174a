import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../integration/helpers/test-app.js';

/** Fills in and submits the login form (Dutch labels) on the current page. */
export async function submitLogin(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/**
 * Signs in through the login page like a user would, and waits until the portal has left it.
 * `path` is where to start: a signed-out visit there leads to the login page first.
 */
export async function signIn(
  page: Page,
  email: string,
  { path = '/login', password = DEMO_PASSWORD } = {},
): Promise<void> {
  await page.goto(path);
  await submitLogin(page, email, password);
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Waits for the page's h1 to read `text` (after a navigation, which may be client-side). */
export async function waitForHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}
