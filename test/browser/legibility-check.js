// @ts-check
/**
 * The geometric legibility check, run inside Chromium on a rendered pmpath
 * SVG (Graphviz output). Loaded into a page as a plain script; defines
 * `window.pmpathLegibility(svg, options)`.
 *
 * A *label* is a text line (`<text>` element) and belongs to one owner: a
 * node (state or actor), an edge (transition or flow), a cluster (its title)
 * or the graph itself (the caption and key). Boxes are `getBBox()` boxes in
 * the drawing's own coordinates (points), so they cover what Chromium
 * actually draws with the installed fonts, ascenders and descenders included.
 *
 * Rules (a violation is reported with both owners named):
 *  1. `label-overlap`: no label overlaps a label of another owner.
 *  2. `label-on-node`: no label overlaps a node it does not belong to (the
 *     node's outline: the union of its shapes).
 *  3. `label-on-cluster-title`: a special case of 1, reported separately.
 *  4. `node-label-overflow`: a node's own labels stay inside its outline.
 *  5. `edge-label-far`: every edge label block lies within `maxEdgeDistance`
 *     points of its own edge's line (shortest distance between the block's
 *     box and the spline, sampled every 2 points).
 *  6. `edge-label-ambiguous`: no other edge's line passes nearer to the label
 *     block than its own line minus `ambiguityMargin` points, so a reader can
 *     tell which line a label belongs to.
 *  7. `edge-through-label`: no edge's line runs through another owner's label
 *     text (the text box shrunk by `tolerance`).
 * Two boxes "overlap" when they intersect by more than `tolerance` points in
 * both directions: touching boxes of adjacent lines are not an overlap.
 */
(function () {
  'use strict';

  /** @typedef {{ x1: number, y1: number, x2: number, y2: number }} Box */

  /** @param {DOMRect} r @returns {Box} */
  const toBox = r => ({ x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height });
  /** @param {Box[]} boxes @returns {Box} */
  const union = boxes => boxes.reduce((u, b) => ({ x1: Math.min(u.x1, b.x1), y1: Math.min(u.y1, b.y1), x2: Math.max(u.x2, b.x2), y2: Math.max(u.y2, b.y2) }));
  /** @param {Box} a @param {Box} b */
  const overlap = (a, b) => Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  /** @param {Box} a @param {Box} b */
  const overlapY = (a, b) => Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  /** @param {Box} a @param {Box} b @param {number} tol */
  const intersects = (a, b, tol) => overlap(a, b) > tol && overlapY(a, b) > tol;
  /** @param {Box} a @param {Box} b @param {number} tol */
  const inside = (a, b, tol) => a.x1 >= b.x1 - tol && a.y1 >= b.y1 - tol && a.x2 <= b.x2 + tol && a.y2 <= b.y2 + tol;
  /** @param {{x: number, y: number}} p @param {Box} b */
  const distance = (p, b) => Math.hypot(Math.max(b.x1 - p.x, 0, p.x - b.x2), Math.max(b.y1 - p.y, 0, p.y - b.y2));

  /** @param {Element} group */
  function ownerName(group) {
    const title = group.querySelector(':scope > title');
    return `${group.getAttribute('class')} ${group.getAttribute('data-pmpath-name') || (group.getAttribute('data-pmpath-source') ? `${group.getAttribute('data-pmpath-source')}->${group.getAttribute('data-pmpath-target')}` : (title && title.textContent) || group.id)}`;
  }

  /** @param {Element} group @returns {Box[]} */
  function textBoxes(group) {
    return Array.from(group.querySelectorAll('text'))
      .filter(t => (t.textContent || '').trim() !== '')
      .map(t => toBox(/** @type {SVGGraphicsElement} */ (t).getBBox()));
  }

  /** Points along every line (path or polyline) of an edge, every `step` points. @param {Element} group */
  function edgePoints(group, step) {
    const points = [];
    for (const path of Array.from(group.querySelectorAll(':scope > path'))) {
      const p = /** @type {SVGPathElement} */ (path);
      const length = p.getTotalLength();
      for (let at = 0; at <= length; at += step) points.push(p.getPointAtLength(at));
      points.push(p.getPointAtLength(length));
    }
    return points;
  }

  /**
   * @param {SVGSVGElement} svg
   * @param {{ tolerance?: number, maxEdgeDistance?: number, ambiguityMargin?: number }} [options]
   */
  function check(svg, options) {
    const tolerance = options && options.tolerance !== undefined ? options.tolerance : 1;
    const maxEdgeDistance = options && options.maxEdgeDistance !== undefined ? options.maxEdgeDistance : 12;
    const ambiguityMargin = options && options.ambiguityMargin !== undefined ? options.ambiguityMargin : 4;
    const graph = svg.querySelector('g.graph');
    if (!graph) return { violations: [{ rule: 'no-graph', a: '', b: '' }], stats: {} };

    /** @type {Array<{ name: string, kind: string, texts: Box[], outline?: Box, points?: DOMPoint[] }>} */
    const owners = [];
    for (const group of Array.from(graph.querySelectorAll('g.node:not(.edgelabel)'))) {
      const shapes = Array.from(group.querySelectorAll('polygon, path, ellipse, polyline, rect'))
        .map(s => toBox(/** @type {SVGGraphicsElement} */ (s).getBBox()));
      owners.push({ name: ownerName(group), kind: 'node', texts: textBoxes(group), outline: shapes.length > 0 ? union(shapes) : undefined });
    }
    // An edge drawn as two legs with its label as a node on the line (`class="edgelabel"`, `edgeleg`):
    // one owner, whose label is the label node's text and whose line is both legs.
    /** @type {Map<string, { name: string, kind: string, texts: Box[], points: DOMPoint[] }>} */
    const byEdge = new Map();
    let anonymous = 0;
    for (const group of Array.from(graph.querySelectorAll('g.edge, g.node.edgelabel'))) {
      const key = group.getAttribute('data-pmpath-for') || group.id || `#${anonymous++}`;
      let owner = byEdge.get(key);
      if (!owner) {
        owner = { name: ownerName(group), kind: 'edge', texts: [], points: [] };
        byEdge.set(key, owner);
        owners.push(owner);
      }
      owner.texts.push(...textBoxes(group));
      if (group.classList.contains('edge')) owner.points.push(...edgePoints(group, 2));
    }
    for (const group of Array.from(graph.querySelectorAll('g.cluster'))) {
      owners.push({ name: ownerName(group), kind: 'cluster', texts: textBoxes(group) });
    }
    const captionTexts = Array.from(graph.querySelectorAll(':scope > text'))
      .filter(t => (t.textContent || '').trim() !== '')
      .map(t => toBox(/** @type {SVGGraphicsElement} */ (t).getBBox()));
    owners.push({ name: 'caption', kind: 'graph', texts: captionTexts });

    /** @type {Array<{ rule: string, a: string, b: string, detail?: string }>} */
    const violations = [];
    const report = (rule, a, b, detail) => {
      if (violations.length < 200) violations.push({ rule, a, b, detail });
    };

    // 1 and 3: label against label of another owner.
    const all = owners.flatMap((owner, index) => owner.texts.map(box => ({ box, owner, index })));
    all.sort((p, q) => p.box.x1 - q.box.x1);
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length && all[j].box.x1 < all[i].box.x2; j++) {
        const p = all[i], q = all[j];
        if (p.index === q.index || !intersects(p.box, q.box, tolerance)) continue;
        const rule = p.owner.kind === 'cluster' || q.owner.kind === 'cluster' ? 'label-on-cluster-title' : 'label-overlap';
        report(rule, p.owner.name, q.owner.name);
      }
    }
    // 2 and 4: labels against node outlines.
    for (const node of owners.filter(o => o.kind === 'node' && o.outline)) {
      const outline = /** @type {Box} */ (node.outline);
      for (const other of owners) {
        for (const box of other.texts) {
          if (other === node) {
            if (!inside(box, outline, tolerance)) report('node-label-overflow', node.name, node.name);
          } else if (intersects(box, outline, tolerance)) {
            report('label-on-node', other.name, node.name);
          }
        }
      }
    }
    // 5, 6 and 7: edge labels and lines.
    const edges = owners.filter(o => o.kind === 'edge');
    let farthest = 0;
    let edgeLabels = 0;
    for (const edge of edges) {
      if (edge.texts.length === 0 || !edge.points || edge.points.length === 0) continue;
      edgeLabels++;
      const block = union(edge.texts);
      const own = Math.min(...edge.points.map(p => distance(p, block)));
      farthest = Math.max(farthest, own);
      if (own > maxEdgeDistance) report('edge-label-far', edge.name, edge.name, `${own.toFixed(1)} pt from its line`);
      for (const other of edges) {
        if (other === edge || !other.points) continue;
        let nearest = Infinity;
        for (const p of other.points) nearest = Math.min(nearest, distance(p, block));
        if (nearest < own - ambiguityMargin) report('edge-label-ambiguous', edge.name, other.name, `own line ${own.toFixed(1)} pt, other ${nearest.toFixed(1)} pt`);
      }
    }
    for (const edge of edges) {
      if (!edge.points) continue;
      for (const other of owners) {
        if (other === edge) continue;
        for (const text of other.texts) {
          const shrunk = { x1: text.x1 + tolerance, y1: text.y1 + tolerance, x2: text.x2 - tolerance, y2: text.y2 - tolerance };
          if (shrunk.x2 <= shrunk.x1 || shrunk.y2 <= shrunk.y1) continue;
          if (edge.points.some(p => p.x > shrunk.x1 && p.x < shrunk.x2 && p.y > shrunk.y1 && p.y < shrunk.y2)) {
            report('edge-through-label', edge.name, other.name);
            break;
          }
        }
      }
    }
    return {
      violations,
      stats: {
        nodes: owners.filter(o => o.kind === 'node').length,
        edges: edges.length,
        edgeLabels,
        labels: all.length,
        farthestEdgeLabel: Math.round(farthest * 10) / 10,
      },
    };
  }

  /** @type {any} */ (window).pmpathLegibility = check;
})();
