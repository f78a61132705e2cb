import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RowProblem, ReadResult } from './import.document';
import type { RawRow } from './import.validator';
import { activityScope, IatiDocument, parseFile, sourceRowOf } from './iati/activity-file';
import { initiativeRow, missingIdentifierProblem } from './iati/activity';
import { Organisations } from './iati/organisations';
import { Participations } from './iati/participation';
import { Flows, publishersByActivity } from './iati/transactions';

export { actorKindOf } from './iati/codelists';
export { slug, toNodeId } from './iati/ids';
export type { IatiDocument } from './iati/activity-file';

/**
 * IATI activity XML (2.0x) import. All files of one import are read together, because
 * activities point at each other across files (and publishers).
 *
 * Each file becomes a Source (kind DATASET, id `iati-file-<file name>`, title "<file> (<reporting
 * orgs>)"), and every row built from the file cites it. How the elements of an activity become
 * rows is told where each is read: organisations in iati/organisations.ts, the activity in
 * iati/activity.ts, its participants in iati/participation.ts, its transactions in
 * iati/transactions.ts.
 *
 * Rows are located as "line N <element>", e.g. "line 265 <transaction>".
 *
 * Files are imported as published. Every transaction type of IATI's codelist (1-13) becomes a
 * FUNDS link carrying its transactionType, value date, reporting org and reporting activity;
 * amounts are kept exactly as written, negative ones included. Defects of the source are imported
 * as it gives them and reported as warnings with their file and line, never as bad rows: an org
 * ref that is not a well-formed IATI organisation identifier, HTML markup in a name, a
 * transaction repeated exactly within its activity, an end date before the start date (the last
 * found by the import validator). Real errors are problems that reject their row: an activity
 * without iati-identifier, a transaction without a value.
 */

/** Reads the IATI activity files of one import together; see the module comment for the mapping. */
export function iatiRows(documents: readonly IatiDocument[]): ReadResult {
  const files = documents.map(parseFile);
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const organisations = new Organisations();
  const initiatives: RawRow[] = [];
  const participations = new Participations();
  const flows = new Flows(publishersByActivity(files));

  for (const file of files) {
    for (const activity of file.activities) {
      if (!activity.rawId) {
        problems.push(missingIdentifierProblem(file, activity));
        continue;
      }
      initiatives.push(initiativeRow(file, activity, warnings));
      organisations.mention(activity.reportingOrg);
      const scope = activityScope(file, activity, organisations, { problems, warnings });
      participations.read(scope);
      flows.read(scope);
    }
  }

  const sources = files.map(sourceRowOf);
  return {
    rows: [...sources, ...organisations.actorRows(), ...initiatives, ...participations.rows, ...flows.rows()],
    problems,
    warnings: inDocumentOrder([...organisations.warnings(), ...warnings], files.map((file) => file.file)),
  };
}

/** By file, in the order given, then by line, as a reader goes through them. */
function inDocumentOrder(warnings: RowProblem[], files: string[]): RowProblem[] {
  const line = (problem: RowProblem) => Number(/^line (\d+)/.exec(problem.location)?.[1] ?? 0);
  return warnings.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || line(a) - line(b));
}

export async function readIatiRows(files: readonly string[]): Promise<ReadResult> {
  const documents = await Promise.all(
    files.map(async (file) => ({ file: path.basename(file), xml: await readFile(file, 'utf8') })),
  );
  return iatiRows(documents);
}
