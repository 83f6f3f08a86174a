import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailer, type SendMail } from '../../../server/src/modules/mail/mailer.js';
import { createLogger } from '../../../server/src/core/logging/logger.js';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  /** The first link in the text. */
  link: string;
}

export interface Inbox {
  /** smtp://user:pass@127.0.0.1:port of the server, as SMTP_URL. */
  url: string;
  /** A mailer sending through this server, as the app's. */
  sendMail: SendMail;
  received: ReceivedMail[];
  /** The next mail to `to` not taken yet (waits up to 10 s). */
  next(to: string): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) that accepts one account's mail and keeps it parsed. */
export async function startInbox(): Promise<Inbox> {
  const received: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'samenspel' && auth.password === 'secret') callback(null, { user: auth.username });
      else callback(new Error('wrong credentials'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          received.push({
            to: to?.value[0]?.address ?? '',
            from: parsed.from?.value[0]?.address ?? '',
            subject: parsed.subject ?? '',
            text,
            link: text.match(/https?:\/\/\S+/)?.[0] ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const url = `smtp://samenspel:secret@127.0.0.1:${port}`;
  return {
    url,
    sendMail: createMailer(
      { smtpUrl: url, from: 'Samenspel <noreply@samenspel.test>', dropDir: '' },
      createLogger('silent'),
    ),
    received,
    async next(to) {
      for (let i = 0; i < 200; i++) {
        const mail = received.find((m) => m.to === to && !taken.has(m));
        if (mail) {
          taken.add(mail);
          return mail;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no mail to ${to} arrived`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
