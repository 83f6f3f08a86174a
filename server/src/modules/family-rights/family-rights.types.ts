import { registerEnumType } from 'type-graphql';

/** Who consents to sharing a youth's file and may ask who read it (WGBO, by the youth's age). */
export enum Decider {
  YOUTH = 'YOUTH', // 16 and older: the youth alone
  YOUTH_AND_PARENTS = 'YOUTH_AND_PARENTS', // 12 to 15: the youth and the parents together
  PARENTS = 'PARENTS', // under 12: the parents (or carers with authority)
}
registerEnumType(Decider, { name: 'Decider', description: 'Who decides about a youth’s file, by its age (WGBO)' });
