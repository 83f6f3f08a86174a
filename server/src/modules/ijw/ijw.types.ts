import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../core/graphql/scalars.js';
import { FundingVariant } from '../trajectory/trajectory.types.js';
import { PageInfo } from '../trajectory/trajectory.types.js';
import { IjwMessageType } from './ijw.codes.js';

registerEnumType(IjwMessageType, { name: 'IjwMessageType', description: 'iJw 3.2 message types' });

export enum IjwMessageStatus {
  /** A retour or answer from the municipality. */
  RECEIVED = 'RECEIVED',
  /** Sent by the provider; no retour yet. */
  SENT = 'SENT',
  /** Its retour (or, for an assignment, the provider's) holds no rejecting code. */
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(IjwMessageStatus, { name: 'IjwMessageStatus' });

export enum IjwDirection {
  IN = 'IN',
  OUT = 'OUT',
}
registerEnumType(IjwDirection, { name: 'IjwDirection', description: 'Received from or sent to the municipality' });

export interface IjwMessageRow {
  id: string;
  type: IjwMessageType;
  direction: IjwDirection;
  reference: string;
  fileName: string;
  status: IjwMessageStatus;
  retourCodes: string[];
  providerId: string;
  municipalityId: string | null;
  municipalityCode: string;
  answersId: string | null;
  createdAt: Date;
}

@ObjectType({ description: 'A WJ001 retour code with its meaning in the standard (Dutch)' })
export class IjwRetourCode {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  meaning!: string;

  @Field(() => Boolean, { description: 'The code rejects (a part of) the message' })
  rejects!: boolean;
}

@ObjectType({
  description:
    'One message, exactly as sent or received; xml validates against ../ijw/xsd/<type>.xsd. The BSN is masked in ' +
    'xml (000000000); the file itself is downloaded from /ijw/messages/<id> by the provider’s administrator.',
})
export class IjwMessage {
  @Field(() => ID)
  id!: string;

  @Field(() => IjwMessageType)
  type!: IjwMessageType;

  @Field(() => IjwDirection)
  direction!: IjwDirection;

  @Field(() => String, { description: 'Its identification (of a retour: IdentificatieRetour)' })
  reference!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => IjwMessageStatus)
  status!: IjwMessageStatus;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType()
export class IjwMessageEdge {
  @Field(() => IjwMessage)
  node!: IjwMessageRow;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class IjwMessageConnection {
  @Field(() => [IjwMessageEdge])
  edges!: IjwMessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({
  description:
    'What an imported message did: the retour message (JW302, JW306 …) and its WJ001 codes (0200 = accepted).',
})
export class IjwImportResult {
  @Field(() => IjwMessage)
  message!: IjwMessageRow;

  @Field(() => IjwMessage, { nullable: true, description: 'The provider’s retour (JW302, JW320), when it answers one' })
  retour!: IjwMessageRow | null;

  @Field(() => Boolean)
  accepted!: boolean;

  @Field(() => [String])
  retourCodes!: string[];
}

export enum DeclarationForm {
  /** Output: one prestatie per trajectory, in the form's WJ756 unit (82, stuks output). */
  PER_TRAJECTORY = 'PER_TRAJECTORY',
  /** Effort (PxQ): the delivered units, each in the WJ756 unit of its price. */
  UNITS = 'UNITS',
  /** Task: paid from a population budget, no declaration per client. */
  NONE = 'NONE',
}
registerEnumType(DeclarationForm, { name: 'DeclarationForm' });

export interface IjwProductRow {
  id: string;
  profileId: string;
  intensityId: string;
  productCategory: string;
  productCode: string;
  validFrom: string;
  validUntil: string | null;
}

@ObjectType({ description: 'The iJw product a PIC is assigned and declared as (JZ020 category, product code)' })
export class IjwProduct {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'JZ020 product category' })
  productCategory!: string;

  @Field(() => String)
  productCode!: string;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil!: string | null;
}

export interface IjwDeclarationFormRow {
  id: string;
  fundingVariant: FundingVariant;
  form: DeclarationForm;
  unitCode: string | null;
  validFrom: string;
  validUntil: string | null;
}

@ObjectType({ description: 'How a funding variant is declared in iJw (JW323), per validity period' })
export class IjwDeclarationForm {
  @Field(() => ID)
  id!: string;

  @Field(() => FundingVariant)
  fundingVariant!: FundingVariant;

  @Field(() => DeclarationForm)
  form!: DeclarationForm;

  @Field(() => String, { nullable: true, description: 'WJ756 unit of a declaration per trajectory' })
  unitCode!: string | null;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil!: string | null;
}
