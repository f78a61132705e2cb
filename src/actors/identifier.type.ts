import { Field, ObjectType } from 'type-graphql';
import { IdentifierScheme } from './identifiers';
import { strings } from '../common/props';

@ObjectType({ description: "An actor's identifier in a public registry; one identifier identifies one actor" })
export class Identifier {
  @Field(() => String, { description: 'IATI (IATI and org-id.guide organisation identifiers), WIKIDATA or LEI' })
  scheme: IdentifierScheme;

  @Field({ description: 'Normalised: upper-case, no spaces, plain hyphens, the registry\'s current spelling (GB-1 is GB-GOV-1)' })
  value: string;

  /** Resolved to `sources` by IdentifierResolver. */
  sourceIds: string[];
}

export function toIdentifier(props: Record<string, unknown>): Identifier {
  return Object.assign(new Identifier(), {
    scheme: props.scheme as IdentifierScheme,
    value: String(props.value),
    sourceIds: strings(props.sourceIds),
  });
}
