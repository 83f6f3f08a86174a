import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInbox, type Inbox } from '../integration/helpers/smtp.js';
import { seriousA11yViolations } from './helpers/axe.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox();
});
afterAll(() => inbox?.close());

// links in the mails point at the portal under test
const portal = usePortal(() => ({ sendMail: (mail) => inbox.sendMail(mail) }));
const COLLEAGUE = 'nieuwe.collega@jeugdformaat.example';

describe('a provider administrator manages accounts', () => {
  it('invites a colleague, who accepts the mailed link; then sets up a second factor', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@jeugdformaat.example');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gebruikers' }).click();
    await waitForHeading(page, 'Gebruikers');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const accounts = page.getByRole('table', { name: 'Accounts' });
    expect(await accounts.getByRole('row', { name: /admin@jeugdformaat\.example/ }).innerText()).not.toContain(
      'nog nooit',
    );

    const invite = page.locator('form[action="?/invite"]');
    await invite.getByLabel('E-mailadres').fill(COLLEAGUE);
    await invite.getByLabel('Naam').fill('Nieuwe Collega');
    await invite.getByLabel('Rol').selectOption({ label: 'Medewerker jeugdhulpaanbieder' });
    await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await page.getByText('De uitnodiging is verstuurd.').waitFor();

    // the colleague follows the mailed link in a browser of its own
    const mail = await inbox.next(COLLEAGUE);
    const link = new URL(mail.link);
    const colleague = await portal.newPage();
    await colleague.goto(link.pathname + link.search);
    await waitForHeading(colleague, 'Uitnodiging accepteren');
    expect(await seriousA11yViolations(colleague)).toEqual([]);
    await colleague.getByLabel('Uw naam').fill('Nieuwe Collega');
    await colleague.getByLabel('Wachtwoord').fill('een lange zin als wachtwoord');
    await colleague.getByRole('button', { name: 'Account aanmaken' }).click();
    await colleague.waitForURL((url) => !url.pathname.startsWith('/account'));

    await page.reload();
    expect(await accounts.getByRole('row', { name: /nieuwe\.collega/ }).innerText()).toContain('actief');

    // the administrator's own second factor
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn account' }).click();
    await waitForHeading(page, 'Mijn account');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Tweede factor instellen' }).click();
    await waitForHeading(page, 'Tweede factor instellen');
    await page.getByRole('button', { name: 'Begin met instellen' }).click();
    await page.getByRole('img', { name: 'QR-code voor uw authenticator-app' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const secret = (await page.locator('code.samenspel-secret').innerText()).trim();
    await page.getByLabel('Code uit de app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('heading', { name: 'Uw herstelcodes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Uw herstelcodes' }).getByRole('listitem').count()).toBe(10);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // from now on signing in asks for the code
    const again = await portal.newPage();
    await again.goto('/login');
    await again.getByLabel('E-mailadres').fill('admin@jeugdformaat.example');
    await again.getByLabel('Wachtwoord').fill('samenspel-demo');
    await again.getByRole('button', { name: 'Inloggen' }).click();
    await again.getByText('Vul de code uit uw authenticator-app in.').waitFor();
    await again.getByLabel('Wachtwoord').fill('samenspel-demo');
    await again
      .getByLabel('Code uit uw authenticator-app')
      .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await again.getByRole('button', { name: 'Inloggen' }).click();
    await again.waitForURL((url) => url.pathname !== '/login');

    // moving the second factor to another phone takes the password, not only the session
    await again.goto('/account/second-factor');
    await waitForHeading(again, 'Tweede factor instellen');
    const replace = again.locator('form[action="?/start"]');
    await replace.getByLabel('Huidig wachtwoord').fill('niet mijn wachtwoord');
    await replace.getByRole('button', { name: 'Tweede factor vervangen' }).click();
    await again.getByText('is niet uw huidige wachtwoord').first().waitFor();
    expect(await seriousA11yViolations(again)).toEqual([]);
    await replace.getByLabel('Huidig wachtwoord').fill('samenspel-demo');
    await replace.getByRole('button', { name: 'Tweede factor vervangen' }).click();
    await again.getByRole('img', { name: 'QR-code voor uw authenticator-app' }).waitFor();
  });

  it('a region administrator requires a second factor of a provider’s users', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@h10.example');
    await page.goto('/users');
    await waitForHeading(page, 'Gebruikers');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const policy = page.getByRole('table', { name: 'Tweede factor per organisatie' });
    await policy.getByRole('button', { name: 'Verplichten voor Stichting Jeugdformaat', exact: true }).click();
    await page.getByText('De eis voor een tweede factor is opgeslagen.').waitFor();
    await policy
      .getByRole('button', { name: 'Niet meer verplichten voor Stichting Jeugdformaat', exact: true })
      .waitFor();
    const me = await portal.app.as('staff@jeugdformaat.example')<any>('{ me { secondFactorSetupRequired } }');
    expect(me.data.me.secondFactorSetupRequired).toBe(true);
  });
});
