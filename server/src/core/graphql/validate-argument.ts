import { validate } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { BadUserInputError } from '../errors/errors.js';
import { fieldProblemsFrom } from '../errors/format.js';
import { invalidIds } from './ids.js';

/**
 * Validates each argument of a resolver before it runs, and refuses it as BAD_USER_INPUT naming every
 * wrong field. First every `ID` among the field's arguments, from the schema (so no argument, input
 * field or list element can be left unchecked); then each argument object with class-validator.
 * Fields are named from the argument: `input.goals.0.description` for the mutations' `input`, plain
 * `first` for the arguments of an `...Args` class.
 */
export const validateArgument: ValidatorFn = async (argValue, argType, { args, info }) => {
  const ids = invalidIds(info.parentType.getFields()[info.fieldName].args, args);
  if (ids.length) throw new BadUserInputError(ids);
  if (argValue === null || typeof argValue !== 'object') return;
  const prefix = typeof argType === 'function' && argType.name.endsWith('Args') ? '' : 'input';
  const values: object[] = Array.isArray(argValue) ? argValue : [argValue];
  const errors = (await Promise.all(values.map((value) => validate(value, { forbidUnknownValues: false })))).flat();
  if (errors.length) throw new BadUserInputError(fieldProblemsFrom(errors, prefix));
};
