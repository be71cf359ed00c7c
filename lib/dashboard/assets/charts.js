/* Dashboard page, part 3 of 5: time-series charts (uPlot), sharing one x cursor. */

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
