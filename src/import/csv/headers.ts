/** "Source IDs", "source_ids" and "sourceIds" are one column. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_.-]+/g, '');
}

export function isEdgesHeader(headers: readonly string[]): boolean {
  const keys = new Set(headers.map(normaliseHeader));
  return (keys.has('from') || keys.has('fromid')) && (keys.has('to') || keys.has('toid'));
}

/** The header line's most frequent delimiter among comma, semicolon and tab (outside quotes). */
export function sniffDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as [keyof typeof counts, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}
