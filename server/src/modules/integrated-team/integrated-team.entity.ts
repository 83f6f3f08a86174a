import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Integraal team: professionals of several providers, formalised in advance, for complex care. */
@ObjectType()
@Entity('integrated_team')
export class IntegratedTeam {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', name: 'coordinator_id' })
  coordinatorId!: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  disciplines!: string[];
}
