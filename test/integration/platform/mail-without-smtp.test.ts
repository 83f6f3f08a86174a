import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/core/logging/logger.js';
import { createMailer } from '../../../server/src/modules/mail/mailer.js';

describe('mail without SMTP_URL', () => {
  it('is written as an .eml file under the data directory, its subject and link in the log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'samenspel-mail-'));
    const lines: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    try {
      const send = createMailer({ from: 'Samenspel <noreply@samenspel.test>', dropDir: join(dir, 'mail') }, log);
      await send({
        to: 'iemand@samenspel.test',
        subject: 'Uitnodiging voor Samenspel',
        text: 'Open https://samenspel.test/account/invitation?token=abc',
        link: 'https://samenspel.test/account/invitation?token=abc',
      });
      const files = await readdir(join(dir, 'mail'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = await readFile(join(dir, 'mail', files[0]), 'utf8');
      expect(eml).toMatch(/^To: iemand@samenspel\.test$/m);
      expect(eml).toMatch(/^Subject: Uitnodiging voor Samenspel$/m);
      const entry = JSON.parse(lines.find((line) => line.includes('mail written'))!);
      expect(entry).toMatchObject({
        subject: 'Uitnodiging voor Samenspel',
        link: 'https://samenspel.test/account/invitation?token=abc',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
