/* Dashboard page, part 4 of 5: one row per key on a time axis (drawn on uPlot's canvas). */

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
