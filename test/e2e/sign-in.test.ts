import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../seeds/accounts.js';
import { usePortal } from './helpers/portal.js';
import { signIn, submitLogin, waitForHeading } from './helpers/session.js';

const portal = usePortal();

/** Each role's home page after signing in, and its heading. */
const HOME: Record<string, { path: string; heading: string }> = {
  PROVIDER_ADMIN: { path: '/caseload', heading: 'Mijn caseload' },
  PROVIDER_STAFF: { path: '/caseload', heading: 'Mijn caseload' },
  REFERRER: { path: '/referrals', heading: 'Verwijzingen' },
  CONTRACT_MANAGER: { path: '/performance', heading: 'Prestaties' },
  REGION_ADMIN: { path: '/admin', heading: 'Beheer' },
};

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

describe('signing in', () => {
  it.each(DEMO_ACCOUNTS.map((account) => [account.email, account] as const))(
    '%s signs in through the login page and reaches their home page',
    async (_email, account) => {
      const page = await portal.newPage();
      await signIn(page, account.email);
      const home = HOME[account.roles[0]];
      await waitForHeading(page, home.heading);
      expect(pathOf(page.url())).toBe(home.path);
      const banner = await page.getByRole('banner').textContent();
      expect(banner).toContain(account.name);
    },
  );

  it('works without JavaScript (a plain form post)', async () => {
    const page = await portal.newPage({ javaScriptEnabled: false });
    await signIn(page, 'lokaalteam@denhaag.example');
    await waitForHeading(page, 'Verwijzingen');
    expect(pathOf(page.url())).toBe('/referrals');
  });

  it('keeps what was typed before the page was interactive', async () => {
    const page = await portal.newPage();
    let release = () => {};
    const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    await page.goto('/login', { waitUntil: 'domcontentloaded' });
    await page.getByLabel('E-mailadres').fill('admin@h10.example');
    await page.getByLabel('Wachtwoord').fill('samenspel-demo');
    release();
    await page.locator('html[data-interactive]').waitFor({ state: 'attached' });
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('admin@h10.example');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await waitForHeading(page, 'Beheer');
  });

  it('says how long to wait after too many wrong passwords', async () => {
    const page = await portal.newPage();
    await page.goto('/login');
    const alert = page.getByRole('alert');
    // 5 wrong passwords are answered as such; then the wait starts at a second and doubles
    const throttled = alert.getByText(/te vaak/);
    for (let i = 0; i < 10 && !(await throttled.isVisible()); i++) {
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/login'));
      await submitLogin(page, 'admin@jeugdformaat.example', `not-the-password-${i}`);
      await answered;
      await alert.waitFor();
    }
    expect(await alert.textContent()).toMatch(
      /Er is te vaak met een verkeerd wachtwoord geprobeerd in te loggen\. Wacht \d+ seconden? en probeer het dan opnieuw\./,
    );
  });

  it('says clearly when the password is wrong, and keeps the e-mail address', async () => {
    const page = await portal.newPage();
    await page.goto('/login');
    await submitLogin(page, 'admin@h10.example', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Het e-mailadres of het wachtwoord is niet juist');
    expect(pathOf(page.url())).toBe('/login');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('admin@h10.example');
  });

  it('sends a signed-out visitor to the login page and back to where they were', async () => {
    const { data } = await portal.app.as('admin@h10.example')<{ consortia: { id: string; name: string }[] }>(
      '{ consortia { id name } }',
    );
    const consortium = data!.consortia[0];
    const page = await portal.newPage();
    await page.goto(`/consortia/${consortium.id}`);
    expect(pathOf(page.url())).toBe(`/login?redirectTo=${encodeURIComponent(`/consortia/${consortium.id}`)}`);
    await submitLogin(page, 'staff@parnassia.example');
    await waitForHeading(page, consortium.name);
    expect(pathOf(page.url())).toBe(`/consortia/${consortium.id}`);
  });

  it('ignores a redirect to another site', async () => {
    const page = await portal.newPage();
    await signIn(page, 'admin@h10.example', { path: '/login?redirectTo=//evil.example/' });
    await waitForHeading(page, 'Beheer');
    expect(new URL(page.url()).origin).toBe(portal.url);
  });

  it('refuses a form post from another site', async () => {
    const response = await fetch(`${portal.url}/login`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=admin%40h10.example&password=samenspel-demo',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('sends a user whose session expired to the login page, then back', async () => {
    const page = await portal.newPage();
    await signIn(page, 'contractmanager@delft.example');
    await waitForHeading(page, 'Prestaties');
    await portal.app.admin.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`,
      ['contractmanager@delft.example'],
    );

    await page.getByRole('link', { name: 'Samenwerkingsverbanden' }).click();
    await page.getByText('Uw sessie is verlopen').waitFor();
    expect(pathOf(page.url())).toBe('/login?redirectTo=%2Fconsortia&expired=1');
    await submitLogin(page, 'contractmanager@delft.example');
    await waitForHeading(page, 'Samenwerkingsverbanden');
    expect(pathOf(page.url())).toBe('/consortia');
  });
});

describe('signing out', () => {
  it('ends the session at the API and in the browser', async () => {
    const page = await portal.newPage();
    await signIn(page, 'staff@incluzio.example');
    await waitForHeading(page, 'Mijn caseload');
    const [session] = (await page.context().cookies()).filter((cookie) => cookie.name === 'samenspel_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await page.getByText('U bent uitgelogd.').waitFor();
    expect(pathOf(page.url())).toBe('/login?signedOut=1');
    expect((await page.context().cookies()).some((cookie) => cookie.name === 'samenspel_session')).toBe(false);
    const me = await portal.app.gql('{ me { id } }', {}, { token: session.value });
    expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    await page.goto('/caseload');
    expect(pathOf(page.url())).toBe('/login?redirectTo=%2Fcaseload');
  });

  it('everywhere ends the sessions of every browser of the user', async () => {
    const here = await portal.newPage();
    const there = await portal.newPage();
    for (const page of [here, there]) {
      await signIn(page, 'staff@mentaalcure.example');
      await waitForHeading(page, 'Mijn caseload');
    }
    await here.getByRole('button', { name: 'Overal uitloggen' }).click();
    await here.getByText('U bent overal uitgelogd').waitFor();
    expect(pathOf(here.url())).toBe('/login?signedOutEverywhere=1');

    await there.reload();
    await there.getByText('Uw sessie is verlopen').waitFor();
    expect(pathOf(there.url())).toBe('/login?redirectTo=%2Fcaseload&expired=1');
  });
});

describe('sections by role', () => {
  it('shows each role only its own sections, and refuses the others', async () => {
    const page = await portal.newPage();
    await signIn(page, 'staff@jeugdformaat.example');
    await waitForHeading(page, 'Mijn caseload');
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    // the lead of a consortium also has its intake board
    expect(await menu.getByRole('link').allTextContents()).toEqual([
      'Mijn caseload',
      'Inbox',
      'Intake',
      'Waar is plek?',
      'Onze resultaten',
      'Mijn account',
      'Samenwerkingsverbanden',
    ]);

    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await page.getByText('U heeft geen toegang tot deze pagina of actie.').waitFor();
  });
});
