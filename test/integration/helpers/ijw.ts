import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findProjectRoot } from '../../../server/src/config.js';
import { today } from '../../../server/src/core/dates.js';
import { echo, message, type Content } from '../../../server/src/modules/ijw/ijw.build.js';
import { IjwMessageType, MESSAGE_CODE } from '../../../server/src/modules/ijw/ijw.codes.js';
import { list, node, parseMessage, type XmlNode } from '../../../server/src/modules/ijw/ijw.parse.js';
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

/** Classes of a retour that carry their own RetourCodes (besides the header). */
const WITH_CODES = new Set(
  ['Client', 'Verzoek', 'StartProduct', 'StopProduct', 'AangevraagdProduct'].concat([
    'OngewijzigdProduct',
    'TeWijzigenProduct',
    'NieuwProduct',
    'Prestatie',
  ]),
);

/** Adds `codes` at the end of every class of `content` that carries RetourCodes. */
function withCodes(content: Content, codes: string[]): Content {
  const out: Content = {};
  for (const [name, value] of Object.entries(content)) {
    const add = (v: Content | string | number) =>
      typeof v === 'object'
        ? { ...withCodes(v, codes), ...(WITH_CODES.has(name) ? { RetourCodes: { RetourCode: codes } } : {}) }
        : v;
    out[name] = Array.isArray(value) ? value.map((v) => add(v as Content)) : add(value as Content);
  }
  return out;
}

const RETOUR_CODE: Record<string, IjwMessageType> = {
  JW305: IjwMessageType.JW306,
  JW307: IjwMessageType.JW308,
  JW315: IjwMessageType.JW316,
  JW317: IjwMessageType.JW318,
};

/**
 * What the municipality answers to a message the provider sent (JW305 → JW306, JW307 → JW308, JW315
 * → JW316, JW317 → JW318): the message echoed, with `codes` on the header and every class.
 */
export function municipalityRetour(sentXml: string, codes: string[], reference = 'GEM1'): string {
  const sent = bericht(sentXml);
  const header = node(sent.Header)!;
  const type = RETOUR_CODE[Object.entries(MESSAGE_CODE).find(([, c]) => c === header.BerichtCode)![0]];
  const { BerichtCode: _code, ...rest } = echo(header);
  return message(type, {
    Header: {
      BerichtCode: MESSAGE_CODE[type],
      ...rest,
      IdentificatieRetour: reference,
      DagtekeningRetour: today(),
      XsdVersieRetour: { 'ijw:BasisschemaXsdVersie': '0.1.0', 'ijw:BerichtXsdVersie': '0.1.0' },
      RetourCodes: { RetourCode: codes },
    },
    ...withCodes({ Client: echo(node(sent.Client)!) }, codes),
  });
}

/** The municipality's answer to a declaration (JW325): every prestatie with `codes`, the amounts granted. */
export function declarationAnswer(jw323: string, codes: string[], reference = 'GEMD1'): string {
  const sent = bericht(jw323);
  const header = node(sent.Header)!;
  const declaration = node(sent.Declaratie)!;
  const total = echo(node(declaration.TotaalIngediendBedrag)!, true);
  return message(IjwMessageType.JW325, {
    Header: {
      BerichtCode: MESSAGE_CODE.JW325,
      BerichtVersie: '3',
      BerichtSubversie: '2',
      Afzender: header.Ontvanger as string,
      Ontvanger: header.Afzender as string,
      BerichtIdentificatie: { 'ijw:Identificatie': reference, 'ijw:Dagtekening': today() },
      XsdVersie: { 'ijw:BasisschemaXsdVersie': '0.1.0', 'ijw:BerichtXsdVersie': '0.1.0' },
      DeclaratieIdentificatie: echo(node(header.BerichtIdentificatie)!, true),
      XsdVersieDeclaratie: echo(node(header.XsdVersie)!, true),
      RetourCodes: { RetourCode: ['0200'] },
    },
    DeclaratieAntwoord: {
      DeclaratieNummer: declaration.DeclaratieNummer as string,
      TotaalIngediendBedrag: total,
      TotaalToegekendBedrag: total,
      Clienten: {
        Client: list(node(declaration.Clienten)!.Client).map((c) => ({
          ...withCodes({ Bsn: c.Bsn as string, Prestaties: echo(node(c.Prestaties)!) }, codes),
          RetourCodes: { RetourCode: ['0200'] },
        })),
      },
      RetourCodes: { RetourCode: ['0200'] },
    },
  });
}
