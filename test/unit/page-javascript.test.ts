import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pageJavaScript } from '../bench/web-size.js';

const root = new URL('../..', import.meta.url).pathname;

/** The built portal (`npm test` builds it first); built here when it is missing. */
function caseloadPage() {
  const built = pageJavaScript(root);
  if (built) return built;
  execSync('npm run build:web', { cwd: root, stdio: 'ignore' });
  return pageJavaScript(root)!;
}

describe('the caseload page’s JavaScript', () => {
  it(
    'stays under 80 KB gzipped, and the browser loads one language’s messages, not every one',
    { timeout: 300_000 },
    () => {
      const page = caseloadPage();
      expect(page.files).toBeGreaterThan(0);
      expect(page.gzipBytes).toBeLessThan(80_000);
      // each language is a chunk of its own outside the page's static imports
      expect(Object.keys(page.messagesGzipBytes).sort()).toEqual(['en', 'nl']);
      for (const bytes of Object.values(page.messagesGzipBytes)) expect(bytes).toBeGreaterThan(10_000);
    },
  );
});
