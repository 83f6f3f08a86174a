import { XMLParser } from 'fast-xml-parser';
import { typeOfCode, type IjwMessageType } from './ijw.codes.js';

/** A parsed element: child elements by local name (namespace prefixes removed), leaves as text. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/**
 * fast-xml-parser, as strict as the messages need: text stays text (a municipality code 0518 is not
 * the number 518), attributes and namespace prefixes are dropped (the XSD check before it has
 * established which elements are where), and only XML's own entities are decoded.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The root element (`Bericht`) of a message, or null when it has none. */
export function parseMessage(xml: string): XmlNode | null {
  const parsed = parser.parse(xml) as XmlNode;
  const root = parsed.Bericht;
  return root && typeof root === 'object' && !Array.isArray(root) ? root : null;
}

export const node = (value: XmlValue | undefined): XmlNode | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
export const text = (value: XmlValue | undefined): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
/** An element that may repeat, as a list (the parser gives one element as itself, several as a list). */
export const list = (value: XmlValue | undefined): XmlNode[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => {
    const element = node(v);
    return element ? [element] : [];
  });
/** The text at a path of child elements. */
export const at = (from: XmlNode | undefined, ...path: string[]): string | undefined => {
  let value: XmlValue | undefined = from;
  for (const name of path) value = node(value)?.[name];
  return text(value);
};

export interface IjwHeader {
  type?: IjwMessageType;
  /** Afzender: a municipality code or an AGB code, as the type says. */
  sender?: string;
  receiver?: string;
  identification?: string;
  date?: string;
  basisschemaVersion?: string;
  berichtVersion?: string;
  /** Of a retour: its own identification and date. */
  retourIdentification?: string;
  retourDate?: string;
}

export function readHeader(bericht: XmlNode): IjwHeader {
  const header = node(bericht.Header);
  const code = at(header, 'BerichtCode');
  return {
    type: code ? typeOfCode(code) : undefined,
    sender: at(header, 'Afzender'),
    receiver: at(header, 'Ontvanger'),
    identification: at(header, 'BerichtIdentificatie', 'Identificatie'),
    date: at(header, 'BerichtIdentificatie', 'Dagtekening'),
    basisschemaVersion: at(header, 'XsdVersie', 'BasisschemaXsdVersie'),
    berichtVersion: at(header, 'XsdVersie', 'BerichtXsdVersie'),
    retourIdentification: at(header, 'IdentificatieRetour'),
    retourDate: at(header, 'DagtekeningRetour'),
  };
}

/** Every RetourCode anywhere in the message, each once, in document order. */
export function retourCodesIn(value: XmlValue | undefined, found = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const v of value) retourCodesIn(v, found);
  else if (value && typeof value === 'object')
    for (const [name, child] of Object.entries(value)) {
      if (name !== 'RetourCode') retourCodesIn(child, found);
      else for (const code of [child].flat()) if (text(code)) found.add(code as string);
    }
  return [...found];
}

/** The RetourCodes of one class (its own, not those of the classes inside it). */
export const ownRetourCodes = (of: XmlNode | undefined): string[] =>
  [node(of?.RetourCodes)?.RetourCode ?? []].flat().flatMap((c) => text(c as XmlValue) ?? []);

export interface AssignedProduct {
  number: string;
  category?: string;
  code?: string;
  assignedOn?: string;
  start?: string;
  end?: string;
  /** The product as received, echoed in the retour. */
  element: XmlNode;
}

/** A JW301: who the assignment is for, and what it assigns. */
export interface Assignment {
  bsn?: string;
  birthDate?: string;
  gender?: string;
  surname?: string;
  surnamePrefix?: string;
  initials?: string;
  products: AssignedProduct[];
  client?: XmlNode;
}

export function readAssignment(bericht: XmlNode): Assignment {
  const client = list(bericht.Client)[0];
  return {
    client,
    bsn: at(client, 'Bsn'),
    birthDate: at(client, 'Geboortedatum', 'Datum'),
    gender: at(client, 'Geslacht'),
    surname: at(client, 'Naam', 'Geslachtsnaam', 'Achternaam'),
    surnamePrefix: at(client, 'Naam', 'Geslachtsnaam', 'Voorvoegsel'),
    initials: at(client, 'Naam', 'Voorletters'),
    products: list(node(client?.ToegewezenProducten)?.ToegewezenProduct).map((p) => ({
      number: at(p, 'ToewijzingNummer') ?? '',
      category: at(p, 'Product', 'Categorie'),
      code: at(p, 'Product', 'Code'),
      assignedOn: at(p, 'Toewijzingsdatum'),
      start: at(p, 'Ingangsdatum'),
      end: at(p, 'Einddatum'),
      element: p,
    })),
  };
}

/** A JW325's answer per prestatie: the provider's reference and the codes it got. */
export function readDeclarationAnswer(bericht: XmlNode): {
  declaration?: string;
  lines: { reference: string; codes: string[] }[];
} {
  const answer = node(bericht.DeclaratieAntwoord);
  return {
    declaration: at(node(bericht.Header), 'DeclaratieIdentificatie', 'Identificatie'),
    lines: list(node(answer?.Clienten)?.Client).flatMap((c) =>
      list(node(c.Prestaties)?.Prestatie).map((p) => ({
        reference: at(p, 'ProductReferentie', 'ReferentieNummer') ?? '',
        codes: ownRetourCodes(p),
      })),
    ),
  };
}

/** A JW319: which request it answers (the provider's reference) and how (WJ760: 1 refused, 2 under review). */
export function readRequestAnswer(bericht: XmlNode): { reference?: string; answer?: string } {
  const answer = node(bericht.Antwoord);
  return { reference: at(answer, 'ReferentieAanbieder'), answer: at(answer, 'VerzoekAntwoord') };
}
