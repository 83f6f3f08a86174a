import { RuleViolationError, type RuleName } from '../../core/errors/errors.js';
import { TrajectoryStatus } from './trajectory.types.js';

/**
 * The trajectory's lifecycle, in one place. A referral to an area consortium starts in INTAKE
 * (the lead responsible); a referral to one provider starts in REFERRED. Every service asks
 * `assertTransition` before it changes a trajectory or works on it, instead of checking statuses
 * itself.
 *
 *   INTAKE ──assign──▶ REFERRED ──accept──▶ ACTIVE ──close──▶ CLOSED
 *     ▲                   │ │
 *     └─return to intake──┘ └─decline (not a consortium referral)──▶ CANCELLED
 */
export enum TrajectoryAction {
  /** The consortium's lead assigns a lead or partner as main contractor. */
  ASSIGN = 'ASSIGN',
  /** The (assigned) main contractor accepts the referral: care starts. */
  ACCEPT = 'ACCEPT',
  /** A provider refuses a referral made to it alone: the referrer looks further. */
  DECLINE = 'DECLINE',
  /** An assigned consortium member cannot take the youth: it goes back to the consortium's intake. */
  RETURN_TO_INTAKE = 'RETURN_TO_INTAKE',
  /** The responsibility moves to another provider (a recorded transfer). */
  TRANSFER = 'TRANSFER',
  /** The main contractor proposes another PIC after its referral check. */
  PROPOSE_OTHER_PIC = 'PROPOSE_OTHER_PIC',
  /** Help plan, expertise, delivered units, the outcome report: the work of active care. */
  WORK = 'WORK',
  /** A correction of a submitted outcome (a new version with a reason). */
  CORRECT_OUTCOME = 'CORRECT_OUTCOME',
  /** Closing with an outcome report. */
  CLOSE = 'CLOSE',
}

const { INTAKE, REFERRED, ACTIVE, CLOSED, CANCELLED } = TrajectoryStatus;

interface Transition {
  from: TrajectoryStatus[];
  /** The status afterwards; unchanged when absent. */
  to?: TrajectoryStatus;
  /** What it is called in a refusal: "A closed trajectory cannot be <verb>." */
  verb: string;
}

const TRANSITIONS: Record<TrajectoryAction, Transition> = {
  ASSIGN: { from: [INTAKE], to: REFERRED, verb: 'assigned to a main contractor' },
  ACCEPT: { from: [REFERRED], to: ACTIVE, verb: 'accepted' },
  DECLINE: { from: [REFERRED], to: CANCELLED, verb: 'declined' },
  RETURN_TO_INTAKE: { from: [REFERRED], to: INTAKE, verb: 'returned to intake' },
  // during intake the consortium itself finds the place (assignment), it does not hand the youth on
  TRANSFER: { from: [REFERRED, ACTIVE], verb: 'transferred' },
  PROPOSE_OTHER_PIC: { from: [REFERRED, ACTIVE], verb: 'given another PIC' },
  WORK: { from: [ACTIVE], verb: 'worked on' },
  CORRECT_OUTCOME: { from: [ACTIVE, CLOSED], verb: 'corrected' },
  CLOSE: { from: [ACTIVE], to: CLOSED, verb: 'closed' },
};

/** Statuses in which a trajectory is open: it has a responsible provider that can act. */
export const OPEN_STATUSES = [INTAKE, REFERRED, ACTIVE];
/** Statuses of youths still waiting for care to start. */
export const WAITING_STATUSES = [INTAKE, REFERRED];

/**
 * The one transition check: the action is allowed from the trajectory's status, else
 * RULE_VIOLATION (INVALID_TRANSITION, or IMMUTABLE for work on a closed trajectory) with `why`
 * when given. Returns the status the trajectory has after the action.
 */
export function assertTransition(status: TrajectoryStatus, action: TrajectoryAction, why?: string): TrajectoryStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    const rule: RuleName = status === CLOSED && action === TrajectoryAction.WORK ? 'IMMUTABLE' : 'INVALID_TRANSITION';
    throw new RuleViolationError(
      rule,
      why ??
        `${status === INTAKE ? 'A trajectory in intake' : `A ${status.toLowerCase()} trajectory`} cannot be ${transition.verb}.`,
    );
  }
  return transition.to ?? status;
}

/**
 * The 2023 model's collective responsibility: a referral to an area consortium is never sent back
 * to the referrer; a member that cannot take the youth returns it to the consortium's intake.
 */
export function assertCollectiveResponsibility(consortiumId: string | null): void {
  if (consortiumId) {
    throw new RuleViolationError(
      'COLLECTIVE_RESPONSIBILITY',
      'This youth was referred to the area consortium, which finds the place: it is never sent back to the referrer. ' +
        'A member that cannot take the youth returns it to the consortium’s intake.',
    );
  }
}
