import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The H10 region (the regional procurement office acts for it). */
@ObjectType()
@Entity('region')
export class Region {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;
}

/** Gemeente: one of the H10, identified by its CBS code. */
@ObjectType()
@Entity('municipality')
export class Municipality {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text', name: 'cbs_code' })
  cbsCode!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', name: 'region_id' })
  regionId!: string;
}

/** Gebied: a district of a municipality. */
@ObjectType()
@Entity('area')
export class Area {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', name: 'municipality_id' })
  municipalityId!: string;
}
