import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, refer } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { PROVIDER, REFERRER } from './helpers/care.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

/**
 * A refused form, as every form of the portal answers it (one kit, lib/server/forms.ts): what the user
 * typed stays in the fields, and the focus is on the first problem — the field in error with
 * JavaScript, the error summary (which links to each field) without it.
 */
const portal = usePortal();

/** The focused element: its id, and whether it is the form's error summary. */
const focused = (page: Page) =>
  page.evaluate<{ id: string; summary: boolean }>(
    `({ id: document.activeElement?.id ?? '', summary: document.activeElement?.hasAttribute('data-error-summary') ?? false })`,
  );

/** An accepted referral to Jeugdformaat, paid per unit (PxQ). */
async function activeTrajectory(): Promise<string> {
  const trajectory = await accept(portal.app.as(PROVIDER), (await refer(portal.app.as(REFERRER), {})).id);
  await portal.app.admin.query(`UPDATE trajectory SET funding_variant = 'EFFORT' WHERE id = $1`, [trajectory.id]);
  return trajectory.id;
}

describe.each([
  { javaScript: true, focus: 'the first field in error' },
  { javaScript: false, focus: 'the error summary' },
])('a refused form (JavaScript $javaScript)', ({ javaScript, focus }) => {
  it(`a management form keeps every field's input and puts the focus on ${focus}`, async () => {
    const id = await activeTrajectory();
    const page = await portal.newPage({ javaScriptEnabled: javaScript });
    await signIn(page, PROVIDER, { path: `/trajectories/${id}/units` });
    await waitForHeading(page, 'Geleverde eenheden');
    const form = page.locator('form[action="?/register"]');
    await form.getByLabel('Product').selectOption({ value: 'JGGZ01' });
    await form.getByLabel('Aantal eenheden').fill('zes');
    await form.getByLabel('Leverdatum').fill('2026-01-15');
    await form.getByRole('button', { name: 'Eenheden vastleggen' }).click();

    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('vul een heel getal in');
    expect(await form.getByLabel('Aantal eenheden').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Aantal eenheden').inputValue()).toBe('zes');
    expect(await form.getByLabel('Product').inputValue()).toBe('JGGZ01');
    expect(await form.getByLabel('Leverdatum').inputValue()).toBe('2026-01-15');
    expect(await focused(page)).toEqual(javaScript ? { id: 'quantity', summary: false } : { id: '', summary: true });
    // axe runs in the page, so only where scripts run
    if (javaScript) expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it(`a trajectory task keeps what was typed and puts the focus on ${focus}`, async () => {
    const id = await activeTrajectory();
    const page = await portal.newPage({ javaScriptEnabled: javaScript });
    await signIn(page, PROVIDER, { path: `/trajectories/${id}` });
    await page.getByRole('link', { name: 'Overdracht aanbieden' }).click();
    await waitForHeading(page, `Verantwoordelijkheid overdragen: traject ${await initialsOf(id)}`);
    const offer = page.getByRole('form', { name: 'Verantwoordelijkheid overdragen' });
    // the reason is given, the new main contractor is not chosen
    await offer.getByLabel('Reden van de overdracht').fill('Past beter bij een andere aanbieder.');
    await offer.getByRole('button', { name: 'Overdracht aanbieden' }).click();

    await offer.getByText('Controleer de volgende gegevens:').waitFor();
    expect(await offer.getByLabel('Reden van de overdracht').inputValue()).toBe('Past beter bij een andere aanbieder.');
    expect(await offer.getByLabel('Nieuwe hoofdaannemer').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toEqual(
      javaScript ? { id: 'transfer-toProviderId', summary: false } : { id: '', summary: true },
    );
    // nothing was offered
    const { rows } = await portal.app.admin.query(`SELECT 1 FROM responsibility_transfer WHERE trajectory_id = $1`, [
      id,
    ]);
    expect(rows).toHaveLength(0);
  });
});

const initialsOf = async (id: string): Promise<string> =>
  (
    await portal.app.admin.query<{ initials: string }>(
      `SELECT y.initials FROM trajectory t JOIN youth y ON y.id = t.youth_id WHERE t.id = $1`,
      [id],
    )
  ).rows[0].initials;
