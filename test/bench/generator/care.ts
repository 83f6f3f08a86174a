import type { Random } from '../../../seeds/random.js';
import { dayOf } from '../../../server/src/core/dates.js';
import {
  FUNDING_RULES,
  INTENSITIES,
  MUNICIPALITIES,
  picId,
  profileId,
  PROFILES,
  TARIFF_PERIODS,
  tariffCents,
} from '../../../seeds/reference.js';
import type { Chunk } from './copy.js';
import { idSequence, Kind } from './ids.js';
import { AREA_REFERRALS_FROM, intakeCourse, picProposal, type Period } from './intake.js';
import { eligible, Weighted, type AreaInfo, type ProviderInfo, type World } from './organisations.js';

/**
 * Families, youths and their trajectories through the whole care process, written into chunks. Every
 * row satisfies the schema's constraints and the domain rules: one responsible provider with a
 * matching responsibility period, expertise only on a basis valid that day for that profile, an
 * outcome and a settlement for every closed trajectory (OUTPUT never above the tariff), and the
 * trajectory_access rows and last activity the triggers would have produced.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const CARE_FROM = Date.UTC(2020, 0, 1, 8);

const QUESTIONS = [
  ['Gaat al maanden niet naar school en slaapt overdag.', 'Gaat weer naar school, minstens vier dagen per week.'],
  [
    'Ouders lopen vast in de opvoeding; veel conflicten thuis.',
    'Thuis is het rustiger en ouders voelen zich zekerder.',
  ],
  ['Woedeaanvallen op school en thuis.', 'Kan boosheid hanteren en blijft op de eigen school.'],
  ['Na een ingrijpende gebeurtenis veel angst en vermijding.', 'Durft weer naar buiten en naar de sport.'],
  [
    'Zorgen over de ontwikkeling; vermoeden van autisme.',
    'Er is duidelijkheid over wat nodig is en school sluit daarop aan.',
  ],
  [
    'Moeder is overbelast; schulden en dreigende huisuitzetting.',
    'Het gezin woont stabiel en de schulden zijn in beeld.',
  ],
  ['Veel cannabisgebruik en schoolverzuim.', 'Heeft een opleiding of dagbesteding en gebruikt minder.'],
  [
    'Licht verstandelijke beperking; raakt in problemen met vrienden.',
    'Heeft een veilig netwerk en weet hulp te vragen.',
  ],
] as const;
const CONTEXTS = [
  'Twee ouders, één broer; school is betrokken.',
  'Eenoudergezin; oma helpt mee.',
  'Samengesteld gezin met drie kinderen.',
  'Ouders gescheiden, co-ouderschap.',
];
const EXTRA_SOCIETAL = [
  'Het gezin weet de weg naar ondersteuning in de wijk.',
  'Er is een vaste dagstructuur.',
  'Ouders hebben een steunend netwerk.',
];
const TREATMENT = [
  'De angstklachten nemen af (gemeten met de RCADS).',
  'Ouders passen de afspraken uit de oudertraining thuis toe.',
  'Het slaap-waakritme is hersteld.',
  'De jongere herkent signalen van boosheid en gebruikt een alternatief.',
  'Er is een passend schoolarrangement met de intern begeleider.',
  'De traumaklachten zijn verminderd (CRIES-13).',
];
const EFFORTS = [
  'Wekelijkse gesprekken met jongere en ouders; afstemming met school.',
  'Oudertraining (8 sessies) en gezinsgesprekken.',
  'Individuele traumabehandeling en systeemgesprekken.',
  'Ambulante begeleiding thuis, twee keer per week.',
];
const DECLINES = [
  'Geen plek binnen de termijn; de wachttijd is nu 14 weken.',
  'De hulpvraag past niet bij ons aanbod; advies: een ggz-aanbieder.',
];
const EXPERTISE_QUESTIONS = [
  'Kunnen jullie meekijken naar de aanpak van de angstklachten?',
  'Graag medebehandeling voor de traumaklachten.',
  'Consultatie over de diagnostiek en het schooladvies.',
];
const REFERRER_TYPES = new Weighted(
  ['LOCAL_TEAM', 'GP', 'YOUTH_DOCTOR', 'CERTIFIED_INSTITUTION', 'MEDICAL_SPECIALIST', 'COURT', 'SELF'],
  [62, 18, 7, 6, 4, 2, 1],
);
const LETTERS = 'ABCDEFGHIJKLMNOPRSTVWYZ';
/** How likely a provider declines a youth referred to it alone: most are placed, a few are declined again and again. */
const DECLINE_CHANCE = new Weighted([0.03, 0.25, 0.6], [70, 18, 12]);
/** How often each referrer type refers to the area's consortium (from 2024): the local teams mostly, GPs seldom. */
const AREA_REFERRAL_SHARE: Record<string, number> = {
  LOCAL_TEAM: 0.75,
  GP: 0.3,
  YOUTH_DOCTOR: 0.5,
  CERTIFIED_INSTITUTION: 0.6,
  MEDICAL_SPECIALIST: 0.3,
  COURT: 0.6,
  SELF: 0.4,
};

/** JZ588 end reason → CBS end code; 32 (one-sided by the client) is dropout. */
const END_REASONS = new Weighted<[string, string]>(
  [
    ['31', '01'],
    ['34', '02'],
    ['32', '03'],
    ['33', '04'],
    ['35', '05'],
    ['02', '05'],
    ['39', '01'],
  ],
  [63, 10, 11, 5, 5, 2, 4],
);
const CONTINUATION = new Weighted(['NONE', 'LIGHTER', 'NONE_NOW_EXPECTS_RETURN', 'SAME_OR_HEAVIER'], [46, 30, 10, 14]);

const specialist = PROFILES.filter((p) => p.segment === 'SPECIALIST');
const highly = PROFILES.filter((p) => p.segment === 'HIGHLY_SPECIALIST');
const SPECIALIST_PROFILES = new Weighted(
  specialist.map((p) => p.code),
  [24, 20, 18, 16, 10, 12],
);
const HIGHLY_PROFILES = new Weighted(
  highly.map((p) => p.code),
  [55, 45],
);
const NORMAL_INTENSITY = new Weighted(['KL', 'KH', 'LL', 'LH'], [42, 26, 22, 10]);
const HEAVY_INTENSITY = new Weighted(['KL', 'KH', 'LL', 'LH'], [10, 20, 30, 40]);
const AGES = new Weighted(
  [...Array(23).keys()],
  [1, 1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 8, 9, 10, 11, 11, 10, 7, 2, 1.5, 1, 0.6, 0.4],
);

const iso = (ms: number) => new Date(ms).toISOString();
/** The day of a moment by the server's calendar (Amsterdam), so "valid on that date" agrees. */
const day = (ms: number) => dayOf(new Date(ms));
const tariffPeriodOn = (on: string) => TARIFF_PERIODS.find((p) => p.validFrom <= on && (p.validUntil ?? '9999') >= on)!;

function fundingVariant(cbsCode: string, segment: string, on: string): string {
  const rule = FUNDING_RULES.find(
    (f) => f.cbsCode === cbsCode && f.segment === segment && f.validFrom <= on && (f.validUntil ?? '9999') >= on,
  );
  if (!rule) throw new Error(`no funding rule for ${cbsCode} ${segment} on ${on}`);
  return rule.variant;
}

export interface Event {
  at: number;
  kind: string;
  user: string | null;
  provider: string | null;
  request: string | null;
  detail: string | null;
}

export class CareGenerator {
  private readonly nextYouth = idSequence(Kind.Youth);
  private readonly nextPlan = idSequence(Kind.FamilyPlan);
  private readonly nextGoal = idSequence(Kind.Goal);
  private readonly nextTrajectory = idSequence(Kind.Trajectory);
  private readonly nextPeriod = idSequence(Kind.Period);
  private readonly nextRequest = idSequence(Kind.ExpertiseRequest);
  private readonly nextTransfer = idSequence(Kind.Transfer);
  private readonly nextOutcome = idSequence(Kind.Outcome);
  private readonly nextSettlement = idSequence(Kind.Settlement);
  private readonly nextProposal = idSequence(Kind.PicProposal);
  private readonly cbsOf = new Map(MUNICIPALITIES.map((m) => [m.cbsCode, m]));
  private readonly providerById: Map<string, ProviderInfo>;

  constructor(
    private readonly world: World,
    private readonly random: Random,
    private readonly now: number,
  ) {
    this.providerById = new Map(world.providers.map((p) => [p.id, p]));
  }

  private initials(): string {
    let s = '';
    for (let i = this.random.int(1, 3); i > 0; i--) s += `${LETTERS[this.random.int(0, LETTERS.length - 1)]}.`;
    return s;
  }

  /**
   * One family (one or two children); a youth declined by a provider is referred again days later
   * (a few hard-to-place youths again and again), and some return after closure (repeat use).
   * Returns the trajectories written, at most `budget`.
   */
  family(chunk: Chunk, budget: number): number {
    const r = this.random;
    const area = this.world.areas.pick(r);
    const referrer = this.world.referrerOf.get(area.municipalityId)!;
    const firstReferral = CARE_FROM + Math.floor(r.next() * (this.now - 2 * DAY - CARE_FROM));
    const planId = this.nextPlan();
    const [question, societal] = QUESTIONS[r.int(0, QUESTIONS.length - 1)];
    chunk.add('family_plan', [
      planId,
      area.municipalityId,
      question,
      r.pick(CONTEXTS),
      1,
      referrer,
      iso(firstReferral),
      iso(firstReferral),
    ]);
    const societalGoals = [this.nextGoal()];
    chunk.add('goal', [societalGoals[0], 'SOCIETAL', societal, null, 0, planId, null, null]);
    for (let i = 1, n = r.int(1, 3); i < n; i++) {
      const id = this.nextGoal();
      societalGoals.push(id);
      chunk.add('goal', [
        id,
        'SOCIETAL',
        EXTRA_SOCIETAL[i - 1],
        day(firstReferral + r.int(180, 540) * DAY),
        i,
        planId,
        null,
        null,
      ]);
    }

    let written = 0;
    const children = r.chance(0.15) && budget > 1 ? 2 : 1;
    for (let c = 0; c < children && written < budget; c++) {
      const youthId = this.nextYouth();
      const referredAt = firstReferral + (c === 0 ? 0 : r.int(0, 30) * DAY + r.int(1, 8) * HOUR);
      const age = AGES.pick(r);
      const birth = referredAt - (age * 365.25 + r.int(0, 364)) * DAY;
      chunk.add('youth', [
        youthId,
        this.initials(),
        day(Math.max(birth, Date.UTC(1990, 0, 2))),
        area.municipalityId,
        area.id,
        iso(referredAt),
      ]);
      chunk.add('family_plan_youth', [planId, youthId]);
      const declineChance = DECLINE_CHANCE.pick(r);
      let at = referredAt;
      for (let k = 0; k < 6 && written < budget && at < this.now - DAY; k++) {
        const { status, closedAt } = this.trajectory(chunk, {
          area,
          referrer,
          youthId,
          planId,
          societalGoals,
          referredAt: at,
          age,
          declineChance,
        });
        written++;
        if (status === 'CANCELLED' && r.chance(0.9)) {
          at = closedAt! + r.int(1, 21) * DAY + r.int(1, 8) * HOUR;
        } else if (status === 'CLOSED' && r.chance(0.12)) {
          at = closedAt! + r.int(20, 420) * DAY;
        } else break;
      }
    }
    return written;
  }

  /** One trajectory with everything that happened in it; returns its status and closing time. */
  private trajectory(
    chunk: Chunk,
    f: {
      area: AreaInfo;
      referrer: string;
      youthId: string;
      planId: string;
      societalGoals: string[];
      referredAt: number;
      age: number;
      /** How likely a provider declines this youth (a consortium returns it to intake instead). */
      declineChance: number;
    },
  ): { status: string; closedAt: number | null } {
    const r = this.random;
    const { area, referredAt } = f;
    const id = this.nextTrajectory();
    const cbs = this.cbsOf.get(area.cbsCode)!.cbsCode;
    const highlySpecialist = r.chance(0.1);
    const segment = highlySpecialist ? 'HIGHLY_SPECIALIST' : 'SPECIALIST';
    let profile: string = (highlySpecialist ? HIGHLY_PROFILES : SPECIALIST_PROFILES).pick(r);
    const referrerType = REFERRER_TYPES.pick(r);
    // from 2024 most specialist referrals go to the area's consortium
    const consortium =
      !highlySpecialist && referredAt >= AREA_REFERRALS_FROM && r.chance(AREA_REFERRAL_SHARE[referrerType])
        ? area.consortium
        : null;
    const intake = consortium
      ? intakeCourse(r, consortium, {
          referredAt,
          referrer: f.referrer,
          returnChance: Math.max(0.08, f.declineChance),
          now: this.now,
        })
      : null;
    let main = intake?.main ?? (highlySpecialist ? area.highlySpecialist : area.specialist).pick(r);
    let intensity = (main.heavy ? HEAVY_INTENSITY : NORMAL_INTENSITY).pick(r);
    let intensityRow = INTENSITIES.find((i) => i.code === intensity)!;
    const period = tariffPeriodOn(day(referredAt));
    let variant = fundingVariant(cbs, segment, day(referredAt));
    const events: Event[] = intake?.events ?? [
      { at: referredAt, kind: 'REFERRED', user: f.referrer, provider: null, request: null, detail: null },
    ];
    const periods: Period[] = intake?.periods ?? [{ provider: main, since: referredAt, until: null }];

    // waiting (intake, or the provider's answer), then a duration that depends on the intensity
    let status: string;
    let startedAt: number | null;
    let closedAt: number | null = null;
    let declineReason: string | null = null;
    const [endReason, cbsEnd] = END_REASONS.pick(r);
    if (intake) {
      // collective responsibility: never declined, never back to the referrer
      status = intake.inIntake ? 'INTAKE' : 'REFERRED';
      startedAt = intake.startedAt;
    } else if (!highlySpecialist && r.chance(f.declineChance)) {
      // declined (never highly specialist: the acceptance obligation)
      status = 'REFERRED';
      startedAt = null;
      const declinedAt = referredAt + r.int(1, 10) * DAY;
      if (declinedAt < this.now) {
        status = 'CANCELLED';
        closedAt = declinedAt;
        declineReason = r.pick(DECLINES);
        events.push({
          at: declinedAt,
          kind: 'DECLINED',
          user: main.actorUserId,
          provider: main.id,
          request: null,
          detail: declineReason,
        });
      }
    } else {
      status = 'REFERRED';
      startedAt = referredAt + (r.int(1, 10) + (r.chance(0.3) ? r.int(10, 50) : 0)) * DAY + r.int(1, 6) * HOUR;
      if (startedAt >= this.now) startedAt = null;
    }
    if (startedAt !== null) {
      const planned = (intensityRow.duration === 'SHORT' ? r.int(70, 200) : r.int(200, 540)) * DAY;
      const share = cbsEnd === '01' ? 0.8 + 0.4 * r.next() : 0.2 + 0.5 * r.next();
      closedAt = startedAt + Math.floor(planned * share);
      if (closedAt >= this.now) {
        status = 'ACTIVE';
        closedAt = null;
      } else status = 'CLOSED';
      events.push({
        at: startedAt,
        kind: 'ACCEPTED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: null,
      });
    }
    const open = status === 'INTAKE' || status === 'REFERRED' || status === 'ACTIVE';
    const end = closedAt ?? this.now;

    // the referral check: another PIC proposed after intake; accepted, the trajectory's PIC follows
    let pic = picId(profile, intensity, period.key);
    const proposal =
      startedAt === null
        ? null
        : picProposal(r, {
            referrerType,
            pic: { profile, intensity },
            segmentProfiles: (highlySpecialist ? highly : specialist).map((p) => p.code),
            startedAt,
            closedAt,
            now: this.now,
          });
    if (proposal) {
      const toPic = picId(proposal.to.profile, proposal.to.intensity, tariffPeriodOn(day(proposal.proposedAt)).key);
      chunk.add('pic_proposal', [
        this.nextProposal(),
        id,
        pic,
        toPic,
        proposal.reason,
        proposal.status,
        main.id,
        main.actorUserId,
        iso(proposal.proposedAt),
        proposal.decidedAt === null ? null : f.referrer,
        proposal.decidedAt === null ? null : iso(proposal.decidedAt),
        proposal.decisionReason,
      ]);
      events.push({
        at: proposal.proposedAt,
        kind: 'PIC_PROPOSED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: proposal.reason,
      });
      if (proposal.decidedAt !== null)
        events.push({
          at: proposal.decidedAt,
          kind: proposal.status === 'ACCEPTED' ? 'PIC_CHANGED' : 'PIC_PROPOSAL_DECLINED',
          user: f.referrer,
          provider: null,
          request: null,
          detail: proposal.decisionReason,
        });
      if (proposal.status === 'ACCEPTED') {
        // as the server does: the new PIC, and the funding variant in force on the day of the decision
        ({ profile, intensity } = proposal.to);
        intensityRow = INTENSITIES.find((i) => i.code === intensity)!;
        pic = toPic;
        variant = fundingVariant(cbs, segment, day(proposal.decidedAt!));
      }
    }
    const profileRow = PROFILES.find((p) => p.code === profile)!;

    // responsibility: sometimes transferred (forced for highly specialist care), sometimes offered now;
    // a consortium's youth moves within the consortium
    const movesTo = (consortium?.members ?? (highlySpecialist ? area.highlySpecialist : area.specialist)).items;
    let transferred = false;
    if (startedAt !== null && !proposal && r.chance(0.02)) {
      const to = r.pick(movesTo.filter((p) => p.id !== main.id));
      const at = startedAt + Math.floor((end - startedAt) * (0.2 + 0.5 * r.next()));
      const forced = highlySpecialist;
      chunk.add('responsibility_transfer', [
        this.nextTransfer(),
        id,
        main.id,
        to.id,
        'Het gezin verhuist; de nieuwe aanbieder zit dichterbij.',
        forced ? 'FORCED' : 'ACCEPTED',
        null,
        main.actorUserId,
        iso(at - (forced ? 0 : 2 * DAY)),
        iso(at),
      ]);
      events.push({
        at,
        kind: 'RESPONSIBILITY_TRANSFERRED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: 'Verhuizing.',
      });
      periods[periods.length - 1].until = at;
      periods.push({ provider: to, since: at, until: null });
      main = to;
      transferred = true;
    }
    if (closedAt !== null) periods[periods.length - 1].until = closedAt;
    for (const p of periods)
      chunk.add('responsibility_period', [
        this.nextPeriod(),
        id,
        p.provider.id,
        iso(p.since),
        p.until === null ? null : iso(p.until),
      ]);
    chunk.add('trajectory_access', [id, main.id, 'RESPONSIBLE', null]);
    if (status === 'ACTIVE' && !transferred && r.chance(0.01)) {
      const to = r.pick(movesTo.filter((p) => p.id !== main.id));
      const transferId = this.nextTransfer();
      const at = Math.max(startedAt! + HOUR, this.now - r.int(1, 10) * DAY);
      chunk.add('responsibility_transfer', [
        transferId,
        id,
        main.id,
        to.id,
        'Het gezin verhuist binnenkort.',
        'PENDING',
        null,
        main.actorUserId,
        iso(at),
        null,
      ]);
      chunk.add('trajectory_access', [id, to.id, 'TRANSFER', transferId]);
      events.push({
        at,
        kind: 'TRANSFER_REQUESTED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: 'Verhuizing.',
      });
    }

    // the help plan with treatment goals toward the family plan's societal goals
    const treatmentGoals: string[] = [];
    if (startedAt !== null) {
      let version = 1;
      let updatedAt = startedAt;
      if (r.chance(0.2) && end - startedAt > 20 * DAY) {
        version = 2;
        updatedAt = startedAt + Math.floor((end - startedAt) * r.next() * 0.5) + DAY;
        chunk.add('plan_revision', [
          id,
          2,
          iso(updatedAt),
          main.actorUserId,
          '[{"field":"effortDescription","before":"","after":"bijgesteld"}]',
        ]);
        events.push({
          at: updatedAt,
          kind: 'HELP_PLAN_UPDATED',
          user: main.actorUserId,
          provider: main.id,
          request: null,
          detail: 'effortDescription',
        });
      }
      chunk.add('help_plan', [
        id,
        version,
        r.pick(EFFORTS),
        day(startedAt + (intensityRow.duration === 'SHORT' ? 150 : 400) * DAY),
        iso(updatedAt),
      ]);
      for (let i = 0, n = r.int(1, 3); i < n; i++) {
        const goal = this.nextGoal();
        treatmentGoals.push(goal);
        chunk.add('goal', [
          goal,
          'TREATMENT',
          TREATMENT[r.int(0, TREATMENT.length - 1)],
          null,
          i,
          null,
          id,
          f.societalGoals[i % f.societalGoals.length],
        ]);
      }
    }

    // expertise added under a basis valid that day for this profile (domain rule 2)
    if (startedAt !== null && !transferred && end - startedAt > 10 * DAY) {
      const requests = r.chance(0.35) ? (r.chance(0.2) ? 2 : 1) : 0;
      const asked = new Set<string>();
      for (let k = 0; k < requests; k++) {
        const requestedAt = startedAt + 3 * DAY + Math.floor((end - startedAt - 6 * DAY) * r.next() * 0.7);
        const options = eligible(this.world, main.id, profileId(profile), day(requestedAt)).filter(
          (o) => !asked.has(o.providerId),
        );
        if (!options.length) break;
        const basis = r.pick(options);
        asked.add(basis.providerId);
        const target = this.providerById.get(basis.providerId)!;
        const requestId = this.nextRequest();
        const state = open
          ? new Weighted(['REQUESTED', 'ACCEPTED', 'COMPLETED', 'DECLINED'], [20, 50, 15, 15]).pick(r)
          : new Weighted(['COMPLETED', 'DECLINED', 'WITHDRAWN'], [72, 16, 12]).pick(r);
        const respondedAt =
          state === 'REQUESTED' || state === 'WITHDRAWN'
            ? null
            : Math.min(requestedAt + r.int(1, 7) * DAY, end - 2 * HOUR);
        const endedAt =
          state === 'COMPLETED'
            ? Math.min(respondedAt! + r.int(14, 120) * DAY, end - HOUR)
            : state === 'DECLINED' || state === 'WITHDRAWN'
              ? (respondedAt ?? requestedAt + DAY)
              : null;
        const decline = state === 'DECLINED' ? 'Geen capaciteit binnen zes weken.' : null;
        chunk.add('expertise_request', [
          requestId,
          id,
          main.id,
          target.id,
          r.chance(0.6) ? 'CONSULTATION' : 'CO_TREATMENT',
          profileId(profile),
          r.pick(EXPERTISE_QUESTIONS),
          state,
          basis.relation,
          basis.subcontractId,
          basis.consortiumId,
          basis.integratedTeamId,
          decline,
          main.actorUserId,
          iso(requestedAt),
          respondedAt === null ? null : iso(respondedAt),
          endedAt === null ? null : iso(endedAt),
        ]);
        if (state === 'ACCEPTED') chunk.add('trajectory_access', [id, target.id, 'EXPERTISE', requestId]);
        events.push({
          at: requestedAt,
          kind: 'EXPERTISE_REQUESTED',
          user: main.actorUserId,
          provider: main.id,
          request: requestId,
          detail: target.name,
        });
        if (state === 'DECLINED')
          events.push({
            at: respondedAt!,
            kind: 'EXPERTISE_DECLINED',
            user: target.actorUserId,
            provider: target.id,
            request: requestId,
            detail: decline,
          });
        if (state === 'ACCEPTED' || state === 'COMPLETED')
          events.push({
            at: respondedAt!,
            kind: 'EXPERTISE_ACCEPTED',
            user: target.actorUserId,
            provider: target.id,
            request: requestId,
            detail: null,
          });
        if (state === 'COMPLETED')
          events.push({
            at: endedAt!,
            kind: 'EXPERTISE_COMPLETED',
            user: target.actorUserId,
            provider: target.id,
            request: requestId,
            detail: null,
          });
        if (state === 'WITHDRAWN')
          events.push({
            at: endedAt!,
            kind: 'EXPERTISE_WITHDRAWN',
            user: main.actorUserId,
            provider: main.id,
            request: requestId,
            detail: null,
          });
      }
    }

    // closure: an outcome report (goal results, satisfaction, dropout) and its settlement
    if (status === 'CLOSED') {
      const outcomeId = this.nextOutcome();
      const submittedAt = closedAt! - HOUR;
      const planned = cbsEnd === '01';
      const youthScore = f.age >= 12 && r.chance(0.7) ? r.int(planned ? 5 : 3, 10) : null;
      const parentScore = r.chance(0.8) ? r.int(planned ? 5 : 2, 10) : null;
      chunk.add('outcome_report', [
        outcomeId,
        id,
        1,
        CONTINUATION.pick(r),
        endReason,
        cbsEnd,
        cbsEnd === '03',
        youthScore,
        parentScore,
        null,
        main.actorUserId,
        iso(submittedAt),
      ]);
      let achieved = 0;
      for (const goal of treatmentGoals) {
        const x = r.next();
        const realisation = planned
          ? x < 0.62
            ? 'ACHIEVED'
            : x < 0.9
              ? 'PARTLY_ACHIEVED'
              : 'NOT_ACHIEVED'
          : x < 0.15
            ? 'ACHIEVED'
            : x < 0.5
              ? 'PARTLY_ACHIEVED'
              : 'NOT_ACHIEVED';
        if (realisation === 'ACHIEVED') achieved++;
        chunk.add('goal_result', [outcomeId, goal, realisation]);
      }
      const share = treatmentGoals.length ? Math.round((achieved / treatmentGoals.length) * 1000) / 1000 : 0;
      let settlement: [number | null, number | null, string | null, number | null, number];
      if (variant === 'OUTPUT') {
        // as the server settles: the PIC's tariff and the bonus-malus rule in force on the start date
        const startDay = day(startedAt!);
        const tariff = tariffCents(profileRow.baseEuros, intensityRow.factor, tariffPeriodOn(startDay).index);
        const rule = this.world.paymentRule;
        const covered = rule && rule.validFrom <= startDay && (rule.validUntil ?? '9999') >= startDay;
        const pct = covered ? (rule!.tiers.find((t) => share >= t.minShare)?.percentage ?? 100) : 100;
        settlement = [tariff, share, covered ? rule!.id : null, covered ? pct : null, Math.floor((tariff * pct) / 100)];
      } else if (variant === 'EFFORT') {
        settlement = [null, null, null, null, r.int(6, intensityRow.duration === 'SHORT' ? 40 : 160) * 9850];
      } else settlement = [null, null, null, null, 0];
      chunk.add('settlement', [this.nextSettlement(), id, 1, outcomeId, variant, ...settlement, null, iso(closedAt!)]);
      events.push({
        at: submittedAt,
        kind: 'OUTCOME_SUBMITTED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: null,
      });
      events.push({
        at: closedAt!,
        kind: 'CLOSED',
        user: main.actorUserId,
        provider: main.id,
        request: null,
        detail: null,
      });
      chunk.closed.push(id);
    }

    let lastActivity = referredAt;
    for (const e of events) {
      if (e.at > lastActivity) lastActivity = e.at;
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events)
      chunk.add('trajectory_event', [id, iso(e.at), e.kind, e.user, e.provider, e.request, e.detail]);
    chunk.add('trajectory', [
      id,
      f.youthId,
      f.planId,
      area.municipalityId,
      area.id,
      status,
      main.id,
      referrerType,
      pic,
      variant,
      iso(referredAt),
      f.referrer,
      startedAt === null ? null : iso(startedAt),
      closedAt === null ? null : iso(closedAt),
      declineReason,
      iso(lastActivity),
      consortium?.id ?? null,
      intake?.deadline ?? null,
    ]);
    chunk.trajectories++;
    return { status, closedAt };
  }
}
