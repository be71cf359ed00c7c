/*
 * byok-keeper dashboard: draws the model embedded in the page (lib/dashboard/types.ts) with uPlot.
 * Text taken from logs is only ever set as text (textContent, title, canvas text), never as markup.
 */
(() => {
  'use strict';

  const STATES = {
    Enabled: { label: 'Enabled', color: '#2b8a3e' },
    PendingImport: { label: 'Pending import', color: '#e03131' },
    PendingActivation: { label: 'Pending activation', color: '#1971c2' },
    Disabled: { label: 'Disabled', color: '#868e96' },
    PendingDeletion: { label: 'Pending deletion', color: '#495057' },
    Frozen: { label: 'Frozen', color: '#6741d9' },
    Unknown: { label: 'Unknown', color: '#adb5bd' },
  };
  const COLORS = { renewed: '#40c057', recovered: '#228be6', failed: '#fa5252', minDays: '#f08c00', throttled: '#fd7e14', tries: '#c92a2a' };
  const CODE_COLORS = ['#4263eb', '#ae3ec9', '#0ca678', '#f59f00', '#e64980', '#1098ad', '#74b816', '#868e96'];
  const THROTTLE_CODES = new Set(['APIG.0308', 'HTTP.429']);
  const ROWS_AT_FIRST = 40;
  const X_AXIS_SIZE = 44;
  const AXIS_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';

  const view = { showAll: false, filter: '' };
  let current = null;
  let charts = [];

  // ---------- small helpers ----------

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else if (name === 'title') el.title = value;
      else if (name === 'testid') el.dataset.testid = value;
      else if (name === 'color') el.style.color = value;
      else if (name === 'background') el.style.background = value;
      else if (name === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
      else el.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return el;
  }

  const int = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'));
  const days = (d) => (d === null || d === undefined ? '—' : `${d.toFixed(2)} d`);
  const time = (s) => (s === null || s === undefined ? '—' : `${new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  function duration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  }
  function span(seconds) {
    if (seconds < 60) return `${seconds} s`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
    return `${(seconds / 86400).toFixed(1)} d`;
  }
  const stateOf = (name) => STATES[name] || { label: name, color: STATES.Unknown.color };
  const daysClass = (d) => (d === null || d === undefined ? '' : d < 1 ? 'bad' : d < 3 ? 'warn' : 'good');
  const keyLabel = (k) => k.alias || k.key_id.slice(0, 8);

  function section(title, note, ...body) {
    return h('section', { class: 'panel' }, h('h2', { text: title }), note ? h('p', { class: 'note', text: note }) : null, ...body);
  }

  // ---------- summary ----------

  function sweepResult(sweep) {
    if (!sweep) return { text: 'no sweep yet', cls: 'muted' };
    if (sweep.pending_import > 0) return { text: `${int(sweep.pending_import)} in Pending import`, cls: 'bad' };
    if (sweep.failed > 0 || sweep.targets_failed > 0) return { text: `${int(sweep.failed + sweep.targets_failed)} failed`, cls: 'bad' };
    if (sweep.deferred > 0) return { text: `OK, ${int(sweep.deferred)} deferred`, cls: 'warn' };
    return { text: 'OK', cls: 'good' };
  }

  function card(title, testid, main, ...lines) {
    return h('div', { class: 'card', testid }, h('div', { class: 'card-title', text: title }), main, ...lines.map((l) => (typeof l === 'string' ? h('div', { class: 'card-line', text: l }) : l)));
  }

  function summary(m) {
    const f = m.fleet;
    const known = Object.keys(STATES).filter((s) => f.by_state[s]);
    const others = Object.keys(f.by_state).filter((s) => !STATES[s]).sort();
    const stateRows = [...known, ...others].map((s) =>
      h('div', { class: 'state-row', testid: `state-${s}` },
        h('span', { class: 'dot', background: stateOf(s).color }),
        h('span', { class: 'state-name', text: stateOf(s).label }),
        h('span', { class: 'state-count', text: int(f.by_state[s]) })));
    const last = f.last_sweep;
    const result = sweepResult(last);
    const closest = f.closest ? `closest to expiry: ${keyLabel(f.closest)} (${days(f.closest.days_left)} at the last line)` : null;
    return h('div', { class: 'cards' },
      card('Keys', 'keys', h('div', { class: 'big', testid: 'keys-total', text: int(f.keys) }),
        f.overdue ? h('div', { class: 'card-line bad', text: `${int(f.overdue)} past expiry with no renewal logged` }) : null,
        f.untracked_key_lines ? `${int(f.untracked_key_lines)} lines about keys beyond the tracking limit` : null),
      card('Keys by state', 'by-state', h('div', { class: 'states' }, stateRows.length ? stateRows : h('div', { class: 'muted', text: 'no keys in these logs' }))),
      card('Minimum days left', 'min-days', h('div', { class: `big ${daysClass(f.min_days_left)}`, text: days(f.min_days_left) }), 'at the last sweep', closest),
      card('Last sweep', 'last-sweep', h('div', { class: `${result.text.length > 12 ? 'mid' : 'big'} ${result.cls}`, text: result.text }),
        last ? `${time(last.ts)}, took ${duration(last.duration_ms)}` : null,
        last ? `scanned ${int(last.scanned)}, renewed ${int(last.renewed)}, recovered ${int(last.recovered)}` : null),
      card('Over these logs', 'totals', h('div', { class: 'big', text: `${int(f.sweeps)} sweeps` }),
        f.sweeps_unfinished ? h('div', { class: 'card-line bad', text: `${int(f.sweeps_unfinished)} started but never finished` }) : null,
        `${int(f.renewals)} renewals, ${int(f.recoveries)} recoveries`,
        h('div', { class: `card-line ${f.key_failures ? 'bad' : ''}`, text: `${int(f.key_failures)} key failures, ${int(f.errors)} failed tries` }),
        `${int(f.throttled)} throttled calls`,
        f.gaps ? `${int(f.gaps)} delete-first gaps, longest ${duration(f.max_gap_ms)}${f.gaps_open ? `, ${int(f.gaps_open)} left open` : ''}` : null));
  }

  // ---------- charts ----------

  const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

  /** UTC, 24-hour: `MM-DD` on day boundaries and for steps of a day or more, `HH:MM` otherwise. */
  function timeLabels(u, splits, axisIdx, space, incr) {
    return splits.map((ts) => {
      const iso = new Date(ts * 1000).toISOString();
      const hm = iso.slice(11, 16);
      return incr >= 86400 || hm === '00:00' ? iso.slice(5, 10) : hm;
    });
  }

  function baseOptions(width, height) {
    return {
      width,
      height,
      tzDate,
      cursor: { sync: { key: 'byok', scales: ['x', null] }, points: { size: 6 } },
      scales: { x: { time: true } },
      axes: [{ font: AXIS_FONT, grid: { stroke: '#eef0f2' }, ticks: { stroke: '#dee2e6' }, values: timeLabels }],
      legend: { live: true },
    };
  }

  const countAxis = (label) => ({ scale: 'y', label, font: AXIS_FONT, labelFont: AXIS_FONT, size: 52, grid: { stroke: '#eef0f2' }, ticks: { stroke: '#dee2e6' }, values: (u, v) => v.map((n) => (Number.isInteger(n) ? int(n) : '')) });

  function bars(label, color, raw) {
    return {
      label,
      stroke: color,
      fill: color,
      width: 0,
      paths: uPlot.paths.bars({ size: [0.86, 48], gap: 0 }),
      points: { show: false },
      value: (u, v, si, i) => (i === null || i === undefined ? '—' : int(raw[i])),
    };
  }

  /** Stacked bars: uPlot draws series in order, so the tallest (cumulative) layer goes first. */
  function stacked(layers) {
    const sums = [];
    let running = layers.length ? layers[0].values.map(() => 0) : [];
    for (const layer of layers) {
      running = running.map((v, i) => v + (layer.values[i] || 0));
      sums.push(running);
    }
    const order = layers.map((_, i) => i).reverse();
    return { data: order.map((i) => sums[i]), series: order.map((i) => bars(layers[i].label, layers[i].color, layers[i].values)) };
  }

  function xRange(t, bucket) {
    return (u, min, max) => (min === max || min === null ? [t[0] - bucket, t[0] + 2 * bucket] : [min, max + bucket]);
  }

  function chart(el, opts, data) {
    const u = new uPlot(opts, data, el);
    charts.push(u);
    return u;
  }

  function widthOf(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width));
  }

  function sweepsChart(el, m) {
    const s = m.series;
    if (!s.t.length) return el.append(h('p', { class: 'muted', text: 'No sweeps in these logs.' }));
    const stack = stacked([
      { label: 'Renewed', color: COLORS.renewed, values: s.renewed },
      { label: 'Recovered', color: COLORS.recovered, values: s.recovered },
      { label: 'Failed keys', color: COLORS.failed, values: s.key_failures },
    ]);
    const opts = baseOptions(widthOf(el), 260);
    opts.scales.x.range = xRange(s.t, s.bucket_s);
    opts.scales.y = { range: (u, min, max) => [0, Math.max(1, max * 1.1)] };
    opts.scales.d = { range: (u, min, max) => [Math.min(0, min ?? 0), Math.max(1, (max ?? 1) * 1.15)] };
    opts.axes.push(countAxis('keys'), { scale: 'd', side: 1, label: 'min days left', font: AXIS_FONT, labelFont: AXIS_FONT, size: 52, grid: { show: false }, ticks: { stroke: '#dee2e6' } });
    opts.series = [{}, ...stack.series, { label: 'Min days left', scale: 'd', stroke: COLORS.minDays, width: 2, spanGaps: true, points: { show: false }, value: (u, v) => days(v) }];
    chart(el, opts, [s.t, ...stack.data, s.min_days_left]);
  }

  function throttleChart(el, m) {
    const s = m.series;
    if (!s.throttled.some((v) => v > 0) && !s.throttled_tries.some((v) => v > 0)) return el.append(h('p', { class: 'muted', text: 'No throttling in these logs.' }));
    const opts = baseOptions(widthOf(el), 220);
    opts.scales.x.range = xRange(s.t, s.bucket_s);
    opts.scales.y = { range: (u, min, max) => [0, Math.max(1, max * 1.15)] };
    opts.axes.push(countAxis('calls'));
    opts.series = [{}, bars('Throttled calls (sweep summaries)', COLORS.throttled, s.throttled),
      { label: 'Throttled tries (stage.failed)', stroke: COLORS.tries, width: 1.5, points: { show: true, size: 4 }, value: (u, v) => int(v) }];
    chart(el, opts, [s.t, s.throttled, s.throttled_tries]);
  }

  function errorsChart(el, m) {
    const s = m.series;
    if (!s.errors.length) return el.append(h('p', { class: 'muted', text: 'No failed tries in these logs.' }));
    let palette = 0;
    const layers = s.errors.map((e) => ({ label: e.code, values: e.counts, color: THROTTLE_CODES.has(e.code) ? COLORS.throttled : e.code === 'other' ? '#adb5bd' : CODE_COLORS[palette++ % CODE_COLORS.length] }));
    const stack = stacked(layers);
    const opts = baseOptions(widthOf(el), 220);
    opts.scales.x.range = xRange(s.t, s.bucket_s);
    opts.scales.y = { range: (u, min, max) => [0, Math.max(1, max * 1.15)] };
    opts.axes.push(countAxis('failed tries'));
    opts.series = [{}, ...stack.series];
    chart(el, opts, [s.t, ...stack.data]);
  }

  // ---------- key timeline ----------

  function timelineRows(m) {
    const needle = view.filter.trim().toLowerCase();
    const all = needle ? m.keys.filter((k) => k.alias.toLowerCase().includes(needle) || k.key_id.toLowerCase().includes(needle)) : m.keys;
    const dpr = window.devicePixelRatio || 1;
    // Browsers cap a canvas near 32,767 px; beyond that many rows the rest are listed, not drawn.
    const drawable = Math.floor(30000 / (10 * dpr));
    const rows = view.showAll ? all.slice(0, drawable) : all.slice(0, ROWS_AT_FIRST);
    return { all, rows, rowHeight: rows.length <= ROWS_AT_FIRST ? 20 : rows.length * 16 * dpr <= 30000 ? 16 : 10 };
  }

  function fillSpan(ctx, u, from, to, y, height) {
    const a = u.valToPos(from, 'x', true);
    const b = u.valToPos(to, 'x', true);
    if (b > a) ctx.fillRect(a, y, Math.max(1, b - a), height);
  }

  function drawRows(u, rows, asOf) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const dpr = uPlot.pxRatio || 1;
    const rh = height / rows.length;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    rows.forEach((k, i) => {
      const y = top + i * rh;
      if (i % 2 === 1) {
        ctx.fillStyle = '#f8f9fa';
        ctx.fillRect(left, y, width, rh);
      }
      const band = Math.max(2, rh * 0.46);
      const bandY = y + (rh - band) / 2;
      ctx.fillStyle = '#c3e6cb';
      fillSpan(ctx, u, k.first_seen, Math.min(k.last_seen, asOf), bandY, band);
      if (k.overdue) {
        ctx.fillStyle = '#ffa8a8';
        fillSpan(ctx, u, k.expires_at, asOf, y + rh * 0.1, rh * 0.8);
      } else if (k.expires_at !== null && k.expires_at >= asOf && k.state !== 'PendingImport') {
        ctx.fillStyle = k.state !== 'Enabled' ? '#dee2e6' : k.days_left < 1 ? '#ffa94d' : k.days_left < 3 ? '#ffe066' : '#8ce99a';
        fillSpan(ctx, u, asOf, k.expires_at, bandY, band);
      }
      ctx.fillStyle = STATES.PendingImport.color;
      for (const [from, to] of k.pending) fillSpan(ctx, u, from, to === null ? asOf : to, y + rh * 0.12, rh * 0.76);
      ctx.fillStyle = '#1b5e20';
      for (const t of k.renewal_ts) ctx.fillRect(u.valToPos(t, 'x', true) - 0.75 * dpr, y + rh * 0.12, Math.max(1, 1.5 * dpr), rh * 0.76);
      ctx.fillStyle = '#c92a2a';
      for (const t of k.failure_ts) {
        ctx.beginPath();
        ctx.arc(u.valToPos(t, 'x', true), y + rh * 0.24, Math.max(1.5 * dpr, rh * 0.16), 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    const x = u.valToPos(asOf, 'x', true);
    ctx.strokeStyle = '#343a40';
    ctx.lineWidth = dpr;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  }

  function tooltipLines(k) {
    const lines = [
      `${keyLabel(k)}  ${k.key_id}`,
      `${stateOf(k.state).label}${k.region ? `, ${k.region}` : ''}`,
      k.expires_at === null ? 'material never expires (or expiry unknown)' : `expires ${time(k.expires_at)} (${days(k.days_left)} at the last line)`,
      `${int(k.renewals)} renewals/recoveries, ${int(k.failures)} failures${k.last_error_code ? ` (last: ${k.last_error_code})` : ''}`,
      k.pending_s > 0 ? `${span(k.pending_s)} in Pending import` : 'never seen in Pending import',
      `seen ${time(k.first_seen)} to ${time(k.last_seen)}`,
    ];
    if (k.overdue) lines.push('past its expiry with no renewal logged');
    return lines;
  }

  function timeline(el, m) {
    if (!m.keys.length || m.as_of === null) return el.append(h('p', { class: 'muted', text: 'No keys in these logs.' }));
    const count = h('span', { class: 'muted', testid: 'timeline-count' });
    const toggle = h('button', { type: 'button', on: { click: () => { view.showAll = !view.showAll; draw(); } } });
    const search = h('input', { type: 'search', placeholder: 'filter by alias or key id', value: view.filter, 'aria-label': 'filter keys',
      on: { input: (e) => { view.filter = e.target.value; draw(); } } });
    const plot = h('div', { class: 'timeline-plot' });
    const tip = h('div', { class: 'tip', hidden: '' });
    el.append(h('div', { class: 'controls' }, search, count, toggle), h('div', { class: 'timeline-wrap' }, plot, tip), legend());
    let drawn = null;
    const draw = () => {
      if (drawn) { drawn.destroy(); charts = charts.filter((c) => c !== drawn); drawn = null; }
      plot.replaceChildren();
      const { all, rows, rowHeight } = timelineRows(m);
      count.textContent = `${int(rows.length)} of ${int(all.length)} keys drawn, riskiest first`;
      toggle.hidden = all.length <= ROWS_AT_FIRST;
      toggle.textContent = view.showAll ? `Show the first ${ROWS_AT_FIRST}` : `Show all ${int(all.length)}`;
      if (!rows.length) return plot.append(h('p', { class: 'muted', text: 'No key matches the filter.' }));
      drawn = timelinePlot(plot, tip, m, rows, rowHeight, widthOf(el));
    };
    draw();
  }

  function timelinePlot(plot, tip, m, rows, rowHeight, width) {
    const asOf = m.as_of;
    let first = Infinity;
    let lastExpiry = asOf;
    for (const k of m.keys) {
      first = Math.min(first, k.first_seen);
      if (k.expires_at !== null) lastExpiry = Math.max(lastExpiry, k.expires_at);
    }
    const past = Math.max(3600, asOf - first);
    const ahead = Math.max(past * 0.04, Math.min(lastExpiry - asOf, Math.max(past * 0.3, 2 * 86400)));
    const n = rows.length;
    const every = Math.ceil(12 / rowHeight);
    const opts = baseOptions(width, n * rowHeight + X_AXIS_SIZE + 8);
    opts.padding = [8, 12, 0, 0];
    opts.axes[0].size = X_AXIS_SIZE;
    opts.legend = { show: false };
    opts.cursor = { sync: { key: 'byok', scales: ['x', null] }, y: false, points: { show: false }, drag: { x: true, y: false } };
    opts.scales.x.range = (u, min, max) => [min, max];
    opts.scales.y = { auto: false, range: [0, n] };
    opts.axes.push({
      scale: 'y', size: 190, font: AXIS_FONT, gap: 6, grid: { show: false }, ticks: { show: false },
      splits: () => rows.map((_, i) => n - i - 0.5).filter((_, i) => i % every === 0),
      values: (u, splits) => splits.map((v) => {
        const label = keyLabel(rows[Math.round(n - 0.5 - v)] || { key_id: '', alias: '' });
        return label.length > 28 ? `${label.slice(0, 27)}…` : label;
      }),
    });
    opts.series = [{}, { label: 'keys', stroke: 'transparent', points: { show: false } }];
    opts.hooks = {
      draw: [(u) => drawRows(u, rows, asOf)],
      setCursor: [(u) => {
        const { left, top } = u.cursor;
        const row = top >= 0 ? rows[Math.floor(top / (u.bbox.height / (uPlot.pxRatio || 1) / n))] : undefined;
        if (left < 0 || row === undefined) { tip.hidden = true; return; }
        tip.replaceChildren(...tooltipLines(row).map((line, i) => h('div', { class: i === 0 ? 'tip-title' : null, text: line })));
        tip.hidden = false;
        tip.style.left = `${Math.max(0, Math.min(u.over.offsetLeft + left + 14, u.over.offsetLeft + u.over.clientWidth - 340))}px`;
        tip.style.top = `${u.over.offsetTop + top + 14}px`;
      }],
    };
    return chart(plot, opts, [[first, asOf + ahead], [null, null]]);
  }

  function legend() {
    const item = (color, text, shape) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${shape || ''}`, background: color }), text);
    return h('div', { class: 'timeline-legend' },
      item('#c3e6cb', 'seen in the logs'),
      item('#8ce99a', 'material valid beyond the last line: 3 d or more'),
      item('#ffe066', 'under 3 d'),
      item('#ffa94d', 'under 1 d'),
      item('#ffa8a8', 'expired, no renewal logged'),
      item(STATES.PendingImport.color, 'in Pending import'),
      item('#1b5e20', 'renewal or recovery', 'tick'),
      item('#c92a2a', 'failed renewal', 'round'),
      item('#343a40', 'last log line', 'tick'));
  }

  // ---------- table ----------

  function sweepsTable(m) {
    if (!m.sweeps.length) return h('p', { class: 'muted', text: 'No sweep summaries in these logs.' });
    const head = ['Finished (UTC)', 'Result', 'Duration', 'Scanned', 'Due', 'Renewed', 'Recovered', 'Failed', 'Deferred', 'Pending import', 'Min days left', 'Throttled'];
    const rows = m.sweeps.map((s) => {
      const result = s.dry_run ? { text: 'dry run', cls: 'muted' } : sweepResult(s);
      return h('tr', null,
        h('td', { text: time(s.ts).replace(' UTC', '') }),
        h('td', null, h('span', { class: `badge ${result.cls}`, text: result.text })),
        h('td', { class: 'num', text: duration(s.duration_ms) }),
        ...[s.scanned, s.due, s.renewed, s.recovered, s.failed, s.deferred, s.pending_import].map((v) => h('td', { class: 'num', text: int(v) })),
        h('td', { class: `num ${daysClass(s.min_days_left)}`, text: days(s.min_days_left) }),
        h('td', { class: 'num', text: int(s.throttled) }));
    });
    return h('div', null, h('div', { class: 'table-wrap' },
      h('table', { testid: 'sweeps-table' }, h('thead', null, h('tr', null, head.map((t) => h('th', { text: t })))), h('tbody', null, rows))),
      h('p', { class: 'note', text: `The latest ${int(m.sweeps.length)} of ${int(m.fleet.sweeps)} sweeps, newest first.` }));
  }

  // ---------- page ----------

  function header(m, options) {
    const sk = m.sources.skipped;
    const skipped = sk.malformed + sk.too_long + sk.not_object + sk.missing_fields;
    const parts = [
      m.as_of === null ? 'no dated lines yet' : `as of ${time(m.as_of)} (the latest log line)`,
      `${int(m.sources.lines)} lines from ${m.sources.files.join(', ') || 'no file'}`,
    ];
    return h('header', null,
      h('h1', { text: 'byok-keeper fleet' }),
      h('div', { class: 'sub' }, parts.join(' · '),
        skipped ? h('span', { class: 'warn', testid: 'skipped', text: ` · ${int(skipped)} lines skipped (${int(sk.malformed)} not JSON, ${int(sk.too_long)} too long, ${int(sk.not_object)} not objects, ${int(sk.missing_fields)} missing fields)` }) : null,
        options.live ? h('span', { class: 'live', id: 'live-status', text: ` · live, refreshed every ${options.live.interval_s} s` }) : null));
  }

  function render(m, options) {
    current = m;
    for (const u of charts) u.destroy();
    charts = [];
    const app = document.getElementById('app');
    const sweepsEl = h('div', { class: 'chart', testid: 'chart-sweeps' });
    const timelineEl = h('div', { class: 'timeline', testid: 'chart-timeline' });
    const throttleEl = h('div', { class: 'chart', testid: 'chart-throttling' });
    const errorsEl = h('div', { class: 'chart', testid: 'chart-errors' });
    const bucket = m.series.t.length ? ` Each bar is ${span(m.series.bucket_s)} of logs.` : '';
    app.replaceChildren(
      header(m, options),
      summary(m),
      section('Sweeps', `Keys renewed, recovered and failed per time bucket, and the lowest days left any sweep reported.${bucket}`, sweepsEl),
      section('Key expiry timeline', 'One row per key: when it was seen, each renewal, any time in Pending import, and how long its material stays valid after the last log line. Drag to zoom, double-click to reset.', timelineEl),
      h('div', { class: 'two' },
        section('Throttling', 'Calls the gateway throttled (HTTP 429 / APIG.0308) after the client retried.', throttleEl),
        section('Failed tries by error code', 'Every failed stage try or invocation; the sweep retries, so a try is not a lost key.', errorsEl)),
      section('Last sweeps', null, sweepsTable(m)),
      h('footer', null, `Model built ${m.generated_at.replace('T', ' ').slice(0, 19)} UTC. ${int(m.sources.other_events)} lines of other events ignored. Charts: uPlot 1.6.32 (MIT), bundled in this page.`));
    sweepsChart(sweepsEl, m);
    timeline(timelineEl, m);
    throttleChart(throttleEl, m);
    errorsChart(errorsEl, m);
  }

  /** Key rows travel as columns with mark times as differences (lib/dashboard/packModel.ts). */
  function unpackKeys(m) {
    const { count, columns, delta } = m.keys;
    const rows = [];
    for (let i = 0; i < count; i++) {
      const row = {};
      for (const [field, values] of Object.entries(columns)) {
        let value = values[i];
        if (delta.includes(field)) {
          let t = 0;
          value = value.map((d) => (t += d));
        }
        row[field] = value;
      }
      rows.push(row);
    }
    return { ...m, keys: rows };
  }

  function readJson(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  const options = readJson('byok-options') || {};
  render(unpackKeys(readJson('byok-model')), options);

  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => render(current, options), 150);
  });

  if (options.live) {
    const poll = async () => {
      const status = document.getElementById('live-status');
      try {
        const response = await fetch('model.json', { cache: 'no-store' });
        if (!response.ok) throw new Error(String(response.status));
        const next = await response.json();
        if (next.rev !== current.rev) render(unpackKeys(next), options);
        else if (status) status.textContent = ` · live, refreshed every ${options.live.interval_s} s`;
      } catch {
        if (status) status.textContent = ' · live: the server does not answer';
      }
    };
    setInterval(poll, options.live.interval_s * 1000);
  }
})();
