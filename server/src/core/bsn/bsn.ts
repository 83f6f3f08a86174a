/**
 * The citizen service number (burgerservicenummer, BSN): nine digits passing the 11-test. Samenspel
 * keeps it only for the iJw messages with the municipalities, sealed (vault.ts), and shows it to
 * nobody.
 */

/** The 11-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and the number is not all zeros). */
export function passesElevenTest(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  return (sum - Number(value[8])) % 11 === 0;
}

/**
 * Invented BSNs for demo and test data, in order: `prefix`, a counter, and the check digit that
 * makes each pass the 11-test (numbers whose check digit would be 10 are skipped). Never a real
 * person's on purpose: the demo data marks them as invented.
 */
export function* inventedBsns(prefix = '9999'): Generator<string> {
  const free = 8 - prefix.length;
  for (let n = 0; n < 10 ** free; n++) {
    const body = prefix + String(n).padStart(free, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(body[i]) * (9 - i);
    if (sum % 11 < 10 && passesElevenTest(body + String(sum % 11))) yield body + String(sum % 11);
  }
}
