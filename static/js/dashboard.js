import { api, frame, el, $, zh, wan, yuan, showMessage } from './api.js';

await import('/vendor/echarts-5.5.1/echarts.min.js');
const echarts = globalThis.echarts;
const msg = $('#msg');
const charts = {};

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($('#' + id), null, { renderer: 'canvas' });
  return charts[id];
}

// The figures beside each chart, as a table the reader (and the tests) can check.
function figures(id, rows) {
  $('#' + id).replaceChildren(el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, v)))));
}

function bar(id, labels, values, color = '#1f5fae') {
  chart(id).setOption({
    grid: { left: 48, right: 16, top: 24, bottom: 48 }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' }, series: [{ type: 'bar', data: values, itemStyle: { color }, label: { show: true, position: 'top' } }],
  }, true);
}

function pie(id, data) {
  chart(id).setOption({
    tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}\n{c}' } }],
  }, true);
}

async function load(ev) {
  if (ev) ev.preventDefault();
  msg.classList.add('hidden');
  const center = $('#center').value, year = $('#year').value, children = $('#children').checked;
  const q = `center_id=${center}&year=${year}${children ? '&include_children=true' : ''}`;
  $('#csv').href = `/api/v1/stats/annual?${q}&format=csv`;
  try {
    const [annual, month, types, outcomes, perf] = await Promise.all([
      api('GET', `/stats/annual?${q}`), api('GET', `/stats/cases?group_by=month&${q}`),
      api('GET', `/stats/cases?group_by=case_type&${q}`), api('GET', `/stats/hotline?group_by=outcome&${q}`),
      api('GET', `/stats/performance?center_id=${center}&year=${year}`)]);
    const b = annual.budget || {};
    $('#kpis').replaceChildren(...[
      ['受理案件', annual.cases.total, 'k-cases'], ['法律咨询', annual.consultations.total, 'k-consult'],
      ['12348来电', annual.hotline.calls, 'k-calls'], ['挽回经济损失', wan(annual.recovered_fen), 'k-recovered'],
      ['满意率', annual.satisfaction.rate == null ? '—' : (annual.satisfaction.rate * 100).toFixed(1) + '%', 'k-satisfaction'],
      ['预计经费缺口', wan(b.projected_shortfall_fen), 'k-shortfall'],
    ].map(([l, v, id]) => el('div', { class: 'kpi', id }, el('div', { class: 'v' }, String(v)), el('div', { class: 'l' }, l))));
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const byMonth = Object.fromEntries(month.rows.map((r) => [r.key, r.count]));
    bar('c-month', months.map((m) => m.slice(5) + '月'), months.map((m) => byMonth[m] || 0));
    figures('t-month', [['全年', month.total]]);
    pie('c-type', types.rows.map((r) => ({ name: r.label, value: r.count })));
    figures('t-type', types.rows.map((r) => [r.label, r.count]));
    const groups = Object.entries(annual.cases.by_group);
    bar('c-group', groups.map(([k]) => zh('group', k)), groups.map(([, v]) => v), '#b42318');
    figures('t-group', groups.map(([k, v]) => [zh('group', k), v]));
    pie('c-outcome', outcomes.rows.map((r) => ({ name: r.label, value: r.count })));
    figures('t-outcome', [...outcomes.rows.map((r) => [r.label, r.count]), ['合计', outcomes.total]]);
    const money = [['年度经费', b.allocated_fen], ['已审核', b.committed_fen], ['已支付', b.paid_fen],
      ['待审核', b.pending_fen], ['在办案件最低应付', b.open_cases_min_fen], ['预计缺口', b.projected_shortfall_fen]];
    bar('c-budget', money.map(([k]) => k), money.map(([, v]) => (v || 0) / 100), '#2f7d32');
    figures('t-budget', [...money.map(([k, v]) => [k, yuan(v)]), ['执行率', b.execution_rate == null ? '—' : (b.execution_rate * 100).toFixed(2) + '%']]);
    const items = perf.items;
    chart('c-targets').setOption({
      grid: { left: 48, right: 16, top: 32, bottom: 48 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', data: items.map((i) => i.label) },
      yAxis: { type: 'value', name: '完成率 %' },
      series: [{ name: '完成率', type: 'bar', data: items.map((i) => (i.target ? Math.round(((i.actual || 0) / i.target) * 100) : 0)),
        label: { show: true, position: 'top', formatter: '{c}%' } }],
    }, true);
    figures('t-targets', items.map((i) => [i.label, `${i.actual ?? '—'} / ${i.target ?? '未设'} ${i.met === true ? '✔' : i.met === false ? '✘' : ''}`]));
    document.body.dataset.loaded = 'true';
  } catch (e) {
    showMessage(msg, e.status === 404 ? '没有数据或不在您的权限范围内' : e.message);
  }
}

const user = await frame('统计看板');
const centers = await api('GET', '/centers');
$('#center').append(...centers.items.map((c) => el('option', { value: c.id, selected: c.id === user.center_id }, c.name)));
const thisYear = new Date().getFullYear();
for (let y = thisYear; y >= thisYear - 5; y--) $('#year').append(el('option', { value: y }, `${y}年`));
const p = new URLSearchParams(location.search);
if (p.get('center_id')) $('#center').value = p.get('center_id');
if (p.get('year')) $('#year').value = p.get('year');
$('#pick').addEventListener('submit', load);
window.addEventListener('resize', () => Object.values(charts).forEach((ch) => ch.resize()));
await load();
