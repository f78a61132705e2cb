import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, registerDecorator, ValidationOptions } from 'class-validator';
import { IDENTIFIER_SCHEMES, isIdentifierScheme, keysForText, normaliseIdentifier, SCHEME_FORMATS } from './identifiers';
import { IsNodeId } from '../common/validation';

/** On `value`: well-formed for the object's `scheme`. An unknown scheme is the scheme's own error, so it says nothing. */
function IsIdentifierValue(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'isIdentifierValue',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown, args) {
          const scheme = (args?.object as { scheme?: unknown }).scheme;
          return typeof value !== 'string' || !isIdentifierScheme(scheme) || normaliseIdentifier(scheme, value) !== null;
        },
        defaultMessage(args) {
          const scheme = (args?.object as { scheme?: unknown }).scheme;
          return isIdentifierScheme(scheme) ? `$property must be ${SCHEME_FORMATS[scheme]}` : '$property is malformed';
        },
      },
    });
  };
}

/** On a filter's text: an identifier of some scheme, bare or as SCHEME:VALUE. */
export function IsIdentifierText(options?: ValidationOptions) {
  return function (object: object, propertyName: string) {
    registerDecorator({
      name: 'isIdentifierText',
      target: object.constructor,
      propertyName,
      options: {
        message: `$property must be an identifier, bare or as SCHEME:VALUE with a scheme among ${IDENTIFIER_SCHEMES.join(', ')} (e.g. XM-DAC-41114, IATI:XM-DAC-41114, Q1047)`,
        ...options,
      },
      validator: { validate: (value: unknown) => value == null || (typeof value === 'string' && keysForText(value).length > 0) },
    });
  };
}

@InputType({ description: 'An identifier of the actor in a public registry' })
export class IdentifierInput {
  @Field({ description: `One of ${IDENTIFIER_SCHEMES.join(', ')}` })
  @IsIn(IDENTIFIER_SCHEMES, { message: `$property must be one of ${IDENTIFIER_SCHEMES.join(', ')}` })
  scheme: string;

  @Field({ description: 'As written anywhere: it is stored normalised (trimmed, upper-case, no spaces, plain hyphens)' })
  @IsString()
  @Length(1, 200)
  @IsIdentifierValue()
  value: string;

  @Field(() => [ID], { nullable: true, description: "Sources that give this identifier; without them, the actor's sourceIds" })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsNodeId({ each: true })
  sourceIds?: string[];
}
