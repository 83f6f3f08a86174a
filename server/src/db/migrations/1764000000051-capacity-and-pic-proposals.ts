import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Free places ("where is there a place?") that providers report per profile and area, and the
 * referral check: the main contractor proposes another PIC, the referrer's organisation decides.
 */
export class CapacityAndPicProposals1764000000051 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- vrije plekken: no personal data; an area of NULL means every area the provider serves
      CREATE TABLE capacity (
        provider_id uuid NOT NULL REFERENCES provider (id),
        profile_id  uuid NOT NULL REFERENCES profile (id),
        area_id     uuid REFERENCES area (id),
        free_places integer NOT NULL CHECK (free_places BETWEEN 0 AND 10000),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  uuid NOT NULL REFERENCES app_user (id),
        CONSTRAINT capacity_key UNIQUE NULLS NOT DISTINCT (provider_id, profile_id, area_id)
      );
      CREATE INDEX capacity_profile_area_idx ON capacity (profile_id, area_id);
      CREATE INDEX capacity_area_idx ON capacity (area_id);
      CREATE INDEX capacity_updated_by_idx ON capacity (updated_by);

      -- Readable by everyone who refers or provides care; each provider writes only its own figures.
      ALTER TABLE capacity ENABLE ROW LEVEL SECURITY;
      CREATE POLICY capacity_read ON capacity FOR SELECT TO samenspel_app
        USING (access.viewer_has_role('REFERRER') OR access.viewer_provider_id() IS NOT NULL);
      CREATE POLICY capacity_insert ON capacity FOR INSERT TO samenspel_app
        WITH CHECK (provider_id = access.viewer_provider_id() AND updated_by = access.viewer_user_id());
      CREATE POLICY capacity_update ON capacity FOR UPDATE TO samenspel_app
        USING (provider_id = access.viewer_provider_id())
        WITH CHECK (provider_id = access.viewer_provider_id() AND updated_by = access.viewer_user_id());
      GRANT SELECT, INSERT, UPDATE ON capacity TO samenspel_app;

      -- verwijzingscheck: one open proposal per trajectory; the decision is recorded, never edited
      CREATE TABLE pic_proposal (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trajectory_id           uuid NOT NULL REFERENCES trajectory (id),
        from_pic_id             uuid NOT NULL REFERENCES pic (id),
        to_pic_id               uuid NOT NULL REFERENCES pic (id),
        reason                  text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status                  text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'ACCEPTED', 'DECLINED')),
        proposed_by_provider_id uuid NOT NULL REFERENCES provider (id),
        proposed_by             uuid NOT NULL REFERENCES app_user (id),
        proposed_at             timestamptz NOT NULL DEFAULT now(),
        decided_by              uuid REFERENCES app_user (id),
        decided_at              timestamptz,
        decision_reason         text CHECK (length(decision_reason) <= 2000),
        CHECK (from_pic_id <> to_pic_id),
        CHECK ((status = 'PROPOSED') = (decided_at IS NULL)),
        CHECK (status <> 'DECLINED' OR decision_reason IS NOT NULL)
      );
      CREATE UNIQUE INDEX pic_proposal_open_idx ON pic_proposal (trajectory_id) WHERE status = 'PROPOSED';
      CREATE INDEX pic_proposal_trajectory_idx ON pic_proposal (trajectory_id, proposed_at);
      CREATE INDEX pic_proposal_from_idx ON pic_proposal (from_pic_id);
      CREATE INDEX pic_proposal_to_idx ON pic_proposal (to_pic_id);
      CREATE INDEX pic_proposal_provider_idx ON pic_proposal (proposed_by_provider_id);
      CREATE INDEX pic_proposal_proposed_by_idx ON pic_proposal (proposed_by);
      CREATE INDEX pic_proposal_decided_by_idx ON pic_proposal (decided_by);

      -- Follows its trajectory; the responsible provider proposes, the referring municipality decides.
      ALTER TABLE pic_proposal ENABLE ROW LEVEL SECURITY;
      CREATE POLICY pic_proposal_read ON pic_proposal FOR SELECT TO samenspel_app
        USING (EXISTS (SELECT 1 FROM trajectory t WHERE t.id = pic_proposal.trajectory_id));
      CREATE POLICY pic_proposal_propose ON pic_proposal FOR INSERT TO samenspel_app
        WITH CHECK (proposed_by = access.viewer_user_id() AND proposed_by_provider_id = access.viewer_provider_id()
                    AND EXISTS (SELECT 1 FROM trajectory t WHERE t.id = pic_proposal.trajectory_id
                                  AND t.responsible_provider_id = access.viewer_provider_id()));
      CREATE POLICY pic_proposal_decide ON pic_proposal FOR UPDATE TO samenspel_app
        USING (access.viewer_has_role('REFERRER') AND EXISTS (
                 SELECT 1 FROM trajectory t WHERE t.id = pic_proposal.trajectory_id AND t.municipality_id = access.viewer_municipality_id()))
        WITH CHECK (decided_by = access.viewer_user_id());
      GRANT SELECT, INSERT ON pic_proposal TO samenspel_app;
      GRANT UPDATE (status, decided_by, decided_at, decision_reason) ON pic_proposal TO samenspel_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE pic_proposal, capacity;`);
  }
}
