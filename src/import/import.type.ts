import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The values are ImportService's own modes, so the resolver passes them on as they are. */
export enum ImportErrorMode {
  ABORT = 'abort',
  SKIP = 'skip',
}

registerEnumType(ImportErrorMode, {
  name: 'ImportErrorMode',
  description: 'What importGraph does when some rows are bad',
  valuesConfig: {
    ABORT: { description: 'Write nothing, and report every bad row' },
    SKIP: { description: 'Write the good rows, and report the bad ones' },
  },
});

/** The values are ImportService's own modes. */
export enum ImportMatchMode {
  REPORT = 'report',
  LINK = 'link',
}

registerEnumType(ImportMatchMode, {
  name: 'ImportMatchMode',
  description: 'What an import does with a row that would create an actor scoring as a likely duplicate of an existing one',
  valuesConfig: {
    REPORT: { description: 'List the match in the report and create the actor as given' },
    LINK: { description: 'Also resolve the row to the existing actor when an identifier agrees (e.g. a bare DAC code and the XM-DAC identifier)' },
  },
});

/** The four outcomes a row can have, counted the same way per section and per relationship type. */
@ObjectType()
abstract class ImportOutcomeCounts {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int, { description: 'Rows equal to what the graph already held' })
  unchanged: number;

  @Field(() => Int, { description: 'Bad rows, and rows that pointed at bad rows' })
  rejected: number;
}

@ObjectType({ description: 'What happened to the rows of one section of the document' })
export class ImportSectionCount extends ImportOutcomeCounts {
  @Field({ description: 'sources, territories, actors, initiatives or relationships' })
  section: string;
}

@ObjectType({ description: 'The relationships section again, per relationship type' })
export class ImportTypeCount extends ImportOutcomeCounts {
  @Field({ description: 'As given in the rows, so a rejected row may name a type that does not exist' })
  type: string;
}

@ObjectType({ description: 'One bad row, or (in warnings) one defect of the source that was imported as given' })
export class ImportProblem {
  @Field(() => String, { nullable: true, description: 'The file the row is in, for importFiles; null for importGraph\'s one document' })
  file?: string | null;

  @Field({ description: 'JSON pointer of the row (e.g. /actors/3), or its line, sheet and row in a file (e.g. "sheet Connections, row 4")' })
  location: string;

  @Field({ description: 'The field at fault, e.g. amount.amount; empty when the whole row is' })
  field: string;

  @Field()
  reason: string;
}

@ObjectType({ description: 'A row that would create an actor scoring as a likely duplicate of an existing actor, scored as duplicateCandidates are' })
export class ImportMatch {
  @Field(() => String, { nullable: true, description: 'The file the row is in, for importFiles' })
  file?: string | null;

  @Field({ description: 'Where the row is, as in problems' })
  location: string;

  @Field(() => String, { nullable: true, description: 'The id the row gives; null when the actor would get a generated one' })
  rowId: string | null;

  @Field({ description: 'The name the row gives' })
  name: string;

  @Field(() => ID, { description: 'The existing actor it may be' })
  actorId: string;

  @Field()
  actorName: string;

  @Field(() => Float, { description: '0 to 1, as in duplicateCandidates' })
  score: number;

  @Field(() => [String], { description: 'The evidence, strongest first; evidence against starts with "against:"' })
  reasons: string[];

  @Field({ description: 'True when the import resolved the row to this actor (match LINK, an identifier agreeing) instead of creating one' })
  linked: boolean;
}

@ObjectType({ description: 'The outcome of importGraph or importFiles' })
export class ImportReport {
  @Field({ description: 'False when nothing was written: a dry run, or bad rows with onError ABORT' })
  written: boolean;

  @Field()
  dryRun: boolean;

  @Field(() => [ImportSectionCount], { description: 'In import order: sources, territories, actors, initiatives, relationships' })
  sections: ImportSectionCount[];

  @Field(() => [ImportTypeCount])
  relationshipTypes: ImportTypeCount[];

  @Field(() => [ImportProblem], { description: 'Every bad row, in document order' })
  problems: ImportProblem[];

  @Field(() => [ImportProblem], {
    description: 'Defects of the source imported as given, in document order (e.g. an endDate before the startDate); they never block the import',
  })
  warnings: ImportProblem[];

  @Field(() => [ImportMatch], {
    description: 'Rows that would create an actor scoring at least duplicateCandidates\' threshold against an existing one, in row order: review them, and merge with proposeMerge if they are one',
  })
  matches: ImportMatch[];

  @Field(() => Int)
  elapsedMs: number;

  @Field(() => Int)
  rowsPerSecond: number;
}
