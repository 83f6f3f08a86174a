import { FIGURE_NAMES, MIN_YOUTHS } from './performance.rules.js';
import type { ConsortiumPerformanceResult, PerformanceFigures } from './performance.types.js';

const SUPPRESSED_CELL = `< ${MIN_YOUTHS}`;

/**
 * RFC 4180: quoted when needed; a cell that a spreadsheet would run as a formula gets a leading
 * apostrophe (provider names are typed in by people).
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function figureCells(figures: PerformanceFigures): string[] {
  return FIGURE_NAMES.map((name) =>
    figures.suppressed.includes(name) ? SUPPRESSED_CELL : String(figures[name] ?? ''),
  );
}

/**
 * The performance tables of a consortium as one CSV: a row for the total and one per provider,
 * profile, area (code: the municipality's CBS code) and month. Aggregates only, with the same suppression as the API: a withheld
 * figure reads "< 5", a figure with nothing to count is empty.
 */
export function consortiumPerformanceCsv(result: Required<ConsortiumPerformanceResult>): string {
  const rows: string[][] = [['table', 'group', 'code', ...FIGURE_NAMES]];
  rows.push(['consortium', result.consortium.name, result.municipality?.cbsCode ?? '', ...figureCells(result.figures)]);
  for (const p of result.byProvider)
    rows.push(['provider', p.provider.name, p.provider.agbCode, ...figureCells(p.figures)]);
  for (const p of result.byProfile) rows.push(['profile', p.profile.name, p.profile.code, ...figureCells(p.figures)]);
  for (const a of result.byArea)
    rows.push(['area', a.area?.name ?? '(no area)', a.municipalityCode ?? '', ...figureCells(a.figures)]);
  for (const m of result.byMonth) rows.push(['month', m.period, m.start, ...figureCells(m.figures)]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
