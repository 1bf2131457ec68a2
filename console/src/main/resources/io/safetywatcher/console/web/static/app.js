// The desk page: plain DOM, no build step, nothing from outside this server. Every value from
// the server goes into the page as text (textContent, attributes), never as markup.

const SEVERITY = ['info', 'low', 'medium', 'high', 'critical'];
const TYPES = ['intrusion', 'loitering', 'fight', 'gunshot', 'glass-break', 'break-in', 'panic', 'noise', 'suspicious-behaviour',
  'crowd-density', 'crowd-surge', 'crowd-risk', 'device-fault', 'camera-offline', 'camera-frozen', 'camera-covered', 'camera-moved',
  'sensor-silent'];
const SHOWN = 500; // rows drawn at once; the filters narrow the rest

const state = { me: null, rows: new Map(), selected: null, view: 'alerts', source: null, drawPending: false, zones: [] };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const svg = (tag, attrs = {}, ...children) => {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) {
    if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) e.append(c);
  return e;
};
const when = (iso) => iso ? new Date(iso).toLocaleString([], { hour12: false }) : '';
const clock = (iso) => iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '';

async function api(path, options = {}) {
  const headers = { 'Accept': 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.method && options.method !== 'GET' && state.me) headers['X-CSRF-Token'] = state.me.csrf;
  const res = await fetch(path, { method: options.method || 'GET', headers, credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/api/session') { showSignIn('Your session has ended: sign in again.'); }
  if (!res.ok) throw new Error(body.error || res.status + ' ' + res.statusText);
  return body;
}

// ---- sign-in

function showSignIn(message) {
  if (state.source) { state.source.close(); state.source = null; }
  state.me = null;
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = message || '';
  $('account').focus();
}

async function signIn(ev) {
  ev.preventDefault();
  $('signin-error').textContent = '';
  try {
    state.me = await api('/api/session', { method: 'POST', body: { account: $('account').value, password: $('password').value } });
    $('password').value = '';
    start();
  } catch (e) {
    $('signin-error').textContent = e.message;
  }
}

async function signOut() {
  try { await api('/api/session', { method: 'DELETE' }); } catch (e) { /* signed out either way */ }
  showSignIn('Signed out.');
}

async function start() {
  $('signin').hidden = true;
  $('app').hidden = false;
  $('whoami').textContent = state.me.account + ' (' + state.me.role + ')';
  $('whoami').dataset.role = state.me.role;
  const banner = [];
  if (!state.me.authenticated) banner.push('This store has no authentication (the local default): names are not checked, and actions are recorded as "(unauthenticated)".');
  if (state.me.role !== 'operator') banner.push('Signed in as an analyst: you can read everything, but only operators act on alerts.');
  $('banner').textContent = banner.join(' ');
  $('banner').hidden = banner.length === 0;
  $('mute').checked = localStorage.getItem('sw-mute') === '1';
  fillFilters();
  await reload();
  connect();
}

// ---- the alert list

function fillFilters() {
  const type = $('f-type');
  if (type.options.length === 1) TYPES.forEach((t) => type.append(el('option', { value: t, text: t })));
}

async function reload() {
  const list = await api('/api/alerts?state=&limit=10000');
  state.rows = new Map(list.rows.map((r) => [r.id, r]));
  fillZones();
  draw();
}

/** The zone filter's choices: every zone of the registry (once the plan has been read) and of the list. */
function fillZones() {
  const zones = new Set([...state.rows.values()].map((r) => r.zone).concat(state.zones));
  const zoneSelect = $('f-zone');
  const chosen = zoneSelect.value;
  zoneSelect.replaceChildren(el('option', { value: '', text: 'any zone' }), ...[...zones].sort().map((z) => el('option', { value: z, text: z })));
  zoneSelect.value = chosen;
}

function connect() {
  if (state.source) state.source.close();
  const source = new EventSource('/api/alerts/stream');
  state.source = source;
  source.addEventListener('open', () => { $('live-state').className = 'live on'; });
  source.addEventListener('error', () => {
    $('live-state').className = 'live off';
    // The browser reconnects by itself; the list is reloaded then, so a push missed while away is not lost.
  });
  let first = true;
  source.addEventListener('open', () => { if (!first) reload().catch(() => {}); first = false; });
  source.addEventListener('alert', (m) => upsert(JSON.parse(m.data)));
  source.addEventListener('signed-out', () => showSignIn('Your session has ended: sign in again.'));
}

function upsert(row) {
  const old = state.rows.get(row.id);
  if (old && old.version > row.version && old.updated_at >= row.updated_at) return;
  state.rows.set(row.id, row);
  if (!old && row.severity === 'critical' && row.state === 'FIRING') cue(row.id);
  scheduleDraw();
  if (state.selected === row.id) refreshDetailSoon(row.id);
}

// An alert that updates every second must not reload its detail (evidence, readings) every second.
function refreshDetailSoon(id) {
  if (state.detailTimer) return;
  state.detailTimer = setTimeout(() => {
    state.detailTimer = null;
    if (state.selected === id) openDetail(id, true);
  }, 1000);
}

function scheduleDraw() {
  if (state.drawPending) return;
  state.drawPending = true;
  requestAnimationFrame(() => { state.drawPending = false; draw(); });
}

const flashing = new Set();
function cue(id) {
  flashing.add(id);
  setTimeout(() => flashing.delete(id), 4000);
  if ($('mute').checked) return;
  try {
    const ctx = cue.ctx || (cue.ctx = new AudioContext());
    const o = ctx.createOscillator(); const g = ctx.createGain();
    o.frequency.value = 880; g.gain.value = 0.08; o.connect(g); g.connect(ctx.destination);
    o.start(); o.stop(ctx.currentTime + 0.25);
  } catch (e) { /* no audio here: the row still flashes */ }
}

function matches(r, f) {
  return (!f.zone || r.zone === f.zone) && (!f.type || r.type === f.type) && (!f.severity || r.severity === f.severity)
    && (!f.state || (f.state === 'open' ? r.state !== 'RESOLVED' : r.state === f.state));
}

function order(a, b) {
  return SEVERITY.indexOf(b.severity) - SEVERITY.indexOf(a.severity) || (b.updated_at || '').localeCompare(a.updated_at || '')
    || a.id.localeCompare(b.id);
}

function draw() {
  const f = { zone: $('f-zone').value, type: $('f-type').value, severity: $('f-severity').value, state: $('f-state').value };
  const rows = [...state.rows.values()].filter((r) => matches(r, f)).sort(order);
  $('count').textContent = rows.length + ' shown of ' + state.rows.size + (rows.length > SHOWN ? ' (first ' + SHOWN + ' drawn)' : '');
  $('alert-rows').replaceChildren(...rows.slice(0, SHOWN).map((r) => el('tr', {
    'data-alert': r.id, 'data-state': r.state,
    class: [r.state === 'RESOLVED' ? 'resolved' : '', r.id === state.selected ? 'selected' : '', flashing.has(r.id) ? 'flash' : ''].join(' ').trim() || null,
    onclick: () => openDetail(r.id),
  }, el('td', {}, el('span', { class: 'sev ' + r.severity, text: r.severity })), el('td', { text: r.type }), el('td', { text: r.zone }),
  el('td', { class: 'state', text: r.state.toLowerCase() }), el('td', { text: when(r.updated_at) }), el('td', { class: 'summary', text: r.summary }),
  el('td', { class: 'handled', text: [r.ack_by ? 'ack ' + r.ack_by : '', r.assignee ? '→ ' + r.assignee : ''].filter(Boolean).join(' ') }))));
}

// ---- one alert

async function openDetail(id, quiet) {
  state.selected = id;
  const pane = $('detail');
  pane.hidden = false;
  if (!quiet) { pane.replaceChildren(el('p', { class: 'note', text: 'loading ' + id + ' ...' })); draw(); }
  let d;
  try {
    d = await api('/api/alerts/' + encodeURIComponent(id));
  } catch (e) {
    pane.replaceChildren(el('p', { class: 'error', text: e.message }));
    return;
  }
  if (state.selected !== id) return;
  const scrolled = pane.scrollTop;
  // A push redraws the detail; the action forms stay as they are, so a note being typed is not lost.
  const kept = quiet ? pane.querySelector('.actions') : null;
  const a = d.alert;
  const acts = state.me.role === 'operator';
  pane.replaceChildren(
    el('button', { class: 'close', onclick: () => { state.selected = null; pane.hidden = true; draw(); }, text: 'close' }),
    el('h2', {}, el('span', { class: 'sev ' + a.severity, text: a.severity }), ' ', a.type, ' in ', a.zone_name || a.zone),
    el('dl', { id: 'alert-fields' },
      ...field('id', a.id), ...field('state', a.state), ...field('summary', a.summary), ...field('score', a.score === undefined ? '' : a.score.toFixed(2)),
      ...field('started', when(a.started_at)), ...field('updated', when(a.updated_at)), ...field('ended', when(a.ended_at)),
      ...field('devices', a.devices.join(', ')), ...field('rules', a.rule_version),
      ...field('acknowledged', a.acknowledged ? (a.ack_by + ' at ' + when(a.ack_at)) : 'no'),
      ...field('assigned to', a.assignee || ''),
      ...field('resolved by', a.resolved_by ? a.resolved_by + (a.disposition ? ' (' + a.disposition + (a.disposition_category ? ', ' + a.disposition_category : '') + ')' : a.false_alarm ? ' (false alarm)' : '') : '')),
    el('h3', { text: 'Evidence' }), evidence(d.evidence),
    el('h3', { text: 'What the rule saw' }), chart(d.around),
    el('h3', { text: 'Lifecycle' }),
    el('ul', { class: 'timeline', id: 'lifecycle' }, d.lifecycle.map((e) => el('li', {}, clock(e.at) + ' ' + e.state.toLowerCase() + ' (' + e.severity + ') ' + e.summary))),
    el('h3', { text: 'Actions' }),
    el('ul', { class: 'timeline', id: 'history' }, d.actions.length ? d.actions.map((x) => el('li', { 'data-kind': x.kind },
      when(x.at) + ' ' + x.kind + ' by ' + x.actor + describe(x))) : el('li', { class: 'note', text: 'none yet' })),
    acts ? (kept || actionForms(a)) : el('p', { class: 'note', text: 'Analysts read; only operators act on alerts.' }));
  if (quiet) pane.scrollTop = scrolled;
  draw();
}

function describe(x) {
  const parts = [];
  if (x.assignee !== undefined && x.kind === 'assign') parts.push(x.assignee ? '→ ' + x.assignee : 'unassigned');
  if (x.disposition) parts.push(x.disposition + (x.category ? ' / ' + x.category : ''));
  else if (x.kind === 'resolve' && x.false_alarm) parts.push('false alarm');
  if (x.note) parts.push('"' + x.note + '"');
  return parts.length ? ': ' + parts.join(' ') : '';
}

const field = (k, v) => [el('dt', { text: k }), el('dd', { 'data-field': k, text: v === null || v === undefined ? '' : String(v) })];

function evidence(frames) {
  if (!frames.length) return el('p', { class: 'note', text: 'no evidence frame (not a camera alert, or none kept)' });
  return el('div', {}, frames.map((f) => {
    const box = el('div', { class: 'evidence' });
    const img = el('img', { src: f.url, alt: 'evidence from ' + f.camera + ' at ' + when(f.at), 'data-evidence': f.index });
    img.addEventListener('load', () => {
      const o = svg('svg', { viewBox: '0 0 ' + img.naturalWidth + ' ' + img.naturalHeight, preserveAspectRatio: 'none' });
      (f.boxes.people || []).forEach((p) => o.append(svg('rect', { class: 'person', x: p.x, y: p.y, width: p.w, height: p.h })));
      (f.boxes.blobs || []).forEach((b) => o.append(svg('rect', { class: 'blob', x: b.x, y: b.y, width: b.w, height: b.h })));
      box.append(o);
    });
    box.append(img);
    return el('figure', {}, box, el('figcaption', { class: 'note', text: f.camera + ', ' + when(f.at) + ', ' + (f.boxes.people || []).length + ' people tracked' }));
  }));
}

function chart(around) {
  const series = (around.series || []).filter((s) => s.points.length);
  if (!series.length) return el('p', { class: 'note', text: 'no readings or frames stored around the alert' });
  const from = Date.parse(around.from), to = Date.parse(around.to), mark = Date.parse(around.mark);
  const W = 500, H = 150, P = 24;
  return el('div', {}, series.map((s) => {
    const ys = s.points.map((p) => p[1]);
    const lo = Math.min(...ys), hi = Math.max(...ys) === lo ? lo + 1 : Math.max(...ys);
    const x = (t) => P + (t - from) / (to - from) * (W - 2 * P);
    const y = (v) => H - P - (v - lo) / (hi - lo) * (H - 2 * P);
    const d = s.points.map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join('');
    return svg('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, 'data-device': s.device },
      svg('path', { class: 'line', d }), svg('line', { class: 'mark', x1: x(mark), x2: x(mark), y1: 4, y2: H - P }),
      svg('text', { x: P, y: 12, text: s.device + ' ' + s.measure + (s.unit ? ' (' + s.unit + ')' : '') + ': ' + lo.toFixed(1) + ' .. ' + hi.toFixed(1) }),
      svg('text', { x: P, y: H - 6, text: clock(around.from) }), svg('text', { x: W - P - 50, y: H - 6, text: clock(around.to) }));
  }));
}

function actionForms(a) {
  const status = el('p', { class: 'note', id: 'action-status', role: 'status' });
  const act = (kind, body) => async (ev) => {
    ev.preventDefault();
    status.textContent = kind + ' ...';
    try {
      await api('/api/alerts/' + encodeURIComponent(a.id) + '/' + kind, { method: 'POST', body });
      ev.target.reset();
      status.textContent = kind + ' recorded';
      openDetail(a.id, true);
    } catch (e) { status.textContent = kind + ' refused: ' + e.message; }
  };
  const ackNote = el('input', { type: 'text', placeholder: 'note (optional)', id: 'ack-note' });
  const assignTo = el('input', { type: 'text', placeholder: 'operator (empty: unassign)', id: 'assign-to' });
  const comment = el('input', { type: 'text', placeholder: 'comment', id: 'comment-note', required: true });
  const disposition = el('select', { id: 'disposition' }, ['true_alarm', 'false_alarm', 'test'].map((d) => el('option', { value: d, text: d.replace('_', ' ') })));
  const category = el('input', { type: 'text', placeholder: 'category (e.g. animal)', id: 'resolve-category', maxlength: 100 });
  const resolveNote = el('input', { type: 'text', placeholder: 'note', id: 'resolve-note' });
  const silenceFor = el('select', { id: 'silence-for' }, [['15m', 15], ['1 h', 60], ['4 h', 240], ['1 day', 1440]].map(([t, m]) => el('option', { value: m, text: t })));
  const silenceReason = el('input', { type: 'text', placeholder: 'reason', id: 'silence-reason', required: true });
  const silence = async (ev) => {
    ev.preventDefault();
    const now = new Date();
    try {
      await api('/api/silences', { method: 'POST', body: { zone: a.zone, type: a.type, starts_at: now.toISOString(),
        ends_at: new Date(now.getTime() + Number(silenceFor.value) * 60000).toISOString(), reason: silenceReason.value } });
      status.textContent = 'silenced ' + a.type + ' in ' + a.zone;
    } catch (e) { status.textContent = 'silence refused: ' + e.message; }
  };
  return el('div', { class: 'actions' },
    el('form', { id: 'ack-form', onsubmit: (ev) => act('ack', { note: ackNote.value || undefined })(ev) }, el('button', { id: 'ack', text: 'Acknowledge' }), ackNote),
    el('form', { id: 'assign-form', onsubmit: (ev) => act('assign', { to: assignTo.value })(ev) }, el('button', { id: 'assign', text: 'Assign' }), assignTo),
    el('form', { id: 'comment-form', onsubmit: (ev) => act('comment', { note: comment.value })(ev) }, el('button', { id: 'comment', text: 'Comment' }), comment),
    el('form', { id: 'resolve-form', onsubmit: (ev) => act('resolve', { disposition: disposition.value, category: category.value || undefined, note: resolveNote.value || undefined })(ev) },
      el('button', { id: 'resolve', text: 'Resolve' }), disposition, category, resolveNote),
    el('form', { id: 'silence-form', onsubmit: silence }, el('button', { id: 'silence', text: 'Silence ' + a.type + ' in ' + a.zone }), silenceFor, silenceReason),
    status);
}

// ---- the plan

async function drawPlan() {
  const plan = await api('/api/plan');
  state.zones = plan.zones.map((z) => z.id);
  fillZones();
  const placed = plan.zones.filter((z) => z.lat !== undefined);
  const W = 1000, H = 640, P = 70, LABEL = 190; // room on the right for the names
  const root = $('plan');
  root.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  const lat0 = placed.reduce((s, z) => s + z.lat, 0) / Math.max(1, placed.length);
  const k = Math.cos(lat0 * Math.PI / 180);
  const xs = placed.map((z) => z.lon * k), ys = placed.map((z) => z.lat);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * P - LABEL) / Math.max(1e-9, x1 - x0), (H - 2 * P) / Math.max(1e-9, y1 - y0));
  const pos = new Map();
  plan.zones.forEach((z, i) => {
    if (z.lat !== undefined) pos.set(z.id, [P + (z.lon * k - x0) * scale, H - P - (z.lat - y0) * scale]);
    else pos.set(z.id, [P + (i % 8) * 110, H - 20]); // unsurveyed: a row along the bottom
  });
  const byZone = new Map();
  plan.devices.forEach((d) => { if (!byZone.has(d.zone)) byZone.set(d.zone, []); byZone.get(d.zone).push(d); });
  const shapes = [];
  plan.zones.forEach((z) => {
    const [cx, cy] = pos.get(z.id);
    const r = Math.max(14, Math.min(46, Math.sqrt(z.area_m2 || 400) / 3));
    const title = svg('title', { text: z.name + ' (' + z.id + '): ' + z.open_count + ' open alert(s)' });
    shapes.push(svg('circle', { class: 'zone ' + (z.worst || 'quiet'), cx, cy, r, 'data-zone': z.id, 'data-open': z.open_count,
      onclick: () => { $('f-zone').value = z.id; $('f-state').value = 'open'; show('alerts'); } }, title));
    shapes.push(svg('text', { x: cx + r + 16, y: cy + 4, text: (z.name || z.id) + (z.open_count ? ' · ' + z.open_count : '') }));
    // Devices sit on a ring just outside their zone, in the order of their bearings from its centre
    // (true distances of tens of metres would pile them on the zone's centre at this scale).
    const devices = (byZone.get(z.id) || []).map((d, i, all) => ({ d, angle: d.lat !== undefined && z.lat !== undefined
      ? Math.atan2(-(d.lat - z.lat), (d.lon - z.lon) * k) : 2 * Math.PI * i / all.length }));
    devices.sort((a, b) => a.angle - b.angle);
    // Evenly spaced, in bearing order, starting at the first one's bearing: no two dots on top of each other.
    devices.forEach(({ d }, i) => {
      const spread = devices[0].angle + 2 * Math.PI * i / devices.length;
      shapes.push(svg('circle', { class: 'device ' + d.health, cx: cx + Math.cos(spread) * (r + 8), cy: cy + Math.sin(spread) * (r + 8),
        r: d.kind === 'camera' ? 5 : 3.5, 'data-device': d.id, 'data-health': d.health,
        onclick: () => { $('f-zone').value = z.id; $('f-state').value = 'open'; show('alerts'); } },
      svg('title', { text: d.id + ' (' + (d.sensor_type || d.kind) + '): ' + d.health + (d.health_detail ? ', ' + d.health_detail : '') })));
    });
  });
  root.replaceChildren(...shapes);
}

// ---- trends

async function drawTrends() {
  const t = await api('/api/trends');
  const cards = [];
  const card = (title, id, ...body) => el('div', { class: 'card', id }, el('h3', { text: title }), ...body);
  if (t.hotspots.length) {
    const max = Math.max(...t.hotspots.map((h) => h.alerts_per_1000m2_day || 0), 1e-9);
    const H = 22 * t.hotspots.length + 10;
    cards.push(card('Hotspots, period ending ' + t.hotspot_period_end + ' (alerts per 1,000 m² per day)', 'hotspots',
      svg('svg', { viewBox: '0 0 460 ' + H }, t.hotspots.flatMap((h, i) => [
        svg('text', { x: 0, y: 22 * i + 16, text: h.rank + '. ' + h.zone }),
        svg('rect', { class: 'bar', x: 150, y: 22 * i + 4, height: 16, width: 250 * (h.alerts_per_1000m2_day || 0) / max }),
        svg('text', { x: 155 + 250 * (h.alerts_per_1000m2_day || 0) / max, y: 22 * i + 16, text: (h.alerts_per_1000m2_day || 0).toFixed(2) })]))));
  }
  if (t.heatmap.length) {
    const max = Math.max(...t.heatmap.map((c) => c[2]), 1);
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    cards.push(card('Incidents by weekday and hour, all zones', 'heatmap', svg('svg', { viewBox: '0 0 460 170' },
      days.map((d, i) => svg('text', { x: 0, y: 20 * i + 14, text: d })),
      t.heatmap.map(([dow, hour, n]) => svg('rect', { x: 36 + hour * 17, y: 20 * (dow - 1) + 2, width: 16, height: 18,
        fill: 'rgba(180,35,24,' + (0.08 + 0.92 * n / max).toFixed(2) + ')' }, svg('title', { text: days[dow - 1] + ' ' + hour + ':00: ' + n }))),
      [0, 6, 12, 18, 23].map((h) => svg('text', { x: 36 + h * 17, y: 162, text: h + 'h' })))));
  }
  if (t.trends.length) {
    cards.push(card('Trends (alerts per day, least squares; * significant)', 'trend-table', el('table', {},
      el('tr', {}, el('th', { text: 'zone' }), el('th', { text: 'type' }), el('th', { text: 'slope/day' }), el('th', { text: 'p' })),
      t.trends.map((r) => el('tr', {}, el('td', { text: r.zone }), el('td', { text: r.type }),
        el('td', { text: (r.slope_per_day ?? 0).toFixed(3) + (r.significant ? ' *' : '') }), el('td', { text: r.p_value === null ? '' : r.p_value.toFixed(3) }))))));
  }
  if (t.crowd_peaks.length) cards.push(card('Crowd peaks by hour (95th percentile, people per m²)', 'crowd-peaks', hourLines(t.crowd_peaks, 'p95_density', '/m²', 2)));
  if (t.noise_baseline.length) cards.push(card('Noise baseline by hour (mean dB)', 'noise', hourLines(t.noise_baseline, 'mean_db', ' dB', 0)));
  $('trends').replaceChildren(...(cards.length ? cards : [el('p', { class: 'note', text: 'No figures yet: the analytics job (./watcher analytics) fills them.' })]));
}

/** One line per zone over the 24 hours of the day: rows of {zone, hour, [key]}. */
function hourLines(rows, key, unit, digits) {
  const zones = [...new Set(rows.map((b) => b.zone))];
  const vals = rows.map((b) => b[key]).filter((v) => v !== null);
  const lo = Math.min(...vals), hi = Math.max(...vals) === lo ? lo + 1 : Math.max(...vals);
  return svg('svg', { viewBox: '0 0 460 170' },
    zones.map((z, zi) => svg('path', { class: 'line', fill: 'none', stroke: 'hsl(' + (zi * 67 % 360) + ',60%,45%)',
      d: rows.filter((b) => b.zone === z && b[key] !== null).map((b, i) => (i ? 'L' : 'M') + (40 + b.hour * 17.5) + ',' + (150 - (b[key] - lo) / (hi - lo) * 130).toFixed(1)).join('') },
    svg('title', { text: z }))),
    svg('text', { x: 0, y: 20, text: hi.toFixed(digits) + unit }), svg('text', { x: 0, y: 150, text: lo.toFixed(digits) + unit }),
    [0, 6, 12, 18, 23].map((h) => svg('text', { x: 40 + h * 17.5, y: 166, text: h + 'h' })));
}

// ---- views

function show(view) {
  state.view = view;
  document.querySelectorAll('.tab').forEach((b) => b.classList.toggle('active', b.dataset.view === view));
  ['alerts', 'plan', 'trends'].forEach((v) => { $('view-' + v).hidden = v !== view; });
  const load = view === 'plan' ? drawPlan : view === 'trends' ? drawTrends : async () => draw();
  load().catch((e) => { $('banner').hidden = false; $('banner').textContent = e.message; });
}

document.addEventListener('DOMContentLoaded', async () => {
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  $('mute').addEventListener('change', () => localStorage.setItem('sw-mute', $('mute').checked ? '1' : '0'));
  document.querySelectorAll('.tab').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
  $('filters').addEventListener('change', draw);
  try {
    state.me = await api('/api/session');
    start();
  } catch (e) {
    showSignIn('');
  }
});
