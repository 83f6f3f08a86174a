import type { RequestEvent } from '@sveltejs/kit';
import { EndSubcontract, RegisterSubcontract, UpdateSubcontract } from '$lib/graphql/subcontracts';
import { euroCents, FieldCheck, ids, refuse, optionalText, submitForm, text } from './forms';

/**
 * The subcontract forms, shared by a main contractor's /subcontracts and the region's
 * /admin/subcontracts. A provider administrator registers for its own organisation (the API decides);
 * the region administrator names the main contractor.
 */
export async function registerSubcontract(event: RequestEvent, { withMainContractor = false } = {}) {
  const form = await event.request.formData();
  const formId = 'register';
  const subcontractorId = text(form, 'subcontractorId');
  const mainContractorId = withMainContractor ? text(form, 'mainContractorId') : null;
  const validFrom = text(form, 'validFrom');
  const validUntil = optionalText(form, 'validUntil');
  const consultationRateCents = euroCents(text(form, 'consultationRate'));
  const coTreatmentRateCents = euroCents(text(form, 'coTreatmentRate'));
  const check = new FieldCheck()
    .required('subcontractorId', subcontractorId)
    .date('validFrom', validFrom)
    .date('validUntil', validUntil, { optional: true })
    .amount('consultationRate', consultationRateCents)
    .amount('coTreatmentRate', coTreatmentRateCents);
  if (withMainContractor) check.required('mainContractorId', mainContractorId);
  if (!check.ok) return refuse(form, formId, check.problems);
  return submitForm(event, form, formId, 'subcontracts.registered', RegisterSubcontract, {
    input: {
      subcontractorId,
      mainContractorId,
      profileIds: ids(form, 'profileIds'),
      validFrom,
      validUntil,
      consultationRateCents: consultationRateCents!,
      coTreatmentRateCents: coTreatmentRateCents!,
    },
  });
}

/** Scope: the profiles a subcontract covers and its last day. */
export async function scopeSubcontract(event: RequestEvent) {
  const form = await event.request.formData();
  const formId = 'scope';
  const validUntil = optionalText(form, 'validUntil');
  const check = new FieldCheck().required('id', text(form, 'id')).date('validUntil', validUntil, { optional: true });
  if (!check.ok) return refuse(form, formId, check.problems);
  return submitForm(event, form, formId, 'subcontracts.scoped', UpdateSubcontract, {
    input: { id: text(form, 'id'), profileIds: ids(form, 'profileIds'), validUntil },
  });
}

export async function endSubcontract(event: RequestEvent) {
  const form = await event.request.formData();
  const id = text(form, 'id');
  const formId = `end-${id}`;
  const validUntil = text(form, 'validUntil');
  const check = new FieldCheck().required('id', id).date('validUntil', validUntil);
  if (!check.ok) return refuse(form, formId, check.problems);
  return submitForm(event, form, formId, 'subcontracts.ended', EndSubcontract, { input: { id, validUntil } });
}
