import type pg from 'pg';
import { inventedBsns } from '../server/src/core/bsn/bsn.js';
import { BsnVault } from '../server/src/core/bsn/vault.js';
import { dayOf } from '../server/src/core/dates.js';
import { createRandom } from './random.js';
import { userId } from './accounts.js';
import { providerId } from './organisations.js';
import { INTENSITIES, intensityId, municipalityId, PROFILES, profileId } from './reference.js';
import { insertRows, seedId } from './seed-db.js';

/**
 * The iJw product list of the region: each PIC's product (JZ020 category by profile, a regional
 * product code of profile and intensity, e.g. J08KL) and each funding variant's form of declaration.
 * Reference data, kept afterwards by the region's administrators as versions by date.
 */
const CATEGORY: Record<string, string> = {
  P01: '45', // Jeugdhulp ambulant
  P02: '54', // Jeugd-ggz
  P03: '45',
  P04: '54',
  P05: '45',
  P06: '54',
  P07: '43', // Jeugdhulp verblijf (incl. behandeling)
  P08: '54',
};
export const ijwProductCode = (profile: string, intensity: string) => `J${profile.slice(1)}${intensity}`;

export const DECLARATION_FORMS = [
  { variant: 'OUTPUT', form: 'PER_TRAJECTORY', unit: '82' }, // stuks (output): one prestatie per trajectory
  { variant: 'EFFORT', form: 'UNITS', unit: null }, // the delivered units, in their price's WJ756 unit
  { variant: 'TASK', form: 'NONE', unit: null }, // a population budget: no declaration per client
];

export async function seedIjwReference(client: pg.ClientBase): Promise<void> {
  await insertRows(
    client,
    'ijw_product',
    PROFILES.flatMap((p) =>
      INTENSITIES.map((i) => ({
        id: seedId(`ijw-product:${p.code}:${i.code}`),
        profile_id: profileId(p.code),
        intensity_id: intensityId(i.code),
        product_category: CATEGORY[p.code],
        product_code: ijwProductCode(p.code, i.code),
        valid_from: '2020-01-01',
      })),
    ),
  );
  await insertRows(
    client,
    'ijw_declaration_form',
    DECLARATION_FORMS.map((f) => ({
      id: seedId(`ijw-form:${f.variant}`),
      funding_variant: f.variant,
      form: f.form,
      unit_code: f.unit,
      valid_from: '2020-01-01',
    })),
  );
}

const SURNAMES = [
  ['Jansen'],
  ['Vries', 'de'],
  ['Bakker'],
  ['Visser'],
  ['Smit'],
  ['Meijer'],
  ['Berg', 'van den'],
  ['Mulder'],
  ['Boer', 'de'],
  ['Dijk', 'van'],
  ['El Amrani'],
  ['Yilmaz'],
  ['Kartosen'],
  ['Nguyen'],
];

/**
 * Demo data for the messages: every demo youth gets an invented BSN (9999xxxxx, passing the
 * 11-test, marked invented) with an invented surname, sealed with the key;
 * every demo trajectory the local team referred gets the municipality's assignment (toewijzing)
 * its messages name. GP and youth-doctor referrals get none: for them the provider asks (JW315).
 */
/** Invented BSNs: the 9999 range first (the demo's), then the rest of the 99 range for generated data at scale. */
function* inventedNumbers(): Generator<string> {
  yield* inventedBsns('9999');
  for (const bsn of inventedBsns('99')) if (!bsn.startsWith('9999')) yield bsn;
}

export async function seedIjwDemo(client: pg.ClientBase, bsnKey: Buffer): Promise<void> {
  const vault = new BsnVault(bsnKey);
  const random = createRandom(316);
  const { rows: youths } = await client.query<{ id: string; municipality_id: string; initials: string }>(
    `SELECT y.id, y.municipality_id, y.initials FROM youth y
      WHERE NOT EXISTS (SELECT 1 FROM youth_identity i WHERE i.youth_id = y.id) ORDER BY y.id`,
  );
  const { rows: taken } = await client.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM youth_identity WHERE invented`,
  );
  const numbers = inventedNumbers();
  for (let i = 0; i < taken[0].count; i++) numbers.next();
  await insertRows(
    client,
    'youth_identity',
    youths.map((y) => {
      const bsn = numbers.next().value as string;
      const [surname, surnamePrefix] = random.pick(SURNAMES);
      const identity = {
        bsn,
        surname,
        surnamePrefix,
        gender: random.pick(['1', '2']),
        initials: y.initials.replace(/\./g, ''),
      };
      return {
        youth_id: y.id,
        municipality_id: y.municipality_id,
        bsn_hash: vault.hash(bsn),
        sealed: vault.seal(JSON.stringify(identity), 'youth-identity'),
        invented: true,
      };
    }),
  );
  const { rows: referred } = await client.query<{
    id: string;
    youth_id: string;
    municipality_id: string;
    responsible_provider_id: string;
    referred_at: Date;
    profile: string;
    intensity: string;
  }>(
    `SELECT t.id, t.youth_id, t.municipality_id, t.responsible_provider_id, t.referred_at, pr.code AS profile, i.code AS intensity
       FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN profile pr ON pr.id = pic.profile_id
       JOIN intensity i ON i.id = pic.intensity_id
      WHERE t.referrer_type = 'LOCAL_TEAM' AND t.status IN ('REFERRED', 'ACTIVE', 'CLOSED') ORDER BY t.id`,
  );
  await seedAcceptedPicChanges(client);
  await insertRows(
    client,
    'ijw_assignment',
    referred.map((t, n) => ({
      id: seedId(`ijw-assignment:${t.id}`),
      municipality_id: t.municipality_id,
      provider_id: t.responsible_provider_id,
      youth_id: t.youth_id,
      trajectory_id: t.id,
      number: 100_000 + n,
      product_category: CATEGORY[t.profile],
      product_code: ijwProductCode(t.profile, t.intensity),
      start_date: dayOf(t.referred_at),
      assigned_on: dayOf(t.referred_at),
    })),
  );
}

/**
 * One referral check decided per lead with an administrator account (Jeugdformaat, Incluzio): the
 * Den Haag local team accepted a longer intensity three days ago, so a request for change (JW317)
 * is due.
 */
async function seedAcceptedPicChanges(client: pg.ClientBase): Promise<void> {
  for (const slug of ['jeugdformaat', 'incluzio'] as const) {
    const { rows } = await client.query<{ id: string; pic_id: string; to_pic: string; at: Date }>(
      `SELECT t.id, t.pic_id, np.id AS to_pic, greatest(t.started_at, now() - interval '3 days') AS at
         FROM trajectory t JOIN pic ON pic.id = t.pic_id JOIN intensity i ON i.id = pic.intensity_id
         JOIN pic np ON np.profile_id = pic.profile_id AND np.valid_from = pic.valid_from
          AND np.intensity_id = (SELECT id FROM intensity WHERE code = CASE i.code WHEN 'LL' THEN 'LH' ELSE 'LL' END)
        WHERE t.responsible_provider_id = $1 AND t.municipality_id = $2 AND t.status = 'ACTIVE' AND t.consortium_id IS NULL
          AND t.referrer_type = 'LOCAL_TEAM' AND NOT EXISTS (SELECT 1 FROM pic_proposal p WHERE p.trajectory_id = t.id)
        ORDER BY t.id LIMIT 1`,
      [providerId(slug), municipalityId('0518')],
    );
    const t = rows[0];
    if (!t) continue;
    const reason = 'Na de intake is een langere behandeling nodig.';
    await insertRows(client, 'pic_proposal', [
      {
        id: seedId(`pic-proposal:ijw:${slug}`),
        trajectory_id: t.id,
        from_pic_id: t.pic_id,
        to_pic_id: t.to_pic,
        reason,
        status: 'ACCEPTED',
        proposed_by_provider_id: providerId(slug),
        proposed_by: userId(`staff@${slug}.example`),
        proposed_at: t.at,
        decided_by: userId('lokaalteam@denhaag.example'),
        decided_at: t.at,
      },
    ]);
    await client.query(`UPDATE trajectory SET pic_id = $2 WHERE id = $1 AND pic_id = $3`, [t.id, t.to_pic, t.pic_id]);
    await insertRows(client, 'trajectory_event', [
      { trajectory_id: t.id, at: t.at, kind: 'PIC_PROPOSED', actor_user_id: userId(`staff@${slug}.example`), actor_provider_id: providerId(slug), detail: reason }, // prettier-ignore
      { trajectory_id: t.id, at: t.at, kind: 'PIC_CHANGED', actor_user_id: userId('lokaalteam@denhaag.example'), actor_provider_id: null, detail: null }, // prettier-ignore
    ]);
  }
}
