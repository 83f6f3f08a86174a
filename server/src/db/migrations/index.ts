import { OrganisationModel1764000000000 } from './1764000000000-organisation-model.js';
import { AppRoleGrants1764000000001 } from './1764000000001-app-role-grants.js';
import { AccountsSessionsAccessLog1764000000002 } from './1764000000002-accounts-sessions-access-log.js';
import { CareProcess1764000000003 } from './1764000000003-care-process.js';
import { OutcomesSettlementPerformance1764000000004 } from './1764000000004-outcomes-settlement-performance.js';
import { PerformanceReadAccess1764000000005 } from './1764000000005-performance-read-access.js';
import { IdempotencyKeys1764000000020 } from './1764000000020-idempotency-keys.js';
import { InlineTrajectoryPolicy1764000000021 } from './1764000000021-inline-trajectory-policy.js';
import { CaseloadAccessPaths1764000000022 } from './1764000000022-caseload-access-paths.js';
import { ReplaceUnstartedVersions1764000000023 } from './1764000000023-replace-unstarted-versions.js';
import { IdempotencyKeysPerSession1764000000030 } from './1764000000030-idempotency-keys-per-session.js';
import { SignInThrottle1764000000032 } from './1764000000032-sign-in-throttle.js';
import { SessionLifetime1764000000033 } from './1764000000033-session-lifetime.js';
import { CellKeys1764000000034 } from './1764000000034-cell-keys.js';
import { BudgetVisibility1764000000035 } from './1764000000035-budget-visibility.js';
import { FunctionPrivileges1764000000036 } from './1764000000036-function-privileges.js';
import { CareWritePolicies1764000000037 } from './1764000000037-care-write-policies.js';
import { ReferenceWritePolicies1764000000038 } from './1764000000038-reference-write-policies.js';
import { AreaConsortiumIntake1764000000050 } from './1764000000050-area-consortium-intake.js';
import { CapacityAndPicProposals1764000000051 } from './1764000000051-capacity-and-pic-proposals.js';
import { IntakeWritePolicies1764000000052 } from './1764000000052-intake-write-policies.js';
import { MunicipalityFigures1764000000053 } from './1764000000053-municipality-figures.js';
import { IjwMessages1764000000070 } from './1764000000070-ijw-messages.js';
import { Accounts1764000000080 } from './1764000000080-accounts.js';
import { Notifications1764000000090 } from './1764000000090-notifications.js';
import { FamilyLinks1764000000100 } from './1764000000100-family-links.js';
import { LifeDomains1764000000110 } from './1764000000110-life-domains.js';
import { YouthErasure1764000000111 } from './1764000000111-youth-erasure.js';
import { PriceListAndPayoutPayments1764000000120 } from './1764000000120-price-list-and-payout-payments.js';
import { RegionOutcomeTotal1764000000121 } from './1764000000121-region-outcome-total.js';
import { MainContractorAccessLog1764000000130 } from './1764000000130-main-contractor-access-log.js';
import { PerformanceCells1764000000150 } from './1764000000150-performance-cells.js';
import { CaseloadCounts1764000000160 } from './1764000000160-caseload-counts.js';
import { AccountMailLinks1764000000170 } from './1764000000170-account-mail-links.js';
import { NotificationPurge1764000000171 } from './1764000000171-notification-purge.js';

/** Every migration, in order. New migrations are appended here. */
export const migrations = [
  OrganisationModel1764000000000,
  AppRoleGrants1764000000001,
  AccountsSessionsAccessLog1764000000002,
  CareProcess1764000000003,
  OutcomesSettlementPerformance1764000000004,
  PerformanceReadAccess1764000000005,
  IdempotencyKeys1764000000020,
  InlineTrajectoryPolicy1764000000021,
  CaseloadAccessPaths1764000000022,
  ReplaceUnstartedVersions1764000000023,
  IdempotencyKeysPerSession1764000000030,
  SignInThrottle1764000000032,
  SessionLifetime1764000000033,
  CellKeys1764000000034,
  BudgetVisibility1764000000035,
  FunctionPrivileges1764000000036,
  CareWritePolicies1764000000037,
  ReferenceWritePolicies1764000000038,
  AreaConsortiumIntake1764000000050,
  CapacityAndPicProposals1764000000051,
  IntakeWritePolicies1764000000052,
  MunicipalityFigures1764000000053,
  IjwMessages1764000000070,
  Accounts1764000000080,
  Notifications1764000000090,
  FamilyLinks1764000000100,
  LifeDomains1764000000110,
  YouthErasure1764000000111,
  PriceListAndPayoutPayments1764000000120,
  RegionOutcomeTotal1764000000121,
  MainContractorAccessLog1764000000130,
  PerformanceCells1764000000150,
  CaseloadCounts1764000000160,
  AccountMailLinks1764000000170,
  NotificationPurge1764000000171,
];
