import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { today } from '../../server/src/core/dates.js';
import { consortiumId } from '../../seeds/organisations.js';
import { accept, refer as referByApi } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import {
  acceptExpertiseInInbox,
  acceptReferral,
  PROVIDER,
  PROVIDER_NAME,
  refer,
  REFERRER,
  requestExpertise,
  runCareJourney,
  SUBCONTRACTOR,
  SUBCONTRACTOR_NAME,
  writeHelpPlan,
} from './helpers/care.js';
import { usePortal } from './helpers/portal.js';
import { showConsortium } from './helpers/dashboard.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

const trajectoryStatus = async (id: string) =>
  (await portal.app.admin.query<{ status: string }>(`SELECT status FROM trajectory WHERE id = $1`, [id])).rows[0]
    ?.status;

/**
 * Trajectories RondomJou's lead closed in the last complete calendar year, as the Den Haag contract
 * manager's API publishes them (and the dashboard shows by default).
 */
async function jeugdformaatClosedCount(): Promise<number> {
  const year = Number(today().slice(0, 4)) - 1;
  const { data } = await portal.app.as('contractmanager@denhaag.example')(
    `query($id: ID!, $from: Date!, $to: Date!) { consortiumPerformance(consortiumId: $id, from: $from, to: $to) { byProvider { provider { name } figures { trajectoriesClosed } } } }`,
    { id: consortiumId('rondomjou'), from: `${year}-01-01`, to: `${year}-12-31` },
  );
  return data!.consortiumPerformance.byProvider.find((p: any) => p.provider.name === PROVIDER_NAME).figures
    .trajectoriesClosed;
}

describe('the provider and referrer journey', () => {
  it('referrer refers → provider accepts → adds expertise from a subcontractor → the subcontractor accepts → the provider reports the outcome and closes → it is counted once its month is over', async () => {
    const before = await jeugdformaatClosedCount();
    const closed = await runCareJourney(portal);
    expect(await trajectoryStatus(closed.id)).toBe('CLOSED');

    // the closed trajectory is among the facts the figures are made of; figures cover complete calendar
    // periods only, so the contract manager's published figures do not move today (no day-by-day differencing),
    // and the page shows nothing of the family
    const fact = await portal.app.admin.query(`SELECT 1 FROM trajectory_fact WHERE trajectory_id = $1`, [closed.id]);
    expect(fact.rowCount).toBe(1);
    const manager = await portal.newPage();
    await signIn(manager, 'contractmanager@denhaag.example');
    await waitForHeading(manager, 'Prestaties');
    await showConsortium(manager, 'RondomJou');
    expect(await jeugdformaatClosedCount()).toBe(before);
    const row = await manager
      .getByRole('table', { name: 'Uitkomsten per aanbieder' })
      .getByRole('row')
      .filter({ has: manager.getByRole('rowheader', { name: PROVIDER_NAME, exact: false }) })
      .first()
      .innerText();
    expect(row.split(/\s+/)).toContain(String(before));
    expect(await manager.locator('main').innerText()).not.toContain(closed.initials);

    // the referrer sees the closed trajectory with its outcome and settlement, and records the societal result
    const referrer = await portal.newPage();
    await signIn(referrer, REFERRER, { path: `/trajectories/${closed.id}` });
    await waitForHeading(referrer, `Traject ${closed.initials}`);
    await referrer.getByRole('heading', { name: 'Ingediende resultaatmeting' }).waitFor();
    await referrer.getByRole('heading', { name: 'Afrekening' }).waitFor();
    await expectAccessible(referrer, 'closed trajectory, referrer');
    await referrer.getByRole('link', { name: 'Maatschappelijke resultaten vastleggen' }).click();
    await waitForHeading(referrer, `Maatschappelijke resultaten: traject ${closed.initials}`);
    await referrer.getByLabel('Gaat weer naar school').selectOption({ label: 'Behaald' });
    await referrer.getByRole('button', { name: 'Resultaten vastleggen' }).click();
    await referrer.getByText('De maatschappelijke resultaten zijn vastgelegd.').waitFor();
    expect(await referrer.getByText('Resultaat: Behaald').count()).toBe(1);

    // closing completed the expertise: the subcontractor no longer sees the family
    const subcontractor = await portal.newPage();
    await signIn(subcontractor, SUBCONTRACTOR);
    const response = await subcontractor.goto(`/trajectories/${closed.id}`);
    expect(response?.status()).toBe(404);
  });
});

describe('every care page passes axe-core (WCAG 2.1 AA), in each state', () => {
  it('lists, referral form, trajectory page from referral to outcome, inbox; in Dutch and English', async () => {
    const referrer = await portal.newPage();
    await signIn(referrer, REFERRER);
    await waitForHeading(referrer, 'Verwijzingen');
    await expectAccessible(referrer, '/referrals');
    await referrer.goto('/referrals/new');
    await waitForHeading(referrer, 'Nieuwe verwijzing');
    await expectAccessible(referrer, '/referrals/new to the consortium');
    // to one provider: the providers with their published results (freedom of choice based on results), "< 5" where withheld
    await referrer.getByRole('radio', { name: 'Naar één aanbieder' }).check();
    const serving = referrer.getByRole('region', {
      name: /^Aanbieders van de samenwerkingsverbanden in Den Haag, met hun resultaten van .* \(alle profielen\)$/,
    });
    await serving.getByRole('columnheader', { name: 'Doelrealisatie' }).waitFor();
    expect(await serving.getByRole('radio').count()).toBeGreaterThan(5);
    expect(await serving.getByText('< 5').count()).toBeGreaterThan(0);
    await expectAccessible(referrer, '/referrals/new');
    await referrer.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await referrer.getByRole('alert').first().waitFor();
    await expectAccessible(referrer, '/referrals/new with errors');
    const id = await refer(referrer, {
      initials: 'A.X.',
      birthDate: '2011-09-30',
      profile: 'P06',
      intensity: 'Duur lang, intensiteit laag',
      provider: PROVIDER_NAME,
      question: 'Nachtmerries na een verkeersongeval.',
      goals: ['Durft weer alleen naar school te fietsen'],
    });
    await expectAccessible(referrer, 'trajectory, referred, referrer');

    const provider = await portal.newPage();
    await signIn(provider, PROVIDER);
    await waitForHeading(provider, 'Mijn caseload');
    await expectAccessible(provider, '/caseload');
    await provider.goto(`/trajectories/${id}`);
    await provider.getByRole('heading', { name: 'Verwijzing beoordelen' }).waitFor();
    await expectAccessible(provider, 'trajectory, referred, provider');
    await acceptReferral(provider, id);
    await provider.goto(`/trajectories/${id}/help-plan`);
    await provider.getByRole('form', { name: 'Hulpverleningsplan bewerken' }).waitFor();
    await expectAccessible(provider, 'help plan editor');
    await writeHelpPlan(provider, id, {
      effort: 'EMDR, 8 sessies.',
      goals: [{ description: 'De nachtmerries nemen af.', toward: 'Durft weer alleen naar school te fietsen' }],
    });
    await expectAccessible(provider, 'trajectory, active, with expertise panel and outcome section');
    await provider.getByRole('link', { name: 'Resultaatmeting indienen' }).click();
    await waitForHeading(provider, 'Resultaatmeting: traject A.X.');
    const form = provider.getByRole('form', { name: 'Resultaatmeting en afsluiting' });
    await form.getByRole('button', { name: 'Resultaatmeting indienen' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('Kies de reden van beëindiging.');
    await expectAccessible(provider, 'outcome form with errors');
    await requestExpertise(provider, id, {
      provider: SUBCONTRACTOR_NAME,
      question: 'Consultatie over traumabehandeling (A.X.).',
    });

    const subcontractor = await portal.newPage();
    await signIn(subcontractor, SUBCONTRACTOR, { path: '/inbox' });
    await waitForHeading(subcontractor, 'Inbox');
    await expectAccessible(subcontractor, '/inbox');
    // before accepting, the family stays hidden: no link to the trajectory
    const request = subcontractor
      .getByRole('article')
      .filter({ hasText: 'Consultatie over traumabehandeling (A.X.).' });
    expect(await request.getByRole('link').count()).toBe(0);
    expect(await request.textContent()).not.toContain('A.X. ');

    await provider.getByRole('button', { name: 'English' }).click();
    await waitForHeading(provider, 'Trajectory A.X.');
    await expectAccessible(provider, 'trajectory page in English');
    await provider.goto('/caseload?q=ax&status=ACTIVE');
    await waitForHeading(provider, 'My caseload');
    await expectAccessible(provider, 'caseload in English, filtered');
  });

  it('at 320 CSS pixels wide the trajectory page reflows', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'N.R.', provider: 'jeugdformaat' });
    const page = await portal.newPage({ viewport: { width: 320, height: 640 } });
    await signIn(page, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    await waitForHeading(page, 'Traject N.R.');
    await expectAccessible(page, 'trajectory page at 320px');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
  });
});

describe('without JavaScript', () => {
  it('the referral form works, also after a refused submission, and so do accepting and declining a referral', async () => {
    const referrer = await portal.newPage({ javaScriptEnabled: false });
    await signIn(referrer, REFERRER, { path: '/referrals/new' });
    await waitForHeading(referrer, 'Nieuwe verwijzing');
    await referrer.getByLabel('Initialen').fill('M.J.');
    await referrer.getByLabel('Hulpvraag van het gezin').fill('Conflicten thuis; opvoedvragen.');
    await referrer.getByRole('button', { name: 'Verwijzing versturen' }).click();
    // refused: what was typed is kept, the problems are listed
    await referrer.getByText('Controleer de volgende gegevens:').waitFor();
    expect(await referrer.getByLabel('Initialen').inputValue()).toBe('M.J.');
    expect(await referrer.getByLabel('Hulpvraag van het gezin').inputValue()).toBe('Conflicten thuis; opvoedvragen.');
    await referrer.getByLabel('Geboortedatum').fill('2015-02-03');
    await referrer
      .getByRole('group', { name: /^P01 / })
      .getByRole('radio', { name: /^Duur kort, intensiteit laag:/ })
      .check();
    await referrer.getByRole('radio', { name: 'Naar één aanbieder' }).check();
    await referrer.getByRole('radio', { name: PROVIDER_NAME, exact: true }).check();
    await referrer.getByRole('group', { name: 'Doel 1' }).getByLabel('Omschrijving').fill('Rust in huis');
    await referrer.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await referrer.getByText('De verwijzing is verstuurd.').waitFor();
    const id = /\/trajectories\/([0-9a-f-]{36})/.exec(referrer.url())![1];

    const provider = await portal.newPage({ javaScriptEnabled: false });
    await signIn(provider, PROVIDER, { path: `/trajectories/${id}` });
    await waitForHeading(provider, 'Traject M.J.');
    await provider.getByRole('button', { name: 'Verwijzing afwijzen' }).click();
    await provider.getByText('Controleer de volgende gegevens:').waitFor();
    expect(await trajectoryStatus(id)).toBe('REFERRED');
    await provider.getByRole('button', { name: 'Verwijzing accepteren' }).click();
    await provider.getByText('U heeft de verwijzing geaccepteerd.').waitFor();
    expect(await trajectoryStatus(id)).toBe('ACTIVE');
  });

  it('a declined referral shows its reason to the referrer, who refers the youth again with the same family plan', async () => {
    const first = await referByApi(portal.app.as(REFERRER), { initials: 'W.Q.', provider: 'jeugdformaat' });
    const provider = await portal.newPage({ javaScriptEnabled: false });
    await signIn(provider, PROVIDER, { path: `/trajectories/${first.id}` });
    await provider.getByLabel('Reden van afwijzing').fill('Wachtlijst van vier maanden; elders sneller geholpen.');
    await provider.getByRole('button', { name: 'Verwijzing afwijzen' }).click();
    await provider.getByText('U heeft de verwijzing afgewezen.').waitFor();

    const referrer = await portal.newPage({ javaScriptEnabled: false });
    await signIn(referrer, REFERRER, { path: '/referrals?q=wq&status=CANCELLED' });
    await referrer.getByText('Reden: Wachtlijst van vier maanden; elders sneller geholpen.').waitFor();
    await referrer.getByRole('link', { name: 'W.Q. opnieuw verwijzen' }).click();
    await waitForHeading(referrer, 'Opnieuw verwijzen');
    await referrer.getByRole('radio', { name: 'Parnassia Groep', exact: true }).check();
    await referrer.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await referrer.getByText('De verwijzing is verstuurd.').waitFor();
    const again = /\/trajectories\/([0-9a-f-]{36})/.exec(referrer.url())![1];
    const { rows } = await portal.app.admin.query<{ youth_id: string; family_plan_id: string; responsible: string }>(
      `SELECT t.youth_id, t.family_plan_id, p.name AS responsible FROM trajectory t JOIN provider p ON p.id = t.responsible_provider_id WHERE t.id = ANY($1) ORDER BY t.referred_at`,
      [[first.id, again]],
    );
    expect(rows[1]).toMatchObject({
      youth_id: rows[0].youth_id,
      family_plan_id: rows[0].family_plan_id,
      responsible: 'Parnassia Groep',
    });
  });
});

describe('Idempotency-Key', () => {
  it('the same referral form sent twice at once (a double click, a retry) creates one referral', async () => {
    const referrer = await portal.newPage();
    await signIn(referrer, REFERRER, { path: '/referrals/new' });
    await waitForHeading(referrer, 'Nieuwe verwijzing');
    const key = await referrer.locator('input[name="idempotencyKey"]').inputValue();
    const [pic] = (
      await portal.app.admin.query<{ id: string }>(
        `SELECT pic.id FROM pic JOIN profile p ON p.id = pic.profile_id WHERE p.code = 'P03' AND pic.valid_until IS NULL LIMIT 1`,
      )
    ).rows;
    const [jf] = (
      await portal.app.admin.query<{ id: string }>(`SELECT id FROM provider WHERE name = $1`, [PROVIDER_NAME])
    ).rows;
    const form = {
      idempotencyKey: key,
      initials: 'D.K.',
      birthDate: '2012-12-12',
      referrerType: 'LOCAL_TEAM',
      picId: pic.id,
      providerId: jf.id,
      question: 'Boosheid op school.',
      'goals.0.description': 'Blijft op zijn school',
    };
    const post = () =>
      referrer.request.post('/referrals/new', {
        form,
        headers: { origin: portal.url, accept: 'text/html' },
        maxRedirects: 0,
      });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((answer) => answer.status())).toEqual([303, 303]);
    expect(answers[0].headers().location).toBe(answers[1].headers().location);
    const again = await post();
    expect(again.headers().location).toBe(answers[0].headers().location);
    const { rows } = await portal.app.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM youth WHERE initials = 'D.K.' AND birth_date = '2012-12-12'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('a cross-site post to a trajectory action is refused and changes nothing', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'C.S.', provider: 'jeugdformaat' });
    const provider = await portal.newPage();
    await signIn(provider, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    const forged = await provider.request.post(`/trajectories/${trajectory.id}?/accept`, {
      form: {},
      headers: { origin: 'http://evil.example', accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await trajectoryStatus(trajectory.id)).toBe('REFERRED');
  });
});

describe('lists', () => {
  it('the caseload searches by initials, filters by status and involvement, and pages on', async () => {
    const mine = await referByApi(portal.app.as(REFERRER), { initials: 'Z.Y.X.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), mine.id);
    const page = await portal.newPage({ javaScriptEnabled: false });
    await signIn(page, PROVIDER);
    await waitForHeading(page, 'Mijn caseload');
    await page.getByLabel('Zoek op initialen').fill('zyx');
    await page.getByLabel('Status').selectOption({ label: 'Lopend' });
    await page.getByLabel('Betrokkenheid').selectOption({ label: 'Hoofdaannemer' });
    await page.getByRole('button', { name: 'Toon trajecten' }).click();
    await page.getByRole('link', { name: 'Traject Z.Y.X., ' }).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);

    await page.goto('/caseload');
    const total = Number(/van (\d+)/.exec((await page.getByText(/^Trajecten 1 tot en met/).textContent())!)![1]);
    expect(total).toBeGreaterThan(20);
    await page.getByRole('link', { name: 'Volgende pagina' }).click();
    await page.getByText(/^Trajecten 21 tot en met/).waitFor();
    await page.getByRole('link', { name: 'Eerste pagina' }).waitFor();
  });

  it('a provider sees the trajectories it adds expertise to, marked, with the main contractor', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'E.V.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), trajectory.id);
    const provider = await portal.newPage();
    await signIn(provider, PROVIDER);
    await requestExpertise(provider, trajectory.id, {
      provider: SUBCONTRACTOR_NAME,
      question: 'Medebehandeling (E.V.).',
    });
    const subcontractor = await portal.newPage();
    await signIn(subcontractor, SUBCONTRACTOR);
    await acceptExpertiseInInbox(subcontractor, { from: PROVIDER_NAME, question: 'Medebehandeling (E.V.).' });
    await subcontractor.goto('/caseload');
    await subcontractor.getByLabel('Zoek op initialen').fill('ev');
    await subcontractor.getByLabel('Betrokkenheid').selectOption({ label: 'Levert expertise' });
    await subcontractor.getByRole('button', { name: 'Toon trajecten' }).click();
    await subcontractor.waitForURL(/involvement=EXPERTISE/);
    const row = subcontractor
      .getByRole('row')
      .filter({ has: subcontractor.getByRole('link', { name: /^Traject E\.V\./ }) });
    expect(await row.textContent()).toContain('Levert expertise');
    expect(await row.textContent()).toContain(`Hoofdaannemer: ${PROVIDER_NAME}`);
    // clearing the filters empties the fields too (the page is not reloaded)
    await subcontractor.getByRole('link', { name: 'Filters wissen' }).click();
    await subcontractor.waitForURL((url) => url.search === '');
    expect(await subcontractor.getByLabel('Zoek op initialen').inputValue()).toBe('');
    expect(await subcontractor.getByLabel('Betrokkenheid').inputValue()).toBe('');
    await subcontractor.getByLabel('Zoek op initialen').fill('ev');
    await subcontractor.getByRole('button', { name: 'Toon trajecten' }).click();
    await subcontractor.waitForURL(/q=ev/);

    // on the trajectory page it sees less: the plans and its own request, not the outcome, nor whom else to ask
    await row.getByRole('link').click();
    await waitForHeading(subcontractor, 'Traject E.V.');
    await subcontractor.getByText(`${PROVIDER_NAME} is verantwoordelijk voor het hele traject`).waitFor();
    await subcontractor.getByText('Uw organisatie levert expertise op verzoek van').waitFor();
    expect(await subcontractor.getByRole('heading', { name: 'Resultaatmeting en afsluiting' }).count()).toBe(0);
    expect(await subcontractor.getByRole('heading', { name: 'Expertise toevoegen' }).count()).toBe(0);
    expect(await subcontractor.getByRole('link', { name: 'Gezinsplan bewerken' }).count()).toBe(0);
    expect(await seriousA11yViolations(subcontractor)).toEqual([]);

    // done: completing its request ends its view of the family, so it is back in its inbox
    await subcontractor.getByRole('link', { name: 'Expertise vragen, afronden of intrekken' }).click();
    await subcontractor.getByRole('button', { name: `Verzoek aan ${SUBCONTRACTOR_NAME} afronden` }).click();
    await subcontractor.getByText('U heeft de expertise afgerond.').waitFor();
    expect(new URL(subcontractor.url()).pathname).toBe('/inbox');
  });
});
