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

function fundingVariant(cbsCode: string, segment: string, on: string): string {
  const rule = FUNDING_RULES.find(
    (f) => f.cbsCode === cbsCode && f.segment === segment && f.validFrom <= on && (f.validUntil ?? '9999') >= on,
  );
  if (!rule) throw new Error(`no funding rule for ${cbsCode} ${segment} on ${on}`);
  return rule.variant;
}

interface Event {
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

  /** One family (one or two children, sometimes referred again); returns the trajectories written. */
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
      let at = referredAt;
      // the same youth is sometimes referred again after closure (repeat use)
      for (let k = 0; k < 3 && written < budget && at < this.now - DAY; k++) {
        const closedAt = this.trajectory(chunk, {
          area,
          referrer,
          youthId,
          planId,
          societalGoals,
          referredAt: at,
          age,
        });
        written++;
        if (closedAt === null || !r.chance(0.12)) break;
        at = closedAt + r.int(20, 420) * DAY;
      }
    }
    return written;
  }

  /** One trajectory with everything that happened in it; returns its closing time when closed. */
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
    },
  ): number | null {
    const r = this.random;
    const { area, referredAt } = f;
    const id = this.nextTrajectory();
    const cbs = this.cbsOf.get(area.cbsCode)!.cbsCode;
    const highlySpecialist = r.chance(0.1);
    const segment = highlySpecialist ? 'HIGHLY_SPECIALIST' : 'SPECIALIST';
    const profile = (highlySpecialist ? HIGHLY_PROFILES : SPECIALIST_PROFILES).pick(r);
    const profileRow = PROFILES.find((p) => p.code === profile)!;
    let main = (highlySpecialist ? area.highlySpecialist : area.specialist).pick(r);
    const intensity = (main.heavy ? HEAVY_INTENSITY : NORMAL_INTENSITY).pick(r);
    const intensityRow = INTENSITIES.find((i) => i.code === intensity)!;
    const period = TARIFF_PERIODS.find(
      (p) => p.validFrom <= day(referredAt) && (p.validUntil ?? '9999') >= day(referredAt),
    )!;
    const variant = fundingVariant(cbs, segment, day(referredAt));
    const events: Event[] = [
      { at: referredAt, kind: 'REFERRED', user: f.referrer, provider: null, request: null, detail: null },
    ];

    // the course: waiting, then a duration that depends on the intensity; open when it runs past now
    let status: string;
    let startedAt: number | null =
      referredAt + (r.int(1, 10) + (r.chance(0.3) ? r.int(10, 50) : 0)) * DAY + r.int(1, 6) * HOUR;
    let closedAt: number | null = null;
    let declineReason: string | null = null;
    const [endReason, cbsEnd] = END_REASONS.pick(r);
    if (!highlySpecialist && r.chance(0.04)) {
      // declined (never highly specialist: the acceptance obligation)
      closedAt = referredAt + r.int(1, 10) * DAY;
      startedAt = null;
      status = closedAt < this.now ? 'CANCELLED' : 'REFERRED';
      if (status === 'CANCELLED') {
        declineReason = r.pick(DECLINES);
        events.push({
          at: closedAt,
          kind: 'DECLINED',
          user: main.actorUserId,
          provider: main.id,
          request: null,
          detail: declineReason,
        });
      } else closedAt = null;
    } else {
      const planned = (intensityRow.duration === 'SHORT' ? r.int(70, 200) : r.int(200, 540)) * DAY;
      const share = cbsEnd === '01' ? 0.8 + 0.4 * r.next() : 0.2 + 0.5 * r.next();
      closedAt = startedAt + Math.floor(planned * share);
      if (startedAt >= this.now) {
        status = 'REFERRED';
        startedAt = closedAt = null;
      } else if (closedAt >= this.now) {
        status = 'ACTIVE';
        closedAt = null;
      } else status = 'CLOSED';
      if (startedAt !== null)
        events.push({
          at: startedAt,
          kind: 'ACCEPTED',
          user: main.actorUserId,
          provider: main.id,
          request: null,
          detail: null,
        });
    }
    const open = status === 'REFERRED' || status === 'ACTIVE';
    const end = closedAt ?? this.now;

    // responsibility: sometimes transferred (forced for highly specialist care), sometimes offered now
    const periods: [string, number, number | null][] = [];
    let transferred = false;
    if (startedAt !== null && r.chance(0.02)) {
      const others = (highlySpecialist ? area.highlySpecialist : area.specialist).items.filter((p) => p.id !== main.id);
      const to = r.pick(others);
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
      periods.push([main.id, referredAt, at]);
      main = to;
      transferred = true;
    }
    periods.push([main.id, periods.length ? periods[0][2]! : referredAt, closedAt]);
    for (const [provider, since, until] of periods)
      chunk.add('responsibility_period', [
        this.nextPeriod(),
        id,
        provider,
        iso(since),
        until === null ? null : iso(until),
      ]);
    chunk.add('trajectory_access', [id, main.id, 'RESPONSIBLE', null]);
    if (status === 'ACTIVE' && !transferred && r.chance(0.01)) {
      const to = r.pick(area.specialist.items.filter((p) => p.id !== main.id));
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
        const tariff = tariffCents(
          profileRow.baseEuros,
          intensityRow.factor,
          TARIFF_PERIODS.find((p) => p.validFrom <= startDay && (p.validUntil ?? '9999') >= startDay)!.index,
        );
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
      REFERRER_TYPES.pick(r),
      picId(profile, intensity, period.key),
      variant,
      iso(referredAt),
      f.referrer,
      startedAt === null ? null : iso(startedAt),
      closedAt === null ? null : iso(closedAt),
      declineReason,
      iso(lastActivity),
    ]);
    chunk.trajectories++;
    return status === 'CLOSED' ? closedAt : null;
  }
}
