import { ArrayMaxSize, IsInt, validate } from 'class-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_REASONS, fieldMessage } from '../../server/src/core/errors/field-reasons.js';
import { fieldProblemsFrom } from '../../server/src/core/errors/format.js';
import { IsText, because } from '../../server/src/core/graphql/validation.js';
import { fieldMessageOf } from '../../web/src/lib/api-errors.js';
import { en } from '../../web/src/lib/i18n/en.js';
import { nl } from '../../web/src/lib/i18n/nl.js';
import { loadCatalogue, LOCALES, translate } from '../../web/src/lib/i18n/translate.js';

class Example {
  @IsText(5)
  name!: string;

  @ArrayMaxSize(2, because('TOO_MANY_ENTRIES', { max: 2 }))
  tags!: string[];

  @IsInt()
  count!: number;
}

beforeAll(() => Promise.all(LOCALES.map(loadCatalogue)));

describe('the reasons the API gives for a refused field', () => {
  it('each have a Dutch and an English text in the portal, with the same parameters', () => {
    for (const [reason, english] of Object.entries(FIELD_REASONS)) {
      const key = `apiField.${reason}` as keyof typeof nl;
      expect(nl, reason).toHaveProperty([key]);
      const parameters = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => p !== 'what');
      // the portal may leave a parameter out (e.g. {what}, which the field's label already says), never invent one
      for (const text of [nl[key], en[key]])
        for (const p of parameters(text)) expect(parameters(english), `${reason}: {${p}}`).toContain(p);
    }
  });

  it('come from the validators with their parameters, and fall back to INVALID_VALUE for a bare type check', async () => {
    const example = Object.assign(new Example(), { name: 'Jansen-de Vries', tags: ['a', 'b', 'c'], count: 1.5 });
    const problems = fieldProblemsFrom(await validate(example), 'input');
    expect(problems).toContainEqual({
      field: 'input.name',
      reason: 'TOO_LONG',
      params: { max: 5 },
      message: 'is longer than 5 characters',
    });
    expect(problems).toContainEqual({
      field: 'input.tags',
      reason: 'TOO_MANY_ENTRIES',
      params: { max: 2 },
      message: 'has more than 2 entries',
    });
    expect(problems).toContainEqual(expect.objectContaining({ field: 'input.count', reason: 'INVALID_VALUE' }));
  });

  it('are shown in Dutch, parameters filled in; a reason the portal does not know keeps the API’s English', () => {
    const tooLong = fieldMessageOf({
      field: 'input.name',
      reason: 'TOO_LONG',
      params: { max: 200 },
      message: fieldMessage('TOO_LONG', { max: 200 }),
    });
    expect('key' in tooLong && translate('nl', tooLong.key, tooLong.params)).toBe('is langer dan 200 tekens');
    expect(fieldMessageOf({ field: 'input.x', reason: 'SOMETHING_NEW', message: 'is new' })).toEqual({ api: 'is new' });
  });
});
