import type { FigureName, Figures } from '$lib/graphql/performance';
import { cents, currentLocale, periodLabel, t, type MessageKey } from '$lib/i18n';

type Kind = 'count' | 'rate' | 'score' | 'days' | 'cents' | 'ratio';

export interface FigureColumn {
  field: Exclude<keyof Figures, 'suppressed' | 'dropoutByReason'>;
  /** The API's name of the figure, as listed in `suppressed`. */
  name: FigureName;
  label: MessageKey;
  kind: Kind;
}

/** The outcome figures the dashboard shows, in the order of the columns. */
export const OUTCOME_COLUMNS: FigureColumn[] = [
  {
    field: 'trajectoriesClosed',
    name: 'TRAJECTORIES_CLOSED',
    label: 'performance.figure.trajectoriesClosed',
    kind: 'count',
  },
  {
    field: 'goalRealisationRate',
    name: 'GOAL_REALISATION_RATE',
    label: 'performance.figure.goalRealisationRate',
    kind: 'rate',
  },
  {
    field: 'satisfactionYouthAvg',
    name: 'SATISFACTION_YOUTH_AVG',
    label: 'performance.figure.satisfactionYouthAvg',
    kind: 'score',
  },
  {
    field: 'satisfactionParentAvg',
    name: 'SATISFACTION_PARENT_AVG',
    label: 'performance.figure.satisfactionParentAvg',
    kind: 'score',
  },
  { field: 'dropoutRate', name: 'DROPOUT_RATE', label: 'performance.figure.dropoutRate', kind: 'rate' },
  {
    field: 'endedAsPlannedRate',
    name: 'ENDED_AS_PLANNED_RATE',
    label: 'performance.figure.endedAsPlannedRate',
    kind: 'rate',
  },
  { field: 'repeatUseRate', name: 'REPEAT_USE_RATE', label: 'performance.figure.repeatUseRate', kind: 'rate' },
  {
    field: 'averageWaitingDays',
    name: 'AVERAGE_WAITING_DAYS',
    label: 'performance.figure.averageWaitingDays',
    kind: 'days',
  },
  {
    field: 'averageCostCents',
    name: 'AVERAGE_COST_CENTS',
    label: 'performance.figure.averageCostCents',
    kind: 'cents',
  },
  {
    field: 'averageTariffCents',
    name: 'AVERAGE_TARIFF_CENTS',
    label: 'performance.figure.averageTariffCents',
    kind: 'cents',
  },
  {
    field: 'costToTariffRatio',
    name: 'COST_TO_TARIFF_RATIO',
    label: 'performance.figure.costToTariffRatio',
    kind: 'rate',
  },
];

/** The figures the 2023 model is judged on: waiting, referring again, the referral check, intake deadlines. */
export const MODEL_COLUMNS: FigureColumn[] = [
  { field: 'waitingNow', name: 'WAITING_NOW', label: 'performance.figure.waitingNow', kind: 'count' },
  { field: 'overdueIntakes', name: 'OVERDUE_INTAKES', label: 'performance.figure.overdueIntakes', kind: 'count' },
  {
    field: 'referralsPerYouth',
    name: 'REFERRALS_PER_YOUTH',
    label: 'performance.figure.referralsPerYouth',
    kind: 'ratio',
  },
  { field: 'picChangeRate', name: 'PIC_CHANGE_RATE', label: 'performance.figure.picChangeRate', kind: 'rate' },
];

/** The figures published to referrers and families (OutcomeFigures): the outcomes, not the money. */
const MONEY: readonly FigureColumn['field'][] = ['averageCostCents', 'averageTariffCents', 'costToTariffRatio'];
export const PUBLISHED_COLUMNS: FigureColumn[] = OUTCOME_COLUMNS.filter((column) => !MONEY.includes(column.field));

/** The text shown for a suppressed figure (fewer than 5 youths). */
export const SUPPRESSED = '< 5';

const tags = { nl: 'nl-NL', en: 'en-GB' } as const;

/** A number in the page's language: a rate as a percentage, a score with one decimal, … */
export function formatFigure(kind: Kind, value: number): string {
  const locale = tags[currentLocale()];
  switch (kind) {
    case 'count':
      return new Intl.NumberFormat(locale).format(value);
    case 'rate':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'score':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'days':
      return t('performance.days', { days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value) });
    case 'cents':
      return cents(value);
    case 'ratio':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

export type Cell = { kind: 'value'; text: string } | { kind: 'suppressed' } | { kind: 'none' };

/** Figures of a group — the contract manager's or the published ones — with those suppressed. */
export type FigureSet = { suppressed: readonly FigureName[] } & { [field in FigureColumn['field']]?: number | null };

/** What one cell shows: the value, "< 5" when suppressed, or nothing to count. */
export function cellOf(figures: FigureSet, column: FigureColumn): Cell {
  if (figures.suppressed.includes(column.name)) return { kind: 'suppressed' };
  const value = figures[column.field];
  return value === null || value === undefined
    ? { kind: 'none' }
    : { kind: 'value', text: formatFigure(column.kind, value) };
}

/** The grid's periods as the period choice offers them: years, quarters and months, each labelled. */
export function periodChoices(periods: Record<'years' | 'quarters' | 'months', readonly { value: string }[]>) {
  return (
    [
      ['performance.periodYears', periods.years],
      ['performance.periodQuarters', periods.quarters],
      ['performance.periodMonths', periods.months],
    ] as const
  ).map(([label, list]) => ({
    label: t(label),
    options: list.map((p) => ({ value: p.value, label: periodLabel(p.value) })),
  }));
}
