import type { AccessScope } from '../../core/access/scope.js';
import { Role } from '../../core/auth/roles.js';
import { today } from '../../core/dates.js';
import { withConstraintMessages } from '../../core/errors/database-errors.js';
import { BadUserInputError } from '../../core/errors/errors.js';
import { placeNewVersion } from '../../core/versioning/versions.js';
import type { RequestDb } from '../../db/request-db.js';
import type { SetIjwDeclarationFormInput, SetIjwProductInput } from './ijw.inputs.js';
import { DeclarationForm, type IjwDeclarationFormRow, type IjwProductRow } from './ijw.types.js';

const PRODUCT = `ip.id, ip.profile_id AS "profileId", ip.intensity_id AS "intensityId", ip.product_category AS "productCategory",
  ip.product_code AS "productCode", ip.valid_from AS "validFrom", ip.valid_until AS "validUntil"`;
const FORM = `f.id, f.funding_variant AS "fundingVariant", f.form, f.unit_code AS "unitCode", f.valid_from AS "validFrom",
  f.valid_until AS "validUntil"`;

/** SQL: the iJw product of the PIC `pic` (an expression) on `day`, as `ip`; for joins elsewhere. */
export const productOfPic = (pic: string, day: string) => `LEFT JOIN LATERAL (
    SELECT ip.product_category AS category, ip.product_code AS code FROM pic pp JOIN ijw_product ip
        ON ip.profile_id = pp.profile_id AND ip.intensity_id = pp.intensity_id
       AND ip.valid_from <= ${day} AND coalesce(ip.valid_until, 'infinity') >= ${day}
     WHERE pp.id = ${pic}) ip ON true`;

/**
 * The product list: each PIC's iJw product (JZ020 category and the regional product code) and each
 * funding variant's form of declaration, kept by the region's administrators as versions by date,
 * like tariffs: the past is never rewritten.
 */
export class IjwProductService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  products(): Promise<IjwProductRow[]> {
    return this.db.query(
      `SELECT ${PRODUCT} FROM ijw_product ip JOIN profile pr ON pr.id = ip.profile_id JOIN intensity i ON i.id = ip.intensity_id
        ORDER BY pr.code, i.code, ip.valid_from`,
    );
  }

  /** Today's product of each PIC (by its profile and intensity). */
  productsOfPics(picIds: string[]): Promise<(IjwProductRow & { picId: string })[]> {
    return this.db.query(
      `SELECT pc.id AS "picId", ${PRODUCT} FROM pic pc JOIN ijw_product ip
          ON ip.profile_id = pc.profile_id AND ip.intensity_id = pc.intensity_id
         AND ip.valid_from <= $2 AND coalesce(ip.valid_until, 'infinity') >= $2
        WHERE pc.id = ANY($1)`,
      [picIds, today()],
    );
  }

  /** The PIC version (valid that day) a received product names on `day`. */
  async picOfProduct(category: string, code: string, day: string): Promise<string | undefined> {
    const row = await this.db.one<{ id: string }>(
      `SELECT pc.id FROM ijw_product ip JOIN pic pc ON pc.profile_id = ip.profile_id AND pc.intensity_id = ip.intensity_id
          AND pc.valid_from <= $3 AND coalesce(pc.valid_until, 'infinity') >= $3
        WHERE ip.product_category = $1 AND ip.product_code = $2
          AND ip.valid_from <= $3 AND coalesce(ip.valid_until, 'infinity') >= $3`,
      [category, code, day],
    );
    return row?.id;
  }

  forms(): Promise<IjwDeclarationFormRow[]> {
    return this.db.query(`SELECT ${FORM} FROM ijw_declaration_form f ORDER BY f.funding_variant, f.valid_from`);
  }

  /** A new product version for a PIC from a date; the version in force then ends the day before. */
  async setProduct(input: SetIjwProductInput): Promise<IjwProductRow> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const known = await this.db.one<{ profile: boolean; intensity: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM profile WHERE id = $1) AS profile, EXISTS (SELECT 1 FROM intensity WHERE id = $2) AS intensity`,
      [input.profileId, input.intensityId],
    );
    if (!known?.profile) throw BadUserInputError.field('input.profileId', 'UNKNOWN', { what: 'profile' });
    if (!known.intensity) throw BadUserInputError.field('input.intensityId', 'UNKNOWN', { what: 'intensity' });
    const versions = await this.db.query<IjwProductRow>(
      `SELECT ${PRODUCT} FROM ijw_product ip WHERE ip.profile_id = $1 AND ip.intensity_id = $2 ORDER BY ip.valid_from FOR UPDATE`,
      [input.profileId, input.intensityId],
    );
    await this.replace('ijw_product', versions, input.validFrom, 'iJw product');
    const [row] = await withConstraintMessages(
      { ijw_product_code_unique: { field: 'input.productCode', reason: 'CODE_TAKEN', params: { what: 'PIC' } } },
      () =>
        this.db.query<IjwProductRow>(
          `INSERT INTO ijw_product AS ip (profile_id, intensity_id, product_category, product_code, valid_from)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${PRODUCT}`,
          [input.profileId, input.intensityId, input.productCategory, input.productCode, input.validFrom],
        ),
    );
    return row;
  }

  /** A new form of declaration for a funding variant from a date. */
  async setForm(input: SetIjwDeclarationFormInput): Promise<IjwDeclarationFormRow> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const perTrajectory = input.form === DeclarationForm.PER_TRAJECTORY;
    if (perTrajectory !== !!input.unitCode)
      throw BadUserInputError.field('input.unitCode', perTrajectory ? 'REQUIRED' : 'UNIT_ONLY_PER_TRAJECTORY');
    const versions = await this.db.query<IjwDeclarationFormRow>(
      `SELECT ${FORM} FROM ijw_declaration_form f WHERE f.funding_variant = $1 ORDER BY f.valid_from FOR UPDATE`,
      [input.fundingVariant],
    );
    await this.replace('ijw_declaration_form', versions, input.validFrom, 'form of declaration');
    const [row] = await this.db.query<IjwDeclarationFormRow>(
      `INSERT INTO ijw_declaration_form AS f (funding_variant, form, unit_code, valid_from) VALUES ($1, $2, $3, $4)
       RETURNING ${FORM}`,
      [input.fundingVariant, input.form, input.unitCode ?? null, input.validFrom],
    );
    return row;
  }

  /** Versions that have not started give way; the one before ends the day before. */
  private async replace(
    table: 'ijw_product' | 'ijw_declaration_form',
    versions: { id: string; validFrom: string; validUntil: string | null }[],
    validFrom: string,
    what: string,
  ): Promise<void> {
    const { superseded, previous } = placeNewVersion(versions, validFrom, today(), what);
    if (superseded.length)
      await this.db.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [superseded.map((v) => v.id)]);
    if (previous)
      await this.db.query(`UPDATE ${table} SET valid_until = $2::date - 1 WHERE id = $1`, [previous.id, validFrom]);
  }
}
