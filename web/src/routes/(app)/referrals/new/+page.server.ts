import { error, redirect } from '@sveltejs/kit';
import type { Problems } from '$lib/forms/failure';
import {
  CreateReferralMutation,
  ProviderOutcomesQuery,
  ProvidersQuery,
  ReferralFormQuery,
  ReferralStartQuery,
} from '$lib/graphql/care';
import { currentPics } from '$lib/care/pics';
import { ReferToConsortiumMutation } from '$lib/graphql/intake';
import { mutateForm, refuse, text } from '$lib/server/forms';
import { isIsoDate, today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const REFERRER_TYPES = [
  'LOCAL_TEAM',
  'GP',
  'YOUTH_DOCTOR',
  'CERTIFIED_INSTITUTION',
  'MEDICAL_SPECIALIST',
  'SELF',
  'COURT',
] as const;
type ReferrerType = (typeof REFERRER_TYPES)[number];
const MAX_GOAL_ROWS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ownMunicipalityId(event: RequestEvent): string {
  const organisation = event.locals.viewer?.organisation;
  if (organisation?.__typename !== 'Municipality') error(403, 'FORBIDDEN');
  return organisation.id;
}

/** The consortium awarded each area of the municipality, by area id. */
function consortiaByArea(
  consortia: readonly { name: string; areas: readonly { id: string }[] }[],
  areaIds: ReadonlySet<string>,
): Record<string, string> {
  const byArea: Record<string, string> = {};
  for (const consortium of consortia)
    for (const area of consortium.areas) if (areaIds.has(area.id)) byArea[area.id] ??= consortium.name;
  return byArea;
}

/**
 * The referral form: the referrer's municipality and its areas, the PICs valid today, and where
 * the referral goes — to the consortium of the youth's area (the default where the area has one),
 * or to one provider, chosen among the lead and partners of the consortia serving the municipality
 * first, with their consortium and areas. `?area=<id>` starts with that area chosen.
 * `?again=<trajectory>` refers a declined youth again with the same family plan;
 * `?sibling=<trajectory>` refers a brother or sister into the same family plan (both to one
 * provider: a referral to a consortium starts a new family plan). Each provider is shown with its
 * published results, of all profiles or of `?profile=<id>` (the page asks for the chosen PIC's
 * profile as soon as one is chosen).
 */
export const load: PageServerLoad = async (event) => {
  const municipalityId = ownMunicipalityId(event);
  const client = api(event);
  const day = today();
  const requested = event.url.searchParams.get('profile');
  const profileId = requested && UUID.test(requested) ? requested : null;
  const [form, { providers }, published] = await Promise.all([
    client.query(ReferralFormQuery, {}),
    client.query(ProvidersQuery, {}),
    client.request('query', ProviderOutcomesQuery, { profileId }),
  ]);
  // an unknown profile in the address: the results of all profiles instead
  const outcomes =
    published.data?.providerOutcomes ??
    (await client.query(ProviderOutcomesQuery, { profileId: null })).providerOutcomes;
  const municipality = form.municipalities.find((candidate) => candidate.id === municipalityId);
  if (!municipality) error(403, 'FORBIDDEN');

  const areaIds = new Set(municipality.areas.map((area) => area.id));
  const memberships = new Map<string, { consortium: string; role: 'LEAD' | 'PARTNER'; areas: string[] }[]>();
  for (const consortium of form.consortia) {
    const areas = consortium.areas.filter((area) => areaIds.has(area.id)).map((area) => area.name);
    if (!areas.length) continue;
    for (const member of consortium.members) {
      const current = member.validFrom <= day && (!member.validUntil || member.validUntil >= day);
      if (!current || member.role === 'SUBCONTRACTOR') continue;
      const list = memberships.get(member.provider.id) ?? [];
      list.push({ consortium: consortium.name, role: member.role, areas });
      memberships.set(member.provider.id, list);
    }
  }
  const serving = providers
    .filter((provider) => memberships.has(provider.id))
    .map((provider) => ({ ...provider, memberships: memberships.get(provider.id)! }));
  const others = providers.filter((provider) => !memberships.has(provider.id));

  const again = event.url.searchParams.get('again');
  const sibling = event.url.searchParams.get('sibling');
  const startId = again ?? sibling;
  const start = startId ? (await client.query(ReferralStartQuery, { id: startId })).trajectory : null;
  if (startId && !start) error(404, 'NOT_FOUND');

  const requestedArea = event.url.searchParams.get('area');
  return {
    municipality,
    areaConsortia: consortiaByArea(form.consortia, areaIds),
    area: requestedArea && areaIds.has(requestedArea) ? requestedArea : null,
    profiles: currentPics(form.pics, day),
    serving,
    others,
    start: start ? { mode: again ? ('again' as const) : ('sibling' as const), trajectory: start } : null,
    outcomes,
    referrerTypes: REFERRER_TYPES,
  };
};

export const actions: Actions = {
  default: async (event) => {
    const municipalityId = ownMunicipalityId(event);
    const form = await event.request.formData();
    const values: Record<string, string> = {};
    for (const name of [
      'youthId',
      'familyPlanId',
      'initials',
      'birthDate',
      'areaId',
      'referrerType',
      'picId',
      'destination',
      'providerId',
      'question',
      'context',
    ]) {
      values[name] = text(form, name);
    }
    const problems: Problems = {};
    const goals: { kind: 'SOCIETAL'; description: string; targetDate: string | null }[] = [];
    const apiFields: Record<string, string> = {
      'input.youthInitials': 'initials',
      'input.youthBirthDate': 'birthDate',
      'input.areaId': 'areaId',
      'input.referrerType': 'referrerType',
      'input.picId': 'picId',
      'input.providerId': 'providerId',
      'input.question': 'question',
      'input.context': 'context',
    };

    if (!values.youthId) {
      const letters = values.initials.replace(/[.\s]/g, '');
      if (!values.initials) problems.initials = { key: 'trajectory.required' };
      else if (!/^\p{L}{1,6}$/u.test(letters)) problems.initials = { key: 'referral.initialsInvalid' };
      if (!values.birthDate) problems.birthDate = { key: 'trajectory.required' };
      else if (!isIsoDate(values.birthDate)) problems.birthDate = { key: 'trajectory.invalidDate' };
      else if (values.birthDate > today()) problems.birthDate = { key: 'referral.birthDateFuture' };
    }
    if (!REFERRER_TYPES.includes(values.referrerType as ReferrerType))
      problems.referrerType = { key: 'trajectory.required' };
    if (!values.picId) problems.picId = { key: 'referral.picRequired' };
    const toConsortium = values.destination === 'consortium';
    if (toConsortium) {
      // the consortium of the area takes it: a new youth and family plan (the API's contract)
      if (values.youthId || values.familyPlanId) problems.destination = { key: 'referral.consortiumNeedsNewPlan' };
      if (!values.areaId) problems.areaId = { key: 'referral.areaRequiredForConsortium' };
    } else if (!values.providerId) problems.providerId = { key: 'referral.providerRequired' };
    if (!values.familyPlanId) {
      if (!values.question) problems.question = { key: 'trajectory.required' };
      for (let row = 0; row < MAX_GOAL_ROWS; row++) {
        const description = text(form, `goals.${row}.description`);
        const targetDate = text(form, `goals.${row}.targetDate`);
        values[`goals.${row}.description`] = description;
        values[`goals.${row}.targetDate`] = targetDate;
        if (!description) continue;
        if (targetDate && !isIsoDate(targetDate))
          problems[`goals.${row}.targetDate`] = { key: 'trajectory.invalidDate' };
        apiFields[`input.goals.${goals.length}.description`] = `goals.${row}.description`;
        apiFields[`input.goals.${goals.length}.targetDate`] = `goals.${row}.targetDate`;
        goals.push({ kind: 'SOCIETAL', description, targetDate: targetDate || null });
      }
      if (!goals.length) problems['goals.0.description'] = { key: 'referral.goalsRequired' };
    }
    if (Object.keys(problems).length) return refuse(form, 'referral', problems);

    const details = {
      municipalityId,
      referrerType: values.referrerType as ReferrerType,
      picId: values.picId,
    };
    if (toConsortium) {
      apiFields['input.consortiumId'] = 'areaId';
      const { data, failure } = await mutateForm(
        event,
        form,
        'referral',
        ReferToConsortiumMutation,
        {
          input: {
            ...details,
            areaId: values.areaId,
            youthInitials: values.initials,
            youthBirthDate: values.birthDate,
            question: values.question,
            context: values.context,
            goals,
          },
        },
        { fields: apiFields },
      );
      if (failure) return failure;
      redirect(303, `/trajectories/${data.referToConsortium.id}?done=referredToConsortium`);
    }
    const input = {
      ...details,
      areaId: values.areaId || null,
      providerId: values.providerId,
      ...(values.youthId
        ? { youthId: values.youthId }
        : { youthInitials: values.initials, youthBirthDate: values.birthDate }),
      ...(values.familyPlanId
        ? { familyPlanId: values.familyPlanId }
        : { question: values.question, context: values.context, goals }),
    };
    const { data, failure } = await mutateForm(
      event,
      form,
      'referral',
      CreateReferralMutation,
      { input },
      {
        fields: apiFields,
      },
    );
    if (failure) return failure;
    redirect(303, `/trajectories/${data.createReferral.id}?done=referred`);
  },
};
