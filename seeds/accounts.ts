import type pg from 'pg';
import { hashPassword } from '../server/src/core/auth/password.js';
import { providerId, type ProviderSlug } from './organisations.js';
import { municipalityId, REGION } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/** Demo-only password of every seeded account (see the README). */
export const DEMO_PASSWORD = 'samenspel-demo';

type Organisation =
  { kind: 'REGION' } | { kind: 'MUNICIPALITY'; cbsCode: string } | { kind: 'PROVIDER'; slug: ProviderSlug };

export interface DemoAccount {
  email: string;
  name: string;
  roles: string[];
  organisation: Organisation;
}

const staff = (slug: ProviderSlug, name: string): DemoAccount => ({
  email: `staff@${slug}.example`,
  name,
  roles: ['PROVIDER_STAFF'],
  organisation: { kind: 'PROVIDER', slug },
});

/** The accounts the API contract lists, plus a second referrer and provider admin for contrast. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@h10.example', name: 'Marieke Jansen', roles: ['REGION_ADMIN'], organisation: { kind: 'REGION' } },
  {
    email: 'contractmanager@denhaag.example',
    name: 'Sander Bakker',
    roles: ['CONTRACT_MANAGER'],
    organisation: { kind: 'MUNICIPALITY', cbsCode: '0518' },
  },
  {
    email: 'contractmanager@delft.example',
    name: 'Fatima el Amrani',
    roles: ['CONTRACT_MANAGER'],
    organisation: { kind: 'MUNICIPALITY', cbsCode: '0503' },
  },
  {
    email: 'lokaalteam@denhaag.example',
    name: 'Joyce van Dijk',
    roles: ['REFERRER'],
    organisation: { kind: 'MUNICIPALITY', cbsCode: '0518' },
  },
  {
    email: 'lokaalteam@delft.example',
    name: 'Thomas Visser',
    roles: ['REFERRER'],
    organisation: { kind: 'MUNICIPALITY', cbsCode: '0503' },
  },
  {
    email: 'admin@jeugdformaat.example',
    name: 'Ingrid Smit',
    roles: ['PROVIDER_ADMIN'],
    organisation: { kind: 'PROVIDER', slug: 'jeugdformaat' },
  },
  {
    email: 'admin@incluzio.example',
    name: 'Bas Mulder',
    roles: ['PROVIDER_ADMIN'],
    organisation: { kind: 'PROVIDER', slug: 'incluzio' },
  },
  staff('jeugdformaat', 'Noor de Groot'),
  staff('parnassia', 'Daan Meijer'),
  staff('jess', 'Roos Willems'),
  staff('middin', 'Bram Jacobs'),
  staff('incluzio', 'Lotte Bos'),
  staff('mentaalcure', 'Sem Vos'),
  staff('duinzicht', 'Eva Peters'),
  staff('vaktherapie', 'Milan Hendriks'),
  staff('ypenburg', 'Sara Dekker'),
  staff('brugwachter', 'Youssef Brouwer'),
  staff('delfland', 'Anouk de Wit'),
  staff('haagsehout', 'Lucas Dijkstra'),
  staff('westlandzorg', 'Femke Smits'),
];

export const userId = (email: string) => seedId(`user:${email}`);

export async function seedAccounts(client: pg.ClientBase): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await insertRows(
    client,
    'app_user',
    DEMO_ACCOUNTS.map((a) => ({
      id: userId(a.email),
      email: a.email,
      name: a.name,
      password_hash: passwordHash,
      organisation_kind: a.organisation.kind,
      region_id: a.organisation.kind === 'REGION' ? REGION.id : null,
      municipality_id: a.organisation.kind === 'MUNICIPALITY' ? municipalityId(a.organisation.cbsCode) : null,
      provider_id: a.organisation.kind === 'PROVIDER' ? providerId(a.organisation.slug) : null,
      roles: a.roles,
    })),
  );
}
