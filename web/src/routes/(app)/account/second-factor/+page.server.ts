import { fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { ConfirmTotpSetupMutation, StartTotpSetupMutation } from '$lib/graphql/accounts';
import { formFailure, mutateFromForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ required: locals.viewer!.secondFactorSetupRequired });

/** The QR code of an otpauth:// address, as an SVG data URL (drawn here: no script, no third party). */
const qrOf = async (otpauthUrl: string) =>
  `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2 })).toString('base64')}`;

export const actions: Actions = {
  start: async (event) => {
    const form = await event.request.formData();
    const outcome = await mutateFromForm(event, form, StartTotpSetupMutation, {});
    if (outcome.error) return formFailure('start', outcome.error);
    const { secret, otpauthUrl } = outcome.data.startTotpSetup;
    return { formId: 'start', secret, qr: await qrOf(otpauthUrl), otpauthUrl };
  },
  confirm: async (event) => {
    const form = await event.request.formData();
    const secret = text(form, 'secret');
    const otpauthUrl = text(form, 'otpauthUrl');
    const outcome = await mutateFromForm(event, form, ConfirmTotpSetupMutation, { code: text(form, 'code') });
    if (outcome.error)
      // the setup stays on screen, with the error
      return fail(400, { formId: 'confirm', error: outcome.error, secret, otpauthUrl, qr: await qrOf(otpauthUrl) });
    return { formId: 'confirmed', recoveryCodes: outcome.data.confirmTotpSetup };
  },
};
