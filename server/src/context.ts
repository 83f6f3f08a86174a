import { AccessScope } from './core/access/scope.js';
import type { BsnVault } from './core/bsn/vault.js';
import type { JobQueue } from './core/jobs/job-queue.js';
import type { Logger } from './core/logging/logger.js';
import type { RequestDb } from './db/request-db.js';
import type { TrajectoryNotifier } from './modules/live/trajectory-notifier.js';
import { AccessLogService } from './modules/access-log/access-log.service.js';
import { AccountService, type AccountSettings } from './modules/account/account.service.js';
import { AuthService, type SessionSettings } from './modules/auth/auth.service.js';
import { CapacityService } from './modules/capacity/capacity.service.js';
import { catalogueLoaders } from './modules/catalogue/catalogue.loaders.js';
import { CatalogueService } from './modules/catalogue/catalogue.service.js';
import { consortiumLoaders } from './modules/consortium/consortium.loaders.js';
import { ConsortiumService } from './modules/consortium/consortium.service.js';
import { expertiseLoaders } from './modules/expertise/expertise.loaders.js';
import { ExpertiseService } from './modules/expertise/expertise.service.js';
import { FamilyRightsService } from './modules/family-rights/family-rights.service.js';
import { improvementPlanLoaders } from './modules/improvement-plan/improvement-plan.loaders.js';
import { ImprovementPlanService } from './modules/improvement-plan/improvement-plan.service.js';
import { IjwExportService } from './modules/ijw/ijw-export.service.js';
import { IjwIdentityService } from './modules/ijw/ijw-identity.service.js';
import { IjwImportService } from './modules/ijw/ijw-import.service.js';
import { IjwMessageService } from './modules/ijw/ijw-message.service.js';
import { IjwProductService } from './modules/ijw/ijw-product.service.js';
import { ijwLoaders } from './modules/ijw/ijw.loaders.js';
import { integratedTeamLoaders } from './modules/integrated-team/integrated-team.loaders.js';
import { JobsService } from './modules/jobs/jobs.service.js';
import { IntegratedTeamService } from './modules/integrated-team/integrated-team.service.js';
import { outcomeLoaders } from './modules/outcome/outcome.loaders.js';
import { OutcomeService } from './modules/outcome/outcome.service.js';
import { municipalityLoaders } from './modules/municipality/municipality.loaders.js';
import { notifier, NotificationService } from './modules/notification/notification.service.js';
import { MunicipalityService } from './modules/municipality/municipality.service.js';
import { PerformanceService } from './modules/performance/performance.service.js';
import { planLoaders } from './modules/plan/plan.loaders.js';
import { PlanService } from './modules/plan/plan.service.js';
import { providerLoaders } from './modules/provider/provider.loaders.js';
import { ProviderService } from './modules/provider/provider.service.js';
import { settlementLoaders } from './modules/settlement/settlement.loaders.js';
import { SettlementService } from './modules/settlement/settlement.service.js';
import { subcontractLoaders } from './modules/subcontract/subcontract.loaders.js';
import { SubcontractService } from './modules/subcontract/subcontract.service.js';
import { trajectoryLoaders } from './modules/trajectory/trajectory.loaders.js';
import { PicProposalService } from './modules/trajectory/pic-proposal.service.js';
import { ReferralService } from './modules/trajectory/referral.service.js';
import { TrajectoryService } from './modules/trajectory/trajectory.service.js';
import { TransferService } from './modules/trajectory/transfer.service.js';
import { FamilyService } from './modules/family/family.service.js';
import { familyLoaders } from './modules/family/family.loaders.js';

/** The job queue: services enqueue work (notification mails) in the request's transaction. */
export interface JobSettings {
  jobs: JobQueue;
}

export type ServiceSettings = SessionSettings &
  AccountSettings &
  JobSettings & {
    /** Seals and opens what carries a BSN (the iJw messages and the youths’ identities) and the authenticator secrets. */
    vault: BsnVault;
  };

/** Every service, bound to one request's database transaction and its viewer's access scope. */
export function createServices(
  db: RequestDb,
  scope: AccessScope,
  settings: ServiceSettings,
  requestId: string,
  logger: Logger,
) {
  const accessLog = new AccessLogService(db, scope, requestId);
  const notify = notifier(db, settings.jobs);
  const trajectory = new TrajectoryService(db, scope, accessLog);
  const identities = new IjwIdentityService(db, settings.vault);
  const referral = new ReferralService(db, scope, trajectory, accessLog, identities, notify);
  const ijwMessages = new IjwMessageService(db, scope, settings.vault, accessLog);
  const ijwProducts = new IjwProductService(db, scope);
  const transfer = new TransferService(db, scope, trajectory, accessLog, notify);
  const picProposal = new PicProposalService(db, scope, trajectory, accessLog, notify);
  const settlement = new SettlementService(db, scope, trajectory);
  const auth = new AuthService(db, settings);
  return {
    settlement,
    outcome: new OutcomeService(db, scope, trajectory, settlement, accessLog),
    accessLog,
    trajectory,
    referral,
    transfer,
    picProposal,
    plan: new PlanService(db, scope, trajectory, accessLog),
    expertise: new ExpertiseService(db, scope, trajectory, accessLog, notify),
    familyRights: new FamilyRightsService(db, scope, accessLog),
    family: new FamilyService(db, scope, trajectory, accessLog),
    auth,
    account: new AccountService(db, scope, auth, settings),
    capacity: new CapacityService(db, scope),
    ijwMessages,
    ijwProducts,
    ijwImport: new IjwImportService(db, settings.vault, ijwMessages, ijwProducts, identities, referral, accessLog),
    ijwExport: new IjwExportService(db, settings.vault, ijwMessages, accessLog),
    catalogue: new CatalogueService(db, scope),
    consortium: new ConsortiumService(db, scope),
    improvementPlan: new ImprovementPlanService(db, scope, notify),
    integratedTeam: new IntegratedTeamService(db, scope),
    jobs: new JobsService(db, scope),
    municipality: new MunicipalityService(db),
    notification: new NotificationService(db, scope),
    performance: new PerformanceService(db, scope),
    provider: new ProviderService(db, scope),
    subcontract: new SubcontractService(db, scope),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request DataLoaders: field resolvers batch through these, so no query runs per row. */
export function createLoaders(services: Services) {
  return {
    ...catalogueLoaders(services.catalogue),
    ...consortiumLoaders(services.consortium),
    ...expertiseLoaders(services.expertise),
    ...ijwLoaders(services.ijwMessages, services.ijwProducts),
    ...familyLoaders(services.family),
    ...improvementPlanLoaders(services.improvementPlan),
    ...integratedTeamLoaders(services.integratedTeam),
    ...municipalityLoaders(services.municipality),
    ...outcomeLoaders(services.outcome),
    ...planLoaders(services.plan),
    ...providerLoaders(services.provider),
    ...settlementLoaders(services.settlement),
    ...subcontractLoaders(services.subcontract),
    ...trajectoryLoaders(services.trajectory, services.picProposal),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/** What the HTTP layer knows about the request. */
export interface RequestInfo {
  requestId: string;
  clientAddress: string;
  /** The session token from `Authorization: Bearer` or the session cookie. */
  token?: string;
}

/** What resolvers may change about the HTTP response. */
export interface ResponseControls {
  setSessionCookie(token: string): void;
  clearSessionCookie(): void;
}

/** A subscription's link to live changes; `renew` starts the next update's transaction. */
export interface LiveSession {
  notifier: TrajectoryNotifier;
  renew(): Promise<void>;
}

export interface Context {
  requestId: string;
  logger: Logger;
  db: RequestDb;
  scope: AccessScope;
  services: Services;
  loaders: Loaders;
  request: RequestInfo;
  response: ResponseControls;
  /** Only for subscriptions (WebSocket). */
  live?: LiveSession;
}

export interface ContextParts {
  db: RequestDb;
  logger: Logger;
  settings: ServiceSettings;
  request: RequestInfo;
  response: ResponseControls;
}

/**
 * Builds a request's context: resolves the session (which also sets the row-level security
 * settings in the request's transaction), then the services and loaders bound to that viewer.
 * A context that cannot be built ends its transaction and returns its connection to the pool.
 */
export async function createContext({ db, logger, settings, request, response }: ContextParts): Promise<Context> {
  let viewer = null;
  try {
    if (request.token) viewer = await new AuthService(db, settings).viewerOfToken(request.token);
  } catch (error) {
    await db.end(false).catch(() => undefined);
    throw error;
  }
  const scope = new AccessScope(viewer);
  const services = createServices(db, scope, settings, request.requestId, logger);
  return {
    requestId: request.requestId,
    logger,
    db,
    scope,
    services,
    loaders: createLoaders(services),
    request,
    response,
  };
}
