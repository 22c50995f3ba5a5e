// parley studio: the page (docs/studio.md). Plain JS, no build step; Vega, Vega-Lite and
// vega-embed are inlined by the server, so `vega` and `vegaEmbed` are globals. Every API call
// carries the page's token (from ?token=) in the X-Parley-Token header.
(function () {
  'use strict';

  const token = new URLSearchParams(location.search).get('token') || '';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const $ = (selector) => document.querySelector(selector);

  // What tests and curious analysts can read: the last State, the last edit-to-chart time
  // (ms, from the change event to the table and chart redrawn) and all of them.
  // analysisVersion: the version whose brief and linkage findings are shown.
  const studio = { state: null, lastUpdateMs: null, updateTimes: [], renders: 0, analysisVersion: null };
  // Redraws the last State; resolves with the time the page alone takes (ms).
  studio.redraw = async () => {
    const t0 = performance.now();
    await render(Object.assign({}, state, { version: state.version }), t0);
    return performance.now() - t0;
  };
  window.parleyStudio = studio;

  let state = null;
  let chartView = null;
  let chartPending = null;
  let queue = Promise.resolve(); // requests run one at a time, in order

  // ---- helpers -------------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.setAttribute('class', value);
      else if (key === 'text') el.textContent = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'value') el.value = value;
      else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = true;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : value);
    }
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function fmt(x, digits = 2) {
    return typeof x === 'number' && isFinite(x) ? x.toFixed(digits) : '–';
  }

  // An input's text for a scenario value: numbers as they are, distributions as JSON.
  function valueText(value) {
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  // The value an input's text stands for: JSON for a distribution, else a number.
  function parseValue(text) {
    const t = text.trim();
    if (t === '') throw new Error('a value is required');
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(t);
      } catch (e) {
        throw new Error('not valid JSON: ' + e.message);
      }
    }
    const n = Number(t);
    if (!isFinite(n)) throw new Error(`"${t}" is not a number (or a distribution such as {"uniform": [60, 100]})`);
    return n;
  }

  // A number for drawing: the value itself, or a distribution's central value.
  function central(value) {
    if (typeof value === 'number') return value;
    if (!value || typeof value !== 'object') return NaN;
    if (value.uniform) return (value.uniform[0] + value.uniform[1]) / 2;
    if (value.triangular) return value.triangular[1];
    if (value.normal) return value.normal[0];
    if (value.beta) {
      const [a, b, lo = 0, hi = 1] = value.beta;
      return lo + (hi - lo) * a / (a + b);
    }
    return NaN;
  }

  function modelName(spec) {
    const at = spec.indexOf('(');
    return at < 0 ? spec : spec.slice(0, at);
  }

  // The .field-error beside an input: a later sibling, else one in the nearest enclosing
  // element (cell, label, form) that has one.
  function fieldErrorOf(el) {
    let node = el.nextElementSibling;
    while (node && !node.classList.contains('field-error')) node = node.nextElementSibling;
    for (let up = el.parentElement, depth = 0; !node && up && depth < 3; up = up.parentElement, depth++) {
      node = up.querySelector(':scope > .field-error');
    }
    return node;
  }

  function showError(message) {
    $('#error').textContent = message || '';
  }

  function setStatus(message) {
    $('#status').textContent = message || '';
  }

  // ---- the API -------------------------------------------------------------------------------

  async function api(method, path, body, signal) {
    const init = { method, signal, headers: { 'X-Parley-Token': token, 'Content-Type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { ok: false, status: 0, data: { error: 'the studio does not answer (stopped?): ' + e.message } };
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = { error: `${response.status} ${response.statusText}` };
    }
    return { ok: response.ok, status: response.status, data };
  }

  function enqueue(job) {
    queue = queue.then(job).catch((e) => showError('page error: ' + (e && e.stack || e)));
    return queue;
  }

  // Sends edits; on 422 the message goes beside `input` and the input gets its old value
  // back; nothing else changes.
  function sendEdits(edits, input, started) {
    const t0 = started ?? performance.now();
    return enqueue(async () => {
      const r = await api('POST', '/api/edit', { edits });
      if (r.ok) {
        showError('');
        await render(r.data, t0);
        return;
      }
      refuse(input, r);
    });
  }

  function refuse(input, r) {
    const message = (r.data && r.data.error) || `error ${r.status}`;
    if (r.status === 422 && input) {
      const slot = fieldErrorOf(input);
      if (typeof input.restoreControl === 'function') input.restoreControl();
      else if (input.dataset && 'orig' in input.dataset) {
        input.value = input.dataset.orig;
        input.dataset.committed = input.dataset.orig;
      }
      if (input.classList) input.classList.add('invalid');
      if (slot) slot.textContent = message;
      else showError(message);
    } else {
      showError(message);
    }
  }

  function post(path, body, t0) {
    return enqueue(async () => {
      const r = await api('POST', path, body);
      if (r.ok) {
        showError('');
        await render(r.data, t0 ?? performance.now());
      } else {
        showError(r.data && r.data.error || `error ${r.status}`);
      }
    });
  }

  const undo = () => post('/api/undo', {});
  const redo = () => post('/api/redo', {});

  // ---- inputs bound to scenario fields -------------------------------------------------------

  // A text input for one field. `path` is the edit path; `kind` 'value' (number or
  // distribution) or 'text'. Commits on change or Enter.
  function fieldInput(path, value, kind, attrs) {
    const text = valueText(value);
    const input = h('input', Object.assign({
      type: 'text', value: text, autocomplete: 'off', spellcheck: 'false',
      class: kind === 'text' ? 'text' : (typeof value === 'object' && value !== null ? 'num wide' : 'num'),
      inputmode: kind === 'text' ? undefined : 'decimal',
    }, attrs));
    input.dataset.orig = text;
    input.dataset.committed = text;
    input.dataset.key = path.join('\u0001');
    const commit = () => {
      if (input.value === input.dataset.committed) return;
      const t0 = performance.now();
      const slot = fieldErrorOf(input);
      if (slot) slot.textContent = '';
      input.classList.remove('invalid');
      let parsed;
      if (kind === 'text') {
        parsed = input.value;
      } else {
        try {
          parsed = parseValue(input.value);
        } catch (e) {
          refuse(input, { status: 422, data: { error: e.message } });
          return;
        }
      }
      input.dataset.committed = input.value;
      sendEdits([{ op: 'set', path, value: parsed }], input, t0);
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        commit();
      } else if (event.key === 'Escape') {
        input.value = input.dataset.committed;
      }
    });
    return input;
  }

  function changedFields(st) {
    return new Set((st.changes || []).map((c) => c.field));
  }

  // ---- rendering -----------------------------------------------------------------------------

  async function render(next, t0) {
    if (state && next.version < state.version) return; // an older answer: ignore
    state = next;
    studio.state = next;

    // Keep the focus (and anything typed but not yet sent) across the redraw.
    const active = document.activeElement;
    const focusKey = active && active.dataset ? active.dataset.key : undefined;
    const typed = focusKey && active.value !== active.dataset.committed ? active.value : undefined;
    const selection = focusKey && active.selectionStart !== undefined
      ? [active.selectionStart, active.selectionEnd] : null;

    const sc = next.scenario || {};
    document.title = `${sc.name || 'scenario'} - parley studio`;
    $('#scenario-name').textContent = sc.name || '(unnamed scenario)';
    $('#source').textContent = next.source || '';
    $('#undo').disabled = !next.can_undo;
    $('#redo').disabled = !next.can_redo;
    $('#store-run').disabled = !next.store;
    $('#store-run').title = next.store ? 'Keep this run in the run store' : 'Start the studio with --store to keep runs';

    // each part's time (ms), for window.parleyStudio.phases
    const phases = {};
    let mark = performance.now();
    const timed = (name, fn) => {
      const result = fn();
      const now = performance.now();
      phases[name] = now - mark;
      mark = now;
      return result;
    };
    timed('models', () => renderModels(next));
    timed('table', () => renderForecastTable(next));
    const chart = timed('chart', () => renderForecastChart(next));
    timed('moved', () => renderMoved(next));
    timed('positions', () => renderPositionCharts(next));
    timed('actors', () => renderActors(next));
    timed('issues', () => renderIssues(next));
    // the brief and the linkage findings: in the State, or later from GET /api/analysis
    const analysed = next.brief != null && next.linkage != null;
    timed('brief', () => { $('#brief').textContent = analysed ? next.brief : 'computing the brief…'; });
    timed('linkage', () => {
      if (analysed) renderLinkage(next);
      else $('#linkage').replaceChildren(h('p', { class: 'empty', text: 'computing the linkage analysis…' }));
    });
    if (analysed) {
      studio.analysisVersion = next.version;
      analysisTiming = next.timing_ms || {};
    }

    if (focusKey) {
      const again = [...document.querySelectorAll('[data-key]')].find((el) => el.dataset.key === focusKey);
      if (again) {
        if (typed !== undefined) again.value = typed;
        again.focus();
        if (selection && again.setSelectionRange) {
          try { again.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text input */ }
        }
      }
    }

    await chart;
    phases.chart_drawn = performance.now() - mark;
    studio.phases = phases;
    const elapsed = performance.now() - t0;
    studio.lastUpdateMs = elapsed;
    studio.updateTimes.push(elapsed);
    studio.renders += 1;
    pageMs = elapsed;
    showTiming();
    $('#version').textContent = String(next.version);
    document.body.dataset.rendered = String(studio.renders);
    if (!analysed) fetchAnalysis(next.version);
  }

  let pageMs = null;
  let analysisTiming = {};
  let analysisAsked = -1;
  let analysisAbort = null;

  function showTiming() {
    const t = (state && state.timing_ms) || {};
    const a = analysisTiming || {};
    const parts = [`server ${fmt(t.total, 1)} ms (models ${fmt(t.models, 1)})`];
    if (a.brief != null || a.linkage != null) parts.push(`brief ${fmt(a.brief, 1)} ms, linkage ${fmt(a.linkage, 1)} ms`);
    if (pageMs != null) parts.push(`page ${fmt(pageMs, 0)} ms`);
    $('#timing').textContent = parts.join(' · ');
  }

  // The brief and the linkage analysis of a version, asked for after its forecasts are drawn
  // (seconds on large scenarios; edits go on meanwhile). A late answer for an older version
  // is dropped: the newer version asks for its own.
  async function fetchAnalysis(version) {
    if (analysisAsked === version) return;
    analysisAsked = version;
    // a newer version's request replaces the one in flight
    if (analysisAbort) analysisAbort.abort();
    const abort = new AbortController();
    analysisAbort = abort;
    const r = await api('GET', '/api/analysis', undefined, abort.signal);
    if (abort.signal.aborted || !state || state.version !== version) return;
    analysisAbort = null;
    if (!r.ok) {
      $('#brief').textContent = '';
      $('#linkage').replaceChildren(h('p', { class: 'error', text: 'analysis: ' + (r.data && r.data.error || r.status) }));
      return;
    }
    if (r.data.version !== version) {
      analysisAsked = -1;
      if (r.data.version < version) fetchAnalysis(version);
      return;
    }
    state.brief = r.data.brief;
    state.linkage = r.data.linkage;
    analysisTiming = r.data.timing_ms || {};
    $('#brief').textContent = r.data.brief || '';
    renderLinkage(state);
    studio.analysisVersion = version;
    showTiming();
  }

  function renderModels(st) {
    const box = $('#models');
    const inUse = new Map();
    for (const spec of st.models || []) inUse.set(modelName(spec), spec);
    const legend = h('legend', { text: 'Models' });
    const boxes = (st.available_models || []).map((name) => {
      const id = 'model-' + name;
      const cb = h('input', { type: 'checkbox', id, checked: inUse.has(name), dataset: { model: name, key: 'model\u0001' + name } });
      cb.addEventListener('change', () => {
        const chosen = [...box.querySelectorAll('input[type=checkbox]')]
          .filter((el) => el.checked)
          .map((el) => inUse.get(el.dataset.model) || el.dataset.model);
        // specs in use that are not registry names (kept as they are)
        for (const spec of st.models || []) {
          if (!(st.available_models || []).includes(modelName(spec))) chosen.push(spec);
        }
        if (chosen.length === 0) {
          cb.checked = true;
          showError('at least one model must run');
          return;
        }
        post('/api/models', { models: chosen });
      });
      return h('label', { for: id, title: inUse.get(name) || name }, cb, ' ', name);
    });
    box.replaceChildren(legend, ...boxes);
    const errors = st.model_errors || [];
    $('#model-errors').textContent = errors.map((e) => `${e.model}: ${e.error}`).join('\n');
  }

  function forecastKey(f) {
    return (f.spec || f.model) + '\u0001' + f.issue;
  }

  function columns(st) {
    // one column per model spec, in the order of st.models, then any others the forecasts name
    const seen = new Map();
    for (const spec of st.models || []) seen.set(spec, null);
    for (const f of st.forecasts || []) {
      const key = f.spec || f.model;
      if (!seen.has(key) || seen.get(key) === null) seen.set(key, f.model);
    }
    return [...seen.entries()].filter(([, model]) => model !== null).map(([spec, model]) => ({ spec, model }));
  }

  function renderForecastTable(st) {
    const table = $('#forecasts');
    const cols = columns(st);
    const now = new Map((st.forecasts || []).map((f) => [forecastKey(f), f]));
    const before = new Map((st.original_forecasts || []).map((f) => [forecastKey(f), f]));
    const head = h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Issue' }),
      cols.map((c) => h('th', { scope: 'col', title: c.spec, text: c.model }))));
    const body = h('tbody');
    for (const issue of (st.scenario && st.scenario.issues) || []) {
      const row = h('tr', null, h('th', { scope: 'row' }, issue.name || issue.id, h('span', { class: 'issue-id', text: issue.id })));
      for (const c of cols) {
        const f = now.get(c.spec + '\u0001' + issue.id);
        const o = before.get(c.spec + '\u0001' + issue.id);
        if (!f) {
          row.append(h('td', { class: 'none', text: '–' }));
          continue;
        }
        const moved = o && (Math.abs(o.position - f.position) > 1e-9 ||
          Math.abs((o.bargained ?? 0) - (f.bargained ?? 0)) > 1e-9 || (o.bargained == null) !== (f.bargained == null));
        const cell = h('td', {
          class: moved ? 'moved' : undefined,
          title: `${c.spec}\n${f.rule ? 'rule: ' + f.rule : 'no decision rule'}` +
            (moved ? `\nwas ${fmt(o.position)}${o.bargained != null ? ' (bargained ' + fmt(o.bargained) + ')' : ''}` : ''),
        },
        h('span', { class: 'forecast-value', 'data-forecast-model': f.model, 'data-forecast-issue': issue.id, 'data-value': f.position, text: fmt(f.position) }),
        f.bargained != null ? h('span', { class: 'bargained', title: 'bargained (before the decision rule)', text: fmt(f.bargained) }) : null,
        moved && Math.abs(o.position - f.position) > 1e-9 ? h('span', { class: 'was', text: 'was ' + fmt(o.position) }) : null);
        row.append(cell);
      }
      body.append(row);
    }
    table.replaceChildren(h('caption', { class: 'visually-hidden', text: 'Forecasts per issue and model' }), head, body);
  }

  function chartRows(st) {
    const issues = new Map(((st.scenario && st.scenario.issues) || []).map((i) => [i.id, i]));
    const before = new Map((st.original_forecasts || []).map((f) => [forecastKey(f), f]));
    const order = new Map([...issues.keys()].map((id, i) => [id, i]));
    const rows = [];
    for (const f of st.forecasts || []) {
      const issue = issues.get(f.issue);
      if (!issue) continue;
      const o = before.get(forecastKey(f));
      rows.push({
        issue: `${issue.name || issue.id}`,
        order: order.get(f.issue),
        model: f.model,
        now: f.position,
        original: o ? o.position : f.position,
        lo: issue.scale ? issue.scale.min : 0,
        hi: issue.scale ? issue.scale.max : 100,
      });
    }
    return rows;
  }

  function chartSpec(columns) {
    const y = { field: 'model', type: 'nominal', title: null, sort: null, axis: { labelLimit: 110 } };
    return {
      data: { name: 'forecasts' },
      facet: { field: 'issue', type: 'nominal', title: null, sort: { field: 'order', op: 'min' }, header: { labelFontSize: 12, labelFontWeight: 600, labelLimit: 320, labelAnchor: 'start' } },
      columns,
      spacing: { row: 14, column: 24 },
      spec: {
        width: 200,
        height: { step: 15 },
        layer: [
          { mark: { type: 'rule', color: '#eef0f3', strokeWidth: 6 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: null, axis: { grid: false, tickCount: 5 } }, x2: { field: 'hi' } } },
          { mark: { type: 'rule', color: '#98a2b3' }, encoding: { y, x: { field: 'original', type: 'quantitative' }, x2: { field: 'now' } } },
          {
            transform: [{ fold: ['original', 'now'], as: ['forecast', 'position'] }],
            mark: { type: 'point', filled: true, size: 55, opacity: 1 },
            encoding: {
              y,
              x: { field: 'position', type: 'quantitative' },
              color: { field: 'forecast', type: 'nominal', title: null, scale: { domain: ['original', 'now'], range: ['#98a2b3', '#2563eb'] }, legend: { orient: 'top', direction: 'horizontal' } },
              tooltip: [{ field: 'issue' }, { field: 'model' }, { field: 'forecast' }, { field: 'position', format: '.2f' }],
            },
          },
        ],
      },
      resolve: { scale: { x: 'independent' } },
      config: { font: 'system-ui, sans-serif', view: { stroke: null }, axis: { labelFontSize: 10, domainColor: '#c5ccd6', tickColor: '#c5ccd6' } },
    };
  }

  // The chart is embedded once; later states only swap its data.
  async function renderForecastChart(st) {
    const rows = chartRows(st);
    if (typeof vegaEmbed !== 'function') {
      $('#forecast-chart').textContent = 'charts unavailable (Vega not loaded)';
      return;
    }
    try {
      if (!chartView) {
        if (!chartPending) {
          const width = $('#forecast-chart').clientWidth || 1000;
          const cols = Math.max(1, Math.min(4, Math.floor((width - 130) / 270)));
          chartPending = vegaEmbed('#forecast-chart', chartSpec(cols), { actions: false, renderer: 'svg' })
            .then((result) => { chartView = result.view; return chartView; });
        }
        await chartPending;
      }
      await chartView.change('forecasts', vega.changeset().remove(() => true).insert(rows)).resize().runAsync();
    } catch (e) {
      showError('chart: ' + (e && e.message || e));
    }
  }

  function renderMoved(st) {
    const changes = st.changes || [];
    $('#changes').replaceChildren(changes.length === 0
      ? h('p', { class: 'empty', text: 'Nothing yet: the scenario is as loaded.' })
      : h('table', { class: 'delta-table' },
        h('thead', null, h('tr', null, h('th', { text: 'Field' }), h('th', { text: 'Was' }), h('th', { text: 'Now' }))),
        h('tbody', null, changes.map((c) => h('tr', { title: c.source ? 'source: ' + c.source : undefined }, h('td', { text: c.field }),
          h('td', { class: 'old', text: c.old }), h('td', { class: 'new', text: c.new }))))));
    const moved = st.moved || [];
    $('#moved').replaceChildren(moved.length === 0
      ? h('p', { class: 'empty', text: 'No forecast has moved.' })
      : h('table', { class: 'delta-table' },
        h('thead', null, h('tr', null, h('th', { text: 'Model' }), h('th', { text: 'Issue' }),
          h('th', { text: 'Was' }), h('th', { text: 'Now' }), h('th', { text: 'Bargained' }))),
        h('tbody', null, moved.map((m) => h('tr', null, h('td', { text: m.model }), h('td', { text: m.issue }),
          h('td', { class: 'old', text: fmt(m.old) }), h('td', { class: 'new', text: fmt(m.new) }),
          h('td', { text: m.old_bargained == null && m.new_bargained == null ? '' : `${fmt(m.old_bargained)} → ${fmt(m.new_bargained)}` }))))));
  }

  // ---- position charts (SVG) -----------------------------------------------------------------

  const PALETTE = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#475569'];

  // Greedy lanes: each item goes to the first lane where it does not overlap the last one.
  function lanes(items, width) {
    const ends = [];
    for (const item of [...items].sort((a, b) => a.x - b.x)) {
      let lane = ends.findIndex((end) => end + 4 <= item.x - width(item) / 2);
      if (lane < 0) { lane = ends.length; ends.push(0); }
      ends[lane] = item.x + width(item) / 2;
      item.lane = lane;
    }
    return ends.length;
  }

  function renderPositionCharts(st) {
    const holder = $('#position-charts');
    const sc = st.scenario || {};
    const changed = changedFields(st);
    const modelColor = new Map();
    columns(st).forEach((c, i) => modelColor.set(c.spec, PALETTE[i % PALETTE.length]));
    const boxes = [];
    for (const issue of sc.issues || []) {
      boxes.push(h('div', { class: 'position-chart-box' },
        h('h3', { text: issue.name || issue.id }),
        positionChart(st, issue, changed, modelColor)));
    }
    holder.replaceChildren(...boxes);
  }

  function positionChart(st, issue, changed, modelColor) {
    const W = 620, left = 40, right = 40;
    const min = issue.scale ? issue.scale.min : 0;
    const max = issue.scale ? issue.scale.max : 100;
    const span = max - min || 1;
    const xOf = (v) => left + (Math.min(max, Math.max(min, v)) - min) / span * (W - left - right);
    const vOf = (x) => min + (x - left) / (W - left - right) * span;

    const actors = Object.entries(issue.positions || {}).map(([id, stance]) => {
      const value = central(stance.position);
      const salience = central(stance.salience);
      const r = 4 + 10 * Math.sqrt(Math.max(0, Math.min(1, isFinite(salience) ? salience : 0.5)));
      return { id, stance, value, salience, r, x: xOf(isFinite(value) ? value : min) };
    });
    const actorLanes = lanes(actors, (a) => Math.max(2 * a.r, 7 * a.id.length) + 6);
    const laneH = 34;
    const top = 18;
    const axisY = top + actorLanes * laneH + 8;

    // forecasts at the same place share one marker and one label
    const groups = new Map();
    for (const f of (st.forecasts || []).filter((f) => f.issue === issue.id)) {
      const x = xOf(f.position);
      const key = Math.round(x);
      if (!groups.has(key)) groups.set(key, { x, fs: [] });
      groups.get(key).fs.push(f);
    }
    const markers = [...groups.values()].map((g) => {
      let label = g.fs.map((f) => f.model).join(', ');
      if (label.length > 28) label = `${g.fs[0].model} +${g.fs.length - 1}`;
      return { x: g.x, fs: g.fs, label };
    });
    const labelWidth = (m) => 5.6 * m.label.length + 10;
    const markerLanes = lanes(markers.map((m) => Object.assign(m, { x: m.x })), labelWidth);
    const H = axisY + 30 + Math.max(1, markerLanes) * 13 + 6;

    const svg = s('svg', {
      class: 'position-chart', 'data-issue': issue.id, viewBox: `0 0 ${W} ${H}`, width: W, height: H,
      role: 'img', 'aria-label': `Positions on ${issue.name || issue.id}; drag an actor to move its position`,
    });
    // the scale
    svg.append(s('line', { class: 'axis', x1: left, x2: W - right, y1: axisY, y2: axisY }));
    for (const [v, side, label] of [[min, -1, issue.scale && issue.scale.min_label], [max, 1, issue.scale && issue.scale.max_label]]) {
      const x = xOf(v);
      svg.append(s('line', { class: 'axis', x1: x, x2: x, y1: axisY - 4, y2: axisY + 4 }));
      svg.append(s('text', { class: 'tick-label', x: x + side * 6, y: axisY + 4, 'text-anchor': side < 0 ? 'end' : 'start', text: String(v) }));
      if (label) svg.append(s('text', { class: 'end-label', x, y: axisY + 22, 'text-anchor': side < 0 ? 'start' : 'end', text: label }));
    }
    // the status quo
    if (typeof issue.status_quo === 'number') {
      const x = xOf(issue.status_quo);
      svg.append(s('line', { class: 'sq', x1: x, x2: x, y1: 10, y2: axisY + 4 }));
      svg.append(s('text', { class: 'sq-label', x: x + 3, y: 10, text: `status quo ${issue.status_quo}` }));
    }
    // the models' forecasts, under the axis
    for (const m of markers) {
      const y = axisY + 36 + m.lane * 13;
      const color = m.fs.length === 1 ? (modelColor.get(m.fs[0].spec || m.fs[0].model) || '#475569') : '#475569';
      const nearEnd = m.x + labelWidth(m) > W;
      svg.append(s('g', { class: 'forecast-marker', 'data-model': m.fs.map((f) => f.model).join(' ') },
        s('title', { text: m.fs.map((f) => `${f.spec || f.model}: ${fmt(f.position)}`).join('\n') }),
        s('path', { d: `M${m.x},${axisY + 2} l-5,8 h10 z`, fill: color }),
        s('line', { x1: m.x, x2: m.x, y1: axisY + 10, y2: y - 3, stroke: '#d0d5dd' }),
        s('text', { x: nearEnd ? m.x - 3 : m.x + 3, y, 'text-anchor': nearEnd ? 'end' : 'start', text: m.label })));
    }
    // the actors
    for (const a of actors) {
      const cy = top + a.lane * laneH + 10;
      const field = `issues[${issue.id}].positions.${a.id}.position`;
      const g = s('g', {
        class: 'actor' + (changed.has(field) || changed.has(`issues[${issue.id}].positions.${a.id}.salience`) ? ' changed' : ''),
        'data-actor': a.id, 'data-issue': issue.id, tabindex: 0, role: 'slider',
        'aria-label': `${a.id} position on ${issue.id}`, 'aria-valuemin': min, 'aria-valuemax': max,
        'aria-valuenow': isFinite(a.value) ? a.value : '', transform: `translate(${a.x},0)`,
      },
      s('title', { text: `${a.id}: position ${valueText(a.stance.position)}, salience ${valueText(a.stance.salience)}` }),
      s('line', { x1: 0, x2: 0, y1: cy + a.r, y2: axisY, stroke: '#c5ccd6', 'stroke-dasharray': '2 2' }),
      s('circle', { cx: 0, cy, r: a.r }),
      s('text', { x: 0, y: cy + a.r + 10, 'text-anchor': 'middle', text: a.id }));
      makeDraggable(svg, g, a, issue, xOf, vOf, W, left, right);
      svg.append(g);
    }
    return svg;
  }

  function roundTo(value, span) {
    const step = Math.pow(10, Math.floor(Math.log10(span)) - 2); // 0.1 on a 0-100 scale
    return Math.round(value / step) * step;
  }

  function makeDraggable(svg, g, a, issue, xOf, vOf, W, left, right) {
    const span = (issue.scale ? issue.scale.max - issue.scale.min : 100) || 1;
    let dragging = false, startX = 0, x = a.x, t0 = 0;
    const toSvgX = (event) => {
      const box = svg.getBoundingClientRect();
      return (event.clientX - box.left) * (W / box.width);
    };
    const send = (value) => {
      const v = Number(roundTo(value, span).toFixed(6));
      sendEdits([{ op: 'set', path: ['issues', issue.id, 'positions', a.id, 'position'], value: v }], null, t0);
    };
    g.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      dragging = true;
      t0 = performance.now();
      startX = toSvgX(event) - a.x;
      g.setPointerCapture(event.pointerId);
      g.classList.add('dragging');
      event.preventDefault();
    });
    g.addEventListener('pointermove', (event) => {
      if (!dragging) return;
      x = Math.max(left, Math.min(W - right, toSvgX(event) - startX));
      g.setAttribute('transform', `translate(${x},0)`);
      g.querySelector('title').textContent = `${a.id}: ${fmt(vOf(x), 1)}`;
    });
    const drop = (event) => {
      if (!dragging) return;
      dragging = false;
      g.classList.remove('dragging');
      try { g.releasePointerCapture(event.pointerId); } catch (e) { /* already released */ }
      if (Math.abs(x - a.x) < 0.5) return;
      t0 = performance.now();
      send(vOf(x));
    };
    g.addEventListener('pointerup', drop);
    g.addEventListener('pointercancel', (event) => {
      dragging = false;
      g.classList.remove('dragging');
      g.setAttribute('transform', `translate(${a.x},0)`);
    });
    // the keyboard: arrows move by 1% of the scale (10% with Shift)
    g.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const step = span * (event.shiftKey ? 0.1 : 0.01) * (event.key === 'ArrowLeft' ? -1 : 1);
      const base = isFinite(a.value) ? a.value : issue.scale.min;
      t0 = performance.now();
      send(Math.min(issue.scale.max, Math.max(issue.scale.min, base + step)));
    });
  }

  // ---- the scenario as tables ----------------------------------------------------------------

  function errorSlot() {
    return h('span', { class: 'field-error', 'aria-live': 'polite' });
  }

  function markChanged(input, changed, field) {
    if (changed.has(field)) input.classList.add('changed');
    return input;
  }

  function renderActors(st) {
    const changed = changedFields(st);
    const actors = (st.scenario && st.scenario.actors) || [];
    const body = h('tbody');
    for (const actor of actors) {
      const name = fieldInput(['actors', actor.id, 'name'], actor.name ?? '', 'text',
        { 'data-actor': actor.id, 'data-field': 'name', 'aria-label': `${actor.id} name` });
      const cap = markChanged(fieldInput(['actors', actor.id, 'capability'], actor.capability, 'value',
        { 'data-actor': actor.id, 'data-field': 'capability', 'aria-label': `${actor.id} capability` }),
      changed, `actors[${actor.id}].capability`);
      const remove = h('button', {
        type: 'button', class: 'small', title: `Remove ${actor.id} and its positions and roles`, text: 'Remove',
        'aria-label': `Remove actor ${actor.id}`,
        onclick: () => {
          if (confirm(`Remove ${actor.id} (${actor.name || ''}) with its positions and roles?`)) {
            sendEdits([{ op: 'remove_actor', id: actor.id }], remove);
          }
        },
      });
      body.append(h('tr', null, h('th', { scope: 'row', text: actor.id }),
        h('td', null, name, errorSlot()), h('td', null, cap, errorSlot()), h('td', null, remove, errorSlot())));
    }
    $('#actors-table').replaceChildren(
      h('thead', null, h('tr', null, h('th', { text: 'Id' }), h('th', { text: 'Name' }),
        h('th', { text: 'Capability' }), h('th', null, h('span', { hidden: true, text: 'Remove' })))),
      body);
  }

  const RULES = ['decider', 'vote', 'unanimity', 'none'];

  function renderIssues(st) {
    const sc = st.scenario || {};
    const changed = changedFields(st);
    const actorIds = (sc.actors || []).map((a) => a.id);
    const blocks = (sc.issues || []).map((issue) => {
      const id = issue.id;
      const sq = markChanged(fieldInput(['issues', id, 'status_quo'], issue.status_quo ?? '', 'value',
        { 'data-issue': id, 'data-field': 'status_quo', id: `sq-${id}` }), changed, `issues[${id}].status_quo`);
      const settings = h('div', { class: 'issue-settings' },
        h('span', null, h('label', { for: `sq-${id}` }, 'Status quo'), ' ', sq, errorSlot()),
        decisionControls(issue, actorIds));
      const rows = Object.entries(issue.positions || {}).map(([actor, stance]) => {
        const pos = markChanged(fieldInput(['issues', id, 'positions', actor, 'position'], stance.position, 'value',
          { 'data-issue': id, 'data-actor': actor, 'data-field': 'position', 'aria-label': `${actor} position on ${id}` }),
        changed, `issues[${id}].positions.${actor}.position`);
        const sal = markChanged(fieldInput(['issues', id, 'positions', actor, 'salience'], stance.salience, 'value',
          { 'data-issue': id, 'data-actor': actor, 'data-field': 'salience', 'aria-label': `${actor} salience on ${id}` }),
        changed, `issues[${id}].positions.${actor}.salience`);
        const remove = h('button', {
          type: 'button', class: 'small', text: 'Remove', 'aria-label': `Remove ${actor}'s stance on ${id}`,
          onclick: () => sendEdits([{ op: 'remove', path: ['issues', id, 'positions', actor] }], remove),
        });
        return h('tr', null, h('th', { scope: 'row', text: actor }), h('td', null, pos, errorSlot()),
          h('td', null, sal, errorSlot()), h('td', null, remove, errorSlot()));
      });
      // a row to add a stance for an actor without one
      const missing = actorIds.filter((a) => !(issue.positions || {})[a]);
      let addRow = null;
      if (missing.length) {
        const who = h('select', { 'aria-label': `Actor to add on ${id}` }, missing.map((a) => h('option', { value: a, text: a })));
        const pos = h('input', { type: 'text', class: 'num', inputmode: 'decimal', 'aria-label': `New position on ${id}`, placeholder: 'position' });
        const sal = h('input', { type: 'text', class: 'num', inputmode: 'decimal', 'aria-label': `New salience on ${id}`, placeholder: 'salience' });
        const slot = errorSlot();
        const add = h('button', {
          type: 'button', class: 'small', text: 'Add stance',
          onclick: () => {
            slot.textContent = '';
            let value;
            try {
              value = { position: parseValue(pos.value), salience: parseValue(sal.value) };
            } catch (e) {
              slot.textContent = e.message;
              return;
            }
            sendEdits([{ op: 'set', path: ['issues', id, 'positions', who.value], value }], add);
          },
        });
        addRow = h('tr', { class: 'add-row' }, h('td', null, who), h('td', null, pos), h('td', null, sal), h('td', null, add, slot));
      }
      const removeIssue = h('button', {
        type: 'button', class: 'small', text: 'Remove issue', 'aria-label': `Remove issue ${id}`,
        onclick: () => {
          if (confirm(`Remove the issue ${id}?`)) sendEdits([{ op: 'remove_issue', id }], removeIssue);
        },
      });
      return h('div', { class: 'issue-block', 'data-issue-block': id },
        h('div', { class: 'issue-head' }, h('h3', null, issue.name || id, ' ', h('small', { class: 'hint', text: id })),
          h('span', null, removeIssue, errorSlot())),
        settings,
        h('table', { class: 'edit-table positions', 'data-issue': id },
          h('thead', null, h('tr', null, h('th', { text: 'Actor' }), h('th', { text: 'Position' }), h('th', { text: 'Salience' }), h('th', null))),
          h('tbody', null, rows, addRow)));
    });
    $('#issues').replaceChildren(h('h3', { text: 'Issues' }), ...blocks);
  }

  function decisionControls(issue, actorIds) {
    const id = issue.id;
    const decision = issue.decision || null;
    const rule = decision ? decision.rule : 'none';
    const slot = errorSlot();
    const ruleSel = h('select', { id: `rule-${id}`, 'data-issue': id, 'data-field': 'rule', dataset: { key: `rule\u0001${id}` } },
      RULES.map((r) => h('option', { value: r, text: r, selected: r === rule })));
    const deciderSel = h('select', { id: `decider-${id}`, 'data-issue': id, 'data-field': 'decider', disabled: rule !== 'decider' },
      h('option', { value: '', text: '(choose)' }),
      actorIds.map((a) => h('option', { value: a, text: a, selected: decision && decision.decider === a })));
    const vetoSel = h('select', { id: `veto-${id}`, multiple: true, size: Math.min(4, Math.max(2, actorIds.length)), 'data-issue': id, 'data-field': 'veto', disabled: rule === 'none' },
      actorIds.map((a) => h('option', { value: a, text: a, selected: decision && (decision.veto || []).includes(a) })));
    const send = (source) => {
      slot.textContent = '';
      const r = ruleSel.value;
      if (r === 'none') {
        if (!decision) return;
        sendEdits([{ op: 'remove', path: ['issues', id, 'decision'] }], source);
        return;
      }
      const next = Object.assign({}, decision && decision.rule === r ? decision : {}, { rule: r });
      // fields only some rules take
      if (r !== 'decider') delete next.decider;
      if (r !== 'vote') { delete next.threshold; delete next.voting_weights; }
      if (r === 'decider') {
        const d = deciderSel.value || (decision && decision.decider) || '';
        if (!d) {
          deciderSel.disabled = false;
          slot.textContent = 'choose the decider';
          return;
        }
        next.decider = d;
      }
      const veto = [...vetoSel.selectedOptions].map((o) => o.value);
      if (veto.length) next.veto = veto;
      else delete next.veto;
      sendEdits([{ op: 'set', path: ['issues', id, 'decision'], value: next }], source);
    };
    // a refused change puts the controls back as the file has them now
    const restoreControl = () => {
      ruleSel.value = rule;
      deciderSel.value = (decision && decision.decider) || '';
      for (const o of vetoSel.options) o.selected = !!decision && (decision.veto || []).includes(o.value);
    };
    for (const sel of [ruleSel, deciderSel, vetoSel]) {
      sel.addEventListener('change', () => send(sel));
      sel.restoreControl = restoreControl;
    }
    const box = h('span', { class: 'decision' },
      h('label', { for: `rule-${id}` }, 'Decision', ruleSel),
      h('label', { for: `decider-${id}` }, 'decider', deciderSel),
      h('label', { for: `veto-${id}` }, 'veto', vetoSel),
      slot);
    return box;
  }

  // ---- linkage -------------------------------------------------------------------------------

  function renderLinkage(st) {
    const linkage = st.linkage || {};
    const parts = [];
    if (linkage.error) {
      $('#linkage').replaceChildren(h('p', { class: 'error', text: 'linkage: ' + linkage.error }));
      return;
    }
    const deals = [...(linkage.deals || [])].sort((a, b) => b.joint_gain - a.joint_gain).slice(0, 5);
    parts.push(h('h3', { text: 'Top vote trades by joint gain' }));
    if (deals.length === 0) parts.push(h('p', { class: 'empty', text: 'No mutually beneficial trade.' }));
    else {
      parts.push(h('ol', null, deals.map((d) => h('li', null,
        h('strong', { text: d.actor_i }), ` moves on ${d.issue_i} to ${fmt(d.target_i, 1)}; `,
        h('strong', { text: d.actor_j }), ` moves on ${d.issue_j} to ${fmt(d.target_j, 1)} `,
        h('span', { class: 'gain', text: `joint gain ${fmt(d.joint_gain, 3)} (${fmt(d.gain_i, 3)} + ${fmt(d.gain_j, 3)})` })))));
    }
    const offers = ((linkage.deciders && linkage.deciders.offers) || []).filter((o) => o.exists);
    if (linkage.deciders) {
      parts.push(h('h3', { text: 'Offers between deciders' }));
      if (offers.length === 0) parts.push(h('p', { class: 'empty', text: 'No self-enforcing offer between deciders.' }));
      else {
        const sorted = [...offers].sort((a, b) => (b.gain_a + b.gain_b) - (a.gain_a + a.gain_b)).slice(0, 5);
        parts.push(h('ol', null, sorted.map((o) => {
          const terms = (o.issues || []).map((issue, i) => `${issue} ${fmt(o.no_agreement && o.no_agreement[i], 1)} → ${fmt(o.nash && o.nash[i], 1)}`).join(', ');
          const holds = o.holds_a && o.holds_b ? 'self-enforcing' : 'not self-enforcing';
          return h('li', null, h('strong', { text: `${o.decider_a} ⇄ ${o.decider_b}` }), `: ${terms} `,
            h('span', { class: 'gain', text: `gains ${fmt(o.gain_a, 3)} / ${fmt(o.gain_b, 3)}; ${holds}` +
              (o.first_mover ? `; ${o.first_mover} moves first` : '') }));
        })));
      }
    }
    if ((linkage.notes || []).length) parts.push(h('p', { class: 'hint', text: linkage.notes.join(' ') }));
    $('#linkage').replaceChildren(...parts);
  }

  // ---- the header: save, store, undo and redo ------------------------------------------------

  $('#undo').addEventListener('click', undo);
  $('#redo').addEventListener('click', redo);

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      if (state && state.can_undo) undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      if (state && state.can_redo) redo();
    }
  });

  $('#save-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('#save-path');
    const slot = fieldErrorOf(input);
    slot.textContent = '';
    const path = input.value.trim();
    if (!path) {
      slot.textContent = 'a file name ending in .yaml';
      return;
    }
    enqueue(async () => {
      let r = await api('POST', '/api/save', { path, overwrite: false });
      if (r.status === 409 && r.data && r.data.exists) {
        if (!confirm(`${path} exists. Overwrite it?`)) {
          setStatus('Not saved.');
          return;
        }
        r = await api('POST', '/api/save', { path, overwrite: true });
      }
      if (r.ok) setStatus(`Saved as ${r.data.saved}`);
      else slot.textContent = r.data && r.data.error || `error ${r.status}`;
    });
  });

  $('#store-run').addEventListener('click', () => {
    enqueue(async () => {
      const r = await api('POST', '/api/store', {});
      if (r.ok) setStatus(`Stored as run ${r.data.run} in ${r.data.store}`);
      else showError(r.data && r.data.error || `error ${r.status}`);
    });
  });

  // ---- adding actors and issues --------------------------------------------------------------

  $('#add-actor').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const slot = form.querySelector('.field-error');
    slot.textContent = '';
    let capability;
    try {
      capability = parseValue(form.elements.capability.value);
    } catch (e) {
      slot.textContent = e.message;
      return;
    }
    const id = form.elements.id.value.trim();
    const value = { id, name: form.elements.name.value.trim() || id, capability };
    sendEdits([{ op: 'add_actor', value }], form.elements.id).then(() => {
      if (state.scenario.actors.some((a) => a.id === id)) form.reset();
    });
  });

  $('#add-issue').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const slot = form.querySelector('.field-error');
    slot.textContent = '';
    let min, max, sq;
    try {
      min = parseValue(form.elements.min.value);
      max = parseValue(form.elements.max.value);
      sq = form.elements.status_quo.value.trim() === '' ? undefined : parseValue(form.elements.status_quo.value);
    } catch (e) {
      slot.textContent = e.message;
      return;
    }
    const id = form.elements.id.value.trim();
    const value = { id, name: form.elements.name.value.trim() || id, scale: { min, max } };
    if (sq !== undefined) value.status_quo = sq;
    value.positions = {};
    sendEdits([{ op: 'add_issue', value }], form.elements.id).then(() => {
      if (state.scenario.issues.some((i) => i.id === id)) form.reset();
    });
  });

  // ---- start ---------------------------------------------------------------------------------

  enqueue(async () => {
    const t0 = performance.now();
    const r = await api('GET', '/api/state');
    if (!r.ok) {
      showError(r.status === 403
        ? 'The studio refused the page (403): open the address parley studio printed, with its ?token=.'
        : (r.data && r.data.error) || `error ${r.status}`);
      return;
    }
    await render(r.data, t0);
  });
})();
