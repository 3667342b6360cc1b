import { api, frame, el, $, zh, options, yuan, showMessage, showErrors, ROLE_ZH, fenOf } from './api.js';

const msg = $('#msg');
let centers = [];

function centerName(id) {
  const c = centers.find((x) => x.id === id);
  return c ? c.name : '（全部中心）';
}

async function users() {
  const r = await api('GET', '/users?limit=500');
  $('#users').replaceChildren(...r.items.map((u) => el('tr', {}, el('td', {}, u.username), el('td', {}, u.display_name),
    el('td', {}, ROLE_ZH[u.role]), el('td', {}, centerName(u.center_id)), el('td', {}, u.active ? '启用' : '停用'))));
}

async function lawyers() {
  const r = await api('GET', '/lawyers?limit=500');
  $('#lawyers').replaceChildren(...r.items.map((l) => {
    const toggle = el('button', { type: 'button', class: 'secondary' }, l.active ? '停用' : '启用');
    toggle.addEventListener('click', async () => {
      try { await api('PATCH', `/lawyers/${l.id}`, { active: !l.active }); await lawyers(); } catch (e) { showMessage(msg, e.message); }
    });
    return el('tr', {}, el('td', {}, l.display_name || l.username), el('td', {}, l.license_no), el('td', {}, l.firm),
      el('td', { class: 'num' }, l.practice_years), el('td', {}, l.specialties.map((s) => zh('case_type', s)).join('、')),
      el('td', {}, l.active ? '在职' : '停用'), el('td', {}, toggle));
  }));
}

async function standards() {
  const r = await api('GET', '/subsidy-standards');
  $('#standards').replaceChildren(...r.items.map((t) => el('div', {},
    el('h3', {}, `${t.jurisdiction_name}（${t.jurisdiction}）${t.year}年 第${t.version}版`),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '项目'), el('th', {}, '范围'), el('th', { class: 'num' }, '下限'), el('th', { class: 'num' }, '上限'), el('th', {}, '单位'))),
      el('tbody', {}, t.cells.map((c) => el('tr', {}, el('td', {}, zh('item', c.item)), el('td', {}, c.scope ? zh('scope', c.scope) : '不分范围'),
        el('td', { class: 'num' }, yuan(c.min_fen)), el('td', { class: 'num' }, yuan(c.max_fen)), el('td', {}, c.unit))))))));
}

async function thresholds() {
  const r = await api('GET', '/hardship-thresholds');
  $('#thresholds').replaceChildren(...r.items.map((t) => el('tr', {}, el('td', {}, `${t.region_name}（${t.region_code}）`),
    el('td', { class: 'num' }, yuan(t.monthly_income_fen)), el('td', {}, t.is_default ? '默认值，待确认：' + t.source : t.source))));
}

const uf = $('#user');
$('#role').append(...Object.entries(ROLE_ZH).map(([k, v]) => el('option', { value: k }, v)));
const lawyerOnly = () => document.querySelectorAll('.lawyer-only').forEach((n) => n.classList.toggle('hidden', uf.role.value !== 'lawyer'));
uf.role.addEventListener('change', lawyerOnly);
uf.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const b = { username: uf.username.value.trim(), password: uf.password.value, role: uf.role.value,
    display_name: uf.display_name.value.trim() || undefined, center_id: Number(uf.center_id.value) || undefined };
  if (b.role === 'lawyer') b.lawyer = { license_no: uf.license_no.value.trim(), firm: uf.firm.value.trim(), kind: uf.kind.value, practice_years: Number(uf.practice_years.value || 0) };
  try {
    await api('POST', '/users', b);
    showMessage(msg, `已创建用户 ${b.username}`, 'ok');
    uf.reset();
    lawyerOnly();
    await Promise.all([users(), lawyers()]);
  } catch (e) { showErrors(uf, e, msg); }
});

$('#threshold').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('PUT', `/hardship-thresholds/${f.region_code.value.trim()}`, { monthly_income_fen: fenOf(f.yuan.value) });
    showMessage(msg, '已设置经济困难标准', 'ok');
    await thresholds();
  } catch (e) { showMessage(msg, e.message); }
});

$('#budget').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const path = `${f.center_id.value}/${f.year.value}`;
  try {
    if (f.allocated.value !== '') await api('PUT', `/budgets/${path}`, { allocated_fen: fenOf(f.allocated.value) });
    const t = {};
    if (f.cases.value !== '') t.cases = Number(f.cases.value);
    if (f.duty.value !== '') t.duty_lawyers_per_day = Number(f.duty.value);
    if (f.satisfaction.value !== '') t.satisfaction_rate = Number(f.satisfaction.value) / 100;
    if (f.timely.value !== '') t.timely_rate = Number(f.timely.value) / 100;
    if (Object.keys(t).length) await api('PUT', `/targets/${path}`, t);
    showMessage(msg, '已保存经费和绩效目标', 'ok');
  } catch (e) { showMessage(msg, e.message); }
});

await frame('系统管理');
centers = (await api('GET', '/centers')).items;
const centerOptions = () => centers.map((c) => el('option', { value: c.id }, c.name));
$('#u-center').append(...centerOptions());
$('#b-center').append(...centerOptions());
$('#budget').year.value = new Date().getFullYear();
lawyerOnly();
await Promise.all([users(), lawyers(), standards(), thresholds()]).catch((e) => showMessage(msg, e.message));
