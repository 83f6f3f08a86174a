import { describe, expect, it } from 'vitest';
import { accept, currentPic, refer as referByApi, TRAJECTORY_FIELDS } from '../integration/helpers/care.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { PROVIDER, PROVIDER_NAME, REFERRER, requestExpertise } from './helpers/care.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

const portal = usePortal();
const PARNASSIA = 'staff@parnassia.example';

const responsibleOf = async (id: string) =>
  (
    await portal.app.admin.query<{ name: string }>(
      `SELECT p.name FROM trajectory t JOIN provider p ON p.id = t.responsible_provider_id WHERE t.id = $1`,
      [id],
    )
  ).rows[0].name;

describe('transfer of responsibility', () => {
  it('offered by the main contractor, found in the other provider’s inbox, accepted there: the main contractor changes', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'O.T.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), trajectory.id);

    const provider = await portal.newPage();
    await signIn(provider, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    await waitForHeading(provider, 'Traject O.T.');
    await provider.getByRole('link', { name: 'Overdracht aanbieden' }).click();
    await waitForHeading(provider, 'Verantwoordelijkheid overdragen: traject O.T.');
    const offer = provider.getByRole('form', { name: 'Verantwoordelijkheid overdragen' });
    await offer.getByLabel('Nieuwe hoofdaannemer').selectOption({ label: 'Parnassia Groep' });
    await offer
      .getByLabel('Reden van de overdracht')
      .fill('Specialistische angstbehandeling past beter bij Parnassia.');
    await offer.getByRole('button', { name: 'Overdracht aanbieden' }).click();
    await provider.getByText('De overdracht van de verantwoordelijkheid is aangeboden.').waitFor();
    await provider.getByText('Er wacht een overdracht op antwoord').waitFor();
    expect(await responsibleOf(trajectory.id)).toBe(PROVIDER_NAME);

    const parnassia = await portal.newPage();
    await signIn(parnassia, PARNASSIA, { path: '/inbox' });
    await waitForHeading(parnassia, 'Inbox');
    await parnassia.getByText('Stichting Jeugdformaat biedt de verantwoordelijkheid voor O.T.').waitFor();
    expect(await seriousA11yViolations(parnassia)).toEqual([]);
    await parnassia.getByRole('link', { name: 'Traject O.T. bekijken en de overdracht beantwoorden' }).click();
    await waitForHeading(parnassia, 'Verantwoordelijkheid overdragen: traject O.T.');
    expect(await seriousA11yViolations(parnassia)).toEqual([]);
    await parnassia.getByRole('button', { name: 'Overdracht accepteren' }).click();
    await parnassia.getByText('Uw organisatie is nu verantwoordelijk voor dit traject.').waitFor();
    expect(await responsibleOf(trajectory.id)).toBe('Parnassia Groep');
    await parnassia.getByText('Dat is uw organisatie').waitFor();
  });

  it('declined with a reason: the offer ends and the trajectory leaves the other provider’s view', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'O.D.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), trajectory.id);
    const offered = await portal.app.as(PROVIDER)(
      `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`,
      {
        input: {
          trajectoryId: trajectory.id,
          toProviderId: (
            await portal.app.admin.query<{ id: string }>(`SELECT id FROM provider WHERE name = 'Parnassia Groep'`)
          ).rows[0].id,
          reason: 'Capaciteit.',
        },
      },
    );
    expect(offered.errors).toBeUndefined();

    const parnassia = await portal.newPage({ javaScriptEnabled: false });
    await signIn(parnassia, PARNASSIA, { path: `/trajectories/${trajectory.id}/transfer` });
    await waitForHeading(parnassia, 'Verantwoordelijkheid overdragen: traject O.D.');
    await parnassia.getByRole('button', { name: 'Overdracht afwijzen' }).click();
    await parnassia.getByText('Controleer de volgende gegevens:').waitFor();
    await parnassia.getByLabel('Reden van afwijzing').fill('Geen plek binnen zes weken.');
    await parnassia.getByRole('button', { name: 'Overdracht afwijzen' }).click();
    await parnassia.getByText('U heeft de overdracht afgewezen.').waitFor();
    expect(new URL(parnassia.url()).pathname).toBe('/inbox');
    expect(await responsibleOf(trajectory.id)).toBe(PROVIDER_NAME);
  });
});

describe('outcome corrections', () => {
  it('a closed trajectory’s outcome is corrected with a reason: a new version, settled again', async () => {
    const provider = portal.app.as(PROVIDER);
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'U.C.', provider: 'jeugdformaat' });
    const active = await accept(provider, trajectory.id);
    const planned = await provider(
      `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`,
      {
        input: {
          trajectoryId: trajectory.id,
          version: active.helpPlan.version,
          effortDescription: 'Gezinsbehandeling.',
          goals: [{ kind: 'TREATMENT', description: 'Minder ruzie thuis.' }],
        },
      },
    );
    const goalId = planned.data!.updateHelpPlan.goals[0].id;
    await provider(`mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`, {
      input: {
        trajectoryId: trajectory.id,
        goalResults: [{ goalId, realisation: 'ACHIEVED' }],
        satisfaction: [
          { informant: 'YOUTH', score: null },
          { informant: 'PARENT', score: 9 },
        ],
        continuation: 'NONE',
        endReasonCode: '31',
      },
    });
    const closed = await provider(`mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { status } }`, {
      id: trajectory.id,
    });
    expect(closed.data?.closeTrajectory.status).toBe('CLOSED');

    const page = await portal.newPage();
    await signIn(page, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    await waitForHeading(page, 'Traject U.C.');
    await page.getByText('Niet gevraagd of geweigerd').first().waitFor();
    await page.getByRole('link', { name: 'Resultaatmeting corrigeren' }).click();
    await waitForHeading(page, 'Resultaatmeting: traject U.C.');
    const form = page.getByRole('form', { name: 'Resultaatmeting corrigeren' });
    // the correction starts from the submitted answers
    expect(
      await form.getByRole('group', { name: 'Minder ruzie thuis.' }).getByLabel('Behaald', { exact: true }).isChecked(),
    ).toBe(true);
    await form.getByRole('group', { name: 'Minder ruzie thuis.' }).getByLabel('Deels behaald').check();
    await form.getByRole('button', { name: 'Correctie indienen' }).click();
    await form.getByText('Controleer de volgende gegevens:').waitFor();
    await form.getByLabel('Reden van de correctie').fill('Doel was bij de evaluatie deels behaald, niet geheel.');
    await form.getByRole('button', { name: 'Correctie indienen' }).click();
    await page.getByText('De correctie van de resultaatmeting is ingediend.').waitFor();
    await page.getByText('Reden van correctie: Doel was bij de evaluatie deels behaald, niet geheel.').waitFor();
    await page
      .getByText('Opnieuw afgerekend na correctie: Doel was bij de evaluatie deels behaald, niet geheel.')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const { rows } = await portal.app.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM settlement WHERE trajectory_id = $1`,
      [trajectory.id],
    );
    expect(rows[0].n).toBe(2);
  });
});

describe('one family, one plan', () => {
  it('the referrer refers a brother or sister into the same family plan', async () => {
    const first = await referByApi(portal.app.as(REFERRER), { initials: 'B.Z.', provider: 'jeugdformaat' });
    const page = await portal.newPage();
    await signIn(page, REFERRER, { path: `/trajectories/${first.id}` });
    await waitForHeading(page, 'Traject B.Z.');
    await page.getByRole('link', { name: 'Broer of zus verwijzen met dit gezinsplan' }).click();
    await waitForHeading(page, 'Broer of zus verwijzen');
    await page.getByText('Deze verwijzing deelt het gezinsplan van B.Z.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Initialen').fill('Z.Z.');
    await page.getByLabel('Geboortedatum').fill('2016-06-06');
    await page
      .getByRole('group', { name: /^P01 / })
      .getByRole('radio', { name: /^Duur kort, intensiteit laag:/ })
      .check();
    await page.getByRole('radio', { name: 'Stichting JESS', exact: true }).check();
    await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
    await page.getByText('De verwijzing is verstuurd.').waitFor();
    await waitForHeading(page, 'Traject Z.Z.');
    expect(await page.getByRole('definition').filter({ hasText: 'B.Z., ' }).textContent()).toContain('Z.Z., ');
    const { rows } = await portal.app.admin.query<{ plans: number }>(
      `SELECT count(DISTINCT family_plan_id)::int AS plans FROM trajectory t JOIN youth y ON y.id = t.youth_id WHERE y.initials IN ('B.Z.', 'Z.Z.')`,
    );
    expect(rows[0].plans).toBe(1);
  });
});

describe('the acceptance obligation', () => {
  it('a highly specialist referral can only be accepted, and a transfer of it takes effect at once', async () => {
    const referrer = portal.app.as(REFERRER);
    const result = await referrer(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { ${TRAJECTORY_FIELDS} } }`,
      {
        input: {
          municipalityId: (
            await portal.app.admin.query<{ id: string }>(`SELECT id FROM municipality WHERE cbs_code = '0518'`)
          ).rows[0].id,
          referrerType: 'CERTIFIED_INSTITUTION',
          picId: currentPic('P07', 'LH'),
          providerId: (
            await portal.app.admin.query<{ id: string }>(`SELECT id FROM provider WHERE name = $1`, [PROVIDER_NAME])
          ).rows[0].id,
          youthInitials: 'H.S.',
          youthBirthDate: '2010-01-20',
          question: 'Meervoudige problematiek; crisisplaatsing.',
          goals: [{ kind: 'SOCIETAL', description: 'Woont veilig' }],
        },
      },
    );
    const id = result.data!.createReferral.id as string;
    const page = await portal.newPage();
    await signIn(page, PROVIDER, { path: `/trajectories/${id}` });
    await waitForHeading(page, 'Traject H.S.');
    await page.getByText('Daarvoor geldt een acceptatieplicht').waitFor();
    expect(await page.getByRole('button', { name: 'Verwijzing afwijzen' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Verwijzing accepteren' }).click();
    await page.getByText('U heeft de verwijzing geaccepteerd.').waitFor();

    // the referrer moves it to another provider: with the acceptance obligation that takes effect at once
    const local = await portal.newPage();
    await signIn(local, REFERRER, { path: `/trajectories/${id}/transfer` });
    await waitForHeading(local, 'Verantwoordelijkheid overdragen: traject H.S.');
    await local
      .getByText('Bij hoogspecialistische jeugdhulp geldt een acceptatieplicht: de overdracht gaat direct in.')
      .waitFor();
    const offer = local.getByRole('form', { name: 'Verantwoordelijkheid overdragen' });
    await offer.getByLabel('Nieuwe hoofdaannemer').selectOption({ label: 'Parnassia Groep' });
    await offer.getByLabel('Reden van de overdracht').fill('Klinische opname nodig.');
    await offer.getByRole('button', { name: 'Overdracht aanbieden' }).click();
    await local.getByText('De verantwoordelijkheid is direct overgedragen (acceptatieplicht).').waitFor();
    await local.getByText('direct overgedragen (acceptatieplicht)', { exact: false }).first().waitFor();
    expect(await responsibleOf(id)).toBe('Parnassia Groep');
  });
});

describe('the inbox', () => {
  it('an expertise request is declined with a reason, which the main contractor then sees', async () => {
    const trajectory = await referByApi(portal.app.as(REFERRER), { initials: 'I.D.', provider: 'jeugdformaat' });
    await accept(portal.app.as(PROVIDER), trajectory.id);
    const requested = await portal.app.as(PROVIDER)(
      `mutation($input: RequestExpertiseInput!) { requestExpertise(input: $input) { id } }`,
      {
        input: {
          trajectoryId: trajectory.id,
          providerId: (
            await portal.app.admin.query<{ id: string }>(`SELECT id FROM provider WHERE name = 'Praktijk Duinzicht'`)
          ).rows[0].id,
          mode: 'CONSULTATION',
          question: 'Consultatie voor I.D. graag.',
        },
      },
    );
    expect(requested.errors).toBeUndefined();

    const subcontractor = await portal.newPage();
    await signIn(subcontractor, 'staff@duinzicht.example', { path: '/inbox' });
    const request = subcontractor.getByRole('article').filter({ hasText: 'Consultatie voor I.D. graag.' });
    await request.getByRole('button', { name: 'Verzoek afwijzen' }).click();
    await request.getByText('Vul dit in.').first().waitFor();
    await request.getByLabel('Reden van afwijzing').fill('Geen capaciteit deze maand.');
    await request.getByRole('button', { name: 'Verzoek afwijzen' }).click();
    await subcontractor.getByText('U heeft het verzoek om expertise afgewezen.').waitFor();
    expect(await subcontractor.getByText('Consultatie voor I.D. graag.').count()).toBe(0);

    const provider = await portal.newPage();
    await signIn(provider, PROVIDER, { path: `/trajectories/${trajectory.id}` });
    const row = provider.getByRole('row').filter({ hasText: 'Consultatie voor I.D. graag.' });
    expect(await row.textContent()).toContain('Afgewezen');
    expect(await row.textContent()).toContain('Reden: Geen capaciteit deze maand.');

    // a request no longer needed is withdrawn by the main contractor
    await requestExpertise(provider, trajectory.id, {
      provider: 'Praktijk Duinzicht',
      question: 'Toch medebehandeling (I.D.).',
    });
    await provider.goto(`/trajectories/${trajectory.id}/expertise`);
    await provider.getByRole('button', { name: 'Verzoek aan Praktijk Duinzicht intrekken' }).click();
    await provider.getByText('Het verzoek om expertise is ingetrokken.').waitFor();
    expect(await provider.getByRole('row').filter({ hasText: 'Toch medebehandeling (I.D.).' }).textContent()).toContain(
      'Ingetrokken',
    );
    await subcontractor.goto('/inbox');
    await waitForHeading(subcontractor, 'Inbox');
    expect(await subcontractor.getByText('Toch medebehandeling (I.D.).').count()).toBe(0);
    expect(await seriousA11yViolations(subcontractor)).toEqual([]);
  });
});
