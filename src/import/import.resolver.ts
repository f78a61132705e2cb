import { Args, Authorized, Mutation, Resolver } from 'type-graphql';
import { ImportReport } from './import.type';
import { ImportFilesArgs, ImportGraphArgs } from './import.input';
import type { ImportGraphService } from './import-graph.service';
import { WrittenBy } from '../common/caller';

@Resolver()
export class ImportResolver {
  constructor(private readonly importGraphService: ImportGraphService) {}

  @Authorized('editor')
  @Mutation(() => ImportReport, {
    description:
      'Imports a small document in the format of `npm run import` through the same checks; bad rows come back in problems, not as errors',
  })
  importGraph(@Args() { data, dryRun, onError, match }: ImportGraphArgs, @WrittenBy() by: string): Promise<ImportReport> {
    return this.importGraphService.importDocument(data, { caller: by, dryRun, onError, match });
  }

  @Authorized('editor')
  @Mutation(() => ImportReport, {
    description:
      'Imports files as `npm run import` does (Kumu workbooks and CSV, Gephi tables, GEXF, GraphML, Cytoscape JSON, the import format), through the same readers, mapping and checks; use dryRun to see the report first',
  })
  importFiles(@Args() { files, dryRun, onError, match, ...network }: ImportFilesArgs, @WrittenBy() by: string): Promise<ImportReport> {
    return this.importGraphService.importFiles(files, { caller: by, dryRun, onError, match, ...network });
  }
}
