import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageJs {
  route: string;
  files: number;
  bytes: number;
  gzipBytes: number;
  /** Each language's messages outside the page's own JavaScript, gzipped: a page loads the one it shows. */
  messagesGzipBytes: Record<string, number>;
}

/**
 * The JavaScript a browser loads for one page of the built portal (after `npm run build:web`): the
 * client entry, the app, the root and route layouts and the page node, with every chunk they import
 * statically, from Vite's manifest and SvelteKit's route dictionary; the messages of each language (a
 * page loads the one it shows) apart. Null when the portal is not built.
 */
export function pageJavaScript(projectRoot: string, route = '/(app)/caseload'): PageJs | null {
  const kit = join(projectRoot, 'web', '.svelte-kit');
  const manifestFile = join(kit, 'output', 'client', '.vite', 'manifest.json');
  const appFile = join(kit, 'generated', 'client-optimized', 'app.js');
  const clientDir = join(projectRoot, 'web', 'build', 'client');
  if (!existsSync(manifestFile) || !existsSync(appFile) || !existsSync(clientDir)) return null;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<
    string,
    { file: string; imports?: string[]; isEntry?: boolean; isDynamicEntry?: boolean }
  >;
  const escaped = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`"${escaped}":\\s*\\[~?(\\d+)(?:,\\s*\\[([^\\]]*)\\])?`).exec(readFileSync(appFile, 'utf8'));
  if (!match) return null;
  const nodes = [
    '0',
    ...(match[2] ?? '')
      .split(',')
      .map((n) => n.replace(/[~\s]/g, ''))
      .filter(Boolean),
    match[1],
  ];
  const roots = Object.keys(manifest).filter(
    (k) => k.endsWith('runtime/client/entry.js') || k.endsWith('client-optimized/app.js'),
  );
  roots.push(...nodes.map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`).filter((k) => manifest[k]));
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  roots.forEach(visit);
  let bytes = 0;
  let gzipBytes = 0;
  const gzipped = (file: string) => gzipSync(readFileSync(join(clientDir, file)), { level: 9 }).length;
  const files = new Set([...seen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js')));
  for (const file of files) {
    bytes += readFileSync(join(clientDir, file)).length;
    gzipBytes += gzipped(file);
  }
  const messagesGzipBytes: Record<string, number> = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    const locale = /^src\/lib\/i18n\/(\w+)\.ts$/.exec(key)?.[1];
    if (locale && chunk.isDynamicEntry && !files.has(chunk.file)) messagesGzipBytes[locale] = gzipped(chunk.file);
  }
  return { route, files: files.size, bytes, gzipBytes, messagesGzipBytes };
}

/** "nl 24,156 / en 22,711 bytes gzipped". */
export const messagesLine = (page: PageJs): string =>
  `${Object.entries(page.messagesGzipBytes)
    .map(([locale, n]) => `${locale} ${n.toLocaleString('en')}`)
    .join(' / ')} bytes gzipped`;
