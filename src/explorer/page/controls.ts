import { RELATIONSHIP_TYPES } from '../../relationships/relationship-kinds';
import { storeApiKey, storedApiKey } from './api';
import { $, element } from './dom';
import { setupDownloads } from './downloads';
import { loadFunding } from './funding';
import { liveView, loadNetwork, redrawNetwork, setView, showCommunities, showCommunity, startFirstAnalysis } from './navigation';
import { state } from './state';
import { EDGE_STYLES } from './styles';
import { ColorBy, MetricName } from './types';

function setupTypeFilter(): void {
  const typesBox = $('types');
  for (const type of RELATIONSHIP_TYPES) {
    const label = element('label');
    const box = element('input', undefined, { type: 'checkbox', value: type });
    box.checked = true;
    box.addEventListener('change', () => {
      if (box.checked) state.types.add(type);
      else state.types.delete(type);
      void loadNetwork();
    });
    label.append(box, element('span', undefined, { class: 'swatch', style: `background:${EDGE_STYLES[type].color}` }), element('span', type));
    typesBox.append(label);
  }
}

function setupDateSlider(): void {
  const slider = $('asof') as HTMLInputElement;
  const enabled = $('asof-on') as HTMLInputElement;
  const label = $('asof-label');
  slider.max = String(new Date().getFullYear());
  let timer: number | undefined;
  const update = () => {
    label.textContent = enabled.checked ? slider.value : 'any date';
    state.asOf = enabled.checked ? slider.value : null;
    // A slider fires many events while dragged; only where it stops is loaded.
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void loadNetwork(), 250);
  };
  label.textContent = 'any date';
  slider.addEventListener('input', () => {
    enabled.checked = true;
    update();
  });
  enabled.addEventListener('change', update);
}

function setupApiKey(): void {
  const key = $('api-key') as HTMLInputElement;
  key.value = storedApiKey() ?? '';
  key.addEventListener('change', () => {
    storeApiKey(key.value.trim());
    liveView.reconnect();
    void loadNetwork();
  });
}

export function setupControls(): void {
  setupTypeFilter();

  const radius = $('radius') as HTMLSelectElement;
  radius.addEventListener('change', () => {
    state.radius = Number(radius.value);
    if (state.centre) void loadNetwork();
  });

  setupDateSlider();

  ($('size-by') as HTMLSelectElement).addEventListener('change', (event) => {
    state.sizeBy = (event.target as HTMLSelectElement).value as MetricName;
    redrawNetwork();
  });
  ($('color-by') as HTMLSelectElement).addEventListener('change', (event) => {
    state.colorBy = (event.target as HTMLSelectElement).value as ColorBy;
    redrawNetwork();
  });
  for (const id of ['flow-direction', 'flow-stage', 'flow-currency']) ($(id) as HTMLSelectElement).addEventListener('change', () => void loadFunding());

  document.querySelectorAll<HTMLButtonElement>('nav button').forEach((button) =>
    button.addEventListener('click', () => setView(button.dataset.view === 'funding' ? 'funding' : 'graph')),
  );

  $('overview-communities').addEventListener('click', showCommunities);
  $('overview-whole').addEventListener('click', () => showCommunity(null));
  $('overview-start').addEventListener('click', startFirstAnalysis);

  setupDownloads();
  setupApiKey();
}
