import { IsEnum, IsIn, IsOptional, Matches } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../core/graphql/scalars.js';
import { IsId, IsPageSize, IsText, because } from '../../core/graphql/validation.js';
import { FundingVariant } from '../trajectory/trajectory.types.js';
import { IjwMessageType } from './ijw.codes.js';
import { DeclarationForm } from './ijw.types.js';

/** JZ020 product categories (../shared/ijw/codelijsten/JZ020_Productcategorie). */
export const JZ020 = ['31', '32', '33', '34', '35', '36', '37', '38'].concat(
  Array.from({ length: 16 }, (_, i) => String(40 + i)),
);
/** WJ756 units. */
export const WJ756 = ['01', '04', '14', '16', '82', '83', '84'];

@ArgsType()
export class IjwMessagesArgs {
  @Field(() => IjwMessageType, { nullable: true })
  @IsOptional()
  @IsEnum(IjwMessageType, because('INVALID_VALUE'))
  type?: IjwMessageType | null;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, at most 100' })
  @IsOptional()
  @IsPageSize()
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsText(200)
  after?: string | null;
}

@InputType({ description: 'A PIC’s iJw product from a date: the current version ends the day before' })
export class SetIjwProductInput {
  @Field(() => ID)
  @IsId()
  profileId!: string;

  @Field(() => ID)
  @IsId()
  intensityId!: string;

  @Field(() => String, { description: 'JZ020 product category' })
  @IsIn(JZ020, because('NOT_A_JZ020_CATEGORY'))
  productCategory!: string;

  @Field(() => String, { description: 'The regional product code, 1 to 5 letters or digits' })
  @Matches(/^[0-9A-Za-z]{1,5}$/, because('NOT_AN_IJW_PRODUCT_CODE'))
  productCode!: string;

  @Field(() => DateScalar)
  validFrom!: string;
}

@InputType({ description: 'How a funding variant is declared from a date: the current version ends the day before' })
export class SetIjwDeclarationFormInput {
  @Field(() => FundingVariant)
  @IsEnum(FundingVariant, because('INVALID_VALUE'))
  fundingVariant!: FundingVariant;

  @Field(() => DeclarationForm)
  @IsEnum(DeclarationForm, because('INVALID_VALUE'))
  form!: DeclarationForm;

  @Field(() => String, { nullable: true, description: 'WJ756 unit, for a declaration per trajectory only' })
  @IsOptional()
  @IsIn(WJ756, because('NOT_A_WJ756_UNIT'))
  unitCode?: string | null;

  @Field(() => DateScalar)
  validFrom!: string;
}
