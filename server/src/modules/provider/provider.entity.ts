import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Jeugdhulpaanbieder: a youth-care organisation, identified by its AGB code. */
@ObjectType()
@Entity('provider')
export class Provider {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'AGB code, 8 digits' })
  @Column({ type: 'text', name: 'agb_code' })
  agbCode!: string;

  @Field(() => String, { nullable: true, description: 'KvK (Chamber of Commerce) number, 8 digits' })
  @Column({ type: 'text', name: 'kvk_number', nullable: true })
  kvkNumber!: string | null;
}
