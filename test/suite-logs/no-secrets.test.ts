import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteLogDir } from '../setup/suite-log.js';

// Runs after every other test of `npm test` (its own project, a later group in vitest.config.ts):
// the log lines of every server the suite started hold no token, password or BSN.

const TEST_ROOT = new URL('../', import.meta.url).pathname;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* sourceFiles(join(dir, entry.name));
    else if (entry.name.endsWith('.ts')) yield join(dir, entry.name);
  }
}

/** Every password the tests type: `password: '…'`, `newPassword: '…'`, `PASSWORD = '…'`. */
function passwordsOfTheSuite(): Set<string> {
  const found = new Set<string>();
  const literal = /password\w*\s*[:=]\s*['"`]([^'"`$]{6,})['"`]/gi;
  for (const file of sourceFiles(TEST_ROOT)) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) found.add(match[1]);
  }
  return found;
}

/** A citizen service number: nine digits that pass the eleven test (elfproef). */
const passesElevenTest = (digits: string): boolean =>
  [...digits].reduce((sum, digit, i) => sum + Number(digit) * (i === 8 ? -1 : 9 - i), 0) % 11 === 0 &&
  digits !== '000000000';

const SHAPES: [string, RegExp][] = [
  // session, invitation, reset, questionnaire and access-view tokens: 32 random bytes in base64url
  ['token', /(?<![\w-])(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{43}(?![\w-])/g],
  // a TOTP secret (base32) and a recovery code
  ['second-factor secret', /(?<![A-Z2-7])[A-Z2-7]{32}(?![A-Z2-7])/g],
  ['recovery code', /\b[0-9a-f]{5}(?:-[0-9a-f]{5}){3}\b/g],
];

describe('the logs of the whole suite', () => {
  const dir = suiteLogDir();
  const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  const lines = files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((text, i) => ({ where: `${name}:${i + 1}`, text })),
  );

  it('were written by the servers of the suite: JSON lines, with the requests they served', () => {
    // the browser, security and integration tests start well over fifty servers
    expect(files.length).toBeGreaterThan(50);
    for (const { where, text } of lines) expect(() => JSON.parse(text), where).not.toThrow();
    const requests = lines.filter(({ text }) => text.includes('"msg":"request"'));
    expect(requests.length).toBeGreaterThan(2000);
  });

  it('hold no password typed in a test, no token, no second-factor secret and no BSN', () => {
    const passwords = passwordsOfTheSuite();
    expect(passwords).toContain('samenspel-demo');
    const findings: string[] = [];
    for (const { where, text } of lines) {
      for (const password of passwords) if (text.includes(password)) findings.push(`${where} password: ${text}`);
      for (const [what, shape] of SHAPES) {
        for (const match of text.matchAll(shape)) findings.push(`${where} ${what} ${match[0]}: ${text.slice(0, 300)}`);
      }
      for (const match of text.matchAll(/(?<![\w.-])\d{9}(?![\w.-])/g)) {
        if (passesElevenTest(match[0])) findings.push(`${where} BSN ${match[0]}: ${text.slice(0, 300)}`);
      }
    }
    expect(findings.slice(0, 20)).toEqual([]);
  });
});
