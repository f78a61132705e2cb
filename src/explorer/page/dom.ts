export function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

/**
 * Resolves once the next frame is painted (a timer queued from an animation frame runs after it),
 * or after `atMostMs` where the page draws no frames (a hidden tab, an embed scrolled out of view).
 */
export function afterNextPaint(atMostMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, atMostMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

export function setStatus(message: string, isError = false): void {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

/** Adds a note to what the status line says, unless it shows an error. */
export function appendStatus(note: string): void {
  const status = $('status');
  if (!status.classList.contains('error')) status.textContent = `${status.textContent} \u00b7 ${note}`;
}

/** Source URLs come from imported data: only web links may become clickable. */
export function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
