import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../../core/logging/logger.js';

export interface MailSettings {
  /** smtp://user:pass@host:587 (smtps:// for TLS from the start); unset: mails are written to `dropDir`. */
  smtpUrl?: string;
  /** The sender, e.g. `Samenspel <noreply@example.org>`. */
  from: string;
  /** Where mails go without SMTP: one .eml file each. */
  dropDir: string;
}

/** One mail: plain text, with the one link it is about (logged in development, never its content). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  link: string;
}

/**
 * Sends one mail; resolves once the SMTP server accepted it (or the file is written). The single
 * way the server sends mail, so a job queue can call it later.
 */
export type SendMail = (mail: Mail) => Promise<void>;

export function createMailer(settings: MailSettings, logger: Logger): SendMail {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    return async ({ to, subject, text }) => {
      await transport.sendMail({ from: settings.from, to, subject, text });
    };
  }
  // Development: a developer opens the .eml file, or follows the link printed in the log.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return async ({ to, subject, text, link }) => {
    const info = await transport.sendMail({ from: settings.from, to, subject, text });
    await mkdir(settings.dropDir, { recursive: true });
    const file = join(
      settings.dropDir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.eml`,
    );
    await writeFile(file, info.message as Buffer, { mode: 0o600 });
    logger.info({ subject, link, file }, 'mail written to a file (no SMTP_URL)');
  };
}
