import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../core/graphql/scalars.js';

export enum ConsortiumRole {
  LEAD = 'LEAD', // penvoerder
  PARTNER = 'PARTNER',
  SUBCONTRACTOR = 'SUBCONTRACTOR', // onderaannemer
}
registerEnumType(ConsortiumRole, { name: 'ConsortiumRole' });

/** Perceel: a part of the tender. */
@ObjectType()
@Entity('lot')
export class Lot {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  code!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;
}

/** Samenwerkingsverband: providers awarded lots and areas together. */
@ObjectType()
@Entity('consortium')
export class Consortium {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;
}

@ObjectType()
@Entity('consortium_membership')
export class ConsortiumMembership {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'consortium_id' })
  consortiumId!: string;

  @Column({ type: 'uuid', name: 'provider_id' })
  providerId!: string;

  @Field(() => ConsortiumRole)
  @Column({ type: 'text' })
  role!: ConsortiumRole;

  @Field(() => DateScalar)
  @Column({ type: 'date', name: 'valid_from' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  @Column({ type: 'date', name: 'valid_until', nullable: true })
  validUntil!: string | null;
}
