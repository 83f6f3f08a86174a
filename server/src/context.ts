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

/**
 * Every service, bound to one request's database transaction and its viewer's access scope. Each is
 * built on first use: a request builds the few it needs, not all thirty (most answers use two or three,
 * and building every one on every request cost as much Node time as a page's own work).
 */
export class Services {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly settings: ServiceSettings,
    private readonly requestId: string,
  ) {}

  #accessLog?: AccessLogService;
  get accessLog() {
    return (this.#accessLog ??= new AccessLogService(this.db, this.scope, this.requestId));
  }
  #notify?: ReturnType<typeof notifier>;
  private get notify() {
    return (this.#notify ??= notifier(this.db, this.settings.jobs));
  }
  #trajectory?: TrajectoryService;
  get trajectory() {
    return (this.#trajectory ??= new TrajectoryService(this.db, this.scope, this.accessLog));
  }
  #identities?: IjwIdentityService;
  private get identities() {
    return (this.#identities ??= new IjwIdentityService(this.db, this.settings.vault));
  }
  #referral?: ReferralService;
  get referral() {
    return (this.#referral ??= new ReferralService(
      this.db,
      this.scope,
      this.trajectory,
      this.accessLog,
      this.identities,
      this.notify,
    ));
  }
  #ijwMessages?: IjwMessageService;
  get ijwMessages() {
    return (this.#ijwMessages ??= new IjwMessageService(this.db, this.scope, this.settings.vault, this.accessLog));
  }
  #ijwProducts?: IjwProductService;
  get ijwProducts() {
    return (this.#ijwProducts ??= new IjwProductService(this.db, this.scope));
  }
  #transfer?: TransferService;
  get transfer() {
    return (this.#transfer ??= new TransferService(this.db, this.scope, this.trajectory, this.accessLog, this.notify));
  }
  #picProposal?: PicProposalService;
  get picProposal() {
    return (this.#picProposal ??= new PicProposalService(
      this.db,
      this.scope,
      this.trajectory,
      this.accessLog,
      this.notify,
    ));
  }
  #settlement?: SettlementService;
  get settlement() {
    return (this.#settlement ??= new SettlementService(this.db, this.scope, this.trajectory));
  }
  #auth?: AuthService;
  get auth() {
    return (this.#auth ??= new AuthService(this.db, this.settings));
  }
  #outcome?: OutcomeService;
  get outcome() {
    return (this.#outcome ??= new OutcomeService(
      this.db,
      this.scope,
      this.trajectory,
      this.settlement,
      this.accessLog,
    ));
  }
  #plan?: PlanService;
  get plan() {
    return (this.#plan ??= new PlanService(this.db, this.scope, this.trajectory, this.accessLog));
  }
  #expertise?: ExpertiseService;
  get expertise() {
    return (this.#expertise ??= new ExpertiseService(
      this.db,
      this.scope,
      this.trajectory,
      this.accessLog,
      this.notify,
    ));
  }
  #familyRights?: FamilyRightsService;
  get familyRights() {
    return (this.#familyRights ??= new FamilyRightsService(this.db, this.scope, this.accessLog));
  }
  #family?: FamilyService;
  get family() {
    return (this.#family ??= new FamilyService(this.db, this.scope, this.trajectory, this.accessLog));
  }
  #account?: AccountService;
  get account() {
    return (this.#account ??= new AccountService(this.db, this.scope, this.auth, this.settings));
  }
  #capacity?: CapacityService;
  get capacity() {
    return (this.#capacity ??= new CapacityService(this.db, this.scope));
  }
  #ijwImport?: IjwImportService;
  get ijwImport() {
    return (this.#ijwImport ??= new IjwImportService(
      this.db,
      this.settings.vault,
      this.ijwMessages,
      this.ijwProducts,
      this.identities,
      this.referral,
      this.accessLog,
    ));
  }
  #ijwExport?: IjwExportService;
  get ijwExport() {
    return (this.#ijwExport ??= new IjwExportService(this.db, this.settings.vault, this.ijwMessages, this.accessLog));
  }
  #catalogue?: CatalogueService;
  get catalogue() {
    return (this.#catalogue ??= new CatalogueService(this.db, this.scope));
  }
  #consortium?: ConsortiumService;
  get consortium() {
    return (this.#consortium ??= new ConsortiumService(this.db, this.scope));
  }
  #improvementPlan?: ImprovementPlanService;
  get improvementPlan() {
    return (this.#improvementPlan ??= new ImprovementPlanService(this.db, this.scope, this.notify));
  }
  #integratedTeam?: IntegratedTeamService;
  get integratedTeam() {
    return (this.#integratedTeam ??= new IntegratedTeamService(this.db, this.scope));
  }
  #jobs?: JobsService;
  get jobs() {
    return (this.#jobs ??= new JobsService(this.db, this.scope));
  }
  #municipality?: MunicipalityService;
  get municipality() {
    return (this.#municipality ??= new MunicipalityService(this.db));
  }
  #notification?: NotificationService;
  get notification() {
    return (this.#notification ??= new NotificationService(this.db, this.scope));
  }
  #performance?: PerformanceService;
  get performance() {
    return (this.#performance ??= new PerformanceService(this.db, this.scope));
  }
  #provider?: ProviderService;
  get provider() {
    return (this.#provider ??= new ProviderService(this.db, this.scope));
  }
  #subcontract?: SubcontractService;
  get subcontract() {
    return (this.#subcontract ??= new SubcontractService(this.db, this.scope));
  }
}

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
  return new RequestContext(
    request.requestId,
    logger,
    db,
    scope,
    new Services(db, scope, settings, request.requestId),
    request,
    response,
  );
}

/**
 * A request's context. Its loaders are built on first use, like the services: the planned page and
 * most mutations use none. The getter lives on the prototype, so Apollo's shallow copy of the
 * context (one per operation) does not build them either.
 */
class RequestContext implements Context {
  // an own field from the start, so a renewed subscription context (websocket.ts) copies it too
  private builtLoaders: Loaders | undefined = undefined;
  live?: LiveSession;

  constructor(
    readonly requestId: string,
    readonly logger: Logger,
    readonly db: RequestDb,
    readonly scope: AccessScope,
    readonly services: Services,
    readonly request: RequestInfo,
    readonly response: ResponseControls,
  ) {}

  get loaders(): Loaders {
    return (this.builtLoaders ??= createLoaders(this.services));
  }
}
