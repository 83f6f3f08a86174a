import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../core/graphql/scalars.js';

/** Onderaanneming: a main contractor engages a subcontractor for some profiles, for a period. */
@ObjectType()
@Entity('subcontract')
export class Subcontract {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'main_contractor_id' })
  mainContractorId!: string;

  @Column({ type: 'uuid', name: 'subcontractor_id' })
  subcontractorId!: string;

  @Field(() => DateScalar)
  @Column({ type: 'date', name: 'valid_from' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  @Column({ type: 'date', name: 'valid_until', nullable: true })
  validUntil!: string | null;

  @Field(() => Int, { description: 'Agreed payout per accepted consultation, in euro cents' })
  @Column({ type: 'integer', name: 'consultation_rate_cents' })
  consultationRateCents!: number;

  @Field(() => Int, { description: 'Agreed payout per accepted co-treatment, in euro cents' })
  @Column({ type: 'integer', name: 'co_treatment_rate_cents' })
  coTreatmentRateCents!: number;
}
