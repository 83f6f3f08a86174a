import { IjwMessagesPage, ImportIjwMessage } from '$lib/graphql/ijw';
import { mutateForm, refuse } from '$lib/server/forms';
import { api } from '$lib/server/graphql';
import type { Actions, PageServerLoad } from './$types';

const TYPES = [
  'JW301',
  'JW302',
  'JW305',
  'JW306',
  'JW307',
  'JW308',
  'JW315',
  'JW316',
  'JW317',
  'JW318',
  'JW319',
  'JW320',
  'JW323',
  'JW325',
] as const;
type IjwType = (typeof TYPES)[number];
const isType = (value: string | null): value is IjwType => TYPES.includes(value as IjwType);

/** A message file is a few kilobytes; anything far larger is no iJw message. */
const MAX_FILE_BYTES = 2_000_000;

export const load: PageServerLoad = async (event) => {
  const chosen = event.url.searchParams.get('type');
  const type = isType(chosen) ? chosen : null;
  const after = event.url.searchParams.get('after');
  const { ijwMessages } = await api(event).query(IjwMessagesPage, { type, after });
  return {
    types: TYPES,
    type,
    messages: ijwMessages.edges.map((edge) => edge.node),
    totalCount: ijwMessages.totalCount,
    next: ijwMessages.pageInfo.hasNextPage ? ijwMessages.pageInfo.endCursor : null,
  };
};

export const actions: Actions = {
  /** A JW301 assignment, a JW319 or a retour the municipality sent, as the file the gateway received. */
  import: async (event) => {
    const form = await event.request.formData();
    const formId = 'import-message';
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return refuse(form, formId, { file: { key: 'forms.required' } });
    if (file.size > MAX_FILE_BYTES) return refuse(form, formId, { file: { key: 'forms.fileTooLarge' } });
    const { data, failure } = await mutateForm(event, form, formId, ImportIjwMessage, { xml: await file.text() });
    if (failure) return failure;
    const result = data.importIjwMessage;
    return {
      form: formId,
      done: result.accepted ? ('messages.imported' as const) : ('messages.importedRejected' as const),
      result,
    };
  },
};
