import { ArrayMaxSize, IsString, ValidationOptions, Matches, registerDecorator } from 'class-validator';
import { endNotBeforeStart, isPartialDate } from './partial-date';
import { amountProblem } from './decimal';
import { flatAttributesProblem, TAG_LIMITS } from './free-attributes';
import { cleanName } from './names';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Ids are readable slugs, UUIDs or IATI identifiers; anything else is refused early. */
export function IsNodeId(options?: ValidationOptions) {
  return Matches(ID_PATTERN, {
    message: '$property must be 1-200 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
    ...options,
  });
}

/**
 * Free attributes (see free-attributes.ts): a flat object of names to strings, numbers, booleans
 * or lists of one of those. The message names the key at fault and why.
 */
export function IsFlatAttributes(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'isFlatAttributes',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => value == null || flatAttributesProblem(value) === null,
        defaultMessage: (args) => `$property ${flatAttributesProblem(args?.value) ?? 'must be a flat object'}`,
      },
    });
  };
}

/** Tags: a short list of labels, each 1-100 characters once trimmed (they are stored trimmed). */
export function IsTags(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    ArrayMaxSize(TAG_LIMITS.tags, options)(object, propertyName);
    IsString({ ...options, each: true })(object, propertyName);
    registerDecorator({
      name: 'isTag',
      target: object.constructor,
      propertyName,
      options: { message: `$property must each be 1-${TAG_LIMITS.tagLength} characters once trimmed`, ...options, each: true },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || (value.trim().length >= 1 && value.trim().length <= TAG_LIMITS.tagLength),
      },
    });
  };
}

/** On names: some text must be left once markup and spaces are cleaned away (names.ts), since that is what is stored. */
export function HasNameText(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'hasNameText',
      target: object.constructor,
      propertyName,
      options: { message: '$property must hold text besides markup and spaces', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || cleanName(value) !== '' },
    });
  };
}

/** A sha256 digest as hex, the way sha256sum prints it. */
export function IsSha256(options?: ValidationOptions) {
  return Matches(/^[0-9a-f]{64}$/, { message: '$property must be a sha256: 64 lowercase hexadecimal characters', ...options });
}

export function IsPartialDate(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'isPartialDate',
      target: object.constructor,
      propertyName,
      options: { message: '$property must be a date: YYYY, YYYY-MM or YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => value == null || isPartialDate(value) },
    });
  };
}

/** Put on endDate: it may not end before the object's startDate begins. */
export function NotBeforeStartDate(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'notBeforeStartDate',
      target: object.constructor,
      propertyName,
      options: { message: '$property must not be before startDate', ...options },
      validator: {
        validate(value: unknown, args) {
          const start = (args?.object as { startDate?: string | null }).startDate;
          return typeof value !== 'string' || typeof start !== 'string' || endNotBeforeStart(start, value);
        },
      },
    });
  };
}

/**
 * An amount of money: a finite number or a decimal string ("1234.5678", "-12"; no exponent, so
 * "1e3" is refused), negative allowed, within the bounds of amountProblem. A string keeps every
 * digit the source gave (an IATI reader passes the XML's text); a number is read from its
 * shortest representation. What this accepts, storing accepts.
 */
export function IsDecimalAmount(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'isDecimalAmount',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => amountProblem(value) === null,
        defaultMessage: (args) => `$property ${amountProblem(args?.value) ?? 'must be an amount'}`,
      },
    });
  };
}
