// The performance self-assessment (项目支出绩效自评表) of a centre's legal aid project for a
// year, filled from the records by GET /stats/self-assessment: A4, like the form of seed 001,
// with its XLSX and the annual figures (XLSX, CSV) to download. Each 完成值 names where it is
// found in the annual figures; the scoring method is printed under the table.
import { api, currentUser, el, $, param, centers, thisYear } from './api.js';

const sheet = $('#form');
const msg = $('#msg');
const BLANK = '\u3000'.repeat(6);
const wan4 = (fen) => (fen == null ? '' : (fen / 1e6).toFixed(4));
const pct2 = (r) => (r == null ? '—' : (r * 100).toFixed(2) + '%');
const pts = (x) => (x == null ? '' : Number(x).toFixed(2));
const cell = (tag, text, attrs = {}) => el(tag, attrs, text == null || text === '' ? '\u3000' : text);

function budgetRows(b) {
  return [
    el('tr', {}, cell('th', '项目预算金额（万元）'), cell('td', b.allocated_set ? wan4(b.allocated_fen) : '未录入', { 'data-key': 'allocated' }),
      cell('th', '实际到位金额（万元）'), cell('td', b.received_fen == null ? '未录入' : wan4(b.received_fen), { 'data-key': 'received' })),
    el('tr', {}, cell('th', '实际执行金额（万元）'), cell('td', wan4(b.executed_fen), { 'data-key': 'executed' }),
      cell('th', '预算执行率（10分）'), cell('td', `${pct2(b.execution_rate)}　得分 ${pts(b.score)}`, { 'data-key': 'execution' })),
  ];
}

function indicatorRows(sa) {
  const byLevel = new Map();
  for (const i of sa.indicators.filter((x) => x.assessed)) {
    if (!byLevel.has(i.level1)) byLevel.set(i.level1, []);
    byLevel.get(i.level1).push(i);
  }
  const rows = [];
  for (const lv of sa.levels.slice(1)) {
    const items = byLevel.get(lv.level1) || [];
    const head = cell('th', `${lv.level1}（${lv.weight}分）`, { rowspan: Math.max(1, items.length), class: 'level' });
    if (!items.length) {
      rows.push(el('tr', { class: 'unset' }, head, el('td', { colspan: 5 }, '未设定年度指标值，本项不得分'), cell('td', '0.00', { class: 'num' })));
      continue;
    }
    items.forEach((i, k) => rows.push(el('tr', { 'data-key': i.key, class: i.met === false ? 'missed' : '' },
      k === 0 ? head : '', cell('td', i.level2), cell('td', i.name, { title: `完成值：/stats/annual 的 ${i.source.field}` }),
      cell('td', i.target_text, { class: 'num' }), cell('td', i.actual_text || '无数据', { class: 'num actual' }),
      cell('td', pts(i.weight), { class: 'num' }), cell('td', pts(i.score), { class: 'num score' }))));
  }
  return rows;
}

function render(sa) {
  const b = sa.budget;
  sheet.replaceChildren(
    el('div', { class: 'org' }, sa.center_name),
    el('h1', {}, '项目支出绩效自评表'),
    el('div', { class: 'no center' }, `（${sa.year}年度）`),
    el('table', { class: 'form' }, el('tbody', {},
      el('tr', {}, cell('th', '项目名称'), cell('td', sa.project), cell('th', '实施单位'), cell('td', sa.center_name)),
      el('tr', {}, cell('th', '项目起止时间'), cell('td', `${sa.year}年1月1日-${sa.year}年12月31日`), cell('th', '绩效自评年度'), cell('td', `${sa.year}年`)),
      ...budgetRows(b))),
    el('table', { class: 'form indicators', id: 'indicators' },
      el('thead', {}, el('tr', {}, ['一级指标', '二级指标', '三级指标', '年度指标值', '全年完成值', '分值', '得分'].map((h) => el('th', {}, h)))),
      el('tbody', {}, indicatorRows(sa),
        el('tr', { class: 'total' }, el('th', { colspan: 3 }, '总　分'), cell('td', pts(sa.total_score), { class: 'num', id: 'total' }),
          el('th', {}, '自评等级'), cell('td', sa.grade, { colspan: 2, id: 'grade', class: 'grade' })))),
    el('p', { class: 'flush method' }, `评分方法：${sa.method}`),
    sa.notes.length ? el('ul', { class: 'notes' }, sa.notes.map((n) => el('li', {}, n))) : '',
    el('p', { class: 'flush source' }, `完成值取自 ${b.source.path} 的年度统计（各指标所取字段见下载的自评表 XLSX“数据来源”列）。`),
    el('div', { class: 'sign-line' }, el('span', {}, `填报人：${BLANK}`), el('span', {}, `审核人：${BLANK}`), el('span', {}, '填报日期：　　年　　月　　日')),
  );
  document.title = `${sa.center_name} ${sa.year}年度项目支出绩效自评表`;
}

async function load() {
  const center = $('#center').value, year = $('#year').value;
  history.replaceState(null, '', `?center_id=${center}&year=${year}`);
  const q = `center_id=${center}&year=${year}`;
  $('#xlsx').href = `/api/v1/stats/self-assessment?${q}&format=xlsx`;
  $('#annual-xlsx').href = `/api/v1/stats/annual?${q}&format=xlsx`;
  $('#annual-csv').href = `/api/v1/stats/annual?${q}&format=csv`;
  $('#back').href = `/dashboard?${q}`;
  document.body.dataset.loaded = 'false';
  try {
    render(await api('GET', `/stats/self-assessment?${q}`));
    msg.classList.add('hidden');
    sheet.classList.remove('hidden');
  } catch (e) {
    msg.textContent = e.status === 404 ? '没有这个中心，或不在您的权限范围内。' : e.status === 403 ? '只有主管和管理员可以查看绩效自评表。' : e.message;
    msg.classList.remove('hidden');
    sheet.classList.add('hidden');
  }
  document.body.dataset.loaded = 'true';
}

const user = await currentUser();
const list = await centers();
$('#center').append(...list.filter((c) => user.all_centers || !user.visible_centers || user.visible_centers.includes(c.id) || c.id === user.center_id)
  .map((c) => el('option', { value: c.id }, c.name)));
for (let y = thisYear(); y >= thisYear() - 5; y--) $('#year').append(el('option', { value: y }, `${y}年`));
$('#center').value = param('center_id') || String(user.center_id || list[0]?.id || '');
$('#year').value = param('year') || String(thisYear() - 1);
$('#pick').addEventListener('change', load);
$('#print').addEventListener('click', () => window.print());
await load();
