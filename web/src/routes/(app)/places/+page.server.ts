import { PlacesQuery, SetCapacityMutation } from '$lib/graphql/intake';
import { FieldCheck, refuse, submitForm, text } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idParam = (url: URL, name: string) => {
  const value = url.searchParams.get(name);
  return value && UUID.test(value) ? value : null;
};

/**
 * "Waar is plek?": free places per provider, profile and area (`?profile=`, `?area=`), each figure
 * with its age. A referrer chooses among its municipality's areas and is offered the area's
 * consortium; a provider sees its own figures and its consortia's, and keeps its own up to date.
 */
export const load: PageServerLoad = async (event) => {
  const profileId = idParam(event.url, 'profile');
  const areaId = idParam(event.url, 'area');
  const data = await api(event).query(PlacesQuery, { profileId, areaId });
  const organisation = event.locals.viewer?.organisation;
  const referrer = organisation?.__typename === 'Municipality';
  const municipalities = referrer ? data.municipalities.filter((m) => m.id === organisation.id) : data.municipalities;
  const areas = municipalities.flatMap((municipality) =>
    municipality.areas.map((area) => ({ ...area, municipality: municipality.name })),
  );
  const area = areas.find((candidate) => candidate.id === areaId);
  const consortium = area && data.consortia.find((c) => c.areas.some((candidate) => candidate.id === area.id));
  return {
    entries: data.capacity,
    profiles: [...data.profiles].sort((a, b) => a.code.localeCompare(b.code)),
    areas,
    referrer,
    ownProviderId: organisation?.__typename === 'Provider' ? organisation.id : null,
    filters: { profileId, areaId },
    refer: referrer && area && consortium ? { area: area.name, consortium: consortium.name } : null,
  };
};

export const actions: Actions = {
  /** A provider reports its own free places for a profile and area (a row of the table, or a new figure). */
  setCapacity: async (event) => {
    const form = await event.request.formData();
    const formId = text(form, 'formId');
    const profileId = text(form, 'profileId');
    const freePlaces = text(form, 'freePlaces');
    const check = new FieldCheck().required('profileId', profileId).count('freePlaces', freePlaces);
    if (!check.ok) return refuse(form, formId, check.problems);
    return submitForm(event, form, formId, 'places.saved', SetCapacityMutation, {
      input: { profileId, areaId: text(form, 'areaId') || null, freePlaces: Number(freePlaces) },
    });
  },
};
