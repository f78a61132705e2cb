import type { ValidationError, ValidatorOptions } from 'class-validator';

/** One input field that failed validation, with every rule it broke. */
export interface InvalidField {
  field: string;
  reasons: string[];
}

/** class-validator's errors echo the whole object back (target, value); keep field and reason only. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): InvalidField[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** How every input is validated, by type-graphql for GraphQL arguments and by hand for the /export route. */
export const INPUT_VALIDATION: ValidatorOptions = { forbidUnknownValues: false, stopAtFirstError: false };
