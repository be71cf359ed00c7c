/* Dashboard page, part 1 of 5: constants, view state, DOM and number helpers. The parts are joined in order
 * inside one strict-mode function by lib/dashboard/renderPage.ts. Text from logs is only ever set as text. */

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
