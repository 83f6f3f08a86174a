import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/config.js';
import { DEN_HAAG } from '../integration/helpers/care.js';
import { exportMessages, municipalityRetour, testVault } from '../integration/helpers/ijw.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { expectNoSidewaysScroll } from './helpers/layout.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

// A provider's administrator exchanges iJw message files with the municipality through the portal:
// uploads the JW301 its gateway received, downloads the JW302 to send back, sees what was refused.
const portal = usePortal();
const SCREENSHOTS = 'test-results/ijw';
const fixture = (name: string) => join(findProjectRoot(), 'test', 'fixtures', 'ijw', name);

async function upload(page: Page, name: string): Promise<void> {
  await page.getByLabel('Bestand', { exact: true }).setInputFiles(fixture(name));
  await page.getByRole('button', { name: 'Inlezen' }).click();
}

describe('provider administrator: Berichtenverkeer', () => {
  it('uploads a JW301, downloads its JW302 with the BSN, and sees a broken file answered with 0001', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'admin@jeugdformaat.example');
    await page.getByRole('link', { name: 'Berichtenverkeer' }).first().click();
    await waitForHeading(page, 'Berichtenverkeer');

    await upload(page, 'jw301-valid.xml');
    await page.getByText('Het bericht is ingelezen en goedgekeurd.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'JW301 GDH26110001: retourcodes 0200.' }).count()).toBe(1);
    const list = page.getByRole('table', { name: /^Berichten/ });
    const assignment = list.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /GDH26110001/ }) });
    await expect.poll(() => assignment.count()).toBe(1);
    expect(await assignment.innerText()).toMatch(/JW301 ontvangen[\s\S]*Goedgekeurd[\s\S]*0200 Geen opmerking/);

    // the retour as the gateway sends it: the real BSN, the standard's file name
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download het retourbericht JW302_/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^JW302_98000101_0518_\d+\.xml$/);
    const retour = await readFile((await download.path())!, 'utf8');
    expect(retour).toContain('<Bsn>999800012</Bsn>');

    await upload(page, 'jw301-broken.xml');
    await page.getByText('Het bericht is ingelezen, maar (deels) afgekeurd: zie de retourcodes.').waitFor();
    const broken = list.getByRole('row').filter({ hasText: 'Afgekeurd' });
    await expect.poll(() => broken.count()).toBeGreaterThan(0);
    expect(await broken.first().innerText()).toContain('0001');

    expect(await seriousA11yViolations(page), 'axe on Berichtenverkeer').toEqual([]);
    await expectNoSidewaysScroll(page, 'at 1366 px');
    await page.screenshot({ path: `${SCREENSHOTS}/messages-1366.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'at 390 px');
    await page.screenshot({ path: `${SCREENSHOTS}/messages-390.png`, fullPage: true });

    // the trajectory the assignment made lists the messages about it, for its main contractor
    const { data } = await portal.app.as('admin@jeugdformaat.example')(
      `{ ijwMessages(type: JW301) { edges { node { reference trajectoryIds } } } }`,
    );
    const edges = (data as { ijwMessages: { edges: { node: { reference: string; trajectoryIds: string[] } }[] } })
      .ijwMessages.edges;
    const [trajectoryId] = edges.find((e) => e.node.reference === 'GDH26110001')!.node.trajectoryIds;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/trajectories/${trajectoryId}`);
    const about = page.getByRole('table', { name: 'iJw-berichten over dit traject' });
    await about.getByRole('rowheader', { name: /JW301 ontvangen GDH26110001/ }).waitFor();
    expect(await seriousA11yViolations(page), 'axe on the trajectory page').toEqual([]);
  });

  it('links a JW305 the municipality rejected (JW306 with 9019) to the trajectory to correct', async () => {
    const admin = portal.app.as('admin@jeugdformaat.example');
    const [start] = await exportMessages(admin, 'JW305', DEN_HAAG);
    const { rows } = await portal.app.admin.query(`SELECT payload FROM ijw_message WHERE id = $1`, [start.id]);
    const sent = testVault.open(rows[0].payload, 'ijw-message').toString('utf8');
    const dir = await mkdtemp(join(tmpdir(), 'samenspel-e2e-ijw-'));
    const file = join(dir, 'jw306.xml');
    await writeFile(file, municipalityRetour(sent, ['9019'], 'GEM306E2E'));

    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'admin@jeugdformaat.example', { path: '/messages?type=JW305' });
    await waitForHeading(page, 'Berichtenverkeer');
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Inlezen' }).click();
    const row = page
      .getByRole('table', { name: /^Berichten/ })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^JW305 verstuurd\\s*${start.reference}$`) }) });
    await row.getByText('Afgekeurd').waitFor();
    expect(await row.innerText()).toContain('9019 Het regiebericht kan niet gekoppeld worden aan een toewijzing.');
    await row.getByRole('link', { name: 'Naar het traject' }).first().click();
    const about = page.getByRole('table', { name: 'iJw-berichten over dit traject' });
    await about.getByRole('row').filter({ hasText: 'Afgekeurd' }).first().waitFor();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an empty upload with the field named, without leaving the page', async () => {
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'admin@jeugdformaat.example', { path: '/messages' });
    await waitForHeading(page, 'Berichtenverkeer');
    // past the browser's own check, as a form without JavaScript could be sent
    await page.getByLabel('Bestand', { exact: true }).evaluate((input) => input.removeAttribute('required'));
    await page.getByRole('button', { name: 'Inlezen' }).click();
    await page
      .getByText(/Bestand/)
      .filter({ hasText: 'vul dit in' })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page), 'axe with the error shown').toEqual([]);
  });

  it('is not in the menu of the provider’s staff, and the address refuses them', async () => {
    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    expect(await page.getByRole('link', { name: 'Berichtenverkeer' }).count()).toBe(0);
    const response = await page.goto('/messages');
    expect(response?.status()).toBe(403);
    // the trajectory page of their caseload still opens (its messages list is read, not the files)
    const { data, errors } = await portal.app.as('staff@jeugdformaat.example')(
      `{ trajectories(first: 1) { edges { node { id } } } }`,
    );
    expect(errors).toBeUndefined();
    const [{ node }] = (data as { trajectories: { edges: { node: { id: string } }[] } }).trajectories.edges;
    expect((await page.goto(`/trajectories/${node.id}`))?.status()).toBe(200);
  });
});
