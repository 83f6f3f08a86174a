import type { Logger } from './core/logging/logger.js';
import type { RequestDb } from './db/request-db.js';
import { catalogueLoaders } from './modules/catalogue/catalogue.loaders.js';
import { CatalogueService } from './modules/catalogue/catalogue.service.js';
import { consortiumLoaders } from './modules/consortium/consortium.loaders.js';
import { ConsortiumService } from './modules/consortium/consortium.service.js';
import { integratedTeamLoaders } from './modules/integrated-team/integrated-team.loaders.js';
import { IntegratedTeamService } from './modules/integrated-team/integrated-team.service.js';
import { municipalityLoaders } from './modules/municipality/municipality.loaders.js';
import { MunicipalityService } from './modules/municipality/municipality.service.js';
import { providerLoaders } from './modules/provider/provider.loaders.js';
import { ProviderService } from './modules/provider/provider.service.js';
import { subcontractLoaders } from './modules/subcontract/subcontract.loaders.js';
import { SubcontractService } from './modules/subcontract/subcontract.service.js';

/** Every service, bound to one request's database transaction. */
export function createServices(db: RequestDb) {
  return {
    catalogue: new CatalogueService(db),
    consortium: new ConsortiumService(db),
    integratedTeam: new IntegratedTeamService(db),
    municipality: new MunicipalityService(db),
    provider: new ProviderService(db),
    subcontract: new SubcontractService(db),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Per-request DataLoaders: field resolvers batch through these, so no query runs per row. */
export function createLoaders(services: Services) {
  return {
    ...catalogueLoaders(services.catalogue),
    ...consortiumLoaders(services.consortium),
    ...integratedTeamLoaders(services.integratedTeam),
    ...municipalityLoaders(services.municipality),
    ...providerLoaders(services.provider),
    ...subcontractLoaders(services.subcontract),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  requestId: string;
  logger: Logger;
  db: RequestDb;
  services: Services;
  loaders: Loaders;
}

export function createContext(db: RequestDb, requestId: string, logger: Logger): Context {
  const services = createServices(db);
  return { requestId, logger, db, services, loaders: createLoaders(services) };
}
