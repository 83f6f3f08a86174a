import { dayOf } from '../../../server/src/core/dates.js';
import { addWorkingDays } from '../../../server/src/core/working-days.js';
import type { Random } from '../../../seeds/random.js';
import type { Event } from './care.js';
import type { ConsortiumInfo, ProviderInfo } from './organisations.js';

/**
 * The 2023 model in the generated histories: a referral to the consortium of the area enters
 * intake with the lead responsible; the lead assigns a lead or partner (mostly by the intake
 * deadline, sometimes late); a partner that cannot take the youth returns it to intake and the
 * lead assigns another; the last one accepts. Never declined, never back to the referrer.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Den Haag's 2023 award took effect in 2024: from then on referrers refer to the area's consortium. */
export const AREA_REFERRALS_FROM = Date.UTC(2024, 0, 1);

const ASSIGN_NOTES = ['Past bij het profiel en heeft plek.', 'Kent het gezin al van eerder.', null, null];
const RETURN_REASONS = [
  'Geen plek binnen de termijn; graag een andere partner.',
  'De hulpvraag vraagt expertise die een andere partner heeft.',
  'Het gezin woont buiten ons werkgebied in deze wijk.',
];

export interface Period {
  provider: ProviderInfo;
  since: number;
  until: number | null;
}

export interface IntakeCourse {
  /** The intake deadline (YYYY-MM-DD): the contract's working days after the referral day. */
  deadline: string;
  /** Responsibility: the lead, then each member it assigns (and the lead again after a return). */
  periods: Period[];
  events: Event[];
  /** Responsible now: the lead while in intake, else the member assigned last. */
  main: ProviderInfo;
  /** When the assigned member accepted (care started), if before now. */
  startedAt: number | null;
  /** Still in intake now (no member assigned). */
  inIntake: boolean;
}

/** addWorkingDays walks the holiday calendar day by day; the generator asks for the same few thousand days. */
const deadlines = new Map<string, string>();
function intakeDeadline(day: string, workingDays: number): string {
  const key = `${day}+${workingDays}`;
  let deadline = deadlines.get(key);
  if (!deadline) deadlines.set(key, (deadline = addWorkingDays(day, workingDays)));
  return deadline;
}

/**
 * What happened to a referral to consortium `c` made at `referredAt`, up to `now`; an assigned
 * partner returns the youth to intake with `returnChance`.
 */
export function intakeCourse(
  r: Random,
  c: ConsortiumInfo,
  f: { referredAt: number; referrer: string; returnChance: number; now: number },
): IntakeCourse {
  const periods: Period[] = [{ provider: c.lead, since: f.referredAt, until: null }];
  const events: Event[] = [
    {
      at: f.referredAt,
      kind: 'REFERRED_TO_CONSORTIUM',
      user: f.referrer,
      provider: null,
      request: null,
      detail: null,
    },
  ];
  const course = (main: ProviderInfo, startedAt: number | null, inIntake: boolean): IntakeCourse => ({
    deadline: intakeDeadline(dayOf(new Date(f.referredAt)), c.intakeWorkingDays),
    periods,
    events,
    main,
    startedAt,
    inIntake,
  });
  const handOver = (to: ProviderInfo, at: number) => {
    const current = periods[periods.length - 1];
    if (current.provider === to) return;
    current.until = at;
    periods.push({ provider: to, since: at, until: null });
  };

  let at = f.referredAt;
  let returnedBy: ProviderInfo | null = null;
  for (let returns = 0; ; returns++) {
    // most leads assign within a few days; some intakes run past the deadline
    at += r.chance(0.92) ? r.int(3, 100) * HOUR : r.int(5, 15) * DAY + r.int(1, 8) * HOUR;
    if (at >= f.now) return course(c.lead, null, true);
    let member = c.members.pick(r);
    while (member === returnedBy) member = c.members.pick(r);
    events.push({
      at,
      kind: 'MAIN_CONTRACTOR_ASSIGNED',
      user: c.lead.actorUserId,
      provider: c.lead.id,
      request: null,
      detail: r.pick(ASSIGN_NOTES),
    });
    handOver(member, at);
    if (member !== c.lead && returns < 2 && r.chance(f.returnChance)) {
      // the partner cannot take the youth: back to intake, the lead responsible again
      at += r.int(1, 7) * DAY + r.int(1, 8) * HOUR;
      if (at >= f.now) return course(member, null, false);
      const reason = r.pick(RETURN_REASONS);
      events.push({
        at,
        kind: 'RETURNED_TO_INTAKE',
        user: member.actorUserId,
        provider: member.id,
        request: null,
        detail: reason,
      });
      handOver(c.lead, at);
      returnedBy = member;
      continue;
    }
    // the member accepts; sometimes only once a place frees up
    const startedAt = at + (r.int(1, 7) + (r.chance(0.25) ? r.int(7, 35) : 0)) * DAY + r.int(1, 6) * HOUR;
    return course(member, startedAt < f.now ? startedAt : null, false);
  }
}

/** A PIC: profile and intensity codes. */
export interface PicChoice {
  profile: string;
  intensity: string;
}

export interface PicProposal {
  to: PicChoice;
  reason: string;
  proposedAt: number;
  status: 'PROPOSED' | 'ACCEPTED' | 'DECLINED';
  decidedAt: number | null;
  decisionReason: string | null;
}

/** How often the main contractor proposes another PIC after its check, per referrer type: GPs' referrals most. */
const PIC_CHECK_RATE: Record<string, number> = {
  LOCAL_TEAM: 0.03,
  GP: 0.07,
  YOUTH_DOCTOR: 0.05,
  CERTIFIED_INSTITUTION: 0.04,
  MEDICAL_SPECIALIST: 0.04,
  COURT: 0.02,
  SELF: 0.05,
};
const INTENSITY_CODES = ['KL', 'KH', 'LL', 'LH'];
const PROPOSAL_REASONS = [
  'Na de intake blijkt een hogere intensiteit nodig.',
  'De hulpvraag is lichter dan verwezen; kortere inzet volstaat.',
  'Na de intake blijkt de vraag vooral in een ander profiel te liggen.',
];
const DECLINE_REASONS = ['De verwijzing blijft passend; graag eerst de intake afronden.', 'Geen nieuwe informatie.'];

/**
 * The referral check of a started trajectory, if the main contractor proposes another PIC (within
 * the segment): decided by the referrer before the closure, or still waiting now.
 */
export function picProposal(
  r: Random,
  f: {
    referrerType: string;
    pic: PicChoice;
    segmentProfiles: string[];
    startedAt: number;
    closedAt: number | null;
    now: number;
  },
): PicProposal | null {
  if (!r.chance(PIC_CHECK_RATE[f.referrerType] ?? 0.04)) return null;
  const end = f.closedAt ?? f.now;
  const proposedAt = f.startedAt + r.int(2, 20) * DAY + r.int(1, 8) * HOUR;
  if (proposedAt >= end - 3 * HOUR) return null;
  const to = r.chance(0.75)
    ? { profile: f.pic.profile, intensity: r.pick(INTENSITY_CODES.filter((i) => i !== f.pic.intensity)) }
    : { profile: r.pick(f.segmentProfiles.filter((p) => p !== f.pic.profile)), intensity: f.pic.intensity };
  let decidedAt: number | null = proposedAt + r.int(1, 14) * DAY + r.int(1, 8) * HOUR;
  if (f.closedAt !== null) decidedAt = Math.min(decidedAt, f.closedAt - 2 * HOUR);
  else if (decidedAt >= f.now) decidedAt = null;
  const status = decidedAt === null ? 'PROPOSED' : r.chance(0.75) ? 'ACCEPTED' : 'DECLINED';
  return {
    to,
    reason: r.pick(PROPOSAL_REASONS),
    proposedAt,
    status,
    decidedAt,
    decisionReason: status === 'DECLINED' ? r.pick(DECLINE_REASONS) : null,
  };
}
