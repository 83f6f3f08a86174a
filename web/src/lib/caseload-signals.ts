/** The attention signals a trajectory list can be filtered by (the API's TrajectorySignal), in the order offered. */
export const SIGNALS = [
  'AWAITING_ASSIGNMENT',
  'INTAKE_OVERDUE',
  'AWAITING_ACCEPTANCE',
  'OPEN_EXPERTISE_REQUEST',
  'TRANSFER_PENDING',
  'PIC_PROPOSAL_PENDING',
  'TURNS_16_SOON',
  'TURNS_18_SOON',
] as const;
export type Signal = (typeof SIGNALS)[number];
