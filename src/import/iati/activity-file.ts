import { XMLValidator } from 'fast-xml-parser';
import type { RowProblem } from '../import.document';
import type { RawRow } from '../import.validator';
import { shortHash, slug, toNodeId } from './ids';
import { MENTION_RANK, MentionPlace, OrgMention, orgMention, Organisations } from './organisations';
import { clip, isoDate } from './values';
import { arr, attr, LineIndex, textOf, xmlParser, XmlNode } from './xml';

export interface IatiDocument {
  /** Shown in locations and used for the Source id; the file's base name. */
  file: string;
  xml: string;
}

export interface ParsedActivity {
  rawId: string;
  id: string;
  line: number;
  node: XmlNode;
  lang: string | undefined;
  reportingOrg: OrgMention | undefined;
}

export interface ParsedFile {
  file: string;
  sourceId: string;
  line: number;
  generated: string | undefined;
  lines: LineIndex;
  activities: ParsedActivity[];
}

/** What the readers of one activity's elements share: where they read, and what they add to. */
export interface ActivityScope {
  file: ParsedFile;
  activity: ParsedActivity;
  place: MentionPlace;
  organisations: Organisations;
  /** Rows that cannot be imported: they count as bad rows. */
  problems: RowProblem[];
  /** Defects of the source, imported as it gives them: reported, never blocking. */
  warnings: RowProblem[];
}

export function activityScope(
  file: ParsedFile,
  activity: ParsedActivity,
  organisations: Organisations,
  report: Pick<ActivityScope, 'problems' | 'warnings'>,
): ActivityScope {
  return { file, activity, place: mentionPlace(file, activity.line, activity.lang), organisations, problems: report.problems, warnings: report.warnings };
}

function mentionPlace(file: Pick<ParsedFile, 'file' | 'sourceId' | 'lines'>, line: number, lang: string | undefined): MentionPlace {
  return { file: file.file, sourceId: file.sourceId, lines: file.lines, fallbackLine: line, lang };
}

function sourceIdOf(file: string): string {
  return toNodeId(`iati-file-${slug(file.replace(/\.xml$/i, '')) || shortHash(file)}`);
}

/** The <iati-activities> root, or an error saying why the document is not an IATI 2.0x activity file. */
function activitiesRoot(document: IatiDocument): XmlNode {
  const validation = XMLValidator.validate(document.xml);
  if (validation !== true) {
    throw new Error(`${document.file} is not well-formed XML: line ${validation.err.line}: ${validation.err.msg}`);
  }
  const root = xmlParser.parse(document.xml) as XmlNode;
  const activities = root['iati-activities'];
  if (typeof activities !== 'object' || activities === null) {
    const found = Object.keys(root).filter((key) => !key.startsWith('?'))[0];
    throw new Error(`${document.file} is not an IATI activity file: its root element is <${found ?? 'none'}>, expected <iati-activities>`);
  }
  const version = attr(activities, 'version');
  if (version && !version.startsWith('2.')) {
    throw new Error(`${document.file} is IATI version ${version}; only 2.0x activity files are supported`);
  }
  return activities as XmlNode;
}

function parseActivity(activity: XmlNode, activities: XmlNode, file: Pick<ParsedFile, 'file' | 'sourceId' | 'lines' | 'line'>): ParsedActivity {
  const line = file.lines.lineOf(activity, file.line);
  const lang = attr(activity, 'xml:lang') ?? attr(activities, 'xml:lang');
  const rawId = textOf(arr(activity['iati-identifier'])[0]) ?? '';
  const reportingNode = arr(activity['reporting-org'])[0];
  const reportingOrg = orgMention(reportingNode, 'reporting-org', MENTION_RANK.reportingOrg, mentionPlace(file, line, lang));
  return { rawId, id: rawId ? toNodeId(rawId) : '', line, node: activity, lang, reportingOrg };
}

export function parseFile(document: IatiDocument): ParsedFile {
  const activities = activitiesRoot(document);
  const lines = new LineIndex(document.xml);
  const at = { file: document.file, sourceId: sourceIdOf(document.file), lines, line: lines.lineOf(activities, 1) };
  const parsed = arr(activities['iati-activity'])
    .filter((node): node is XmlNode => typeof node === 'object' && node !== null)
    .map((activity) => parseActivity(activity, activities, at));
  return { ...at, generated: isoDate(attr(activities, 'generated-datetime')), activities: parsed };
}

/** The Source every row of the file cites, titled by the file and its reporting orgs. */
export function sourceRowOf(file: ParsedFile): RawRow {
  const reporters = [...new Set(file.activities.map((a) => a.reportingOrg?.name ?? a.reportingOrg?.ref).filter(Boolean))];
  const reporterText = reporters.slice(0, 3).join(', ') + (reporters.length > 3 ? `, and ${reporters.length - 3} more` : '');
  return {
    section: 'sources',
    file: file.file,
    location: `line ${file.line} <iati-activities>`,
    value: {
      id: file.sourceId,
      title: clip(reporterText ? `${file.file} (${reporterText})` : file.file, 500),
      kind: 'DATASET',
      ...(reporterText ? { publisher: clip(reporterText, 300) } : {}),
      ...(file.generated ? { date: file.generated } : {}),
    },
  };
}
