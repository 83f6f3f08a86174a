import { providerId, type ProviderSlug } from '../../../seeds/organisations.js';
import { areaId, municipalityId, picId } from '../../../seeds/reference.js';
import type { Client } from './test-app.js';

export { providerId };
export const DEN_HAAG = municipalityId('0518');
export const DELFT = municipalityId('0503');
export const ESCAMP = areaId('0518', 'Escamp');
/** The current (2024-) tariff version of a PIC. */
export const currentPic = (profile: string, intensity = 'KL') => picId(profile, intensity, '2024');

export const TRAJECTORY_FIELDS = `id status startedAt closedAt declineReason
  youth { id initials birthDate age }
  referral { referrerType fundingVariant pic { tariffCents profile { code segment } } }
  responsibleProvider { id name }
  familyPlan { id version question goals { id kind description } }
  helpPlan { id version effortDescription goals { id description contributesTo { id } } }
  expertiseRequests { id status relation provider { name } }`;

export interface ReferOptions {
  provider?: ProviderSlug;
  profile?: string;
  intensity?: string;
  initials?: string;
  birthDate?: string;
  familyPlanId?: string;
}

/** A referral by the Den Haag local team; returns the new trajectory. */
export async function refer(referrer: Client, options: ReferOptions = {}) {
  const input: Record<string, unknown> = {
    municipalityId: DEN_HAAG,
    areaId: ESCAMP,
    referrerType: 'LOCAL_TEAM',
    picId: currentPic(options.profile ?? 'P02', options.intensity),
    providerId: providerId(options.provider ?? 'jeugdformaat'),
  };
  if (options.familyPlanId) input.familyPlanId = options.familyPlanId;
  else
    Object.assign(input, {
      question: 'Angstklachten; gaat niet naar school.',
      context: 'Twee ouders, één broer.',
      goals: [{ kind: 'SOCIETAL', description: 'Gaat weer naar school' }],
    });
  Object.assign(input, {
    youthInitials: options.initials ?? 'T.V.',
    youthBirthDate: options.birthDate ?? '2012-05-01',
  });
  const result = await referrer(
    `mutation($input: CreateReferralInput!) { createReferral(input: $input) { ${TRAJECTORY_FIELDS} } }`,
    { input },
  );
  if (!result.data?.createReferral) throw new Error(`referral failed: ${JSON.stringify(result.errors)}`);
  return result.data.createReferral;
}

export async function accept(provider: Client, trajectoryId: string) {
  const result = await provider(`mutation($id: ID!) { acceptReferral(trajectoryId: $id) { ${TRAJECTORY_FIELDS} } }`, {
    id: trajectoryId,
  });
  if (!result.data?.acceptReferral) throw new Error(`accept failed: ${JSON.stringify(result.errors)}`);
  return result.data.acceptReferral;
}

export const REQUEST_EXPERTISE = `mutation($input: RequestExpertiseInput!) { requestExpertise(input: $input) { id status relation provider { name } requestedBy { name } } }`;
export const RESPOND = `mutation($input: RespondToExpertiseRequestInput!) { respondToExpertiseRequest(input: $input) { id status } }`;
