import type { MigrationInterface, QueryRunner } from 'typeorm';

const REGION_ADMIN = `access.viewer_has_role('REGION_ADMIN')`;

/**
 * The region's administrators keep the PxQ price list (a new price is a new version from a date,
 * like a PIC tariff), and a main contractor records that it paid a subcontractor for a period:
 * with the date and its payment reference, once, never changed afterwards (a guard trigger, as
 * for settlements), never overlapping another paid period of the same subcontract.
 */
export class PriceListAndPayoutPayments1764000000120 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      GRANT INSERT, DELETE ON product_price TO samenspel_app;
      GRANT UPDATE (valid_until) ON product_price TO samenspel_app;
      ALTER TABLE product_price ENABLE ROW LEVEL SECURITY;
      CREATE POLICY product_price_visible ON product_price FOR SELECT TO samenspel_app USING (true);
      CREATE POLICY product_price_insert ON product_price FOR INSERT TO samenspel_app WITH CHECK (${REGION_ADMIN});
      CREATE POLICY product_price_update ON product_price FOR UPDATE TO samenspel_app
        USING (${REGION_ADMIN}) WITH CHECK (${REGION_ADMIN});
      CREATE POLICY product_price_delete ON product_price FOR DELETE TO samenspel_app USING (${REGION_ADMIN});

      CREATE TABLE subcontract_payout_payment (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subcontract_id uuid NOT NULL REFERENCES subcontract (id),
        period_from    date NOT NULL,
        period_to      date NOT NULL CHECK (period_to >= period_from),
        amount_cents   integer NOT NULL CHECK (amount_cents >= 0),
        paid_on        date NOT NULL CHECK (paid_on >= period_from),
        reference      text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
        marked_by      uuid NOT NULL REFERENCES app_user (id),
        marked_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subcontract_payout_payment_no_overlap
          EXCLUDE USING gist (subcontract_id WITH =, daterange(period_from, period_to, '[]') WITH &&)
      );
      CREATE INDEX subcontract_payout_payment_marked_by_idx ON subcontract_payout_payment (marked_by);
      CREATE TRIGGER subcontract_payout_payment_immutable BEFORE UPDATE OR DELETE ON subcontract_payout_payment
        FOR EACH ROW EXECUTE FUNCTION access.refuse_change_of_record();
      GRANT SELECT, INSERT ON subcontract_payout_payment TO samenspel_app;
      ALTER TABLE subcontract_payout_payment ENABLE ROW LEVEL SECURITY;
      -- both parties of the subcontract and the region see a payment; only the main contractor's administrator records one
      CREATE POLICY subcontract_payout_payment_visible ON subcontract_payout_payment FOR SELECT TO samenspel_app
        USING (${REGION_ADMIN} OR EXISTS (SELECT 1 FROM subcontract s WHERE s.id = subcontract_id
                 AND access.viewer_provider_id() IN (s.main_contractor_id, s.subcontractor_id)));
      CREATE POLICY subcontract_payout_payment_insert ON subcontract_payout_payment FOR INSERT TO samenspel_app
        WITH CHECK (marked_by = access.viewer_user_id() AND access.viewer_has_role('PROVIDER_ADMIN')
                    AND EXISTS (SELECT 1 FROM subcontract s WHERE s.id = subcontract_id
                                  AND s.main_contractor_id = access.viewer_provider_id()));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE subcontract_payout_payment;
      DROP POLICY product_price_visible ON product_price;
      DROP POLICY product_price_insert ON product_price;
      DROP POLICY product_price_update ON product_price;
      DROP POLICY product_price_delete ON product_price;
      ALTER TABLE product_price DISABLE ROW LEVEL SECURITY;
      REVOKE INSERT, UPDATE, DELETE ON product_price FROM samenspel_app;
    `);
  }
}
