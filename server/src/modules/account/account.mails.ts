import type { Mail } from '../mail/mailer.js';

/** Mails hold no personal data beyond the address they go to: what waits, and a link. */
const footer =
  '\n\nHeeft u hier niet om gevraagd? Dan kunt u deze e-mail negeren.\nDid not ask for this? You can ignore this e-mail.\n\n— Samenspel';

const dateTime = (at: Date) =>
  at.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' });

const base = (publicUrl: string) => publicUrl.replace(/\/$/, '');
export const invitationLink = (publicUrl: string, token: string) =>
  `${base(publicUrl)}/account/invitation?token=${token}`;
export const resetLink = (publicUrl: string, token: string) => `${base(publicUrl)}/account/reset?token=${token}`;

export function invitationMail(to: string, link: string, expiresAt: Date): Mail {
  return {
    to,
    subject: 'Uitnodiging voor Samenspel / Invitation to Samenspel',
    link,
    text:
      `U bent uitgenodigd voor een account in Samenspel. Kies via deze link uw naam en wachtwoord:\n\n${link}\n\n` +
      `De link werkt één keer, tot ${dateTime(expiresAt)}.\n\n` +
      `You have been invited to an account in Samenspel. Choose your name and password through the link above; it works once.` +
      footer,
  };
}

export function passwordResetMail(to: string, link: string): Mail {
  return {
    to,
    subject: 'Nieuw wachtwoord voor Samenspel / New password for Samenspel',
    link,
    text:
      `Via deze link kiest u een nieuw wachtwoord voor Samenspel:\n\n${link}\n\nDe link werkt één keer, één uur lang.\n\n` +
      `Choose a new password for Samenspel through the link above. It works once, for one hour.` +
      footer,
  };
}
