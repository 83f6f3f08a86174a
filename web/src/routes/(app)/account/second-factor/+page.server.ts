import QRCode from 'qrcode';
import { ConfirmTotpSetupMutation, StartTotpSetupMutation } from '$lib/graphql/accounts';
import { mutateForm, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
  required: locals.viewer!.secondFactorSetupRequired,
  /** Replacing an active second factor needs the password. */
  replacing: locals.viewer!.secondFactorEnabled,
});

/** The QR code of an otpauth:// address, as an SVG data URL (drawn here: no script, no third party). */
const qrOf = async (otpauthUrl: string) =>
  `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2 })).toString('base64')}`;

export const actions: Actions = {
  start: async (event) => {
    const form = await event.request.formData();
    const { data, failure } = await mutateForm(event, form, 'start', StartTotpSetupMutation, {
      currentPassword: text(form, 'currentPassword') || null,
    });
    if (failure) return failure;
    const { secret, otpauthUrl } = data.startTotpSetup;
    return { form: 'start', secret, qr: await qrOf(otpauthUrl), otpauthUrl };
  },
  confirm: async (event) => {
    const form = await event.request.formData();
    const secret = text(form, 'secret');
    const otpauthUrl = text(form, 'otpauthUrl');
    const qr = await qrOf(otpauthUrl);
    // the setup stays on screen, with the error
    const { data, failure } = await mutateForm(
      event,
      form,
      'confirm',
      ConfirmTotpSetupMutation,
      {
        code: text(form, 'code'),
      },
      { extra: { secret, otpauthUrl, qr } },
    );
    if (failure) return failure;
    return { form: 'confirmed', recoveryCodes: data.confirmTotpSetup };
  },
};
