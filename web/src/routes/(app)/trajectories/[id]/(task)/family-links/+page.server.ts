import type { RequestEvent } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { CreateFamilyAccessLinkMutation, CreateQuestionnaireLinkMutation } from '$lib/graphql/family';
import { mutateForm, text } from '$lib/server/forms';
import type { Actions } from './$types';

/** A new family link as the page shows it: absolute, with a QR code to scan from the screen. */
async function familyLink(
  event: RequestEvent,
  kind: 'questionnaire' | 'access',
  path: string,
  expiresAt: string,
  informant: 'YOUTH' | 'PARENT' | null,
) {
  const url = new URL(path, event.url.origin).href;
  const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { familyLink: { kind, url, qr, expiresAt, informant } };
}

// A family link is shown once, with its QR code: only its hash is kept, so it cannot be shown again.
export const actions: Actions = {
  questionnaire: async (event) => {
    const form = await event.request.formData();
    const informant = text(form, 'informant') === 'YOUTH' ? 'YOUTH' : 'PARENT';
    const { data, failure } = await mutateForm(event, form, 'familyLinks', CreateQuestionnaireLinkMutation, {
      trajectoryId: event.params.id,
      informant,
    });
    if (failure) return failure;
    const { url, expiresAt } = data.createQuestionnaireLink;
    return familyLink(event, 'questionnaire', url, expiresAt, informant);
  },
  access: async (event) => {
    const form = await event.request.formData();
    const { data, failure } = await mutateForm(event, form, 'familyLinks', CreateFamilyAccessLinkMutation, {
      youthId: text(form, 'youthId'),
    });
    if (failure) return failure;
    const { url, expiresAt } = data.createFamilyAccessLink;
    return familyLink(event, 'access', url, expiresAt, null);
  },
};
