import type pg from 'pg';
import { areaId, lotId, profileId } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/**
 * The providers and consortia of the 2023 Den Haag award (names from the documents; AGB and KvK
 * numbers invented), subcontractors with registered subcontracts, and two integrated teams.
 * `slug` names each provider in demo e-mail addresses (staff@<slug>.example).
 */
export const PROVIDERS = [
  { slug: 'jeugdformaat', name: 'Stichting Jeugdformaat', agb: '98000101', kvk: '41149101' },
  { slug: 'parnassia', name: 'Parnassia Groep', agb: '98000102', kvk: '41149102' },
  { slug: 'jess', name: 'Stichting JESS', agb: '98000103', kvk: '41149103' },
  { slug: 'middin', name: 'Stichting Middin', agb: '98000104', kvk: '41149104' },
  { slug: 'incluzio', name: 'Incluzio Randstad B.V.', agb: '98000201', kvk: '41149201' },
  { slug: 'mentaalcure', name: 'Mentaal Cure B.V.', agb: '98000202', kvk: '41149202' },
  { slug: 'impegno', name: 'Impegno jeugd en gezin B.V.', agb: '98000203', kvk: '41149203' },
  { slug: 'familysupporters', name: 'Family Supporters Haaglanden B.V.', agb: '98000204', kvk: '41149204' },
  { slug: 'yoep', name: 'Yoep onderwijs en zorg B.V.', agb: '98000205', kvk: '41149205' },
  // subcontractors (onderaannemers) and other providers; invented
  { slug: 'duinzicht', name: 'Praktijk Duinzicht', agb: '98000301', kvk: '41149301' },
  { slug: 'vaktherapie', name: 'Vaktherapie Zoetermeer', agb: '98000302', kvk: '41149302' },
  { slug: 'ypenburg', name: 'Kinderpraktijk Ypenburg', agb: '98000303', kvk: '41149303' },
  { slug: 'brugwachter', name: 'Stichting De Brugwachter', agb: '98000304', kvk: '41149304' },
  { slug: 'delfland', name: 'Orthopedagogisch Centrum Delfland', agb: '98000305', kvk: '41149305' },
  { slug: 'haagsehout', name: 'Kindertherapie Haagse Hout', agb: '98000306', kvk: '41149306' },
  { slug: 'westlandzorg', name: 'Zorgboerderij Het Westland', agb: '98000307', kvk: '41149307' },
] as const;
export type ProviderSlug = (typeof PROVIDERS)[number]['slug'];
export const providerId = (slug: ProviderSlug) => seedId(`provider:${slug}`);

type Role = 'LEAD' | 'PARTNER' | 'SUBCONTRACTOR';
export const CONTRACT_START = '2024-01-01';

export const CONSORTIA: {
  key: string;
  name: string;
  lots: string[];
  areas: string[];
  members: { slug: ProviderSlug; role: Role }[];
}[] = [
  {
    key: 'rondomjou',
    name: 'RondomJou',
    lots: ['2', '4'],
    areas: ['Escamp', 'Loosduinen', 'Scheveningen', 'Segbroek'],
    members: [
      { slug: 'jeugdformaat', role: 'LEAD' },
      { slug: 'parnassia', role: 'PARTNER' },
      { slug: 'jess', role: 'PARTNER' },
      { slug: 'middin', role: 'PARTNER' },
      { slug: 'duinzicht', role: 'SUBCONTRACTOR' },
      { slug: 'vaktherapie', role: 'SUBCONTRACTOR' },
      { slug: 'ypenburg', role: 'SUBCONTRACTOR' },
    ],
  },
  {
    key: 'krachtvoorjeugd',
    name: 'Kracht voor Jeugd en Gezin',
    lots: ['1', '3'],
    areas: ['Centrum', 'Laak', 'Haagse Hout', 'Leidschenveen-Ypenburg'],
    members: [
      { slug: 'incluzio', role: 'LEAD' },
      { slug: 'mentaalcure', role: 'PARTNER' },
      { slug: 'impegno', role: 'PARTNER' },
      { slug: 'familysupporters', role: 'PARTNER' },
      { slug: 'yoep', role: 'PARTNER' },
      { slug: 'brugwachter', role: 'SUBCONTRACTOR' },
      { slug: 'delfland', role: 'SUBCONTRACTOR' },
      { slug: 'haagsehout', role: 'SUBCONTRACTOR' },
    ],
  },
];
export const consortiumId = (key: string) => seedId(`consortium:${key}`);

export const SUBCONTRACTS: {
  key: string;
  main: ProviderSlug;
  sub: ProviderSlug;
  profiles: string[];
  validFrom: string;
  validUntil: string | null;
  consultationEuros: number;
  coTreatmentEuros: number;
}[] = [
  {
    key: 'jf-duinzicht',
    main: 'jeugdformaat',
    sub: 'duinzicht',
    profiles: ['P02', 'P06'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 350,
    coTreatmentEuros: 1800,
  },
  {
    key: 'jf-vaktherapie',
    main: 'jeugdformaat',
    sub: 'vaktherapie',
    profiles: ['P03', 'P04'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 300,
    coTreatmentEuros: 1500,
  },
  {
    key: 'parnassia-ypenburg',
    main: 'parnassia',
    sub: 'ypenburg',
    profiles: ['P02'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 325,
    coTreatmentEuros: 1650,
  },
  {
    key: 'incluzio-brugwachter',
    main: 'incluzio',
    sub: 'brugwachter',
    profiles: ['P01', 'P05'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 300,
    coTreatmentEuros: 1400,
  },
  {
    key: 'incluzio-delfland',
    main: 'incluzio',
    sub: 'delfland',
    profiles: ['P04', 'P05'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 340,
    coTreatmentEuros: 1700,
  },
  {
    key: 'mentaalcure-haagsehout',
    main: 'mentaalcure',
    sub: 'haagsehout',
    profiles: ['P02', 'P06'],
    validFrom: CONTRACT_START,
    validUntil: null,
    consultationEuros: 360,
    coTreatmentEuros: 1900,
  },
  // ended: shows that only a subcontract valid on the date counts
  {
    key: 'incluzio-westlandzorg',
    main: 'incluzio',
    sub: 'westlandzorg',
    profiles: ['P05'],
    validFrom: '2022-01-01',
    validUntil: '2024-12-31',
    consultationEuros: 280,
    coTreatmentEuros: 1300,
  },
];
export const subcontractId = (key: string) => seedId(`subcontract:${key}`);

export const INTEGRATED_TEAMS: {
  key: string;
  name: string;
  coordinator: ProviderSlug;
  members: ProviderSlug[];
  disciplines: string[];
}[] = [
  {
    key: 'complexe-zorg',
    name: 'Integraal Team Complexe Zorg Haaglanden',
    coordinator: 'parnassia',
    members: ['jeugdformaat', 'middin', 'jess'],
    disciplines: ['kinder- en jeugdpsychiatrie', 'orthopedagogiek', 'LVB-zorg', 'verslavingszorg'],
  },
  {
    key: 'gezin-trauma',
    name: 'Integraal Team Gezin en Trauma',
    coordinator: 'incluzio',
    members: ['mentaalcure', 'impegno', 'familysupporters'],
    disciplines: ['traumabehandeling', 'systeemtherapie', 'gezinsbegeleiding'],
  },
];
export const teamId = (key: string) => seedId(`team:${key}`);

export async function seedOrganisations(client: pg.ClientBase): Promise<void> {
  await insertRows(
    client,
    'provider',
    PROVIDERS.map((p) => ({ id: providerId(p.slug), name: p.name, agb_code: p.agb, kvk_number: p.kvk })),
  );
  await insertRows(
    client,
    'consortium',
    CONSORTIA.map((c) => ({ id: consortiumId(c.key), name: c.name })),
  );
  await insertRows(
    client,
    'consortium_membership',
    CONSORTIA.flatMap((c) =>
      c.members.map((m) => ({
        id: seedId(`membership:${c.key}:${m.slug}`),
        consortium_id: consortiumId(c.key),
        provider_id: providerId(m.slug),
        role: m.role,
        valid_from: CONTRACT_START,
        valid_until: null,
      })),
    ),
  );
  await insertRows(
    client,
    'consortium_lot',
    CONSORTIA.flatMap((c) => c.lots.map((l) => ({ consortium_id: consortiumId(c.key), lot_id: lotId(l) }))),
  );
  await insertRows(
    client,
    'consortium_area',
    CONSORTIA.flatMap((c) => c.areas.map((a) => ({ consortium_id: consortiumId(c.key), area_id: areaId('0518', a) }))),
  );
  await insertRows(
    client,
    'subcontract',
    SUBCONTRACTS.map((s) => ({
      id: subcontractId(s.key),
      main_contractor_id: providerId(s.main),
      subcontractor_id: providerId(s.sub),
      valid_from: s.validFrom,
      valid_until: s.validUntil,
      consultation_rate_cents: s.consultationEuros * 100,
      co_treatment_rate_cents: s.coTreatmentEuros * 100,
    })),
  );
  await insertRows(
    client,
    'subcontract_profile',
    SUBCONTRACTS.flatMap((s) =>
      s.profiles.map((p) => ({ subcontract_id: subcontractId(s.key), profile_id: profileId(p) })),
    ),
  );
  await insertRows(
    client,
    'integrated_team',
    INTEGRATED_TEAMS.map((t) => ({
      id: teamId(t.key),
      name: t.name,
      coordinator_id: providerId(t.coordinator),
      disciplines: t.disciplines,
    })),
  );
  await insertRows(
    client,
    'integrated_team_member',
    INTEGRATED_TEAMS.flatMap((t) => t.members.map((m) => ({ team_id: teamId(t.key), provider_id: providerId(m) }))),
  );
}
