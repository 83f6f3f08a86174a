import { create } from 'xmlbuilder2';
import { BASE_NAMESPACE, IjwMessageType, MESSAGE_CODE, namespaceOf, XSD_VERSION } from './ijw.codes.js';
import { list, node, type XmlNode, type XmlValue } from './ijw.parse.js';

/**
 * Outgoing iJw messages, built with xmlbuilder2 from plain objects: elements of the message's own
 * schema unprefixed (its namespace is the default), those of the basisschema as `ijw:`. Text is
 * escaped by the builder; nothing here writes XML by hand. Every message is checked against its XSD
 * before it is stored (ijw.xsd.ts).
 */
type Leaf = string | number;
export type Content = { [name: string]: Content | Leaf | (Content | Leaf)[] | undefined };

/** Elements without a value are left out (all optional ones are; the XSD check catches the rest). */
function compact(content: Content): Content {
  const one = (value: Content | Leaf) => (typeof value === 'object' ? compact(value) : String(value));
  const out: Content = {};
  for (const [name, value] of Object.entries(content))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.map(one) : one(value);
  return out;
}

/** A whole message of `type`: its schema's namespace the default, the basisschema's as `ijw:`. */
export function message(type: IjwMessageType, content: Content): string {
  return create(
    { version: '1.0', encoding: 'UTF-8' },
    { Bericht: { '@xmlns': namespaceOf(type), '@xmlns:ijw': BASE_NAMESPACE, ...compact(content) } },
  ).end({ prettyPrint: true });
}

const xsdVersion = () => ({ 'ijw:BasisschemaXsdVersie': XSD_VERSION, 'ijw:BerichtXsdVersie': XSD_VERSION });

export interface HeaderFields {
  /** Afzender: the provider's AGB code. */
  from: string;
  /** Ontvanger: the municipality's CBS code. */
  to: string;
  reference: string;
  day: string;
}

function header(type: IjwMessageType, h: HeaderFields): Content {
  return {
    BerichtCode: MESSAGE_CODE[type],
    BerichtVersie: '3',
    BerichtSubversie: '2',
    Afzender: h.from,
    Ontvanger: h.to,
    BerichtIdentificatie: { 'ijw:Identificatie': h.reference, 'ijw:Dagtekening': h.day },
    XsdVersie: xsdVersion(),
  };
}

/** Who a message is about: what the youth's sealed identity holds. */
export interface ClientIdentity {
  bsn: string;
  birthDate: string;
  /** COD046: 0 unknown, 1 male, 2 female. */
  gender: string;
  surname: string;
  surnamePrefix?: string;
  /** Letters only, at most six. */
  initials?: string;
}

const client = (c: ClientIdentity): Content => ({
  Bsn: c.bsn,
  Geboortedatum: { 'ijw:Datum': c.birthDate },
  Geslacht: c.gender,
  Naam: {
    'ijw:Geslachtsnaam': { 'ijw:Achternaam': c.surname, 'ijw:Voorvoegsel': c.surnamePrefix },
    'ijw:Voorletters': c.initials,
  },
});

export interface ProductCode {
  category: string;
  code: string;
}
const product = (p: ProductCode | undefined): Content | undefined =>
  p && { 'ijw:Categorie': p.category, 'ijw:Code': p.code };

/** The assignment a report refers to, when the municipality sent one. */
export interface AssignmentRef {
  number: string;
  start: string;
}

export interface CareEvent {
  assignment?: AssignmentRef;
  product?: ProductCode;
  startDate: string;
}

/** JW305: care started (StatusAanlevering 1, a first delivery). */
export function buildStart(h: HeaderFields, who: ClientIdentity, e: CareEvent): string {
  return message(IjwMessageType.JW305, {
    Header: header(IjwMessageType.JW305, h),
    Client: {
      ...client(who),
      StartProducten: {
        StartProduct: {
          ToewijzingNummer: e.assignment?.number,
          Product: product(e.product),
          ToewijzingIngangsdatum: e.assignment?.start,
          Begindatum: e.startDate,
          StatusAanlevering: '1',
        },
      },
    },
  });
}

/** JW307: care stopped, with the JZ588 reason of the outcome. */
export function buildStop(h: HeaderFields, who: ClientIdentity, e: CareEvent & { endReason: string; endDate: string }) {
  return message(IjwMessageType.JW307, {
    Header: header(IjwMessageType.JW307, h),
    Client: {
      ...client(who),
      StopProducten: {
        StopProduct: {
          ToewijzingNummer: e.assignment?.number,
          Product: product(e.product),
          ToewijzingIngangsdatum: e.assignment?.start,
          Begindatum: e.startDate,
          RedenBeeindiging: e.endReason,
          Einddatum: e.endDate,
          StatusAanlevering: '1',
        },
      },
    },
  });
}

/** JW315: a request for an assignment after a referral by someone other than the municipality. */
export function buildRequest(
  h: HeaderFields,
  who: ClientIdentity,
  r: { reference: string; product?: ProductCode; start: string; referrer: string },
): string {
  return message(IjwMessageType.JW315, {
    Header: header(IjwMessageType.JW315, h),
    Client: {
      ...client(who),
      AangevraagdeProducten: {
        AangevraagdProduct: {
          ReferentieAanbieder: r.reference,
          Product: product(r.product),
          ToewijzingIngangsdatum: r.start,
          Verwijzer: { 'ijw:Type': r.referrer },
        },
      },
    },
  });
}

/**
 * JW317: a request for change after the referrer accepted another PIC: the assigned product ends
 * the day before (when there is one), the new product starts that day. WJ758 2: a change of plan.
 */
export function buildChange(
  h: HeaderFields,
  bsn: string,
  r: { reference: string; ending?: AssignmentRef & { end: string }; product?: ProductCode; start: string },
): string {
  return message(IjwMessageType.JW317, {
    Header: header(IjwMessageType.JW317, h),
    Client: {
      Bsn: bsn,
      Verzoek: {
        ReferentieAanbieder: r.reference,
        RedenVerzoek: '2',
        TeWijzigenProducten: r.ending && {
          TeWijzigenProduct: {
            ToewijzingNummer: r.ending.number,
            GewensteIngangsdatum: r.ending.start,
            Einddatum: r.ending.end,
          },
        },
        NieuweProducten: { NieuwProduct: { Product: product(r.product), GewensteIngangsdatum: r.start } },
      },
    },
  });
}

export interface DeclaredLine {
  reference: string;
  /** A credit line: the reference of the debit line it takes back. */
  credits?: string;
  assignmentNumber: string;
  product: ProductCode;
  periodStart: string;
  periodEnd: string;
  volume: number;
  unitCode: string;
  tariffCents: number;
  amountCents: number;
}

/** JW323: a declaration over one calendar month; amounts in cents, credits taking back earlier lines. */
export function buildDeclaration(
  h: HeaderFields,
  d: { periodStart: string; periodEnd: string; clients: { bsn: string; lines: DeclaredLine[] }[] },
): string {
  const signed = (l: DeclaredLine) => (l.credits ? -l.amountCents : l.amountCents);
  const total = d.clients.reduce((sum, c) => sum + c.lines.reduce((s, l) => s + signed(l), 0), 0);
  return message(IjwMessageType.JW323, {
    Header: header(IjwMessageType.JW323, h),
    Declaratie: {
      DeclaratieNummer: h.reference,
      DeclaratiePeriode: { 'ijw:Begindatum': d.periodStart, 'ijw:Einddatum': d.periodEnd },
      DeclaratieDagtekening: h.day,
      TotaalIngediendBedrag: { 'ijw:TotaalBedrag': Math.abs(total), 'ijw:DebetCredit': total < 0 ? 'C' : 'D' },
      Clienten: {
        Client: d.clients.map((c) => ({
          Bsn: c.bsn,
          Prestaties: {
            Prestatie: c.lines.map((l) => ({
              ProductReferentie: { 'ijw:ReferentieNummer': l.reference, 'ijw:VorigReferentieNummer': l.credits },
              ToewijzingNummer: l.assignmentNumber,
              ProductCategorie: l.product.category,
              ProductCode: l.product.code,
              ProductPeriode: { 'ijw:Begindatum': l.periodStart, 'ijw:Einddatum': l.periodEnd },
              GeleverdVolume: l.volume,
              Eenheid: l.unitCode,
              ProductTarief: l.tariffCents,
              IngediendBedrag: { 'ijw:Bedrag': l.amountCents, 'ijw:DebetCredit': l.credits ? 'C' : 'D' },
            })),
          },
        })),
      },
    },
  });
}

// --- retours: the received message echoed, with the provider's codes per class ------------------

/** Classes of the message schemas; every other element with children is a basisschema type. */
const MESSAGE_CLASSES = new Set(
  [
    'Header Client Relaties Relatie Contactgegevens Contact ToegewezenProducten ToegewezenProduct Antwoord',
    'Woonplaatsbeginsel RetourCodes StartProducten StartProduct StopProducten StopProduct AangevraagdeProducten',
    'AangevraagdProduct Verzoek OngewijzigdeProducten OngewijzigdProduct TeWijzigenProducten TeWijzigenProduct',
    'NieuweProducten NieuwProduct Declaratie Clienten Prestaties Prestatie DeclaratieAntwoord',
  ]
    .join(' ')
    .split(' '),
);

/** A received element again, namespaced as its schema says (the parser dropped the prefixes). */
export function echo(from: XmlNode, inBase = false): Content {
  const out: Content = {};
  for (const [name, value] of Object.entries(from)) {
    const items: XmlValue[] = Array.isArray(value) ? value : [value];
    // an element of a message class is in the message's namespace; below a basisschema type, all is
    const childrenInBase = inBase || !MESSAGE_CLASSES.has(name);
    const mapped = items.map((v) => (typeof v === 'object' ? echo(v as XmlNode, childrenInBase) : (v as string)));
    out[inBase ? `ijw:${name}` : name] = (Array.isArray(value) ? mapped : mapped[0]) as Content;
  }
  return out;
}

const codes = (list: string[]): Content => ({ RetourCode: list });
const withCodes = (element: XmlNode, list: string[]): Content => ({ ...echo(element), RetourCodes: codes(list) });

/** The header of a retour: the received one, and the retour's own identification, day and version. */
function retourHeader(type: IjwMessageType, received: XmlNode, r: { reference: string; day: string }, own: string[]) {
  const h = node(received.Header)!;
  return {
    BerichtCode: MESSAGE_CODE[type],
    BerichtVersie: '3',
    BerichtSubversie: '2',
    Afzender: h.Afzender as string,
    Ontvanger: h.Ontvanger as string,
    BerichtIdentificatie: echo(node(h.BerichtIdentificatie)!, true),
    XsdVersie: echo(node(h.XsdVersie)!, true),
    IdentificatieRetour: r.reference,
    DagtekeningRetour: r.day,
    XsdVersieRetour: xsdVersion(),
    RetourCodes: codes(own),
  };
}

export interface AssignmentVerdict {
  header: string[];
  /** Absent when the header was refused: the client is then not assessed. */
  client?: string[];
  /** Per ToegewezenProduct, in order. */
  products?: string[][];
}

/** JW302: the JW301 answered, its header, client, relations, contacts and products each with codes. */
export function buildAssignmentRetour(received: XmlNode, r: { reference: string; day: string }, v: AssignmentVerdict) {
  const content: Content = { Header: retourHeader(IjwMessageType.JW302, received, r, v.header) };
  const c = node(received.Client);
  if (c && v.client) {
    const parts = v.client.includes('0200') ? ['0200'] : ['0233'];
    const echoed = echo(c);
    if (c.Relaties)
      echoed.Relaties = {
        Relatie: list(node(c.Relaties)?.Relatie).map((rel) => ({
          ...echo(rel),
          Contact: list(rel.Contact).map((contact) => withCodes(contact, parts)),
          RetourCodes: codes(parts),
        })),
      };
    echoed.Contactgegevens = {
      Contact: list(node(c.Contactgegevens)?.Contact).map((contact) => withCodes(contact, parts)),
    };
    echoed.ToegewezenProducten = {
      ToegewezenProduct: list(node(c.ToegewezenProducten)?.ToegewezenProduct).map((p, i) =>
        withCodes(p, v.products?.[i] ?? ['0233']),
      ),
    };
    echoed.RetourCodes = codes(v.client);
    content.Client = echoed;
  }
  return message(IjwMessageType.JW302, content);
}

/** JW320: the JW319 answered. */
export function buildAnswerRetour(received: XmlNode, r: { reference: string; day: string }, own: string[]) {
  const content: Content = { Header: retourHeader(IjwMessageType.JW320, received, r, own) };
  const antwoord = node(received.Antwoord);
  if (antwoord) {
    const echoed = echo(antwoord);
    const place = node(antwoord.Woonplaatsbeginsel);
    if (place) echoed.Woonplaatsbeginsel = withCodes(place, own);
    content.Antwoord = { ...echoed, RetourCodes: codes(own) };
  }
  return message(IjwMessageType.JW320, content);
}
