import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accept, currentPic, DEN_HAAG, ESCAMP, providerId, refer as referByApi } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { PROVIDER, PROVIDER_NAME, REFERRER } from './helpers/care.js';
import { expectNoSidewaysScroll } from './helpers/layout.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

// The 2023 model in the portal: the lead's intake board, "Waar is plek?", the referral to the
// area's consortium, the return to intake, and the referral check (another PIC).
const portal = usePortal();
const PARNASSIA = 'staff@parnassia.example';

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

/** A referral by the Den Haag local team to the consortium of an area (RondomJou for Escamp). */
async function referToArea(initials: string): Promise<string> {
  const result = await portal.app.as(REFERRER)(
    `mutation($input: ReferToConsortiumInput!) { referToConsortium(input: $input) { id } }`,
    {
      input: {
        youthInitials: initials,
        youthBirthDate: '2013-03-03',
        municipalityId: DEN_HAAG,
        areaId: ESCAMP,
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P02'),
        question: 'Somber, trekt zich terug.',
        context: 'Moeder en twee kinderen.',
        goals: [{ kind: 'SOCIETAL', description: 'Heeft weer vrienden' }],
      },
    },
  );
  if (!result.data?.referToConsortium) throw new Error(JSON.stringify(result.errors));
  return result.data.referToConsortium.id;
}

const trajectoryState = async (id: string) =>
  (
    await portal.app.admin.query<{ status: string; responsible: string; consortium: string | null; profile: string }>(
      `SELECT t.status, p.name AS responsible, c.name AS consortium, pr.code AS profile
         FROM trajectory t JOIN provider p ON p.id = t.responsible_provider_id
         LEFT JOIN consortium c ON c.id = t.consortium_id
         JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
        WHERE t.id = $1`,
      [id],
    )
  ).rows[0];

/** The card of a waiting youth on the intake board (its heading starts with the link "Traject <initials>, …"). */
const waitingCard = (page: Page, initials: string) =>
  page.getByRole('article', { name: new RegExp(`^Traject ${initials.replace(/\./g, '\\.')},`) });

describe('the intake board', () => {
  it('the lead assigns from the intake board: a member with a place first, chosen and confirmed in two clicks', async () => {
    const id = await referToArea('I.B.');
    const lead = await portal.newPage();
    await signIn(lead, PROVIDER);
    await lead.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Intake' }).click();
    await waitForHeading(lead, 'Intake RondomJou');
    await expectAccessible(lead, 'intake board of the lead');

    const card = waitingCard(lead, 'I.B.');
    await card.getByText('Hoofdaannemer toewijzen uiterlijk').waitFor();
    const form = card.getByRole('form', { name: 'Hoofdaannemer toewijzen voor I.B.' });
    // Parnassia reported free places for P02 in Escamp: it comes first, with its figure
    const first = form.getByRole('radio').first();
    const firstId = await first.getAttribute('id');
    expect((await form.locator(`label[for="${firstId}"]`).textContent())?.trim()).toBe('Parnassia Groep');
    expect(
      await form
        .getByText(/vrije plek/)
        .first()
        .textContent(),
    ).toMatch(/^\d+ vrije plek/);

    await form.getByRole('radio', { name: 'Parnassia Groep' }).click();
    await form.getByRole('button', { name: 'Toewijzen' }).click();

    await lead.getByText('De hoofdaannemer is toegewezen.').waitFor();
    await waitingCard(lead, 'I.B.').getByText('Toegewezen aan Parnassia Groep, wacht op acceptatie').waitFor();
    expect(await waitingCard(lead, 'I.B.').getByRole('button', { name: 'Toewijzen' }).count()).toBe(0);
    expect(await trajectoryState(id)).toMatchObject({ status: 'REFERRED', responsible: 'Parnassia Groep' });
  });

  it('partners see the board read-only; an overdue intake is said in words; subcontractors have no board', async () => {
    const partner = await portal.newPage();
    await signIn(partner, PARNASSIA, { path: '/intake' });
    await waitForHeading(partner, 'Intake RondomJou');
    await partner.getByText(`De penvoerder (${PROVIDER_NAME}) wijst de hoofdaannemer toe`).waitFor();
    // the demo youth Y.A. waits past its deadline
    await waitingCard(partner, 'Y.A.')
      .getByText(/^Te laat: de termijn liep af op/)
      .waitFor();
    await waitingCard(partner, 'Y.A.').getByText('Vrije plekken voor dit profiel en gebied').waitFor();
    expect(await partner.getByRole('button', { name: 'Toewijzen' }).count()).toBe(0);
    await expectAccessible(partner, 'intake board of a partner');

    const subcontractor = await portal.newPage();
    await signIn(subcontractor, 'staff@duinzicht.example');
    await waitForHeading(subcontractor, 'Mijn caseload');
    expect(
      await subcontractor.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Intake' }).count(),
    ).toBe(0);
    await subcontractor.goto('/intake');
    await waitForHeading(subcontractor, 'Er ging iets mis');
  });

  it('an assigned member cannot take the youth: it goes back to the intake, not to the referrer', async () => {
    const id = await referToArea('R.T.');
    const assigned = await portal.app.as(PROVIDER)(
      `mutation($input: AssignMainContractorInput!) { assignMainContractor(input: $input) { id } }`,
      { input: { trajectoryId: id, providerId: providerId('parnassia') } },
    );
    expect(assigned.errors).toBeUndefined();

    const partner = await portal.newPage();
    await signIn(partner, PARNASSIA, { path: `/trajectories/${id}` });
    await waitForHeading(partner, 'Traject R.T.');
    await partner.getByText('gaat de jeugdige terug naar de intake van RondomJou, niet naar de verwijzer').waitFor();
    expect(await partner.getByRole('button', { name: 'Verwijzing afwijzen' }).count()).toBe(0);
    await expectAccessible(partner, 'assigned referral, partner');
    await partner
      .getByLabel('Waarom kan uw organisatie deze jeugdige niet helpen?')
      .fill('Geen plek voor dit profiel deze maand.');
    await partner.getByRole('button', { name: 'Terug naar de intake' }).click();
    await partner.getByText('De jeugdige is terug in de intake van het samenwerkingsverband.').waitFor();
    await partner.getByText('Terug naar de intake van het samenwerkingsverband', { exact: true }).waitFor();
    expect(await trajectoryState(id)).toMatchObject({ status: 'INTAKE', responsible: PROVIDER_NAME });
  });
});

describe('Waar is plek?', () => {
  it('a referrer finds a free place and refers to the area', async () => {
    const page = await portal.newPage();
    await signIn(page, REFERRER);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Waar is plek?' }).click();
    await waitForHeading(page, 'Waar is plek?');
    await expectAccessible(page, 'places, referrer');

    await page.getByLabel('Profiel', { exact: true }).selectOption({ label: 'P02 Angst- en stemmingsproblematiek' });
    await page.getByLabel('Gebied', { exact: true }).selectOption({ label: 'Escamp' });
    await page.getByRole('button', { name: 'Toon plekken' }).click();
    await page.waitForURL((url) => url.searchParams.get('area') === ESCAMP);
    const parnassia = page
      .getByRole('table', { name: 'Vrije plekken' })
      .getByRole('row')
      .filter({ hasText: 'Parnassia Groep' });
    expect(await parnassia.textContent()).toMatch(/\d+ vrije plek/);
    expect(await page.getByRole('table', { name: 'Vrije plekken' }).textContent()).not.toContain('Laak');
    await expectAccessible(page, 'places, filtered');

    await page.getByRole('link', { name: 'Verwijzen naar RondomJou' }).click();
    await waitForHeading(page, 'Nieuwe verwijzing');
    expect(await page.getByLabel('Gebied', { exact: true }).inputValue()).toBe(ESCAMP);
    // the area's consortium is the default; the provider choice is for the other route
    expect(await page.getByRole('radio', { name: 'Naar het samenwerkingsverband van dit gebied' }).isChecked()).toBe(
      true,
    );
    await page.getByText('RondomJou neemt de verwijzing aan voor Escamp.').waitFor();
    await page.getByRole('radio', { name: 'Stichting JESS', exact: true }).waitFor({ state: 'hidden' });
    await expectAccessible(page, 'referral form to the consortium');

    await page.getByLabel('Initialen').fill('W.P.');
    await page.getByLabel('Geboortedatum').fill('2012-09-09');
    await page
      .getByRole('group', { name: /^P02 / })
      .getByRole('radio', { name: /^Duur kort, intensiteit laag:/ })
      .check();
    await page.getByLabel('Hulpvraag van het gezin').fill('Angstig, durft niet naar school.');
    await page.getByRole('group', { name: 'Doel 1' }).getByLabel('Omschrijving').fill('Gaat weer naar school');
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();

    await page.getByText('De verwijzing is verstuurd naar het samenwerkingsverband.').waitFor();
    await waitForHeading(page, 'Traject W.P.');
    await page.getByText(`RondomJou (penvoerder: ${PROVIDER_NAME})`).waitFor();
    await page.getByText('De penvoerder wijst uiterlijk').waitFor();
    const id = /\/trajectories\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect(await trajectoryState(id)).toMatchObject({
      status: 'INTAKE',
      consortium: 'RondomJou',
      responsible: PROVIDER_NAME,
      profile: 'P02',
    });
    await expectAccessible(page, 'trajectory in intake, referrer');
  });

  it('a provider updates its own free places in the table and reports a new figure', async () => {
    const page = await portal.newPage();
    await signIn(page, PARNASSIA, { path: '/places' });
    await waitForHeading(page, 'Waar is plek?');
    const table = page.getByRole('table', { name: 'Vrije plekken' });
    const own = table.getByRole('row').filter({ hasText: 'Parnassia Groep' }).filter({ hasText: 'Escamp' });
    await own.getByLabel('Vrije plekken voor P02, Escamp').fill('1');
    await own.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Het aantal vrije plekken is opgeslagen.').waitFor();
    await expect.poll(() => own.textContent()).toContain('vandaag');
    // another provider's row has no form
    expect(
      await table.getByRole('row').filter({ hasText: PROVIDER_NAME }).getByRole('button', { name: 'Opslaan' }).count(),
    ).toBe(0);

    const report = page.getByRole('region', { name: 'Vrije plekken doorgeven' });
    await report.getByLabel('Profiel').selectOption({ label: 'P06 Trauma en hechtingsproblematiek' });
    await report.getByLabel('Gebied').selectOption({ label: 'Laak (Den Haag)' });
    await report.getByLabel('Aantal vrije plekken').fill('twee');
    await report.getByRole('button', { name: 'Doorgeven' }).click();
    await report.getByRole('alert').getByText('vul een heel getal in, 0 of meer').waitFor();
    await report.getByLabel('Aantal vrije plekken').fill('2');
    await report.getByRole('button', { name: 'Doorgeven' }).click();
    await report.getByText('Het aantal vrije plekken is opgeslagen.').waitFor();
    await table.getByRole('row').filter({ hasText: 'P06' }).filter({ hasText: 'Laak' }).waitFor();
    await expectAccessible(page, 'places, provider');

    const { rows } = await portal.app.admin.query<{ profile: string; area: string; free: number }>(
      `SELECT pr.code AS profile, a.name AS area, c.free_places AS free FROM capacity c
         JOIN profile pr ON pr.id = c.profile_id JOIN area a ON a.id = c.area_id
        WHERE c.provider_id = $1 ORDER BY pr.code`,
      [providerId('parnassia')],
    );
    expect(rows).toEqual([
      { profile: 'P02', area: 'Escamp', free: 1 },
      { profile: 'P06', area: 'Laak', free: 2 },
    ]);
  });
});

describe('the referral check', () => {
  it('the main contractor proposes another PIC, both sides see it pending, the referrer accepts it', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'P.C.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), trajectory.id);

    const provider = await portal.newPage();
    await signIn(provider, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    await waitForHeading(provider, 'Traject P.C.');
    await provider.getByRole('link', { name: 'Andere PIC voorstellen' }).click();
    await waitForHeading(provider, 'Controle van de verwijzing: traject P.C.');
    const form = provider.getByRole('form', { name: 'Andere PIC voorstellen' });
    await form.getByLabel('Voorgestelde PIC').selectOption(currentPic('P03'));
    await form.getByLabel('Waarom een andere PIC?').fill('Bij de intake bleek het vooral gedrag thuis.');
    await form.getByRole('button', { name: 'Andere PIC voorstellen' }).click();
    await provider.getByText('Uw voorstel voor een andere PIC is verstuurd.').waitFor();
    await provider.getByText('Het voorstel wacht op het besluit van de verwijzer.').waitFor();
    await expectAccessible(provider, 'referral check, main contractor');

    const referrer = await portal.newPage();
    await signIn(referrer, REFERRER, { path: '/referrals' });
    await waitForHeading(referrer, 'Verwijzingen');
    await referrer.getByRole('heading', { name: /^Voorstellen voor een andere PIC/ }).waitFor();
    await expectAccessible(referrer, 'referrals with proposals to decide');
    await referrer.getByRole('link', { name: /^Traject P\.C\., \d+ jaar: voorstel beoordelen$/ }).click();
    await waitForHeading(referrer, 'Controle van de verwijzing: traject P.C.');
    const pending = referrer.getByRole('group', { name: 'Voorstel voor een andere PIC' });
    await pending.getByText('Reden: Bij de intake bleek het vooral gedrag thuis.').waitFor();
    // declining needs a reason
    await pending.getByRole('button', { name: 'Voorstel afwijzen' }).click();
    await pending.getByText('Vul dit in.').first().waitFor();
    await expectAccessible(referrer, 'referral check, referrer');
    await pending.getByRole('button', { name: 'Voorstel accepteren' }).click();
    await referrer.getByText('U heeft het voorstel geaccepteerd.').waitFor();
    await referrer
      .getByText(/^P03 Gedragsproblematiek: duur kort/)
      .first()
      .waitFor();
    await referrer.getByText('Voorstel geaccepteerd: PIC gewijzigd').waitFor();
    expect(await trajectoryState(trajectory.id)).toMatchObject({ status: 'ACTIVE', profile: 'P03' });

    await referrer.goto('/referrals');
    await waitForHeading(referrer, 'Verwijzingen');
    expect(await referrer.getByRole('link', { name: /^Traject P\.C\., .*voorstel beoordelen$/ }).count()).toBe(0);
  }, 60_000);
});

describe('on a phone (390 px wide)', () => {
  it('the new pages reflow: only a table scrolls sideways, in its own region', async () => {
    const phone = { viewport: { width: 390, height: 844 } };
    const lead = await portal.newPage(phone);
    await signIn(lead, PROVIDER, { path: '/intake' });
    await waitForHeading(lead, 'Intake RondomJou');
    await expectNoSidewaysScroll(lead, 'intake board');
    await lead.goto('/places');
    await waitForHeading(lead, 'Waar is plek?');
    await expectNoSidewaysScroll(lead, 'places, provider');

    const referrer = await portal.newPage(phone);
    await signIn(referrer, REFERRER, { path: '/referrals' });
    await waitForHeading(referrer, 'Verwijzingen');
    await expectNoSidewaysScroll(referrer, 'referrals');
    await referrer.goto('/referrals/new');
    await waitForHeading(referrer, 'Nieuwe verwijzing');
    await expectNoSidewaysScroll(referrer, 'referral form');
  }, 60_000);
});
