import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum SourceKind {
  DOCUMENT = 'DOCUMENT',
  WEBSITE = 'WEBSITE',
  DATASET = 'DATASET',
  GENERAL_KNOWLEDGE = 'GENERAL_KNOWLEDGE',
}

registerEnumType(SourceKind, {
  name: 'SourceKind',
  description: 'GENERAL_KNOWLEDGE marks facts added by the editors that no document states',
});

export enum SupportedKind {
  ACTOR = 'ACTOR',
  INITIATIVE = 'INITIATIVE',
  TERRITORY = 'TERRITORY',
  RELATIONSHIP = 'RELATIONSHIP',
  INDICATOR = 'INDICATOR',
}

registerEnumType(SupportedKind, { name: 'SupportedKind' });

@ObjectType({ description: 'A fact a source backs: a node, a relationship or an indicator' })
export class SupportedFact {
  @Field(() => SupportedKind)
  kind: SupportedKind;

  @Field(() => ID, { description: 'Id of the node or relationship; for an indicator, of its initiative' })
  id: string;

  @Field({ description: 'Human-readable label: a name, "FROM -TYPE-> TO", or an indicator name' })
  label: string;
}

@ObjectType({ description: 'A document or other origin that backs facts in the graph' })
export class Source {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => SourceKind)
  kind: SourceKind;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => String, { nullable: true, description: 'Publication date (Date precision: YYYY, YYYY-MM or YYYY-MM-DD)' })
  date: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag, e.g. fr' })
  language: string | null;

  @Field(() => String, { nullable: true })
  excerpt: string | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the file the source is, when it is one (an imported file)' })
  checksum: string | null;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}
