import { addMonths, today } from '../../core/dates.js';
import { OPEN_STATUSES } from './trajectory.lifecycle.js';
import { ageOn } from './trajectory.rules.js';
import { TrajectorySignal, TrajectoryStatus } from './trajectory.types.js';

/** What needs attention on a trajectory, as shown beside it and as a caseload filter: both defined here. */
export interface SignalFacts {
  status: TrajectoryStatus;
  intakeDeadline: string | null;
  birthDate: string | null;
  openExpertiseRequest: boolean;
  transferPending: boolean;
  picProposalPending: boolean;
}

/** Whether a youth born on `birthDate` reaches `age` within three months (and has not yet). */
function turnsSoon(birthDate: string, age: number): boolean {
  const now = today();
  return ageOn(birthDate, now) === age - 1 && ageOn(birthDate, addMonths(now, 3)) >= age;
}

/** The signals of one trajectory. */
export function signalsOf(f: SignalFacts): TrajectorySignal[] {
  const open = OPEN_STATUSES.includes(f.status);
  const signals: TrajectorySignal[] = [];
  if (f.status === TrajectoryStatus.INTAKE) signals.push(TrajectorySignal.AWAITING_ASSIGNMENT);
  if (f.status === TrajectoryStatus.INTAKE && f.intakeDeadline! < today())
    signals.push(TrajectorySignal.INTAKE_OVERDUE);
  if (f.status === TrajectoryStatus.REFERRED) signals.push(TrajectorySignal.AWAITING_ACCEPTANCE);
  if (f.openExpertiseRequest) signals.push(TrajectorySignal.OPEN_EXPERTISE_REQUEST);
  if (f.transferPending) signals.push(TrajectorySignal.TRANSFER_PENDING);
  if (f.picProposalPending) signals.push(TrajectorySignal.PIC_PROPOSAL_PENDING);
  if (open && f.birthDate && turnsSoon(f.birthDate, 16)) signals.push(TrajectorySignal.TURNS_16_SOON);
  if (open && f.birthDate && turnsSoon(f.birthDate, 18)) signals.push(TrajectorySignal.TURNS_18_SOON);
  return signals;
}

/**
 * The same signal as a condition on `trajectory t`, for the caseload filter; `param` adds a
 * parameter and gives its placeholder.
 */
export function signalCondition(signal: TrajectorySignal, param: (value: unknown) => string): string {
  const open = `t.status IN ('INTAKE', 'REFERRED', 'ACTIVE')`;
  const turns = (age: number) =>
    `${open} AND EXISTS (SELECT 1 FROM youth y WHERE y.id = t.youth_id
       AND y.birth_date + make_interval(years => ${age}) > ${param(today())}::date
       AND y.birth_date + make_interval(years => ${age}) <= ${param(addMonths(today(), 3))}::date)`;
  switch (signal) {
    case TrajectorySignal.AWAITING_ASSIGNMENT:
      return `t.status = 'INTAKE'`;
    case TrajectorySignal.INTAKE_OVERDUE:
      return `t.status = 'INTAKE' AND t.intake_deadline < ${param(today())}::date`;
    case TrajectorySignal.AWAITING_ACCEPTANCE:
      return `t.status = 'REFERRED'`;
    case TrajectorySignal.OPEN_EXPERTISE_REQUEST:
      return `EXISTS (SELECT 1 FROM expertise_request er WHERE er.trajectory_id = t.id AND er.status = 'REQUESTED')`;
    case TrajectorySignal.TRANSFER_PENDING:
      return `EXISTS (SELECT 1 FROM responsibility_transfer rt WHERE rt.trajectory_id = t.id AND rt.status = 'PENDING')`;
    case TrajectorySignal.PIC_PROPOSAL_PENDING:
      return `EXISTS (SELECT 1 FROM pic_proposal pp WHERE pp.trajectory_id = t.id AND pp.status = 'PROPOSED')`;
    case TrajectorySignal.TURNS_16_SOON:
      return turns(16);
    case TrajectorySignal.TURNS_18_SOON:
      return turns(18);
  }
}
