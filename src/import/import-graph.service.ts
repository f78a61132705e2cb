import { BadInputError } from '../common/errors';
import { ImportService } from './import.service';
import { jsonDocumentRows } from './json.reader';
import { ImportSummary, SECTION_ORDER } from './import.document';
import { ImportErrorMode, ImportProblem, ImportReport } from './import.type';

/** Where the mutation's document sits in errors and problems: the argument's name. */
const ARGUMENT = 'data';

export interface GraphImportOptions {
  /** Name of the API key that sent the document. */
  caller: string;
  dryRun: boolean;
  onError: ImportErrorMode;
}

function rowOrder(location: string): [number, number] {
  const [, section, index] = location.split('/');
  return [SECTION_ORDER.indexOf(section as never), Number(index)];
}

/** Reference checks run after field checks; a client reads the rows top to bottom. */
function inRowOrder(problems: ImportSummary['problems']): ImportProblem[] {
  return problems
    .map(({ location, field, reason }) => ({ location, field, reason }))
    .sort((a, b) => {
      const [sa, ia] = rowOrder(a.location);
      const [sb, ib] = rowOrder(b.location);
      return sa - sb || ia - ib;
    });
}

function toReport(summary: ImportSummary, dryRun: boolean): ImportReport {
  const problems = inRowOrder(summary.problems);
  return {
    written: summary.written,
    dryRun,
    sections: SECTION_ORDER.map((section) => ({ section, ...summary.counts[section], rejected: summary.rejected[section] })),
    relationshipTypes: Object.keys(summary.relationshipTypes)
      .sort()
      .map((type) => ({ type, ...summary.relationshipTypes[type] })),
    problems,
    warnings: inRowOrder(summary.warnings),
    elapsedMs: summary.elapsedMs,
    rowsPerSecond: summary.rowsPerSecond,
  };
}

/**
 * The importGraph mutation: the CLI's JSON path (jsonDocumentRows, then ImportService.run) for
 * documents small enough to send in one request.
 */
export class ImportGraphService {
  constructor(
    private readonly importer: Pick<ImportService, 'run'>,
    private readonly maxRows: number,
  ) {}

  async importDocument(data: unknown, options: GraphImportOptions): Promise<ImportReport> {
    const rows = jsonDocumentRows(data, ARGUMENT);
    if (rows.length > this.maxRows) {
      throw new BadInputError(
        ARGUMENT,
        `holds ${rows.length} rows; importGraph takes at most ${this.maxRows}: import larger documents with \`npm run import\``,
      );
    }
    const summary = await this.importer.run(rows, {
      by: `importGraph:${options.caller}`,
      dryRun: options.dryRun,
      onError: options.onError,
      // One transaction: a request that fails half-way leaves the graph as it was.
      transaction: 'single',
    });
    return toReport(summary, options.dryRun);
  }
}
