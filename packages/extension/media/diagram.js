// @ts-check
// The diagram preview page. Receives SVG documents by postMessage, removes
// anything active from them, swaps them in without touching the scroll
// position or zoom, and reports clicks on nodes and edges back to the
// extension so it can reveal them in the source.
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  const nonce = script ? script.nonce : '';
  const viewport = /** @type {HTMLElement} */ (document.getElementById('viewport'));
  const canvas = /** @type {HTMLElement} */ (document.getElementById('canvas'));
  const messageBox = /** @type {HTMLElement} */ (document.getElementById('message'));
  const zoomLabel = /** @type {HTMLElement} */ (document.getElementById('zoom-level'));
  const coverageButton = /** @type {HTMLButtonElement} */ (document.querySelector('button[data-action="coverage"]'));
  const clearButton = /** @type {HTMLButtonElement} */ (document.querySelector('button[data-action="clear"]'));

  /** @type {{ uri?: string, view?: string, zoom?: number, scrollLeft?: number, scrollTop?: number }} */
  let state = vscode.getState() || {};
  // Without a zoom the user chose, the first diagram is fitted to the panel's width.
  let fitPending = typeof state.zoom !== 'number';
  let zoom = typeof state.zoom === 'number' ? state.zoom : 1;
  let restoreScroll = typeof state.scrollTop === 'number';
  /** Natural size of the current SVG, in CSS pixels. */
  let natural = { width: 0, height: 0 };

  function save(patch) {
    state = Object.assign({}, state, patch);
    vscode.setState(state);
  }

  /** Parses an SVG length ("540pt", "300px", "12.5") into CSS pixels. */
  function length(value) {
    const match = /^\s*([0-9.]+)\s*(pt|px)?\s*$/.exec(value || '');
    if (!match) return 0;
    const n = parseFloat(match[1]);
    return match[2] === 'pt' ? n * 4 / 3 : n;
  }

  /**
   * Builds a live SVG element from markup, dropping scripts, event handlers,
   * foreign objects and any link that leaves the document. Style attributes
   * are re-applied through the CSSOM and style elements get this page's
   * nonce, because the Content-Security-Policy forbids inline styles.
   */
  function importSvg(markup) {
    const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const root = parsed.documentElement;
    if (!root || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
      throw new Error('The diagram is not a well-formed SVG document.');
    }
    for (const bad of Array.from(root.querySelectorAll('script, foreignObject, iframe, object, embed, audio, video'))) {
      bad.remove();
    }
    /** @type {Array<[Element, string]>} */
    const styles = [];
    for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.trim();
        if (name.startsWith('on')) {
          element.removeAttribute(attribute.name);
        } else if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) {
          element.removeAttribute(attribute.name);
        } else if (name === 'style') {
          styles.push([element, value]);
          element.removeAttribute(attribute.name);
        }
      }
      if (element.localName === 'style') element.setAttribute('nonce', nonce);
    }
    const live = /** @type {SVGSVGElement} */ (document.importNode(root, true));
    // Re-apply the styles on the imported copies, in document order.
    const originals = [root, ...Array.from(root.querySelectorAll('*'))];
    const copies = [live, ...Array.from(live.querySelectorAll('*'))];
    for (const [element, css] of styles) {
      const copy = copies[originals.indexOf(element)];
      if (copy && 'style' in copy) /** @type {SVGElement} */ (copy).style.cssText = css;
    }
    return live;
  }

  function applyZoom() {
    const svg = canvas.querySelector('svg');
    zoomLabel.textContent = Math.round(zoom * 100) + '%';
    if (!svg || !natural.width || !natural.height) return;
    svg.setAttribute('width', String(natural.width * zoom));
    svg.setAttribute('height', String(natural.height * zoom));
  }

  function setZoom(next, anchorX, anchorY) {
    const clamped = Math.min(8, Math.max(0.1, next));
    const ratio = clamped / zoom;
    const x = anchorX === undefined ? viewport.clientWidth / 2 : anchorX;
    const y = anchorY === undefined ? viewport.clientHeight / 2 : anchorY;
    const left = (viewport.scrollLeft + x) * ratio - x;
    const top = (viewport.scrollTop + y) * ratio - y;
    zoom = clamped;
    applyZoom();
    viewport.scrollLeft = left;
    viewport.scrollTop = top;
    save({ zoom });
  }

  function showMessage(text) {
    messageBox.textContent = text || '';
    messageBox.hidden = !text;
  }

  function update(message) {
    document.body.dataset.view = message.view;
    for (const button of Array.from(document.querySelectorAll('button[data-view]'))) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-view') === message.view));
    }
    if (state.uri !== message.uri || state.view !== message.view) {
      save({ uri: message.uri, view: message.view });
    }
    // The test run drawn over the states view: Coverage toggles, Clear removes either kind.
    coverageButton.disabled = !message.coverageAvailable && message.overlayKind !== 'coverage';
    coverageButton.setAttribute('aria-pressed', String(message.overlayKind === 'coverage'));
    clearButton.hidden = !message.overlayKind;
    if (typeof message.svg !== 'string') {
      showMessage(message.error || 'No diagram.');
      // Keep the last good diagram on screen while the file is being edited.
      return;
    }
    let svg;
    try {
      svg = importSvg(message.svg);
    } catch (error) {
      showMessage(error instanceof Error ? error.message : String(error));
      return;
    }
    const notes = [];
    if (message.draft) notes.push('Draft layout (straight lines) of a big pathway; the full layout follows in a moment.');
    if (message.overlayError) notes.push(message.overlayError);
    showMessage(notes.join('\n'));
    const viewBox = svg.viewBox && svg.viewBox.baseVal;
    natural = {
      width: length(svg.getAttribute('width')) || (viewBox ? viewBox.width : 0),
      height: length(svg.getAttribute('height')) || (viewBox ? viewBox.height : 0),
    };
    // Swap in place: the viewport element, and so its scroll position, stays.
    const left = viewport.scrollLeft;
    const top = viewport.scrollTop;
    canvas.replaceChildren(svg);
    if (fitPending && natural.width > 0 && viewport.clientWidth > 0) {
      fitPending = false;
      zoom = Math.min(1, Math.max(0.1, (viewport.clientWidth - 32) / natural.width));
    }
    applyZoom();
    if (restoreScroll) {
      restoreScroll = false;
      viewport.scrollLeft = state.scrollLeft || 0;
      viewport.scrollTop = state.scrollTop || 0;
    } else {
      viewport.scrollLeft = left;
      viewport.scrollTop = top;
    }
  }

  /** Finds what a click hit: an element tagged by the renderer, else a Graphviz node or edge group. */
  function pick(target) {
    const tagged = target.closest('[data-pmpath-kind]');
    if (tagged) {
      const kind = tagged.getAttribute('data-pmpath-kind') === 'edge' ? 'edge' : 'node';
      return {
        kind,
        name: tagged.getAttribute('data-pmpath-name') || undefined,
        source: tagged.getAttribute('data-pmpath-source') || undefined,
        target: tagged.getAttribute('data-pmpath-target') || undefined,
        index: Number(tagged.getAttribute('data-pmpath-index') || 0),
      };
    }
    const group = target.closest('g.node, g.edge');
    if (!group) return undefined;
    const title = group.querySelector(':scope > title');
    const text = title ? title.textContent || '' : '';
    if (group.classList.contains('node')) return { kind: 'node', name: text };
    const arrow = text.indexOf('->');
    if (arrow < 0) return undefined;
    const source = text.slice(0, arrow);
    const targetName = text.slice(arrow + 2);
    // Several edges may join the same pair: Graphviz numbers edges in the
    // order the DOT (and so the document) lists them, so count the lower ids.
    const number = element => {
      const match = /edge(\d+)$/.exec(element.getAttribute('id') || '');
      return match ? Number(match[1]) : 0;
    };
    let index = 0;
    for (const other of Array.from(canvas.querySelectorAll('g.edge'))) {
      const t = other.querySelector(':scope > title');
      if (other !== group && t && t.textContent === text && number(other) < number(group)) index++;
    }
    return { kind: 'edge', source: source.replace(/:.*$/, ''), target: targetName.replace(/:.*$/, ''), index };
  }

  canvas.addEventListener('click', event => {
    const target = /** @type {Element} */ (event.target);
    if (!(target instanceof Element)) return;
    const picked = pick(target);
    if (picked) vscode.postMessage(Object.assign({ type: 'reveal' }, picked));
  });

  document.querySelector('.toolbar')?.addEventListener('click', event => {
    const button = /** @type {Element} */ (event.target).closest('button');
    if (!button) return;
    switch (button.getAttribute('data-action')) {
      case 'view': vscode.postMessage({ type: 'switchView', view: button.getAttribute('data-view') }); break;
      case 'zoom-in': setZoom(zoom * 1.25); break;
      case 'zoom-out': setZoom(zoom / 1.25); break;
      case 'zoom-reset': setZoom(1); break;
      case 'export': vscode.postMessage({ type: 'export' }); break;
      case 'path': vscode.postMessage({ type: 'pickScenario' }); break;
      case 'coverage': vscode.postMessage({ type: 'toggleCoverage' }); break;
      case 'clear': vscode.postMessage({ type: 'clearOverlay' }); break;
    }
  });

  viewport.addEventListener('wheel', event => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    setZoom(zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1), event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  viewport.addEventListener('keydown', event => {
    if (event.key === '+' || event.key === '=') setZoom(zoom * 1.25);
    else if (event.key === '-') setZoom(zoom / 1.25);
    else if (event.key === '0') setZoom(1);
  });

  let scrollTimer = 0;
  viewport.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => save({ scrollLeft: viewport.scrollLeft, scrollTop: viewport.scrollTop }), 150);
  });

  window.addEventListener('message', event => {
    const message = event.data;
    if (message && message.type === 'update') update(message);
  });

  applyZoom();
  vscode.postMessage({ type: 'ready' });
})();
