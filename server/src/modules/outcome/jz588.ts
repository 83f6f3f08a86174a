/**
 * iJw JZ588 reasons for ending (../shared/ijw/codelijsten/JZ588_Reden_beeindiging.md) and their CBS
 * end codes (Beleidsinformatie Jeugd): 01 according to plan, 02 early by agreement, 03 early
 * one-sided by the client (= dropout), 04 early one-sided by the provider, 05 external cause.
 * The mapping of 31, 32, 33, 34, 35, 02 and 39 is the one in domain.md; for 36, 37 and 38 (added to
 * JZ588 later) the nearest CBS category is used. Code 20 (temporarily ended, resumption expected)
 * does not end a trajectory, so it is not accepted for an outcome.
 */
export const JZ588_TO_CBS: Readonly<Record<string, { cbs: string; description: string }>> = {
  '02': { cbs: '05', description: 'Overlijden' },
  '31': { cbs: '01', description: 'Levering is volgens plan beëindigd' },
  '32': { cbs: '03', description: 'Voortijdig afgesloten, door cliënt' },
  '33': { cbs: '04', description: 'Voortijdig afgesloten, door aanbieder' },
  '34': { cbs: '02', description: 'Voortijdig afgesloten, in overleg' },
  '35': { cbs: '05', description: 'Voortijdig afgesloten, externe oorzaak' },
  '36': { cbs: '05', description: 'Geïnitieerd door de gemeente' },
  '37': { cbs: '02', description: 'In verband met wijzigingsverzoek' },
  '38': { cbs: '02', description: 'Overstap naar andere aanbieder' },
  '39': { cbs: '01', description: 'Uitstroom naar ander domein' },
};

/** The CBS end code of a JZ588 reason, or undefined for a code that cannot end a trajectory. */
export function cbsEndCode(jz588: string): string | undefined {
  return JZ588_TO_CBS[jz588]?.cbs;
}

/** Dropout (uitval) is only an early, one-sided ending by the client: CBS 03. */
export function isDropout(jz588: string): boolean {
  return cbsEndCode(jz588) === '03';
}
