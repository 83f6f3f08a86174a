import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findProjectRoot } from '../../../server/src/config.js';
import { IjwMessageType } from '../../../server/src/modules/ijw/ijw.codes.js';
import { parseMessage, type XmlNode } from '../../../server/src/modules/ijw/ijw.parse.js';
import { IjwSchemas, XSD_DIR } from '../../../server/src/modules/ijw/ijw.xsd.js';
import { TEST_BSN_KEY } from '../../setup/test-key.js';
import { BsnVault } from '../../../server/src/core/bsn/vault.js';
import type { Client } from './test-app.js';

const root = findProjectRoot();
/** The official schemas the task gave (../shared/ijw/xsd); on a clone without them, Samenspel's own copy. */
export const SHARED_XSD = resolve(root, '..', 'shared', 'ijw', 'xsd');
export const officialSchemas = new IjwSchemas(existsSync(SHARED_XSD) ? SHARED_XSD : XSD_DIR);

/** Schema problems of a message against the official XSD of its type (0 = valid). */
export function schemaErrors(type: IjwMessageType | string, xml: string): number {
  const check = officialSchemas.check(type as IjwMessageType, xml);
  return check.wellFormed ? check.problems.length : Math.max(1, check.problems.length);
}

export const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'ijw', name), 'utf8');

/** The vault of the test databases: to read what the server stored. */
export const testVault = new BsnVault(TEST_BSN_KEY);

export const MESSAGE_FIELDS = `id type direction reference fileName status createdAt xml
  retourCodes { code meaning rejects } trajectoryIds municipality { cbsCode } provider { agbCode }`;

export const IMPORT = `mutation($xml: String!) { importIjwMessage(xml: $xml) {
  accepted retourCodes message { ${MESSAGE_FIELDS} } retour { ${MESSAGE_FIELDS} } } }`;
export const EXPORT = `mutation($type: IjwMessageType!, $municipalityId: ID!) {
  exportIjwMessages(type: $type, municipalityId: $municipalityId) { ${MESSAGE_FIELDS} } }`;

export interface MessageView {
  id: string;
  type: string;
  direction: string;
  reference: string;
  fileName: string;
  status: string;
  xml: string;
  retourCodes: { code: string; meaning: string; rejects: boolean }[];
  trajectoryIds: string[];
  municipality: { cbsCode: string };
  provider: { agbCode: string };
}

export interface ImportView {
  accepted: boolean;
  retourCodes: string[];
  message: MessageView;
  retour: MessageView | null;
}

export async function importMessage(admin: Client, xml: string): Promise<ImportView> {
  const result = await admin<{ importIjwMessage: ImportView }>(IMPORT, { xml });
  if (!result.data?.importIjwMessage) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  return result.data.importIjwMessage;
}

export async function exportMessages(admin: Client, type: string, municipalityId: string): Promise<MessageView[]> {
  const result = await admin<{ exportIjwMessages: MessageView[] }>(EXPORT, { type, municipalityId });
  if (!result.data?.exportIjwMessages) throw new Error(`export failed: ${JSON.stringify(result.errors)}`);
  return result.data.exportIjwMessages;
}

/** The codes of one class of a retour: `RetourCodes` directly under it. */
export const codesOf = (element: XmlNode | undefined): string[] =>
  [(element?.RetourCodes as XmlNode | undefined)?.RetourCode ?? []].flat() as string[];

export const bericht = (xml: string): XmlNode => parseMessage(xml)!;
