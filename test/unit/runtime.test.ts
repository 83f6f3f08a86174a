import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The project brings its own Node.js (the npm package `node`), so every npm script runs on a release
// with security support, whatever Node.js the machine has.
describe('the runtime', () => {
  it('runs the tests on Node.js 24, the version package.json and .nvmrc name', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe('24');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.engines.node).toMatch(/^>=24/);
    expect(pkg.dependencies.node).toMatch(/^\^24\./);
  });

  it("puts the project's Node.js first on the PATH of npm scripts", () => {
    const version = execFileSync('npm', ['exec', '--', 'node', '--version'], { encoding: 'utf8' }).trim();
    expect(version).toBe(process.version);
  });
});
