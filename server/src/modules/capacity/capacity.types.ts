import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../core/graphql/scalars.js';
import type { Profile } from '../catalogue/catalogue.entity.js';
import type { Area } from '../municipality/municipality.entity.js';
import type { Provider } from '../provider/provider.entity.js';

/** A figure older than this many days is marked stale: ask the provider before counting on it. */
export const STALE_AFTER_DAYS = 14;

export interface CapacityRow {
  providerId: string;
  profileId: string;
  areaId: string | null;
  freePlaces: number;
  updatedAt: Date;
  /** Whole days since the figure was updated. */
  ageDays: number;
  /** Read in the same statement, to prime the loaders. */
  related?: { provider: Provider; profile: Profile; area: Area | null };
}

@ObjectType({
  description: "Free places a provider reports, per profile and area: the answer to 'where is there a place?'",
})
export class CapacityEntry {
  @Field(() => Int)
  freePlaces!: number;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Days since the provider last updated this figure' })
  ageDays!: number;

  @Field(() => Boolean, {
    description: `Not updated for more than ${STALE_AFTER_DAYS} days: ask before counting on it`,
  })
  stale!: boolean;
}
