import { createHash } from 'node:crypto';

/**
 * The key that seals BSNs in the test databases (throwaway data with invented BSNs): the template is
 * seeded with it and every test app opens with it, so the demo youths' identities are readable.
 */
export const TEST_BSN_KEY = createHash('sha256').update('samenspel-test-bsn-key').digest();
