// The supervisor's dashboard: cases by month and type, special groups, hotline outcomes,
// budget execution with the projected shortfall, targets against actuals. Each chart has its
// figures in a table beside it; a statistic the server does not answer (404) shows as empty.
import { api, frame, el, $, zh, money, pct, showMessage, hide, thisYear, centers } from './api.js';

const msg = $('#msg');
const charts = {};
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const COLORS = ['#1d5fa8', '#a8201a', '#25703a', '#c27c0e', '#6b4fbb', '#0f8b8d', '#d9534f', '#5f6b7a', '#8c564b', '#e377c2'];

async function echartsReady() {
  if (globalThis.echarts) return globalThis.echarts;
  await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  return globalThis.echarts;
}
let echarts;

// A chart is a picture of the table beside it: the canvas is an image named by its card's title
// whose description is that table. Its tooltips are drawn inside the canvas (renderMode
// 'richText'): ECharts' HTML tooltips set inline style attributes, which the page's CSP
// (style-src 'self') refuses — 91 violations a visit — and the policy stays as it is.
function chart(id) {
  if (!charts[id]) {
    const box = $('#' + id);
    const card = box.closest('section');
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', `图表：${card.querySelector('h2').firstChild.textContent.trim()}（数据见下表）`);
    box.setAttribute('aria-describedby', 't-' + id.slice(2));
    charts[id] = echarts.init(box, null, { renderer: 'canvas' });
  }
  return charts[id];
}

function draw(id, option, empty) {
  const tooltip = option.tooltip ? { ...option.tooltip, renderMode: 'richText', confine: true } : undefined;
  chart(id).setOption({ color: COLORS, textStyle: { fontFamily: FONT }, animation: false, aria: { enabled: false }, ...option, ...(tooltip ? { tooltip } : {}) }, true);
  // ECharts' own DOM (the canvas's wrapper) says nothing more than the role="img" box does.
  for (const n of $('#' + id).children) n.setAttribute('aria-hidden', 'true');
  const wrap = $('#' + id).parentElement;
  wrap.querySelector('.chart-empty')?.remove();
  if (empty) wrap.append(el('div', { class: 'chart-empty' }, empty));
}

// The figures beside a chart: rows of [key, label, raw value, shown text], each row headed by
// its label (th scope=row) under a head row (th scope=col).
function figures(id, rows, head = ['项目', '数量']) {
  $('#' + id).replaceChildren(
    el('caption', { class: 'visually-hidden' }, `${$('#' + id).closest('section').querySelector('h2').firstChild.textContent.trim()}：数据`),
    el('thead', {}, el('tr', {}, head.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))),
    el('tbody', {}, rows.map(([key, label, raw, text, extra]) => el('tr', { 'data-key': key, class: key === 'total' ? 'total' : '' },
      el('th', { scope: 'row' }, label), el('td', { class: 'num', 'data-value': raw ?? '' }, text ?? String(raw ?? '—')),
      ...(extra || []).map((x) => el('td', { class: 'num' }, x))))));
}

function unavailable(card, e) {
  const id = card.replace('card-', '');
  const text = e.status === 404 ? '暂无数据（该统计尚未提供）' : e.status === 403 ? '无权查看' : `加载失败：${e.message}`;
  draw('c-' + id, {}, text);
  $('#c-' + id).setAttribute('aria-label', `图表：${text}`);
  $('#t-' + id).replaceChildren();
  $('#n-' + id).textContent = '';
}

const bar = (labels, values, opts = {}) => ({
  grid: { left: 44, right: 16, top: 28, bottom: opts.rotate ? 56 : 32, containLabel: false },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', data: labels, axisLabel: { rotate: opts.rotate || 0, interval: 0, fontSize: 11 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, barMaxWidth: 36, itemStyle: { color: opts.color || COLORS[0], borderRadius: [3, 3, 0, 0] },
    label: { show: true, position: 'top', fontSize: 11, formatter: (p) => (p.value ? p.value : '') } }],
});
const pie = (data) => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
  legend: { type: 'scroll', orient: 'vertical', right: 8, top: 'middle', textStyle: { fontSize: 12 } },
  series: [{ type: 'pie', radius: ['38%', '66%'], center: ['36%', '50%'], data, avoidLabelOverlap: true,
    label: { formatter: '{c}', fontSize: 12 }, labelLine: { length: 6, length2: 6 } }],
});

// ---- each chart ----
function months(r, year) {
  const by = Object.fromEntries(r.rows.map((x) => [x.key, x.count]));
  const keys = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const values = keys.map((k) => by[k] || 0);
  draw('c-month', bar(keys.map((k) => Number(k.slice(5)) + '月'), values), r.total ? null : '本年度暂无案件');
  $('#t-month').replaceChildren(
    el('caption', { class: 'visually-hidden' }, '按月收到的申请：数据'),
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', { scope: 'col', class: 'num' }, Number(k.slice(5)) + '月')), el('th', { scope: 'col', class: 'num' }, '合计'))),
    el('tbody', {}, el('tr', {}, values.map((v, i) => el('td', { class: 'num', 'data-key': keys[i], 'data-value': v }, v)),
      el('td', { class: 'num', 'data-key': 'total', 'data-value': r.total }, el('strong', {}, r.total)))));
  $('#n-month').textContent = `全年 ${r.total} 件（含不予援助）`;
}

function types(r) {
  const rows = r.rows.filter((x) => x.count > 0).sort((a, b) => b.count - a.count);
  draw('c-type', pie(rows.map((x) => ({ name: x.label || zh('case_type', x.key), value: x.count }))), r.total ? null : '本年度暂无案件');
  figures('t-type', [...rows.map((x) => [x.key, x.label || zh('case_type', x.key), x.count]), ['total', '合计', r.total]], ['案件类型', '件数']);
  $('#n-type').textContent = `${rows.length} 类`;
}

function groups(r, total) {
  const by = Object.fromEntries(r.rows.map((x) => [x.key, x]));
  const keys = ['minor', 'elderly', 'woman', 'ethnic_minority', 'migrant_worker', 'disabled', 'military', 'low_income'];
  const values = keys.map((k) => (by[k] ? by[k].count : 0));
  draw('c-group', bar(keys.map((k) => zh('group', k)), values, { color: COLORS[1], rotate: 30 }), values.some(Boolean) ? null : '本年度暂无特殊群体受援人');
  figures('t-group', keys.map((k, i) => [k, zh('group', k), values[i], `${values[i]}${total ? `（${pct(values[i] / total, 0)}）` : ''}`]), ['群体', '件数（占比）']);
  $('#n-group').textContent = '一件案件可属多个群体';
}

function outcomes(r) {
  const rows = r.rows.filter((x) => x.count > 0);
  draw('c-outcome', pie(rows.map((x) => ({ name: x.label || zh('outcome', x.key), value: x.count }))), r.total ? null : '本年度暂无来电');
  figures('t-outcome', [...rows.map((x) => [x.key, x.label || zh('outcome', x.key), x.count, `${x.count}（${pct(x.count / r.total, 1)}）`]), ['total', '合计', r.total]], ['处理结果', '来电（占比）']);
  $('#n-outcome').textContent = `共 ${r.total} 通`;
}

const toWan = (fen) => Math.round((fen || 0) / 100) / 10000; // 万元, for the axis only
function budget(b) {
  const committedUnpaid = Math.max(0, (b.committed_fen || 0) - (b.paid_fen || 0));
  const parts = [['已支付', b.paid_fen || 0, COLORS[2]], ['已审核未支付', committedUnpaid, COLORS[0]], ['待审核', b.pending_fen || 0, COLORS[3]], ['在办案件最低应付', b.open_cases_min_fen || 0, '#9aa5b1']];
  const shortfall = b.projected_shortfall_fen || 0;
  draw('c-budget', {
    grid: { left: 72, right: 24, top: 44, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v == null ? '—' : v.toFixed(2) + '万元') },
    legend: { top: 0, textStyle: { fontSize: 11 }, itemWidth: 12, itemHeight: 10 },
    xAxis: { type: 'value', name: '万元', nameGap: 4, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'category', data: ['预计支出', '年度经费'], inverse: false },
    series: [
      { name: '年度经费', type: 'bar', stack: 'a', data: [null, toWan(b.allocated_fen)], itemStyle: { color: '#c3ccd6' }, barMaxWidth: 34 },
      ...parts.map(([name, v, color]) => ({ name, type: 'bar', stack: 'a', data: [toWan(v), null], itemStyle: { color }, barMaxWidth: 34 })),
    ],
  }, b.allocated_set === false && !b.projected_need_fen ? '尚未设置本年度经费' : null);
  figures('t-budget', [
    ['allocated_fen', '年度经费' + (b.allocated_set === false ? '（未设置）' : ''), b.allocated_fen, money(b.allocated_fen)],
    ['committed_fen', '已审核（含已支付）', b.committed_fen, money(b.committed_fen)],
    ['paid_fen', '已支付', b.paid_fen, money(b.paid_fen)],
    ['pending_fen', '待审核', b.pending_fen, money(b.pending_fen)],
    ['open_cases_min_fen', `在办案件最低应付（${b.open_stages ?? 0} 个阶段）`, b.open_cases_min_fen, money(b.open_cases_min_fen)],
    ['projected_need_fen', '预计全年支出', b.projected_need_fen, money(b.projected_need_fen)],
    ['projected_shortfall_fen', '预计缺口', shortfall, shortfall > 0 ? money(shortfall) : '无'],
    ['execution_rate', '执行率（已支付 / 年度经费）', b.execution_rate, pct(b.execution_rate, 2)],
  ], ['项目', '金额']);
  const row = $('#t-budget tr[data-key=projected_shortfall_fen]');
  if (row && shortfall > 0) row.classList.add('row-overdue');
  // No allocation entered: nothing can be called sufficient (it read 经费充足 with no budget set).
  $('#n-budget').textContent = noBudget(b) ? '尚未设置本年度经费' : shortfall > 0 ? `预计缺口 ${money(shortfall)}` : '经费充足';
}
const noBudget = (b) => b.allocated_set === false || !b.allocated_fen;

const fmtTarget = (i, v) => (v == null ? '—' : i.unit === 'rate' ? pct(v, 1) : i.unit === 'fen' ? money(v) : String(Math.round(v * 100) / 100));
// The four indicators of version 1 always; the self-assessment's others once they have a target.
const FIRST = new Set(['cases', 'duty_lawyers_per_day', 'satisfaction_rate', 'timely_rate']);
function targets(p) {
  const items = (p.items || []).filter((i) => FIRST.has(i.indicator) || i.target != null);
  const set = items.filter((i) => i.target != null);
  draw('c-targets', {
    grid: { left: 48, right: 44, top: 28, bottom: 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: items.map((i) => i.label.replace(/^受理|^受援人|人数$/g, '')), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', name: '完成率 %', nameTextStyle: { fontSize: 11 }, max: (v) => Math.max(120, Math.ceil(v.max / 20) * 20) },
    series: [{ name: '完成率', type: 'bar', barMaxWidth: 40,
      data: items.map((i) => (i.target ? { value: Math.round(((i.actual || 0) / i.target) * 1000) / 10, itemStyle: { color: i.met ? COLORS[2] : COLORS[1] } } : null)),
      label: { show: true, position: 'top', formatter: (x) => (x.value == null ? '' : x.value + '%'), fontSize: 11 },
      markLine: { silent: true, symbol: 'none', data: [{ yAxis: 100 }], lineStyle: { color: '#5f6b7a', type: 'dashed' }, label: { formatter: '目标', fontSize: 11 } } }],
  }, set.length ? null : '尚未设置本年度绩效目标');
  figures('t-targets', items.map((i) => [i.indicator, i.label, i.actual, fmtTarget(i, i.actual),
    [fmtTarget(i, i.target), i.met === true ? '✔ 达标' : i.met === false ? '✘ 未达标' : '—']]), ['指标', '实际', '目标', '是否达标']);
  $('#n-targets').textContent = set.length ? `${set.filter((i) => i.met).length}/${set.length} 项达标` : '';
}

function kpis(a, b, applications) {
  const k = (id, label, value, sub, cls = '') => el('div', { class: 'kpi ' + cls, id }, el('div', { class: 'v' }, value), el('div', { class: 'l' }, label), sub ? el('div', { class: 's' }, sub) : '');
  const out = [];
  if (a) {
    out.push(k('k-cases', '法律援助案件', String(a.cases.total), applications != null ? `收到申请 ${applications} 件，不予援助的不计` : `刑事 ${(a.cases.by_type.criminal_defense || 0) + (a.cases.by_type.criminal_victim || 0)} · 民事 ${a.cases.by_type.civil || 0}`));
    out.push(k('k-consult', '法律咨询', String(a.consultations.total), `其中 12348 热线 ${a.consultations.by_channel.hotline_12348 ?? a.hotline.calls}`));
    out.push(k('k-calls', '12348 来电', String(a.hotline.calls), `转为援助申请 ${a.hotline.converted}`));
    out.push(k('k-recovered', '挽回经济损失', money(a.recovered_fen), a.recovered_wages_fen ? `其中农民工工资 ${money(a.recovered_wages_fen)}` : ''));
    // The recipients' own follow-up ratings; 12348 callers apart (one unhappy caller read as a
    // recipient satisfaction of 0.00 %).
    const rated = (x) => (x ? { ratings: x.ratings, rate: x.ratings ? x.satisfied / x.ratings : null } : null);
    const bySource = a.satisfaction.by_source || {};
    const rs = rated(bySource.cases) || { ratings: a.satisfaction.ratings, rate: a.satisfaction.rate };
    const cs = rated(bySource.hotline);
    out.push(k('k-satisfaction', '受援人满意率', rs.ratings ? pct(rs.rate, 2) : '暂无回访', `${rs.ratings} 人次回访${cs && cs.ratings ? ` · 12348 来电满意率 ${pct(cs.rate, 1)}（${cs.ratings} 人次）` : ''}`, rs.ratings && rs.rate >= 0.98 ? 'good' : ''));
    out.push(k('k-timely', '审查/指派及时率', `${pct(a.timeliness.decided_on_time_rate, 0)} / ${pct(a.timeliness.assigned_on_time_rate, 0)}`, `值班律师 ${a.duty_lawyer_days} 人日`));
  }
  if (b && noBudget(b)) {
    out.push(k('k-execution', '经费执行率', '—', '尚未设置本年度经费'));
    out.push(k('k-shortfall', '预计经费缺口', '—', `尚未设置经费 · 预计支出 ${money(b.projected_need_fen || 0)}`));
  } else if (b) {
    out.push(k('k-execution', '经费执行率', pct(b.execution_rate, 1), `已支付 ${money(b.paid_fen)}`));
    out.push(k('k-shortfall', '预计经费缺口', b.projected_shortfall_fen > 0 ? money(b.projected_shortfall_fen) : '无', `年度经费 ${money(b.allocated_fen)}`, b.projected_shortfall_fen > 0 ? 'alert' : 'good'));
  }
  $('#kpis').replaceChildren(...out);
}

async function load(ev) {
  if (ev) ev.preventDefault();
  hide(msg);
  const center = $('#center').value, year = $('#year').value, children = $('#children').checked;
  const q = `center_id=${center}&year=${year}${children ? '&include_children=true' : ''}`;
  history.replaceState(null, '', `?${q}`);
  $('#csv').href = `/api/v1/stats/annual?${q}&format=csv`;
  $('#xlsx').href = `/api/v1/stats/annual?${q}&format=xlsx`;
  $('#report').href = `/report?center_id=${center}&year=${year}`;
  $('#scope').textContent = `${$('#center').selectedOptions[0]?.textContent || ''} · ${year}年`;
  document.body.dataset.loaded = 'false';
  const jobs = {
    annual: api('GET', `/stats/annual?${q}`),
    month: api('GET', `/stats/cases?group_by=month&${q}`),
    type: api('GET', `/stats/cases?group_by=case_type&${q}`),
    group: api('GET', `/stats/cases?group_by=group&${q}`),
    outcome: api('GET', `/stats/hotline?group_by=outcome&${q}`),
    budget: api('GET', `/budgets/${center}/${year}`),
    targets: api('GET', `/stats/performance?center_id=${center}&year=${year}`),
  };
  const names = Object.keys(jobs);
  const settled = await Promise.allSettled(Object.values(jobs));
  const r = Object.fromEntries(names.map((n, i) => [n, settled[i]]));
  const ok = (n) => r[n].status === 'fulfilled';
  const draws = {
    month: () => months(r.month.value, year), type: () => types(r.type.value),
    group: () => groups(r.group.value, r.group.value.total),
    outcome: () => outcomes(r.outcome.value), budget: () => budget(r.budget.value), targets: () => targets(r.targets.value),
  };
  for (const [n, fn] of Object.entries(draws)) {
    if (ok(n)) fn();
    else unavailable('card-' + n, r[n].reason);
  }
  kpis(ok('annual') ? r.annual.value : null, ok('budget') ? r.budget.value : null, ok('month') ? r.month.value.total : null);
  const failed = names.filter((n) => !ok(n) && r[n].reason.status !== 404);
  if (failed.length) showMessage(msg, `部分统计加载失败：${r[failed[0]].reason.message}`);
  document.body.dataset.loaded = 'true';
}

const user = await frame('统计看板');
echarts = await echartsReady();
const visible = (await centers()).filter((c) => user.all_centers || !user.visible_centers || user.visible_centers.includes(c.id) || c.id === user.center_id);
$('#center').append(...visible.map((c) => el('option', { value: c.id }, c.name)));
if (user.center_id) $('#center').value = String(user.center_id);
for (let y = thisYear(); y >= thisYear() - 5; y--) $('#year').append(el('option', { value: y }, `${y}年`));
const p = new URLSearchParams(location.search);
if (p.get('center_id')) $('#center').value = p.get('center_id');
if (p.get('year')) $('#year').value = p.get('year');
if (p.get('include_children')) $('#children').checked = true;
$('#pick').addEventListener('submit', load);
$('#pick').addEventListener('change', load);
let resizeTimer;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => Object.values(charts).forEach((ch) => ch.resize()), 150); });
await load();
