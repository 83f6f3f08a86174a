import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../server/src/config.js';
import { createSchema, printSdl } from '../../server/src/schema.js';

const root = findProjectRoot();

describe('schema/schema.graphql', () => {
  it('is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
    const committed = await readFile(join(root, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSdl(await createSchema()));
  });

  it('offers every organisation type of the API contract with the contract names', async () => {
    const contract = buildSchema(await readFile(join(root, '..', 'shared', 'api-contract.graphql'), 'utf8'), {
      assumeValidSDL: true,
    });
    const actual = buildSchema(await readFile(join(root, 'schema', 'schema.graphql'), 'utf8'));
    const organisationTypes = [
      'Municipality',
      'Area',
      'Provider',
      'Lot',
      'Consortium',
      'ConsortiumMembership',
      'Subcontract',
      'IntegratedTeam',
      'Profile',
      'Intensity',
      'Pic',
    ];
    for (const name of organisationTypes) {
      const want = contract.getType(name) as any;
      const got = actual.getType(name) as any;
      expect(got, name).toBeDefined();
      for (const [field, def] of Object.entries<any>(want.getFields())) {
        expect(String(got.getFields()[field]?.type), `${name}.${field}`).toBe(String(def.type));
      }
    }
    for (const query of ['municipalities', 'providers', 'provider', 'consortia', 'consortium', 'pics']) {
      expect(String(actual.getQueryType()!.getFields()[query].type)).toBe(
        String(contract.getQueryType()!.getFields()[query].type),
      );
    }
    for (const e of ['Segment', 'Duration', 'IntensityLevel', 'ConsortiumRole']) {
      expect(
        (actual.getType(e) as any)
          .getValues()
          .map((v: any) => v.name)
          .sort(),
      ).toEqual(
        (contract.getType(e) as any)
          .getValues()
          .map((v: any) => v.name)
          .sort(),
      );
    }
    expect(parse(await readFile(join(root, 'schema', 'schema.graphql'), 'utf8')).definitions.length).toBeGreaterThan(
      10,
    );
  });
});
