/**
 * The iJw 3.2 vocabulary Samenspel uses: message types with their Vektis message codes (COD002),
 * namespaces, who sends what, and the WJ001 retour codes with their meaning as the standard words it
 * (../shared/ijw/codelijsten/WJ001_Retourcode.md).
 */
export enum IjwMessageType {
  JW301 = 'JW301', // toewijzing (municipality → provider)
  JW302 = 'JW302', // its retour
  JW305 = 'JW305', // start zorg
  JW306 = 'JW306',
  JW307 = 'JW307', // stop zorg
  JW308 = 'JW308',
  JW315 = 'JW315', // verzoek om toewijzing
  JW316 = 'JW316',
  JW317 = 'JW317', // verzoek om wijziging
  JW318 = 'JW318',
  JW319 = 'JW319', // antwoord op een verzoek (municipality → provider)
  JW320 = 'JW320', // its retour
  JW323 = 'JW323', // declaratie
  JW325 = 'JW325', // declaratie-antwoord
}

/** COD002 message codes, as in each XSD's BerichtCode pattern. */
export const MESSAGE_CODE: Record<IjwMessageType, string> = {
  JW301: '436',
  JW302: '437',
  JW305: '438',
  JW306: '439',
  JW307: '440',
  JW308: '441',
  JW315: '446',
  JW316: '447',
  JW317: '486',
  JW318: '487',
  JW319: '488',
  JW320: '489',
  JW323: '490',
  JW325: '491',
};

export const typeOfCode = (code: string): IjwMessageType | undefined =>
  (Object.keys(MESSAGE_CODE) as IjwMessageType[]).find((t) => MESSAGE_CODE[t] === code);

export const BASE_NAMESPACE = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
export const namespaceOf = (type: IjwMessageType) => `http://www.istandaarden.nl/ijw/3_2/${type.toLowerCase()}/schema`;
/** BasisschemaXsdVersie and BerichtXsdVersie of every 3.2 schema in ../shared/ijw/xsd. */
export const XSD_VERSION = '0.1.0';

/** What the provider sends: a report, a request or a declaration. */
export const EXPORTED_TYPES = [
  IjwMessageType.JW305,
  IjwMessageType.JW307,
  IjwMessageType.JW315,
  IjwMessageType.JW317,
  IjwMessageType.JW323,
] as const;
export type ExportedType = (typeof EXPORTED_TYPES)[number];

/** The municipality's retour on each message the provider sends. */
export const RETOUR_OF: Record<ExportedType, IjwMessageType> = {
  JW305: IjwMessageType.JW306,
  JW307: IjwMessageType.JW308,
  JW315: IjwMessageType.JW316,
  JW317: IjwMessageType.JW318,
  JW323: IjwMessageType.JW325,
};

/** The provider's retour on each message the municipality sends it. */
export const ANSWERED_WITH: Partial<Record<IjwMessageType, IjwMessageType>> = {
  JW301: IjwMessageType.JW302,
  JW319: IjwMessageType.JW320,
};

/** WJ001 retour codes Samenspel gives or reads, with the meaning the standard gives them. */
export const WJ001: Readonly<Record<string, string>> = {
  '0001': 'Bericht is afgekeurd om technische redenen.',
  '0200': 'Geen opmerking over deze berichtklasse.',
  '0233': 'Berichtklasse is niet beoordeeld.',
  '0611': 'Het ingediende tarief komt niet overeen met het contractuele tarief.',
  '8001': 'Declaratie is volledig toegewezen.',
  '8017': 'Van deze credit prestatie is geen debet prestatie bekend.',
  '8021': 'Referentienummer prestatie is reeds aangeleverd.',
  '8187': 'De prestatie hoort niet bij deze cliënt.',
  '8214':
    'DeclaratiePeriode is niet de kalendermaand die volgt op voorgaande DeclaratiePeriode terwijl iedere declaratieperiode zorg geleverd is.',
  '8848': 'Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen.',
  '9019': 'Het regiebericht kan niet gekoppeld worden aan een toewijzing.',
  '9056': 'Identificatie moet uniek zijn.',
  '9063': 'Het bericht kan niet verwerkt worden omdat geen eerder bericht ontvangen is.',
  '9069': 'Er is geen actueel startbericht met dezelfde sleutel.',
  '9071': 'Het eerdere startbericht kan niet verwijderd worden omdat de zorg al beëindigd is.',
  '9074': 'Er is al een eerder bericht ontvangen met dezelfde sleutel.',
  '9307': 'Begindatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing.',
  '9308': 'Einddatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing.',
  '9319': 'De ProductPeriode valt niet geheel binnen een DeclaratiePeriode.',
  '9321': 'Het ingediende volume overschrijdt het toegewezen volume.',
  '9322': 'De som van de ingediende volumes overschrijdt het toegewezen volume.',
  '9326': 'De actuele levering is nog niet gestopt met een Stopbericht.',
  '9332': 'Toewijzing heeft geen uniek nummer binnen wettelijk domein.',
  '9333': 'Declaratienummer is niet uniek.',
  '9338':
    'Niet iedere prestatie in een declaratiebericht is gerelateerd aan een toegewezen product op basis van het toewijzingnummer.',
  '9339': 'ProductCategorie in de prestatie is niet gelijk aan ProductCategorie in het ToegewezenProduct.',
  '9340': 'ProductCode in de Prestatie is niet gelijk aan ProductCode in het ToegewezenProduct.',
  '9341': 'Eenheid in de Prestatie past niet bij Eenheid in het ToegewezenProduct.',
  '9346': 'IngediendBedrag is niet gelijk aan GeleverdVolume vermenigvuldigd met het ProductTarief.',
  '9347': 'ReferentieAanbieder is niet uniek voor de aanbieder binnen het wettelijk domein.',
  '9349': 'Het VOW bericht bevat niet alle actuele toegewezen producten van de cliënt.',
  '9350':
    'OngewijzigdProduct is niet gerelateerd aan een actueel toegewezen product op basis van het toewijzingnummer.',
  '9351': 'TeWijzigenProduct is niet gerelateerd aan een actuele toewijzing op basis van ToewijzingNummer.',
  '9357':
    'GewensteIngangsdatum is kleiner dan of gelijk aan de dagtekening, maar niet gelijk aan de ingangsdatum van het originele ToegewezenProduct.',
  '9361': 'Het product komt vaker voor met overlappende zorgperiodes.',
  '9366': 'ProductReferentie komt niet voor in een Declaratiebericht.',
  '9367': 'De waarde komt niet overeen met de waarde uit heenbericht met gelijke ProductReferentie.',
  '9369': 'Budget is meegegeven, maar de som van GeleverdVolume past niet binnen het toegewezen Budget.',
  '9374': 'Er is al een verzoek onderhanden.',
  '9379': 'ReferentieAanbieder refereert niet naar een verzoek om toewijzing of verzoek om wijziging.',
  '9384': 'Declaratie op toewijzing met RedenWijziging “13” (Verwijderd).',
  '9385': 'Toewijzing heeft goedgekeurde declaratieregels.',
  '9387': 'Begindatum van de ProductPeriode is niet de eerste dag van de kalendermaand.',
  '9388': 'Einddatum van de ProductPeriode is niet de laatste dag van de kalendermaand.',
  '9389': 'Deze prestatie heeft een debetprestatie zonder bijbehorende creditprestatie.',
  '9390': 'Er is al een Prestatie met gelijk ProductReferentie met waarde Credit.',
  S300: 'Gemeentecode ongeldig.',
  S329: 'ProductCode ongeldig.',
};

/** The meaning of a retour code; a code the list above lacks is named as such. */
export const meaningOf = (code: string): string => WJ001[code] ?? `Retourcode ${code} (zie WJ001).`;

/** Codes that reject nothing: no remark, not assessed (a part under an accepted one), or fully granted. */
const NOT_REJECTING = new Set(['0200', '0233', '8001']);
/** A message is accepted when its retour holds no code that rejects (a part of) it. */
export const acceptedBy = (codes: string[]): boolean => codes.every((c) => NOT_REJECTING.has(c));
