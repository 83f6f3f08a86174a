import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/config.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn } from './helpers/session.js';

/**
 * Every page of every role, on a laptop (1366 × 768) and a phone (390 × 844): nothing scrolls
 * sideways, no serious accessibility violation, and every chart that has data draws marks whose
 * labels do not overlap. A screenshot of each page goes to test-results/pages/ for a reviewer.
 */
const portal = usePortal();

const ACCOUNTS = {
  region: 'admin@h10.example',
  contractManager: 'contractmanager@denhaag.example',
  referrer: 'lokaalteam@denhaag.example',
  providerAdmin: 'admin@jeugdformaat.example',
  providerStaff: 'staff@jeugdformaat.example',
  partner: 'staff@parnassia.example',
} as const;

const VIEWPORTS = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Detail pages reached from a list: the first link of each kind on the pages visited. */
const DETAIL =
  /^\/(trajectories|consortia|subcontracts|teams|improvement-plans|admin\/subcontracts|admin\/teams)\/[^/?#]+$/;

/** A task page of a trajectory (…/expertise, …/transfer, …), linked from the trajectory page. */
const TASK = /^\/trajectories\/[^/?#]+\/([a-z-]+)$/;
/** How many trajectory pages of the lists are searched for task pages. */
const TRAJECTORIES_SEARCHED = 12;

const SHOTS = join(findProjectRoot(), 'test-results', 'pages');

/**
 * The portal's own pages the navigation offers this user, one detail page of each kind, and each
 * task page the first trajectory pages of its lists link to.
 */
async function routesOf(page: Page): Promise<string[]> {
  const pathsOf = async (selector: string) =>
    (await page.$$eval(selector, (links) => links.map((a) => a.getAttribute('href') ?? ''))).map(
      (href) => new URL(href, 'http://portal').pathname,
    );
  const paths = () => pathsOf('a[href^="/"]');
  const sections = (await pathsOf('nav a[href^="/"]')).filter((path) => !['/logout', '/language'].includes(path));
  const routes = new Set<string>(sections);
  const kinds = new Set<string>();
  const trajectories = new Set<string>();
  for (const section of sections) {
    await page.goto(section);
    for (const path of await paths()) {
      const kind = DETAIL.exec(path)?.[1];
      if (kind === 'trajectories' && trajectories.size < TRAJECTORIES_SEARCHED) trajectories.add(path);
      if (kind && !kinds.has(kind)) {
        kinds.add(kind);
        routes.add(path);
      }
      // the sub-pages an admin section lists (tariffs, price list, …)
      if (section === '/admin' && /^\/admin\/[a-z-]+$/.test(path)) routes.add(path);
    }
  }
  // each task page once, from the first trajectories (in every state) that link to it
  const tasks = new Set<string>();
  for (const trajectory of trajectories) {
    await page.goto(trajectory);
    for (const path of await paths()) {
      const task = TASK.exec(path)?.[1];
      if (task && !tasks.has(task)) {
        tasks.add(task);
        routes.add(path);
      }
    }
  }
  return [...routes];
}

/** How much wider than the viewport the page is (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)');

/** Charts on the page: how many marks each draws, and whether any of its labels overlap. */
const charts = (page: Page) =>
  page.$$eval('[data-chart]', (nodes) =>
    nodes.map((chart) => {
      const marks = chart.querySelectorAll('[data-mark]').length;
      const boxes = [...chart.querySelectorAll('[data-label]')]
        .map((label) => label.getBoundingClientRect())
        .filter((box) => box.width > 0 && box.height > 0);
      const overlapping = boxes.some((a, i) =>
        boxes.some(
          (b, j) =>
            j > i && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1,
        ),
      );
      return {
        name: chart.getAttribute('data-chart'),
        hasData: chart.getAttribute('data-empty') === null,
        marks,
        overlapping,
      };
    }),
  );

describe('every page of every role fits a laptop and a phone', () => {
  for (const [role, email] of Object.entries(ACCOUNTS)) {
    it(`${role}: no page scrolls sideways, none has a serious accessibility violation, every chart draws its data`, async () => {
      await mkdir(SHOTS, { recursive: true });
      const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
      await signIn(page, email);
      const routes = await routesOf(page);
      expect(routes.length).toBeGreaterThan(1);
      const problems: string[] = [];
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        for (const route of routes) {
          await page.goto(route);
          await page.locator('h1').first().waitFor();
          const name = `${role}-${route.replaceAll('/', '_').replace(/^_/, '') || 'home'}-${viewport.name}`;
          await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
          const wider = await overflow(page);
          if (wider > 0) problems.push(`${route} at ${viewport.width} px is ${wider} px too wide`);
          for (const chart of await charts(page)) {
            if (chart.hasData && chart.marks === 0) problems.push(`${route}: chart ${chart.name} draws no marks`);
            if (chart.overlapping)
              problems.push(`${route} at ${viewport.width} px: labels of chart ${chart.name} overlap`);
          }
          if (viewport.name === 'laptop') {
            for (const violation of await seriousA11yViolations(page)) problems.push(`${route}: ${violation}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
