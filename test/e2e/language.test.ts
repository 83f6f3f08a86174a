import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

describe('language', () => {
  it('is Dutch by default, switches to English in place, and remembers it', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@h10.example');
    await waitForHeading(page, 'Beheer');
    expect(await htmlLang(page)).toBe('nl');

    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Administration');
    expect(await htmlLang(page)).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Consortia' }).click();
    await waitForHeading(page, 'Consortia');

    await page.reload();
    await waitForHeading(page, 'Consortia');
    expect(await htmlLang(page)).toBe('en');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await waitForHeading(page, 'Sign in');
    expect(await page.getByLabel('E-mail address').count()).toBe(1);

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await waitForHeading(page, 'Inloggen');
    expect(await htmlLang(page)).toBe('nl');
  });

  it('is chosen per browser: another browser still sees Dutch', async () => {
    const english = await portal.newPage();
    await english.goto('/login');
    await english.getByRole('button', { name: 'English' }).click();
    await waitForHeading(english, 'Sign in');

    const other = await portal.newPage();
    await other.goto('/login');
    await waitForHeading(other, 'Inloggen');
  });

  it('switches without JavaScript too', async () => {
    const page = await portal.newPage({ javaScriptEnabled: false });
    await page.goto('/login?redirectTo=%2Fconsortia');
    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Sign in');
    expect(await htmlLang(page)).toBe('en');
    expect(new URL(page.url()).search).toBe('?redirectTo=%2Fconsortia');
  });
});
