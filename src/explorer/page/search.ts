import { SEARCH_QUERY } from '../queries';
import { gql } from './api';
import { $, element, setStatus } from './dom';
import { centreOn } from './navigation';

interface SearchHit {
  id: string;
  name: string;
  label: string;
}

export function setupSearch(): void {
  const input = $('search') as HTMLInputElement;
  const results = $('search-results');
  let timer: number | undefined;
  let hits: SearchHit[] = [];
  let active = -1;
  const choose = (index: number) => {
    const hit = hits[index];
    if (!hit) return;
    results.replaceChildren();
    input.value = hit.name;
    centreOn(hit.id, hit.name);
  };
  const render = () => {
    results.replaceChildren(
      ...hits.map((hit, index) => {
        const item = element('li', hit.name, { role: 'option', 'aria-selected': String(index === active), 'data-id': hit.id });
        item.append(element('small', hit.label));
        // On mousedown, before the input's blur empties the list; preventDefault keeps the focus in the input.
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        return item;
      }),
    );
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      hits = [];
      render();
      return;
    }
    timer = window.setTimeout(async () => {
      try {
        const data = await gql<{ search: { label: string; node: { id: string; name: string } }[] }>(SEARCH_QUERY, { text });
        // Typing went on while the request was out: its answer is for an older text.
        if (input.value.trim() !== text) return;
        hits = data.search.map((hit) => ({ id: hit.node.id, name: hit.node.name, label: hit.label }));
        active = hits.length ? 0 : -1;
        render();
      } catch (error) {
        setStatus((error as Error).message, true);
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length) active = (active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      hits = [];
      render();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(() => results.replaceChildren(), 150));
}
