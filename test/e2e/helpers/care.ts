import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Portal } from './portal.js';
import { signIn, waitForHeading } from './session.js';

/**
 * The provider and referrer journey through the portal, step by step, as a user does it (Dutch
 * labels). `runCareJourney` runs it end to end and returns the closed trajectory, so that a later
 * step (the contract manager's figures) can build on it.
 */

export const REFERRER = 'lokaalteam@denhaag.example';
/** Stichting Jeugdformaat, lead of RondomJou; its subcontract with Praktijk Duinzicht covers P02 and P06. */
export const PROVIDER = 'staff@jeugdformaat.example';
export const PROVIDER_NAME = 'Stichting Jeugdformaat';
export const SUBCONTRACTOR = 'staff@duinzicht.example';
export const SUBCONTRACTOR_NAME = 'Praktijk Duinzicht';

const idFromUrl = (page: Page): string => {
  const match = /\/trajectories\/([0-9a-f-]{36})/.exec(page.url());
  if (!match) throw new Error(`not on a trajectory page: ${page.url()}`);
  return match[1];
};

export interface Referral {
  initials: string;
  birthDate: string;
  /** e.g. "P02" */
  profile: string;
  /** e.g. "Duur kort, intensiteit laag" */
  intensity: string;
  provider: string;
  area?: string;
  question: string;
  goals: string[];
}

/** Fills in the referral form (/referrals/new) to one provider and sends it; returns the new trajectory's id. */
export async function refer(page: Page, referral: Referral): Promise<string> {
  await page.goto('/referrals/new');
  await waitForHeading(page, 'Nieuwe verwijzing');
  await page.getByLabel('Initialen').fill(referral.initials);
  await page.getByLabel('Geboortedatum').fill(referral.birthDate);
  if (referral.area) await page.getByLabel('Gebied', { exact: true }).selectOption({ label: referral.area });
  // where the area has a consortium, referring to it is the default; this referral goes to one provider
  await page.getByRole('radio', { name: 'Naar één aanbieder' }).check();
  await page
    .getByRole('group', { name: new RegExp(`^${referral.profile} `) })
    .getByRole('radio', { name: new RegExp(`^${referral.intensity}:`) })
    .check();
  // the providers' published results follow the profile chosen
  await page
    .getByText(new RegExp(`\\(profiel ${referral.profile} `))
    .first()
    .waitFor();
  await page.getByRole('radio', { name: referral.provider, exact: true }).check();
  await page.getByLabel('Hulpvraag van het gezin').fill(referral.question);
  for (const [i, goal] of referral.goals.entries()) {
    await page
      .getByRole('group', { name: `Doel ${i + 1}` })
      .getByLabel('Omschrijving')
      .fill(goal);
  }
  await page.getByRole('button', { name: 'Verwijzing versturen' }).click();
  await page.getByText('De verwijzing is verstuurd.').waitFor();
  return idFromUrl(page);
}

/** The responsible provider accepts a referral on the trajectory page. */
export async function acceptReferral(page: Page, trajectoryId: string): Promise<void> {
  await page.goto(`/trajectories/${trajectoryId}`);
  await page.getByRole('button', { name: 'Verwijzing accepteren' }).click();
  await page.getByText('U heeft de verwijzing geaccepteerd.').waitFor();
}

/** Writes the help plan: the effort and treatment goals, each toward a societal goal of the family plan. */
export async function writeHelpPlan(
  page: Page,
  trajectoryId: string,
  plan: { effort: string; goals: { description: string; toward: string }[] },
): Promise<void> {
  await page.goto(`/trajectories/${trajectoryId}/help-plan`);
  const form = page.getByRole('form', { name: 'Hulpverleningsplan bewerken' });
  await form.getByLabel('Inzet').fill(plan.effort);
  for (const [i, goal] of plan.goals.entries()) {
    if (i > 0) await form.getByRole('button', { name: 'Nog een doel toevoegen' }).click();
    const row = form.getByRole('group', { name: 'Nieuw doel (niet verplicht)' }).nth(i);
    await row.getByLabel('Omschrijving').fill(goal.description);
    await row.getByLabel('Draagt bij aan maatschappelijk doel').selectOption({ label: goal.toward });
  }
  await form.getByRole('button', { name: 'Hulpverleningsplan opslaan' }).click();
  await page.getByText('Het hulpverleningsplan is opgeslagen.').waitFor();
}

/** Asks a provider for expertise, choosing it from the providers the rules allow. */
export async function requestExpertise(
  page: Page,
  trajectoryId: string,
  { provider, question }: { provider: string; question: string },
): Promise<void> {
  await page.goto(`/trajectories/${trajectoryId}/expertise`);
  const form = page.getByRole('form', { name: 'Expertise toevoegen' });
  await form.getByRole('radio', { name: new RegExp(`^${provider} \\(`) }).check();
  await form.getByLabel('Medebehandeling').check();
  await form.getByLabel('Uw vraag').fill(question);
  await form.getByRole('button', { name: 'Verzoek versturen' }).click();
  await page.getByText('Het verzoek om expertise is verstuurd.').waitFor();
}

/** The asked provider accepts the request in its inbox and lands on the trajectory. */
export async function acceptExpertiseInInbox(
  page: Page,
  { from, question }: { from: string; question: string },
): Promise<string> {
  await page.goto('/inbox');
  await waitForHeading(page, 'Inbox');
  const request = page.getByRole('article', { name: `Verzoek van ${from}` }).filter({ hasText: question });
  await request.getByRole('button', { name: 'Verzoek accepteren' }).click();
  await page.getByText('U heeft het verzoek om expertise geaccepteerd.').waitFor();
  return idFromUrl(page);
}

/**
 * Submits the outcome report (every treatment goal achieved, satisfaction 8 and 7, ended as planned) on
 * its task page, and closes the trajectory from the link on the trajectory page.
 */
export async function submitOutcomeAndClose(
  page: Page,
  trajectoryId: string,
  { goals }: { goals: string[] },
): Promise<void> {
  await page.goto(`/trajectories/${trajectoryId}/outcome`);
  const form = page.getByRole('form', { name: 'Resultaatmeting en afsluiting' });
  for (const goal of goals)
    await form.getByRole('group', { name: goal }).getByLabel('Behaald', { exact: true }).check();
  await form.getByLabel('Tevredenheid van de jeugdige').selectOption('8');
  await form.getByLabel('Tevredenheid van de ouders of verzorgers').selectOption('7');
  await form.getByLabel('Geen verdere hulp nodig').check();
  await form.getByLabel('Reden beëindiging (JZ588)').selectOption('31');
  await form.getByRole('button', { name: 'Resultaatmeting indienen' }).click();
  await page.getByText('De resultaatmeting is ingediend.').waitFor();
  await page.getByRole('link', { name: 'Traject afsluiten' }).click();
  await page
    .getByRole('form', { name: /^Traject afsluiten/ })
    .getByRole('button', { name: 'Traject afsluiten' })
    .click();
  await page.getByText('Het traject is afgesloten en afgerekend.').waitFor();
}

export interface ClosedTrajectory {
  id: string;
  initials: string;
  provider: string;
  subcontractor: string;
}

/**
 * The whole journey: the Den Haag local team refers a youth to Jeugdformaat, which accepts, writes
 * the help plan and adds expertise from its subcontractor Duinzicht; Duinzicht accepts in its inbox;
 * Jeugdformaat reports the outcome and closes. Returns the closed trajectory.
 */
export async function runCareJourney(portal: Portal, { initials = 'R.J.' } = {}): Promise<ClosedTrajectory> {
  const referrer = await portal.newPage();
  await signIn(referrer, REFERRER);
  const id = await refer(referrer, {
    initials,
    birthDate: '2013-04-12',
    area: 'Escamp',
    profile: 'P02',
    intensity: 'Duur kort, intensiteit laag',
    provider: PROVIDER_NAME,
    question: 'Angstklachten; gaat al weken niet naar school.',
    goals: ['Gaat weer naar school'],
  });

  const provider = await portal.newPage();
  await signIn(provider, PROVIDER);
  await acceptReferral(provider, id);
  await writeHelpPlan(provider, id, {
    effort: 'Cognitieve gedragstherapie, 12 sessies, en oudergesprekken.',
    goals: [{ description: 'De angstklachten nemen af.', toward: 'Gaat weer naar school' }],
  });
  const question = `Medebehandeling voor ${initials}: exposure-training, 6 sessies.`;
  await requestExpertise(provider, id, { provider: SUBCONTRACTOR_NAME, question });

  const subcontractor = await portal.newPage();
  await signIn(subcontractor, SUBCONTRACTOR);
  expect(await acceptExpertiseInInbox(subcontractor, { from: PROVIDER_NAME, question })).toBe(id);

  await submitOutcomeAndClose(provider, id, { goals: ['De angstklachten nemen af.'] });
  return { id, initials, provider: PROVIDER, subcontractor: SUBCONTRACTOR };
}
