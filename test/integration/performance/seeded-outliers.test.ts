import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('high trust, high penalty on the seeded data', () => {
  it('flags the provider seeded with heavier intensities (Stichting Middin) and none of its peers', async () => {
    const { data, errors } = await t.as('contractmanager@denhaag.example')(
      `{ intensityOutliers(from: "2025-01-01", to: "2025-12-31") { providers { flagged provider { name } } } }`,
    );
    expect(errors).toBeUndefined();
    const flagged = data!.intensityOutliers.providers.filter((p: any) => p.flagged).map((p: any) => p.provider.name);
    expect(flagged).toEqual(['Stichting Middin']);
    const assessed = data!.intensityOutliers.providers.map((p: any) => p.provider.name);
    expect(assessed).toEqual(
      expect.arrayContaining([
        'Stichting Jeugdformaat',
        'Parnassia Groep',
        'Incluzio Randstad B.V.',
        'Mentaal Cure B.V.',
      ]),
    );
  });
});
