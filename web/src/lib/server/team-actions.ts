import type { RequestEvent } from '@sveltejs/kit';
import { CreateIntegratedTeam, UpdateIntegratedTeam } from '$lib/graphql/teams';
import { FieldCheck, ids, refuse, submitForm, text } from './forms';

/** Disciplines typed one per line (or separated by commas). */
const disciplinesOf = (form: FormData): string[] =>
  text(form, 'disciplines')
    .split(/[\n,;]/)
    .map((d) => d.trim())
    .filter(Boolean);

/** A new integrated team; the region administrator names its coordinator, a provider coordinates its own. */
export async function createTeam(event: RequestEvent, { withCoordinator = false } = {}) {
  const form = await event.request.formData();
  const formId = 'create-team';
  const name = text(form, 'name');
  const coordinatorId = withCoordinator ? text(form, 'coordinatorId') : null;
  const check = new FieldCheck().required('name', name).required('disciplines', disciplinesOf(form).join());
  if (withCoordinator) check.required('coordinatorId', coordinatorId);
  if (!check.ok) return refuse(form, formId, check.problems);
  return submitForm(event, form, formId, 'teams.created', CreateIntegratedTeam, {
    input: { name, coordinatorId, memberIds: ids(form, 'memberIds'), disciplines: disciplinesOf(form) },
  });
}

export async function updateTeam(event: RequestEvent) {
  const form = await event.request.formData();
  const formId = 'update-team';
  const name = text(form, 'name');
  const check = new FieldCheck().required('name', name).required('disciplines', disciplinesOf(form).join());
  if (!check.ok) return refuse(form, formId, check.problems);
  return submitForm(event, form, formId, 'teams.updated', UpdateIntegratedTeam, {
    input: {
      id: event.params.id ?? text(form, 'id'),
      name,
      memberIds: ids(form, 'memberIds'),
      disciplines: disciplinesOf(form),
    },
  });
}
