import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../core/graphql/scalars.js';

export enum Segment {
  SPECIALIST = 'SPECIALIST', // specialistische jeugdhulp
  HIGHLY_SPECIALIST = 'HIGHLY_SPECIALIST', // hoogspecialistisch / complex: acceptance obligation
}
registerEnumType(Segment, { name: 'Segment' });

export enum Duration {
  SHORT = 'SHORT',
  LONG = 'LONG',
}
registerEnumType(Duration, { name: 'Duration' });

export enum IntensityLevel {
  LOW = 'LOW',
  HIGH = 'HIGH',
}
registerEnumType(IntensityLevel, { name: 'IntensityLevel' });

/** Profiel: what is needed and what the family wants to achieve. */
@ObjectType()
@Entity('profile')
export class Profile {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  code!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Field(() => Segment)
  @Column({ type: 'text' })
  segment!: Segment;
}

/** Intensiteit: duration (short/long) × level (low/high). */
@ObjectType()
@Entity('intensity')
export class Intensity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  code!: string;

  @Field(() => Duration)
  @Column({ type: 'text' })
  duration!: Duration;

  @Field(() => IntensityLevel)
  @Column({ type: 'text' })
  level!: IntensityLevel;
}

/** Profiel-Intensiteit-Combinatie with its regional tariff for a validity period. */
@ObjectType()
@Entity('pic')
export class Pic {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'profile_id' })
  profileId!: string;

  @Column({ type: 'uuid', name: 'intensity_id' })
  intensityId!: string;

  @Field(() => Int, { description: 'Tariff in euro cents' })
  @Column({ type: 'integer', name: 'tariff_cents' })
  tariffCents!: number;

  @Field(() => DateScalar)
  @Column({ type: 'date', name: 'valid_from' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  @Column({ type: 'date', name: 'valid_until', nullable: true })
  validUntil!: string | null;
}
