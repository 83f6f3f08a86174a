/**
 * Ids of generated rows: UUID-shaped, unique per kind and counter, and increasing in the order rows
 * are written, so primary-key and most foreign-key indexes grow at their right edge during a bulk
 * load instead of at random pages. The leading `b` keeps them apart from the seeds' ids in practice
 * (those are SHA-1 derived), and `generated` below recognises them.
 */
export enum Kind {
  Provider = 1,
  Consortium,
  Membership,
  Subcontract,
  User,
  Youth,
  FamilyPlan,
  Goal,
  Trajectory,
  Period,
  ExpertiseRequest,
  Transfer,
  Outcome,
  Settlement,
  PaymentRule,
  PicProposal,
}

export function benchId(kind: Kind, n: number): string {
  const h = n.toString(16).padStart(16, '0');
  const k = kind.toString(16).padStart(2, '0');
  return `b${k}${h.slice(0, 5)}-${h.slice(5, 9)}-8${h.slice(9, 12)}-8${h.slice(12, 15)}-${h.slice(15)}00000000000`;
}

/** A sequence of ids of one kind. */
export function idSequence(kind: Kind, start = 0) {
  let n = start;
  return () => benchId(kind, ++n);
}
