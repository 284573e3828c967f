// drugwatch dashboard: county table, live alert feed, county detail. Plain JS, no build step.
// Data: /api/counties, /api/counties/{code}/series, /api/counties/{code}/coverage, /api/alerts and the
// event stream /api/stream (see docs/api.md). All text from the data goes through textContent, never innerHTML.
'use strict';
(() => {
  const ROW_LIMIT = 200;        // rows drawn before "show all"
  const SPARK_DAYS = 28;        // sparkline length (daily windows)
  const DETAIL_DAYS = 90;       // detail charts length (daily windows)
  const SPARK_PARALLEL = 4;     // sparkline requests in flight at most
  const SPARK_TTL_MS = 5 * 60 * 1000;
  const RESORT_MS = 5000;       // live updates re-sort the table at most this often
  const FEED_MAX = 500;         // alerts kept in the feed (resolved ones are dropped first)
  const SEVERITY_RANK = { INFO: 0, WARNING: 1, CRITICAL: 2 };

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  };

  // ---- formatting and dates (dates are local calendar days 'yyyy-MM-dd', as the API's endDate)
  const nf0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  const nf1 = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const int = (v) => (v == null || Number.isNaN(v) ? '–' : nf0.format(v));
  const dec1 = (v) => (v == null || Number.isNaN(v) ? '–' : v === 0 ? '0' : nf1.format(v));
  const kg = (g) => (g == null ? '–' : g > 0 && g < 50 ? '<0.1' : dec1(g / 1000));
  const mass = (g) => (g == null ? '–' : g < 1000 ? `${g < 10 ? dec1(g) : int(g)} g` : `${dec1(g / 1000)} kg`);
  const axisNum = (u, splits) => splits.map((v) => (v == null ? '' : Math.abs(v) >= 1000 ? nf0.format(v) : String(+v.toPrecision(3))));
  const pad = (n) => String(n).padStart(2, '0');
  const addDays = (day, n) => {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const localToday = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
  const dayToSeconds = (day) => { const [y, m, d] = day.split('-').map(Number); return new Date(y, m - 1, d).getTime() / 1000; };
  const time = (iso) => {
    if (!iso) return '';
    const d = new Date(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const countyLabel = (r) => r.countyName || r.countyCode;

  // The page is in English. The labels of the alert statistics and of rule coverage, and the rule
  // names they use, also exist in Chinese: ?lang=zh shows those in Chinese (a first step, not a
  // translation of the page). Alert summaries come in the server's alert.language.
  const LANG = /^zh/i.test(new URLSearchParams(location.search).get('lang') || document.documentElement.lang) ? 'zh' : 'en';
  if (LANG === 'zh') document.documentElement.lang = 'zh-CN';
  const TEXT = {
    en: {
      rules: {
        LARGE_SEIZURE: 'Large seizure', COUNT_SPIKE: 'Count spike', WASTEWATER_RISE: 'Wastewater rise',
        CHECKPOINT_HIT_RATE: 'Checkpoint hit rate', CONSUMPTION_WITHOUT_ENFORCEMENT: 'Consumption without enforcement',
      },
      subjects: {
        ARREST_EVENTS: 'arrest events', SUSPECTS: 'suspects', SEIZURE_EVENTS: 'seizure events',
        INSPECTION_HITS: 'checkpoint hits', checkpoints: '', consumption: '', // the rule's name says it
      },
      substance: (s) => s.toLowerCase(),
      once: (n, years) => `about once in ${nf0.format(n)} ${years ? 'year' : 'day'}${n === 1 ? '' : 's'} by chance`,
      daily: 'more than once a day by chance',
      never: 'practically never by chance',
      campaign: (c) => `during the ${c} campaign`,
      method: 'method',
      status: { JUDGED: 'judged', INSUFFICIENT_DATA: 'insufficient data' },
      coverageTitle: (day) => (day ? `What the alert rules could judge on ${day}` : 'What the alert rules could judge'),
      coverageCounts: (judged, insufficient) => `${judged} judged, ${insufficient} with insufficient data`,
      notJudgedYet: 'No alert rule has judged this county yet: none of its days with data has closed.',
      notListed: (rules) => `Not judged here: ${rules} (no data of that kind in this county, or the rule is off).`,
      largeSeizures: 'Large seizures are judged one by one as they arrive.',
      coverageError: (m) => `Could not load what the rules could judge: ${m}`,
      catchingUp: (lag) => (lag > 0
        ? `Catching up on input: ${nf0.format(lag)} records still to process. The table fills in as they are; it is not complete yet.`
        : 'Catching up: state is still being restored. The table is not complete yet.'),
      notReady: (s) => `The pipeline is not ready yet (${s}); the table may be empty or incomplete.`,
    },
    zh: {
      rules: {
        LARGE_SEIZURE: '大宗毒品缴获', COUNT_SPIKE: '案件数异常升高', WASTEWATER_RISE: '污水毒品负荷上升',
        CHECKPOINT_HIT_RATE: '检查站查获率升高', CONSUMPTION_WITHOUT_ENFORCEMENT: '消费上升而查处未跟进',
      },
      subjects: {
        ARREST_EVENTS: '抓获起数', SUSPECTS: '抓获嫌疑人数', SEIZURE_EVENTS: '缴获起数',
        INSPECTION_HITS: '检查站查获数', checkpoints: '', consumption: '',
      },
      substance: (s) => ({
        METHAMPHETAMINE: '甲基苯丙胺', AMPHETAMINE: '苯丙胺', MDMA: '摇头丸(MDMA)', BENZOYLECGONINE: '苯甲酰爱康宁',
        MORPHINE: '吗啡', KETAMINE: '氯胺酮', THC_COOH: 'THC-COOH',
      })[s] || s,
      once: (n, years) => `平稳情况下约 ${n} ${years ? '年' : '天'}一遇`,
      daily: '平稳情况下每天都可能不止一次偶然出现',
      never: '平稳情况下几乎不会偶然出现',
      campaign: (c) => `专项行动：${c}`,
      method: '方法',
      status: { JUDGED: '已评估', INSUFFICIENT_DATA: '数据不足' },
      coverageTitle: (day) => (day ? `${day} 各告警规则的评估情况` : '各告警规则的评估情况'),
      coverageCounts: (judged, insufficient) => `${judged} 项已评估，${insufficient} 项数据不足`,
      notJudgedYet: '尚无告警规则评估过该县：该县还没有含数据的日期结束。',
      notListed: (rules) => `未评估：${rules}（该县没有此类数据，或规则已关闭）。`,
      largeSeizures: '大宗缴获按每起缴获即时判断。',
      coverageError: (m) => `无法读取告警规则评估情况：${m}`,
      catchingUp: (lag) => (lag > 0
        ? `正在追赶输入：还有 ${nf0.format(lag)} 条记录待处理。表格随处理进度逐步补全，目前尚不完整。`
        : '正在追赶：状态仍在恢复中，表格尚不完整。'),
      notReady: (s) => `处理管道尚未就绪（${s}），表格可能为空或不完整。`,
    },
  };
  const T = TEXT[LANG];
  const RULES = T.rules;

  async function getJson(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(body.error || `${res.status} ${res.statusText}`), { status: res.status });
    return body;
  }

  // ---- state
  const state = {
    windowDays: 7,
    rows: new Map(),          // countyCode -> latest CountyIndicators of the chosen window
    border: new Set(),        // border county codes, from static/border-counties.json
    alerts: new Map(),        // alertId -> Alert
    feedOrder: [],            // alertIds, newest first
    sort: { key: 'suspects', dir: -1 },
    province: '', query: '', minSeverity: 'INFO',
    showAll: false,
    anchor: null,             // the latest endDate seen: "today" of the data
    detail: null,             // county code shown in the detail view
  };

  // ---- the county table
  const COLUMNS = [
    { key: 'county', label: 'County', type: 'text', get: (r) => countyLabel(r) },
    { key: 'population', label: 'Population', get: (r) => r.population, fmt: int },
    { key: 'arrestEvents', label: 'Arrests', get: (r) => r.arrestEvents, fmt: int },
    { key: 'suspects', label: 'Suspects', get: (r) => r.suspects, fmt: int },
    { key: 'suspectsPer100k', label: 'Suspects /100k', get: (r) => r.suspectsPer100k, fmt: dec1 },
    { key: 'relapses', label: 'Relapses', get: (r) => r.relapses, fmt: int },
    { key: 'seizureEvents', label: 'Seizures', get: (r) => r.seizureEvents, fmt: int },
    { key: 'seizedKg', label: 'Seized kg', get: (r) => r.seizedGrams, fmt: kg },
    { key: 'seizuresOver10kg', label: '≥ 10 kg', title: 'Seizures of at least 10 kg', get: (r) => r.seizuresOver10kg, fmt: int },
    { key: 'hitRatePer1000', label: 'Hits /1000 veh.', title: 'Checkpoint hits per 1,000 vehicles inspected', get: (r) => r.hitRatePer1000, fmt: dec1 },
    { key: 'methLoad', label: 'Meth. in wastewater', title: 'Methamphetamine load, mg/day/1000 inhabitants', get: (r) => (r.wastewaterLoad || {}).METHAMPHETAMINE, fmt: dec1 },
    { key: 'alerts', label: 'Open alerts', get: (r) => openAlertCount(r.countyCode), fmt: int },
    { key: 'trend', label: `Suspects, ${SPARK_DAYS} d`, title: 'Suspects per day over the last 28 days', sortable: false },
  ];

  function renderHead() {
    const head = $('head');
    head.replaceChildren();
    for (const c of COLUMNS) {
      const th = el('th', { scope: 'col', class: c.type === 'text' ? 'text' : c.key === 'trend' ? 'trend' : 'num' });
      if (c.title) th.title = c.title;
      if (c.sortable === false) {
        th.textContent = c.label;
      } else {
        const active = state.sort.key === c.key;
        th.setAttribute('aria-sort', active ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
        const btn = el('button', { type: 'button', 'data-key': c.key, text: c.label });
        if (active) btn.append(el('span', { class: 'arrow', 'aria-hidden': 'true', text: state.sort.dir > 0 ? ' ▲' : ' ▼' }));
        th.append(btn);
      }
      head.append(th);
    }
  }

  function visibleRows() {
    const q = state.query.trim().toLowerCase();
    const rows = [...state.rows.values()].filter((r) =>
      (!state.province || r.provinceCode === state.province)
      && (!q || (r.countyName || '').toLowerCase().includes(q) || r.countyCode.includes(q)));
    const col = COLUMNS.find((c) => c.key === state.sort.key) || COLUMNS[0];
    const dir = state.sort.dir;
    const stale = (r) => (state.anchor && r.endDate < state.anchor ? 1 : 0);
    rows.sort((a, b) => {
      // by a figure: counties with a current window first, older windows ("latest data …") after
      if (col.type !== 'text' && stale(a) !== stale(b)) return stale(a) - stale(b);
      const x = col.get(a), y = col.get(b);
      const xMissing = x == null || x === '' || Number.isNaN(x), yMissing = y == null || y === '' || Number.isNaN(y);
      if (xMissing || yMissing) return xMissing - yMissing; // missing values last, either direction
      const c = col.type === 'text' ? String(x).localeCompare(String(y), 'zh-CN') : x - y;
      return c * dir || a.countyCode.localeCompare(b.countyCode);
    });
    return rows;
  }

  function renderTable() {
    const rows = visibleRows();
    const shown = state.showAll ? rows : rows.slice(0, ROW_LIMIT);
    spark.observer.disconnect();
    spark.visible.clear();
    const body = $('rows');
    body.replaceChildren(...shown.map(rowElement));
    $('empty').hidden = rows.length > 0;
    $('more').hidden = rows.length <= shown.length;
    $('show-all').textContent = `Show all ${nf0.format(rows.length)} counties`;
    $('table-caption').textContent = `${rows.length === 1 ? '1 county' : `${nf0.format(rows.length)} counties`}, `
      + `${state.windowDays}-day windows` + (state.anchor ? ` ending ${state.anchor}` : '') + ' (click a row for details)';
    renderHead();
  }

  function rowElement(r) {
    const tr = el('tr', { 'data-code': r.countyCode });
    fillRow(tr, r);
    return tr;
  }

  function fillRow(tr, r) {
    const stale = state.anchor && r.endDate < state.anchor;
    tr.classList.toggle('stale', !!stale);
    const alerts = openAlertCount(r.countyCode) > 0;
    tr.classList.toggle('has-alert', alerts);
    tr.dataset.worst = alerts ? worstSeverity(r.countyCode).toLowerCase() : '';
    const cells = COLUMNS.map((c) => {
      if (c.key === 'county') {
        const td = el('th', { scope: 'row', class: 'text county' },
          el('a', { href: `#county=${encodeURIComponent(r.countyCode)}`, class: 'name', text: countyLabel(r) }));
        if (state.border.has(r.countyCode)) td.append(' ', el('span', { class: 'badge border', title: 'Land-border county', text: 'border' }));
        td.append(el('span', { class: 'small', text: [r.prefectureName, r.provinceName, r.countyCode].filter(Boolean).join(' · ') }));
        if (stale) td.append(el('span', { class: 'small', text: `latest data ${r.endDate}` }));
        return td;
      }
      if (c.key === 'trend') {
        const td = el('td', { class: 'trend' });
        td.append(sparkSvg(r.countyCode));
        return td;
      }
      const v = c.get(r);
      const td = el('td', { class: c.type === 'text' ? 'text' : 'num', 'data-col': c.key, text: c.fmt ? c.fmt(v) : (v ?? '') });
      if (c.key === 'alerts' && v > 0) td.classList.add('alert-count', `sev-${worstSeverity(r.countyCode).toLowerCase()}`);
      return td;
    });
    tr.replaceChildren(...cells);
    spark.observer.observe(tr);
  }

  function updateRowInPlace(code) {
    const tr = $('rows').querySelector(`tr[data-code="${CSS.escape(code)}"]`);
    if (!tr) return false;
    fillRow(tr, state.rows.get(code));
    tr.classList.remove('flash');
    void tr.offsetWidth; // restart the animation
    tr.classList.add('flash');
    return true;
  }

  function buildProvinceOptions() {
    const provinces = new Map();
    for (const r of state.rows.values()) if (r.provinceCode) provinces.set(r.provinceCode, r.provinceName || r.provinceCode);
    const select = $('province');
    const keep = state.province;
    select.replaceChildren(el('option', { value: '', text: 'All provinces' }),
      ...[...provinces].sort((a, b) => a[0].localeCompare(b[0])).map(([code, name]) => el('option', { value: code, text: name })));
    select.value = provinces.has(keep) ? keep : '';
    state.province = select.value;
  }

  function newerWindow(a, b) { // is a at least as new as b?
    return !b || a.endDate > b.endDate || (a.endDate === b.endDate && (a.final || !b.final));
  }

  function bumpAnchor(day) {
    if (!state.anchor || day > state.anchor) { state.anchor = day; return true; }
    return false;
  }

  // Live updates that arrive while a snapshot loads are held, then applied on top of it: the
  // stream may carry changes the snapshot missed, and any change newer than it is streamed too.
  let snapshotsLoading = 0;
  async function loadCounties() {
    const days = state.windowDays;
    snapshotsLoading++;
    try {
      const list = await getJson(`api/counties?windowDays=${days}`);
      if (days !== state.windowDays) return;
      state.rows = new Map(list.map((r) => [r.countyCode, r]));
      state.anchor = null;
      list.forEach((r) => bumpAnchor(r.endDate));
      buildProvinceOptions();
      renderTable();
    } finally {
      snapshotsLoading--;
      if (pending.size) flushIndicators();
    }
  }

  // ---- sparklines: daily suspects over SPARK_DAYS, fetched only for rows on screen, a few at a time
  const spark = { cache: new Map(), queue: [], queued: new Set(), inflight: 0, visible: new Set(), observer: null };
  spark.observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const code = e.target.dataset.code;
      if (e.isIntersecting) { spark.visible.add(code); requestSpark(code); } else spark.visible.delete(code);
    }
  }, { rootMargin: '200px 0px' });

  function sparkFresh(entry) {
    return entry && entry.to === state.anchor && Date.now() - entry.at < SPARK_TTL_MS;
  }

  function requestSpark(code) {
    if (sparkFresh(spark.cache.get(code)) || spark.queued.has(code)) return;
    spark.queued.add(code);
    spark.queue.push(code);
    pumpSparks();
  }

  function pumpSparks() {
    while (spark.inflight < SPARK_PARALLEL && spark.queue.length) {
      const code = spark.queue.shift();
      spark.queued.delete(code);
      if (!spark.visible.has(code) || !state.anchor) continue;
      spark.inflight++;
      const to = state.anchor;
      dailySeries(code, SPARK_DAYS, to)
        .then((s) => { spark.cache.set(code, { to, at: Date.now(), values: s.days.map((d) => s.count(d, 'suspects')) }); redrawSpark(code); })
        .catch(() => {})
        .finally(() => { spark.inflight--; pumpSparks(); });
    }
  }

  function sparkSvg(code) {
    const entry = spark.cache.get(code);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 100 24');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('preserveAspectRatio', 'none');
    if (!entry) { svg.setAttribute('aria-hidden', 'true'); return svg; }
    const vals = entry.values, max = Math.max(1, ...vals.filter((v) => v != null));
    const pts = vals.map((v, i) => (v == null ? null : `${(i * 97 / (vals.length - 1)).toFixed(1)},${(22 - (v * 20) / max).toFixed(1)}`))
      .filter(Boolean).join(' '); // days before the county's first window are unknown, not drawn
    const line = document.createElementNS(svg.namespaceURI, 'polyline');
    line.setAttribute('points', pts);
    const last = vals[vals.length - 1] ?? 0;
    const dot = document.createElementNS(svg.namespaceURI, 'circle'); // today's value, visible even alone
    dot.setAttribute('cx', '97');
    dot.setAttribute('cy', (22 - (last * 20) / max).toFixed(1));
    dot.setAttribute('r', '2');
    svg.append(line, dot);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `suspects per day, last ${vals.length} days, max ${max}, total ${vals.reduce((a, b) => a + (b || 0), 0)}`);
    return svg;
  }

  function redrawSpark(code) {
    const td = $('rows').querySelector(`tr[data-code="${CSS.escape(code)}"] td.trend`);
    if (td) td.replaceChildren(sparkSvg(code));
  }

  // ---- daily series, with days without a window as 0 for counts (null before the first window)
  async function dailySeries(code, days, to) {
    const from = addDays(to, -(days - 1));
    const list = await getJson(`api/counties/${encodeURIComponent(code)}/series?windowDays=1&from=${from}&to=${to}`);
    const byDay = new Map(list.map((r) => [r.endDate, r]));
    const dayList = Array.from({ length: days }, (_, i) => addDays(from, i));
    const first = list.length ? list[0].endDate : to;
    return {
      days: dayList, records: list,
      count: (d, field) => (byDay.has(d) ? byDay.get(d)[field] : d < first ? null : 0),
      value: (d, f) => (byDay.has(d) ? f(byDay.get(d)) : null),
    };
  }

  // ---- alerts
  let stats = null; // countyCode -> { n, worst } over open alerts; rebuilt after any change
  function alertStats() {
    if (!stats) {
      stats = new Map();
      for (const a of openAlerts()) {
        const s = stats.get(a.countyCode) || { n: 0, worst: 'INFO' };
        s.n++;
        if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s.worst]) s.worst = a.severity;
        stats.set(a.countyCode, s);
      }
    }
    return stats;
  }
  function openAlerts() { return [...state.alerts.values()].filter((a) => a.status !== 'RESOLVED'); }
  function openAlertCount(code) { return (alertStats().get(code) || { n: 0 }).n; }
  function worstSeverity(code) { return (alertStats().get(code) || { worst: 'INFO' }).worst; }
  const shownInFeed = (a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[state.minSeverity];

  const subjectLabel = (rule, subject) => (rule === 'WASTEWATER_RISE' ? T.substance(subject)
    : subject in T.subjects ? T.subjects[subject] : subject);

  /**
   * How surprising a statistical alert is, as its summary says it: "p = 2.0e-6 · about once in 342
   * years by chance" (years from 730 days on; from 10^7 days "practically never"; under a day "more than
   * once a day": a wastewater alert raised by a ceiling may be no surprise at all). Null without a p-value.
   */
  function surprise(a) {
    const p = a.pValue;
    if (p == null) return null;
    const pText = p === 0 ? 'p ≈ 0' : `p = ${p < 1e-4 ? p.toExponential(1) : p.toFixed(4)}`;
    const d = a.recurrenceDays;
    const chance = d == null || d >= 1e7 ? T.never : d >= 730 ? T.once(Math.round(d / 365.25), true)
      : d < 1 ? T.daily : T.once(Math.round(d), false);
    return `${pText} · ${chance}`;
  }

  /** The alert's p-value, recurrence and campaign in one line, the method as its tooltip; null for none. */
  function statsLine(a) {
    // a RESOLVED record may repeat the last judged values, which would read as current (as in its summary)
    if (a.status === 'RESOLVED') return null;
    const parts = [surprise(a), a.campaign ? T.campaign(a.campaign) : null].filter(Boolean);
    if (!parts.length) return null;
    const line = el('p', { class: 'stats', text: parts.join(' · ') });
    if (a.method) line.title = `${T.method}: ${a.method}`;
    return line;
  }

  function alertElement(a, detail = false) {
    const sev = (a.severity || 'INFO').toLowerCase();
    const li = el('li', { class: `alert sev-${sev} status-${(a.status || '').toLowerCase()}`, 'data-id': a.alertId, 'data-severity': a.severity });
    li.append(...[
      el('div', { class: 'alert-head' },
        el('span', { class: 'sev', text: a.severity }),
        el('span', { class: 'rule', text: RULES[a.rule] || a.rule }),
        a.status !== 'OPEN' ? el('span', { class: 'status', text: a.status.toLowerCase() }) : null),
      el('div', { class: 'alert-where' },
        el('a', { class: 'alert-county', href: `#county=${encodeURIComponent(a.countyCode)}`, text: a.countyName || a.countyCode }),
        el('time', { datetime: a.updatedAt, title: `event time; first seen ${time(a.firstSeenAt)}`, text: time(a.updatedAt) })),
      statsLine(a),
      el('p', { class: 'summary', text: a.summary || '' }),
      detail && a.method && a.status !== 'RESOLVED' ? el('p', { class: 'method', text: `${T.method}: ${a.method}` }) : null,
    ].filter(Boolean));
    return li;
  }

  function renderCounts() {
    const open = openAlerts();
    const n = (s) => open.filter((a) => a.severity === s).length;
    $('alert-counts').replaceChildren(
      el('span', { class: 'count sev-critical', text: `${n('CRITICAL')} critical` }),
      el('span', { class: 'count sev-warning', text: `${n('WARNING')} warning` }),
      el('span', { class: 'count sev-info', text: `${n('INFO')} info` }));
  }

  /** Redraws the whole feed, with announcements off: only live additions are read out. */
  function renderFeed() {
    const feed = $('feed');
    const items = state.feedOrder.map((id) => state.alerts.get(id)).filter(shownInFeed);
    feed.setAttribute('aria-live', 'off');
    feed.replaceChildren(...items.map((a) => alertElement(a)));
    setTimeout(() => feed.setAttribute('aria-live', 'polite'), 0);
    $('feed-empty').hidden = items.length > 0;
    renderCounts();
  }

  /** Adds or replaces an alert; a live state change moves it to the top of the feed. */
  function upsertAlert(a, live) {
    const old = state.alerts.get(a.alertId);
    if (old && !live && old.updatedAt > a.updatedAt) return;
    state.alerts.set(a.alertId, a);
    stats = null;
    if (!old || (live && a.status !== 'RESOLVED')) {
      state.feedOrder = [a.alertId, ...state.feedOrder.filter((id) => id !== a.alertId)];
    }
    // keep the feed bounded by forgetting the oldest resolved alerts; open ones always stay
    for (let i = state.feedOrder.length - 1; i >= 0 && state.feedOrder.length > FEED_MAX; i--) {
      const id = state.feedOrder[i];
      if (state.alerts.get(id).status === 'RESOLVED') { state.feedOrder.splice(i, 1); state.alerts.delete(id); }
    }
  }

  let streamedDuringLoad = null; // alert ids received live while /api/alerts loads
  async function loadAlerts() {
    const streamed = new Set();
    streamedDuringLoad = streamed;
    let list;
    try {
      list = await getJson('api/alerts');
    } finally {
      streamedDuringLoad = null;
    }
    // an open alert missing from the snapshot resolved while we were not listening
    const known = new Set(list.map((a) => a.alertId));
    for (const [id, a] of state.alerts) {
      if (!known.has(id) && !streamed.has(id) && a.status !== 'RESOLVED') state.alerts.set(id, { ...a, status: 'RESOLVED' });
    }
    list.forEach((a) => upsertAlert(a, false));
    const at = (id) => state.alerts.get(id).updatedAt;
    state.feedOrder.sort((x, y) => (at(x) < at(y) ? 1 : at(x) > at(y) ? -1 : 0)); // newest first
    stats = null;
    renderFeed();
    $('feed').setAttribute('aria-busy', 'false');
  }

  function onAlert(a) {
    if (streamedDuringLoad) streamedDuringLoad.add(a.alertId);
    upsertAlert(a, true);
    const feed = $('feed');
    feed.querySelector(`li[data-id="${CSS.escape(a.alertId)}"]`)?.remove();
    if (shownInFeed(a)) {
      const li = alertElement(a);
      li.classList.add('new');
      if (a.status === 'RESOLVED') { // stays where it was in the order, greyed out
        const next = state.feedOrder.slice(state.feedOrder.indexOf(a.alertId) + 1)
          .map((id) => feed.querySelector(`li[data-id="${CSS.escape(id)}"]`)).find(Boolean);
        feed.insertBefore(li, next || null);
      } else feed.prepend(li);
    }
    $('feed-empty').hidden = feed.children.length > 0;
    renderCounts();
    if (state.rows.has(a.countyCode)) updateRowInPlace(a.countyCode);
    if (state.sort.key === 'alerts') sortDirty = true;
    if (state.detail === a.countyCode) renderDetailAlerts();
  }

  // ---- live indicator updates, applied in batches so a busy stream does not redraw per record
  const pending = new Map();
  let flushTimer = null;
  function onIndicator(r) {
    if (r.windowDays === 1 && spark.cache.has(r.countyCode)) patchSpark(r);
    if (r.windowDays === 1 && r.countyCode === state.detail) scheduleDetailRefresh();
    if (r.windowDays !== state.windowDays) return;
    const current = pending.get(r.countyCode) || state.rows.get(r.countyCode);
    if (newerWindow(r, current)) pending.set(r.countyCode, r);
    if (!flushTimer && !snapshotsLoading) flushTimer = setTimeout(flushIndicators, 300);
  }

  function flushIndicators() {
    clearTimeout(flushTimer);
    flushTimer = null;
    let rebuild = false;
    const sortCol = COLUMNS.find((c) => c.key === state.sort.key);
    for (const [code, r] of pending) {
      if (r.windowDays !== state.windowDays) continue; // queued before the window selector changed
      if (!newerWindow(r, state.rows.get(code))) continue; // a snapshot loaded since was newer
      const isNew = !state.rows.has(code);
      if (!isNew && sortCol.get(state.rows.get(code)) !== sortCol.get(r)) sortDirty = true;
      state.rows.set(code, r);
      if (bumpAnchor(r.endDate)) rebuild = true;
      if (isNew) rebuild = true;
      else if (!rebuild) updateRowInPlace(code);
    }
    pending.clear();
    if (rebuild) { buildProvinceOptions(); renderTable(); } // a new county or a new day: redraw once
  }

  // Rows updated in place keep their position; the order is redone every few seconds, but not
  // while the pointer or the keyboard focus is in the table, so that rows never move under them.
  let sortDirty = false;
  setInterval(() => {
    const table = $('counties');
    if (sortDirty && !table.matches(':hover') && !table.contains(document.activeElement) && !$('overview').hidden) {
      sortDirty = false;
      renderTable();
    }
  }, RESORT_MS);

  function patchSpark(r) {
    const entry = spark.cache.get(r.countyCode);
    const i = SPARK_DAYS - 1 - Math.round((Date.parse(entry.to) - Date.parse(r.endDate)) / 86400000);
    if (i >= 0 && i < SPARK_DAYS && entry.values[i] !== r.suspects) {
      entry.values[i] = r.suspects;
      redrawSpark(r.countyCode);
    }
  }

  // ---- the event stream. The snapshots are loaded each time it opens (at start and after every
  // reconnect): from then on every change is streamed, and events missed while away are not replayed.
  let source = null;
  let loadedOnce = false;
  function setStatus(s, text) { const p = $('status'); p.dataset.state = s; p.textContent = text; }
  function connect() {
    source = new EventSource('api/stream?events=alert,indicator');
    source.addEventListener('open', () => {
      setStatus('live', 'live');
      reloadAll();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) { // refused (e.g. 503): retry ourselves
        setStatus('down', 'disconnected, retrying…');
        setTimeout(connect, 5000);
      } else setStatus('down', 'reconnecting…');
    });
    source.addEventListener('alert', (e) => onAlert(JSON.parse(e.data)));
    source.addEventListener('indicator', (e) => onIndicator(JSON.parse(e.data)));
  }

  // ---- county detail
  let charts = [];
  let detailTimer = null;
  function scheduleDetailRefresh() {
    if (!detailTimer) detailTimer = setTimeout(() => { detailTimer = null; if (state.detail) loadDetail(state.detail); }, 3000);
  }

  function showDetail(code) {
    state.detail = code;
    $('overview').hidden = true;
    $('detail').hidden = false;
    const r = state.rows.get(code);
    $('d-name').textContent = r ? countyLabel(r) : code;
    renderDetailAlerts();
    renderKpis(r);
    renderCoverage(null, null);
    loadDetail(code);
    window.scrollTo(0, 0);
  }

  function hideDetail() {
    state.detail = null;
    coverageSeq++;
    charts.forEach((c) => c.destroy());
    charts = [];
    $('detail').hidden = true;
    $('overview').hidden = false;
  }

  function renderKpis(r) {
    const meta = $('d-meta');
    meta.replaceChildren();
    const kpis = $('d-kpis');
    kpis.replaceChildren();
    if (!r) { $('d-note').textContent = ''; return; }
    meta.append([r.prefectureName, r.provinceName, r.countyCode, r.population ? `population ${int(r.population)}` : null]
      .filter(Boolean).join(' · '));
    if (state.border.has(r.countyCode)) meta.append(' ', el('span', { class: 'badge border', text: 'border' }));
    const entries = (m, f) => Object.entries(m || {}).map(([k, v]) => `${k.toLowerCase()} ${f(v)}`).join(', ') || '–';
    const items = [
      ['Arrests', int(r.arrestEvents)], ['Suspects', int(r.suspects)], ['Suspects /100k', dec1(r.suspectsPer100k)],
      ['Relapses', int(r.relapses)], ['Suspects by offense', entries(r.suspectsByOffense, int)],
      ['Seizures', int(r.seizureEvents)], ['Seized', mass(r.seizedGrams)],
      ['Seized by drug', entries(r.seizedGramsByDrug, mass)],
      ['≥ 1 kg / ≥ 10 kg', `${int(r.seizuresOver1kg)} / ${int(r.seizuresOver10kg)}`],
      ['Vehicles inspected', int(r.vehiclesInspected)], ['Hits', int(r.inspectionHits)], ['Hits /1000', dec1(r.hitRatePer1000)],
      ['Wastewater samples', int(r.wastewaterSamples)], ['Wastewater (mg/day/1000)', entries(r.wastewaterLoad, dec1)],
    ];
    for (const [k, v] of items) kpis.append(el('div', {}, el('dt', { text: k }), el('dd', { text: v })));
    $('d-note').textContent = `${r.windowDays}-day window ${r.endDate ? `ending ${r.endDate}` : ''}${r.final ? ' (final)' : ' (still open)'}; `
      + `charts: daily values, up to the last ${DETAIL_DAYS} days.`;
  }

  function renderDetailAlerts() {
    const list = openAlerts().filter((a) => a.countyCode === state.detail)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    $('d-alerts').replaceChildren(...list.map((a) => alertElement(a, true)));
    $('d-no-alerts').hidden = list.length > 0;
  }

  // ---- what the alert rules could judge for the detail county (/coverage): a county too sparse for a
  // rule shows INSUFFICIENT_DATA with the reason, so it is never a silent pass
  let coverageSeq = 0;
  async function loadCoverage(code) {
    const seq = ++coverageSeq;
    let cov = null;
    let error = null;
    try { cov = await getJson(`api/counties/${encodeURIComponent(code)}/coverage`); } catch (e) { error = e; }
    if (state.detail !== code || seq !== coverageSeq) return;
    renderCoverage(cov, error);
  }

  function renderCoverage(cov, error) {
    const list = $('d-coverage');
    $('d-coverage-title').textContent = T.coverageTitle(cov && cov.day);
    $('d-coverage-counts').textContent = '';
    $('d-coverage-note').textContent = '';
    if (!cov) {
      list.replaceChildren(...(error ? [el('li', { class: 'cov none',
        text: error.status === 404 ? T.notJudgedYet : T.coverageError(error.message) })] : []));
      return;
    }
    const rules = cov.rules || [];
    list.replaceChildren(...rules.map((c) => {
      const judged = c.status === 'JUDGED';
      const subject = subjectLabel(c.rule, c.subject);
      return el('li', { class: `cov ${judged ? 'judged' : 'insufficient'}`, 'data-rule': c.rule, 'data-subject': c.subject,
        'data-status': c.status },
      el('span', { class: `badge ${judged ? 'judged' : 'insufficient'}`, title: c.status, text: T.status[c.status] || c.status }),
      ' ', el('span', { class: 'cov-rule', text: RULES[c.rule] || c.rule }),
      subject ? el('span', { class: 'cov-subject', text: ` · ${subject}` }) : null,
      c.reason ? el('span', { class: 'cov-reason', text: ` — ${c.reason}` }) : null);
    }));
    const judged = rules.filter((c) => c.status === 'JUDGED').length;
    $('d-coverage-counts').textContent = T.coverageCounts(judged, rules.length - judged);
    const absent = Object.keys(RULES).filter((r) => r !== 'LARGE_SEIZURE' && !rules.some((c) => c.rule === r));
    $('d-coverage-note').textContent = (absent.length
      ? T.notListed(absent.map((r) => RULES[r]).join(LANG === 'zh' ? '、' : ', ')) + (LANG === 'zh' ? '' : ' ') : '')
      + T.largeSeizures;
  }

  async function loadDetail(code) {
    loadCoverage(code);
    let s;
    try {
      s = await dailySeries(code, DETAIL_DAYS, state.anchor || localToday());
    } catch (e) { showMessage(`Could not load the series of ${code}: ${e.message}`); return; }
    if (state.detail !== code) return;
    const r = state.rows.get(code) || s.records[s.records.length - 1];
    if (r) { $('d-name').textContent = countyLabel(r); renderKpis(r); }
    // from a few days before the first window (at least 14 days shown), not 90 days of nothing
    const firstIdx = s.records.length ? s.days.indexOf(s.records[0].endDate) : 0;
    const start = Math.max(0, Math.min(firstIdx - 3, s.days.length - 14));
    const days = s.days.slice(start);
    const x = days.map(dayToSeconds);
    const substances = [...new Set(s.records.flatMap((rec) => Object.keys(rec.wastewaterLoad || {})))].sort();
    const maxGrams = Math.max(0, ...s.records.map((rec) => rec.seizedGrams));
    const [unit, perUnit] = maxGrams >= 1000 ? ['kg', 1000] : ['g', 1];
    const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
    const specs = [
      { title: 'Arrests and suspects per day', series: [
        ['Suspects', days.map((d) => s.count(d, 'suspects')), '#2563eb'],
        ['Arrests', days.map((d) => s.count(d, 'arrestEvents')), '#0891b2'],
        ['Relapses', days.map((d) => s.count(d, 'relapses')), '#9333ea']] },
      { title: `Seized per day (${unit})`, bars: true, series: [
        [`Seized ${unit}`, days.map((d) => { const g = s.count(d, 'seizedGrams'); return g == null ? null : g / perUnit; }), '#dc2626']] },
      { title: 'Checkpoints: hits per 1,000 vehicles', none: 'No inspections.', series: [
        ['Hits /1000', days.map((d) => s.value(d, (rec) => rec.hitRatePer1000)), '#ea580c']] },
      { title: 'Wastewater load (mg/day/1000 inhabitants)', none: 'No samples.', series: substances.map((sub, i) =>
        [sub.toLowerCase(), days.map((d) => s.value(d, (rec) => (rec.wastewaterLoad || {})[sub] ?? null)), palette[i % palette.length]]) },
    ];
    charts.forEach((c) => c.destroy());
    charts = [];
    const box = $('d-charts');
    box.replaceChildren();
    for (const spec of specs) {
      const fig = el('figure', { class: 'chart' });
      box.append(fig);
      if (!spec.series.some(([, data]) => data.some((v) => v != null))) {
        fig.append(el('figcaption', { text: spec.title }), el('p', { class: 'empty', text: spec.none || 'No data.' }));
        continue;
      }
      const opts = {
        title: spec.title, width: Math.max(280, fig.clientWidth - 8), height: 190,
        // half a day of room either side, so the first and last bars are whole
        scales: { x: { time: true, range: (u, min, max) => [min - 43200, max + 43200] } },
        series: [{}, ...spec.series.map(([label, , color]) => ({
          label, stroke: color, width: 1.5, spanGaps: !spec.bars,
          fill: spec.bars ? color + '99' : undefined,
          paths: spec.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined,
          points: spec.bars ? { show: false } : {},
        }))],
        axes: [{}, { size: 52, values: axisNum }],
        legend: { live: true },
      };
      charts.push(new uPlot(opts, [x, ...spec.series.map(([, data]) => data)], fig));
    }
  }

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => charts.forEach((c) => c.setSize({ width: Math.max(280, c.root.parentElement.clientWidth - 8), height: 190 })), 200);
  });

  function route() {
    const m = /^#county=(.+)$/.exec(location.hash);
    if (m) showDetail(decodeURIComponent(m[1])); else if (state.detail) hideDetail();
  }

  // ---- wiring
  function showMessage(text) { const p = $('message'); p.textContent = text; p.hidden = !text; }

  // /ready says whether the pipeline is still catching up on its input (docs/api.md): say so above the
  // table, so that an empty or partial table is not taken for a complete one.
  async function pollReady() {
    let text = '';
    try {
      const res = await fetch('ready', { headers: { Accept: 'application/json' } });
      const body = await res.json().catch(() => ({}));
      const d = body.details || {};
      if (!body.ready) text = T.notReady(body.state || res.status);
      else if (d.catchingUp) text = T.catchingUp(d.inputLag);
    } catch (e) { /* the status pill already says the server is unreachable */ }
    const p = $('catching-up'); p.textContent = text; p.hidden = !text;
    setTimeout(pollReady, text ? 2000 : 10000);
  }
  pollReady();

  async function reloadAll() {
    loadedOnce = true;
    try {
      await Promise.all([loadCounties(), loadAlerts()]);
      showMessage('');
      if (state.detail) showDetail(state.detail);
    } catch (e) {
      showMessage(`Could not load data (${e.message}); retrying in 5 s.`);
      setTimeout(reloadAll, 5000);
    }
  }

  $('controls').addEventListener('change', (e) => {
    if (e.target.name === 'window') {
      state.windowDays = Number(e.target.value);
      state.showAll = false;
      loadCounties().catch((err) => showMessage(`Could not load counties: ${err.message}`));
    } else if (e.target.id === 'province') { state.province = e.target.value; state.showAll = false; renderTable(); }
  });
  $('search').addEventListener('input', (e) => { state.query = e.target.value; renderTable(); });
  $('severity').addEventListener('change', (e) => { state.minSeverity = e.target.value; renderFeed(); });
  $('show-all').addEventListener('click', () => { state.showAll = true; renderTable(); });
  $('head').addEventListener('click', (e) => {
    const key = e.target.closest('button[data-key]')?.dataset.key;
    if (!key) return;
    const text = COLUMNS.find((c) => c.key === key).type === 'text';
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : text ? 1 : -1 };
    renderTable();
  });
  $('rows').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-code]');
    if (tr && !e.target.closest('a')) location.hash = `county=${encodeURIComponent(tr.dataset.code)}`;
  });
  $('back').addEventListener('click', (e) => { e.preventDefault(); history.pushState(null, '', location.pathname + location.search); hideDetail(); });
  window.addEventListener('hashchange', route);

  fetch('static/border-counties.json')
    .then((res) => (res.ok ? res.json() : { codes: [] }))
    .catch(() => ({ codes: [] }))
    .then((doc) => {
      state.border = new Set(doc.codes || []);
      connect(); // loads the snapshots once subscribed
      // without a stream (refused, or a proxy that buffers it) show the data all the same
      setTimeout(() => { if (!loadedOnce) reloadAll(); }, 3000);
      route();
    });
})();
