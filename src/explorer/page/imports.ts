/**
 * The "Import a file" panel: an editor drops Kumu, Gephi, GraphML or Cytoscape files (or files in
 * the import format) on the page, reads the dry-run report of the importFiles mutation, and writes
 * only by confirming it. The server reads the files with the CLI's own readers and mapping; the
 * page only carries their bytes and shows what comes back.
 */
import { IMPORT_FILES_MUTATION } from '../queries';
import { authHeaders, storedApiKey } from './api';
import { $, element } from './dom';
import { loadNetwork } from './navigation';

interface ImportFileInput {
  name: string;
  contentBase64: string;
}

interface OutcomeCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

interface ImportProblem {
  file: string | null;
  location: string;
  field: string;
  reason: string;
}

interface ImportReport {
  written: boolean;
  dryRun: boolean;
  sections: (OutcomeCounts & { section: string })[];
  relationshipTypes: (OutcomeCounts & { type: string })[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
  elapsedMs: number;
  rowsPerSecond: number;
}

interface ApiError {
  message: string;
  extensions?: { code?: string; field?: string; reason?: string };
}

/** Beyond this many, a list of warnings or problems says how many more there are: files can hold thousands of bad rows. */
const LISTED_AT_MOST = 100;

const OUTCOMES: (keyof OutcomeCounts)[] = ['created', 'updated', 'unchanged', 'rejected'];

/** The files of the report on screen, kept so that "Import" sends exactly what the dry run read. */
let pending: ImportFileInput[] | null = null;

/** Answers to earlier requests that arrive late (after Cancel or another drop) must not replace the latest report. */
let requestCounter = 0;

/** A write cannot be called back once sent: until it answers, nothing may replace its report. */
let writing = false;

/** Changing one of these changes what the write would do. */
const OPTION_IDS = ['import-files', 'import-skip', 'import-source-title', 'import-source-url'];

function fileInput(): HTMLInputElement {
  return $('import-files') as HTMLInputElement;
}

function skipBadRows(): boolean {
  return ($('import-skip') as HTMLInputElement).checked;
}

function optionalText(id: string): string | null {
  return ($(id) as HTMLInputElement).value.trim() || null;
}

/** A data URL is the browser's own base64 encoder: no string building, whatever the file's size. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(file);
  });
}

/** "files.map.gexf: is not XML" says which file and why; other errors have their message only. */
function describeError(error: ApiError): string {
  const { field, reason } = error.extensions ?? {};
  return field && reason ? `${field}: ${reason}` : error.message;
}

/** Sent without gql(), which keeps only the errors' messages: the panel shows each one's field and reason. */
async function requestImport(files: ImportFileInput[], dryRun: boolean): Promise<ImportReport> {
  const variables = {
    files,
    dryRun,
    onError: skipBadRows() ? 'SKIP' : 'ABORT',
    sourceTitle: optionalText('import-source-title'),
    sourceUrl: optionalText('import-source-url'),
  };
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query: IMPORT_FILES_MUTATION, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: { importFiles: ImportReport | null } | null; errors?: ApiError[] } | null;
  if (!body) throw new Error(`The API answered ${response.status}`);
  if (body.errors?.length) throw new Error(body.errors.map(describeError).join('\n'));
  if (!body.data?.importFiles) throw new Error(`The API answered ${response.status} without a report`);
  return body.data.importFiles;
}

function report(): HTMLElement {
  return $('import-report');
}

function showMessage(text: string, kind: 'meta' | 'error'): void {
  report().replaceChildren(element('p', text, kind === 'error' ? { class: 'error', role: 'alert' } : { class: 'meta' }));
}

function setActions(visible: boolean): void {
  $('import-actions').hidden = !visible;
}

/** "3 created, 1 rejected": zero outcomes say nothing in a narrow column. */
function outcomeText(counts: OutcomeCounts): string {
  const parts = OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => `${counts[outcome]} ${outcome}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

function hasRows(counts: OutcomeCounts): boolean {
  return OUTCOMES.some((outcome) => counts[outcome] > 0);
}

function countList(title: string, rows: { name: string; counts: OutcomeCounts; attribute: string }[], whenNone?: string): HTMLElement[] {
  const shown = rows.filter((row) => hasRows(row.counts));
  if (shown.length === 0) return whenNone ? [element('h3', title), element('p', whenNone, { class: 'meta' })] : [];
  const list = element('ul');
  for (const row of shown) {
    const item = element('li', undefined, { [row.attribute]: row.name });
    item.append(element('strong', row.name), document.createTextNode(`: ${outcomeText(row.counts)}`));
    list.append(item);
  }
  return [element('h3', title), list];
}

/** "connections.csv, row 4, Type: reason": every part comes from the user's file, so it is text, never markup. */
function problemItem(problem: ImportProblem): HTMLLIElement {
  const where = [problem.file, problem.location, problem.field].filter(Boolean).join(', ');
  const item = element('li');
  if (where) item.append(element('span', `${where}: `, { class: 'where' }));
  item.append(document.createTextNode(problem.reason));
  return item;
}

function problemList(title: string, problems: ImportProblem[], note: string, className: string): HTMLElement[] {
  if (problems.length === 0) return [];
  const list = element('ul', undefined, { class: className });
  problems.slice(0, LISTED_AT_MOST).forEach((problem) => list.append(problemItem(problem)));
  if (problems.length > LISTED_AT_MOST) list.append(element('li', `\u2026 and ${problems.length - LISTED_AT_MOST} more`, { class: 'meta' }));
  return [element('h3', `${title} (${problems.length})`), element('p', note, { class: 'meta' }), list];
}

function headline(result: ImportReport, names: string[]): string {
  const files = names.join(', ');
  if (result.written) return `Imported ${files} in ${result.elapsedMs} ms.`;
  if (result.dryRun) return `Dry run of ${files}: nothing is written until you press Import.`;
  return result.problems.length ? `Nothing was written: ${files} ${names.length === 1 ? 'has' : 'have'} bad rows.` : `Nothing was written from ${files}.`;
}

function problemsNote(result: ImportReport): string {
  if (result.written) return 'These rows, and rows that point at them, were skipped.';
  if (skipBadRows()) return 'These rows, and rows that point at them, will be skipped.';
  return 'Nothing is imported while there are bad rows, unless "Skip bad rows" is ticked.';
}

function renderReport(result: ImportReport, names: string[]): void {
  const state = result.written ? 'written' : result.dryRun ? 'dry-run' : 'refused';
  const container = report();
  container.dataset.state = state;
  container.replaceChildren(
    element('p', headline(result, names), { class: state === 'refused' ? 'error' : 'meta' }),
    ...countList(
      result.written ? 'Rows written' : 'Rows',
      result.sections.map((row) => ({ name: row.section, counts: row, attribute: 'data-section' })),
      'None counted in this report.',
    ),
    ...countList(
      'Relationship types',
      result.relationshipTypes.map((row) => ({ name: row.type, counts: row, attribute: 'data-type' })),
    ),
    ...problemList('Warnings', result.warnings, 'Type mapping, names shared with existing actors and other remarks; they do not stop the import.', 'warnings'),
    ...problemList('Problems', result.problems, problemsNote(result), 'problems'),
  );
}

/** The dry-run report the buttons act on; null until one arrives, and again once it is written. */
let lastReport: ImportReport | null = null;

/** With bad rows, ABORT would write nothing: Import offers only a write that can happen. */
function updateControls(): void {
  const confirm = $('import-confirm') as HTMLButtonElement;
  const blocked = !lastReport || (lastReport.problems.length > 0 && !skipBadRows());
  confirm.disabled = writing || blocked;
  confirm.title = blocked && lastReport ? 'Fix the problems, or tick "Skip bad rows"' : '';
  ($('import-cancel') as HTMLButtonElement).disabled = writing;
  for (const id of OPTION_IDS) ($(id) as HTMLInputElement).disabled = writing;
}

function reset(): void {
  requestCounter++;
  pending = null;
  lastReport = null;
  fileInput().value = '';
  setActions(false);
  delete report().dataset.state;
  report().replaceChildren();
}

async function dryRun(): Promise<void> {
  if (!pending || writing) return;
  const ticket = ++requestCounter;
  const files = pending;
  lastReport = null;
  setActions(false);
  showMessage(`Checking ${files.map((file) => file.name).join(', ')}\u2026`, 'meta');
  try {
    const result = await requestImport(files, true);
    if (ticket !== requestCounter) return;
    lastReport = result;
    renderReport(result, files.map((file) => file.name));
    setActions(true);
    updateControls();
  } catch (error) {
    if (ticket !== requestCounter) return;
    showMessage((error as Error).message, 'error');
  }
}

async function confirmImport(): Promise<void> {
  if (!pending || !lastReport || writing) return;
  const files = pending;
  writing = true;
  updateControls();
  let result: ImportReport;
  try {
    result = await requestImport(files, false);
  } catch (error) {
    // The dry-run report stays on screen with the error above it: both can be read.
    report().querySelector(':scope > [role="alert"]')?.remove();
    report().prepend(element('p', (error as Error).message, { class: 'error', role: 'alert' }));
    return;
  } finally {
    writing = false;
    updateControls();
  }
  renderReport(result, files.map((file) => file.name));
  if (!result.written) {
    lastReport = result;
    updateControls();
    return;
  }
  pending = null;
  lastReport = null;
  fileInput().value = '';
  setActions(false);
  // The new nodes may belong in the view on screen: load it again, as changing the key or a filter does.
  void loadNetwork();
}

async function chooseFiles(list: FileList | null): Promise<void> {
  const files = [...(list ?? [])];
  if (files.length === 0 || writing) return;
  const box = $('import-box') as HTMLDetailsElement;
  box.open = true;
  // The panel sits at the foot of the sidebar: files dropped on the drawing must not report out of sight.
  box.scrollIntoView({ block: 'start' });
  reset();
  if (!storedApiKey()) {
    showMessage('Importing needs an editor API key: enter it under "API key" at the top of the page, then choose the files again.', 'error');
    return;
  }
  const ticket = requestCounter;
  try {
    const read = await Promise.all(files.map(async (file) => ({ name: file.name, contentBase64: await base64Of(file) })));
    if (ticket !== requestCounter) return;
    pending = read;
  } catch (error) {
    if (ticket === requestCounter) showMessage((error as Error).message, 'error');
    return;
  }
  await dryRun();
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Files may land anywhere on the page, not only on the drop zone; other drags (text, links) keep their default. */
function setupPageDrop(): void {
  const zone = $('import-drop');
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', (event) => {
    // relatedTarget is null only when the drag leaves the window, not when it moves between elements.
    if (event.relatedTarget === null) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.remove('dragging');
    void chooseFiles(event.dataTransfer!.files);
  });
}

export function setupImports(): void {
  const input = fileInput();
  input.addEventListener('change', () => void chooseFiles(input.files));
  setupPageDrop();
  $('import-confirm').addEventListener('click', () => void confirmImport());
  $('import-cancel').addEventListener('click', reset);
  // The report must be the one the write would give: a changed option checks the files again.
  for (const id of ['import-skip', 'import-source-title', 'import-source-url']) $(id).addEventListener('change', () => void dryRun());
}
