import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { Role } from '../core/auth/roles.js';
import { createLogger } from '../core/logging/logger.js';
import { inviteAsOperator } from '../modules/account/operator-invitation.js';
import { createMailer } from '../modules/mail/mailer.js';
import { optionValue as value, parseArgs, runTool, toolDatabase } from './tool-database.js';

const USAGE = `npm run admin -- invite --email ADDRESS --role ROLE [--organisation ID]

Invites someone as the operator: the first region administrator of a new installation, or anyone
when no administrator can. Prints the one-time link and mails it (SMTP_URL, MAIL_FROM, PUBLIC_URL as
the server uses them). The link works once, for INVITATION_DAYS days (7).

  --email ADDRESS      who is invited
  --role ROLE          ${Object.values(Role).join(', ')}
  --organisation ID    the region, municipality or provider (default for REGION_ADMIN: the region)
  --database-url URL   PostgreSQL as the table owner (default: DATABASE_URL, else the embedded database)`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'invite') {
    console.log(USAGE);
    return command === undefined || command === '--help' ? 0 : 2;
  }
  const args = parseArgs(rest, USAGE).options;
  const email = value(args, 'email');
  const role = value(args, 'role') as Role | undefined;
  if (!email || !role || !Object.values(Role).includes(role))
    throw new Error(`--email and a --role are needed\n\n${USAGE}`);
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const given = value(args, 'database-url') ?? config.databaseUrl;
  const target = await toolDatabase(given, config.dataDir);
  try {
    const sendMail = createMailer(
      { smtpUrl: config.smtpUrl, from: config.mailFrom, dropDir: join(config.dataDir, 'mail') },
      logger,
    );
    const result = await inviteAsOperator(
      target.url,
      { email, role, organisationId: value(args, 'organisation') },
      { publicUrl: config.publicUrl, invitationDays: config.invitationDays, sendMail },
    );
    const { invitation, link, mailError } = result!;
    console.log(
      `Invitation for ${invitation.email} (${role}), valid until ${new Date(invitation.expiresAt).toISOString()}:\n${link}`,
    );
    if (mailError) console.error(`The mail could not be sent (${mailError}); pass the link on yourself.`);
    return 0;
  } finally {
    await target.stop();
  }
}

runTool('admin', main, 1);
