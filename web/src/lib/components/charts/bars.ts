/** One group of a bar chart: its label, and per series the value (null: no bar) and its text. */
export interface BarRow {
  key: string;
  label: string;
  values: (number | null)[];
  texts: string[];
  flagged?: boolean;
}

export interface BarSeries {
  label: string;
}

/** The share of the scale a value fills (0–1), so a bar never runs past its track. */
export function shareOf(value: number, max: number): number {
  return Math.min(Math.max(value / max, 0), 1);
}
