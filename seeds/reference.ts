import type pg from 'pg';
import { insertRows, seedId } from './seed-db.js';

/** Reference data of the H10 region: municipalities with their CBS codes, areas, lots, profiles, PICs. */

export const REGION = { id: seedId('region:h10'), name: 'Regio Haaglanden (H10)' };

export const MUNICIPALITIES: { cbsCode: string; name: string; areas: string[] }[] = [
  {
    cbsCode: '0518',
    name: 'Den Haag',
    areas: [
      'Centrum',
      'Escamp',
      'Haagse Hout',
      'Laak',
      'Leidschenveen-Ypenburg',
      'Loosduinen',
      'Scheveningen',
      'Segbroek',
    ],
  },
  { cbsCode: '0503', name: 'Delft', areas: ['Binnenstad', 'Tanthof', 'Voorhof'] },
  { cbsCode: '1916', name: 'Leidschendam-Voorburg', areas: ['Leidschendam', 'Voorburg'] },
  { cbsCode: '1842', name: 'Midden-Delfland', areas: ['Maasland', 'Schipluiden'] },
  { cbsCode: '1926', name: 'Pijnacker-Nootdorp', areas: ['Pijnacker', 'Nootdorp', 'Delfgauw'] },
  { cbsCode: '0603', name: 'Rijswijk', areas: ['Oud-Rijswijk', 'Te Werve'] },
  { cbsCode: '0629', name: 'Wassenaar', areas: ['Wassenaar'] },
  { cbsCode: '1783', name: 'Westland', areas: ['Naaldwijk', 'Monster', 'Wateringen'] },
  { cbsCode: '0637', name: 'Zoetermeer', areas: ['Oosterheem', 'Rokkeveen', 'Meerzicht'] },
  { cbsCode: '1621', name: 'Lansingerland', areas: ['Berkel en Rodenrijs', 'Bergschenhoek', 'Bleiswijk'] },
];

export const municipalityId = (cbsCode: string) => seedId(`municipality:${cbsCode}`);
export const areaId = (cbsCode: string, name: string) => seedId(`area:${cbsCode}:${name}`);

/** The four lots (percelen) of the 2023 Den Haag tender, each a pair of districts. */
export const LOTS = [
  { code: '1', name: 'Perceel 1: Centrum en Laak', areas: ['Centrum', 'Laak'] },
  { code: '2', name: 'Perceel 2: Escamp en Loosduinen', areas: ['Escamp', 'Loosduinen'] },
  {
    code: '3',
    name: 'Perceel 3: Haagse Hout en Leidschenveen-Ypenburg',
    areas: ['Haagse Hout', 'Leidschenveen-Ypenburg'],
  },
  { code: '4', name: 'Perceel 4: Scheveningen en Segbroek', areas: ['Scheveningen', 'Segbroek'] },
];
export const lotId = (code: string) => seedId(`lot:${code}`);

/** Profiles with the SHORT/LOW tariff in euros; other intensities scale from it. */
export const PROFILES = [
  { code: 'P01', name: 'Opvoed- en opgroeiproblemen', segment: 'SPECIALIST', baseEuros: 2900 },
  { code: 'P02', name: 'Angst- en stemmingsproblematiek', segment: 'SPECIALIST', baseEuros: 3400 },
  { code: 'P03', name: 'Gedragsproblematiek', segment: 'SPECIALIST', baseEuros: 3600 },
  { code: 'P04', name: 'Ontwikkelingsproblematiek en autisme', segment: 'SPECIALIST', baseEuros: 3800 },
  {
    code: 'P05',
    name: 'Licht verstandelijke beperking met bijkomende problematiek',
    segment: 'SPECIALIST',
    baseEuros: 4200,
  },
  { code: 'P06', name: 'Trauma en hechtingsproblematiek', segment: 'SPECIALIST', baseEuros: 4500 },
  {
    code: 'P07',
    name: 'Complexe meervoudige problematiek met verblijf',
    segment: 'HIGHLY_SPECIALIST',
    baseEuros: 18000,
  },
  { code: 'P08', name: 'Ernstige psychiatrische problematiek', segment: 'HIGHLY_SPECIALIST', baseEuros: 15000 },
] as const;
export const profileId = (code: string) => seedId(`profile:${code}`);

/** Intensities: duration short/long × level low/high, with the tariff factor against SHORT/LOW. */
export const INTENSITIES = [
  { code: 'KL', duration: 'SHORT', level: 'LOW', factor: 1 },
  { code: 'KH', duration: 'SHORT', level: 'HIGH', factor: 1.9 },
  { code: 'LL', duration: 'LONG', level: 'LOW', factor: 2.3 },
  { code: 'LH', duration: 'LONG', level: 'HIGH', factor: 4.2 },
] as const;
export const intensityId = (code: string) => seedId(`intensity:${code}`);

/** Tariff periods: the 2020 contract, and an indexed tariff from the 2024 contracts. */
export const TARIFF_PERIODS = [
  { key: '2020', validFrom: '2020-01-01', validUntil: '2023-12-31', index: 1 },
  { key: '2024', validFrom: '2024-01-01', validUntil: null, index: 1.08 },
] as const;
export const picId = (profileCode: string, intensityCode: string, period: string) =>
  seedId(`pic:${profileCode}:${intensityCode}:${period}`);

export function tariffCents(baseEuros: number, factor: number, index: number): number {
  return Math.round(baseEuros * factor * index) * 100;
}

/**
 * How each municipality pays per segment and period (uitvoeringsvariant), after the phasing in the
 * documents: Den Haag paid specialist care per PxQ in 2020 while the other nine paid per PIC, and
 * moves its specialist care to a population budget for its consortia from 2026; highly specialist
 * care stayed PxQ longer (in Den Haag until the end of 2025).
 */
export const FUNDING_RULES: {
  cbsCode: string;
  segment: string;
  variant: string;
  validFrom: string;
  validUntil: string | null;
}[] = MUNICIPALITIES.flatMap((m) =>
  m.cbsCode === '0518'
    ? [
        {
          cbsCode: m.cbsCode,
          segment: 'SPECIALIST',
          variant: 'EFFORT',
          validFrom: '2020-01-01',
          validUntil: '2020-12-31',
        },
        {
          cbsCode: m.cbsCode,
          segment: 'SPECIALIST',
          variant: 'OUTPUT',
          validFrom: '2021-01-01',
          validUntil: '2025-12-31',
        },
        { cbsCode: m.cbsCode, segment: 'SPECIALIST', variant: 'TASK', validFrom: '2026-01-01', validUntil: null },
        {
          cbsCode: m.cbsCode,
          segment: 'HIGHLY_SPECIALIST',
          variant: 'EFFORT',
          validFrom: '2020-01-01',
          validUntil: '2025-12-31',
        },
        {
          cbsCode: m.cbsCode,
          segment: 'HIGHLY_SPECIALIST',
          variant: 'OUTPUT',
          validFrom: '2026-01-01',
          validUntil: null,
        },
      ]
    : [
        { cbsCode: m.cbsCode, segment: 'SPECIALIST', variant: 'OUTPUT', validFrom: '2020-01-01', validUntil: null },
        {
          cbsCode: m.cbsCode,
          segment: 'HIGHLY_SPECIALIST',
          variant: 'EFFORT',
          validFrom: '2020-01-01',
          validUntil: '2020-12-31',
        },
        {
          cbsCode: m.cbsCode,
          segment: 'HIGHLY_SPECIALIST',
          variant: 'OUTPUT',
          validFrom: '2021-01-01',
          validUntil: null,
        },
      ],
);

export async function seedReference(client: pg.ClientBase): Promise<void> {
  await insertRows(client, 'region', [REGION]);
  await insertRows(
    client,
    'municipality',
    MUNICIPALITIES.map((m) => ({
      id: municipalityId(m.cbsCode),
      region_id: REGION.id,
      cbs_code: m.cbsCode,
      name: m.name,
    })),
  );
  await insertRows(
    client,
    'area',
    MUNICIPALITIES.flatMap((m) =>
      m.areas.map((a) => ({ id: areaId(m.cbsCode, a), municipality_id: municipalityId(m.cbsCode), name: a })),
    ),
  );
  await insertRows(
    client,
    'lot',
    LOTS.map((l) => ({ id: lotId(l.code), code: l.code, name: l.name })),
  );
  await insertRows(
    client,
    'profile',
    PROFILES.map((p) => ({ id: profileId(p.code), code: p.code, name: p.name, segment: p.segment })),
  );
  await insertRows(
    client,
    'intensity',
    INTENSITIES.map((i) => ({ id: intensityId(i.code), code: i.code, duration: i.duration, level: i.level })),
  );
  await insertRows(
    client,
    'pic',
    PROFILES.flatMap((p) =>
      INTENSITIES.flatMap((i) =>
        TARIFF_PERIODS.map((t) => ({
          id: picId(p.code, i.code, t.key),
          profile_id: profileId(p.code),
          intensity_id: intensityId(i.code),
          tariff_cents: tariffCents(p.baseEuros, i.factor, t.index),
          valid_from: t.validFrom,
          valid_until: t.validUntil,
        })),
      ),
    ),
  );
  await insertRows(
    client,
    'funding_rule',
    FUNDING_RULES.map((f) => ({
      id: seedId(`funding:${f.cbsCode}:${f.segment}:${f.validFrom}`),
      municipality_id: municipalityId(f.cbsCode),
      segment: f.segment,
      variant: f.variant,
      valid_from: f.validFrom,
      valid_until: f.validUntil,
    })),
  );
}
