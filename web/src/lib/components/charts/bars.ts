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

/** The vertical place of a series' bar within its group's band, in the band's units (0–1). */
export function barSlot(series: number, seriesCount: number): { top: number; size: number } {
  const inner = 0.8;
  const size = inner / seriesCount;
  return { top: 0.1 + series * size, size };
}
