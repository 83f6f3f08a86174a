import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Services, type ServiceSettings } from '../context.js';
import { AccessScope } from '../core/access/scope.js';
import type { BsnVault } from '../core/bsn/vault.js';
import type { JobQueue } from '../core/jobs/job-queue.js';
import { RequestDb } from '../db/request-db.js';
import { AuthService } from '../modules/auth/auth.service.js';

export interface AdminSession {
  db: RequestDb;
  services: Services;
}

/**
 * Opens transactions as a PROVIDER_ADMIN of a provider (by AGB code) or as the account given, with
 * the services the API uses (row-level security, the access log naming `tool`): what a tool does,
 * it does exactly as that administrator in the portal (notifications it causes are queued in `jobs`).
 * The caller ends each transaction.
 */
export function adminSessions(dataSource: DataSource, vault: BsnVault, jobs: JobQueue, tool: string) {
  // a tool signs no one in and sends no mail itself (mails go through the job queue)
  const settings: ServiceSettings = {
    sessionIdleMinutes: 30,
    sessionMaxHours: 12,
    vault,
    jobs,
    adminSecondFactor: false,
    publicUrl: 'http://localhost',
    invitationDays: 7,
  };
  return async (agb: string | undefined, email: string | undefined): Promise<AdminSession> => {
    const db = new RequestDb(dataSource);
    try {
      const account = await db.one<{ id: string }>(
        `SELECT u.id FROM app_user u JOIN provider p ON p.id = u.provider_id
          WHERE u.active AND 'PROVIDER_ADMIN' = ANY (u.roles) AND ($1::text IS NULL OR p.agb_code = $1)
            AND ($2::text IS NULL OR lower(u.email) = lower($2)) ORDER BY u.email LIMIT 1`,
        [agb ?? null, email ?? null],
      );
      if (!account) throw new Error(`no active PROVIDER_ADMIN account ${email ?? `of the provider with AGB ${agb}`}`);
      const viewer = await new AuthService(db, settings).viewerById(account.id);
      return { db, services: new Services(db, new AccessScope(viewer), settings, `${tool}-${randomUUID()}`) };
    } catch (error) {
      await db.end(false);
      throw error;
    }
  };
}
