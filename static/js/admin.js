// Administration: users, lawyers, subsidy standards, hardship thresholds, deadline and payment
// rules per jurisdiction, budgets and targets.
import { api, all, frame, el, $, $$, zh, options, yuan, yuanInput, fenOf, dateTime, thisYear,
  showMessage, hide, showErrors, clearErrors, markField, ROLE_ZH, ZH, centers as loadCenters,
  confirmAction, focusMessage } from './api.js';
import { parseNotice, weekday } from './holidays.js';
import { warnCalendar } from './calendar-warning.js';

let me = null;

const msg = $('#msg');
let centers = [];
const centerName = (id) => (centers.find((x) => x.id === id) || {}).name || '（全部中心）';
const ok = (text) => { showMessage(msg, text, 'ok'); window.scrollTo({ top: 0, behavior: 'smooth' }); };
const fail = (form, e) => { const f = form ? showErrors(form, e, msg) : showMessage(msg, e.message); if (f) f.focus(); else focusMessage(msg); };

// ---- tabs, by the URL's hash ----
function showTab() {
  const name = (location.hash || '#users').slice(1);
  $$('.tab').forEach((s) => s.classList.toggle('hidden', s.id !== 'tab-' + name));
  $$('#tabs a').forEach((a) => {
    const cur = a.getAttribute('href') === '#' + name;
    a.classList.toggle('current', cur);
    if (cur) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}
window.addEventListener('hashchange', () => { hide(msg); showTab(); });

// ---- users ----
const uf = $('#user');
uf.role.append(...Object.entries(ROLE_ZH).filter(([k]) => k !== 'admin').map(([k, v]) => el('option', { value: k }, v)), el('option', { value: 'admin' }, '管理员'));
uf.kind.append(...options('lawyer_kind'));
$('#u-specialties').append(...Object.entries(ZH.case_type).map(([k, v]) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'specialty', value: k }), v)));
const lawyerOnly = () => $$('.lawyer-only').forEach((n) => n.classList.toggle('hidden', uf.role.value !== 'lawyer'));
uf.role.addEventListener('change', lawyerOnly);

async function users() {
  const items = await all('/users');
  $('#users-count').textContent = `${items.length} 人`;
  $('#users').replaceChildren(...items.map((u) => {
    const who = u.display_name ? `${u.display_name}（${u.username}）` : u.username;
    const self = me && u.id === me.id;
    const toggle = el('button', { type: 'button', class: 'small secondary', 'data-act': 'active', 'aria-label': `${u.active === false ? '启用' : '停用'} ${who}`, disabled: self },
      u.active === false ? '启用' : '停用');
    const reset = el('button', { type: 'button', class: 'small secondary', 'data-act': 'reset', 'aria-label': `重置密码：${who}`, disabled: self || u.active === false }, '重置密码');
    toggle.addEventListener('click', async () => {
      const disabling = u.active !== false;
      if (disabling && !(await confirmAction({ title: `停用 ${who}？`, text: '停用后该用户立即退出，不能再登录；可以随时重新启用。', confirm: '停用', danger: true }))) return;
      try {
        await api('PATCH', `/users/${u.id}`, { active: !disabling });
        ok(`已${disabling ? '停用' : '启用'} ${who}`);
        await users();
        focusMessage(msg);
      } catch (e) { fail(null, e); }
    });
    reset.addEventListener('click', async () => {
      if (!(await confirmAction({ title: `重置 ${who} 的密码？`, text: '将生成一个临时密码，该用户现有的登录立即退出，下次登录后须设置自己的新密码。', confirm: '重置密码' }))) return;
      try {
        const r = await api('POST', `/users/${u.id}/password-reset`);
        showMessage(msg, '', 'ok');
        msg.replaceChildren(`已重置 ${who} 的密码。临时密码：`, el('code', { id: 'temporary-password' }, r.temporary_password),
          '。请当面或通过安全的方式交给本人；对方登录后须立即设置自己的新密码。此密码只显示这一次。');
        focusMessage(msg);
        await users();
      } catch (e) { fail(null, e); }
    });
    return el('tr', { 'data-user': u.username, 'data-id': u.id },
      el('td', {}, u.username), el('td', {}, u.display_name), el('td', {}, ROLE_ZH[u.role]), el('td', {}, centerName(u.center_id)),
      el('td', {}, u.active === false ? el('span', { class: 'badge' }, '停用') : el('span', { class: 'badge ok' }, '启用'),
        u.password_change_required ? [' ', el('span', { class: 'badge warn' }, '待改密码')] : ''),
      el('td', { class: 'nowrap hint' }, dateTime(u.created_at)),
      el('td', { class: 'nowrap' }, toggle, ' ', reset));
  }));
}

// ---- centres: the administrator above every centre creates them and edits name and prefix ----
const sampleNo = (prefix) => `（${thisYear()}）${prefix}法援字第0001号`;
async function centerList() {
  centers = await all('/centers');
  const editable = me && me.all_centers;
  $('#centers-count').textContent = `${centers.length} 个`;
  $('#new-center-card').classList.toggle('hidden', !editable);
  if (!editable) $('#centers-note').textContent = '法律援助中心由全局管理员新建和修改。';
  $('#centers').replaceChildren(...centers.map((c) => {
    const edit = el('button', { type: 'button', class: 'small secondary', 'aria-label': `修改 ${c.name}`, 'aria-expanded': 'false', hidden: !editable }, '修改');
    const tr = el('tr', { 'data-center': c.id }, el('td', {}, c.name), el('td', {}, `${c.region_name || ''} ${c.region_code}`),
      el('td', {}, c.case_no_prefix), el('td', { class: 'hint' }, sampleNo(c.case_no_prefix)), el('td', {}, edit));
    edit.addEventListener('click', () => {
      const next = tr.nextElementSibling;
      if (next && next.classList.contains('editor')) { next.remove(); edit.setAttribute('aria-expanded', 'false'); return; }
      tr.after(centerEditor(c));
      edit.setAttribute('aria-expanded', 'true');
      tr.nextElementSibling.querySelector('input').focus();
    });
    return tr;
  }));
}
function centerEditor(c) {
  const f = el('form', { class: 'grid', novalidate: true, 'data-editing': c.id },
    el('label', {}, '名称', el('input', { name: 'name', value: c.name, 'data-field': 'name', maxlength: 100 })),
    el('label', {}, '案号代字', el('input', { name: 'case_no_prefix', value: c.case_no_prefix, 'data-field': 'case_no_prefix', maxlength: 10 })),
    el('div', { class: 'actions wide' }, el('button', { type: 'submit' }, '保存'), el('button', { type: 'button', class: 'secondary', onclick: () => f.closest('tr').remove() }, '取消')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(f);
    const b = {};
    if (f.name.value.trim() !== c.name) b.name = f.name.value.trim();
    if (f.case_no_prefix.value.trim() !== c.case_no_prefix) b.case_no_prefix = f.case_no_prefix.value.trim();
    if (!Object.keys(b).length) { markField(f, 'name', '没有改动').focus(); return; }
    if (b.name === '') { markField(f, 'name', 'required').focus(); return; }
    if (b.case_no_prefix === '') { markField(f, 'case_no_prefix', 'required').focus(); return; }
    if (b.case_no_prefix && !(await confirmAction({ title: '修改案号代字？', text: `${c.name}今后登记的案件编号为 ${sampleNo(b.case_no_prefix)} 的样式；已编的案号不变。`, confirm: '修改' }))) return;
    try {
      await api('PATCH', `/centers/${c.id}`, b);
      ok(`已修改 ${b.name || c.name}`);
      await centerList();
      focusMessage(msg);
    } catch (e) { fail(f, e); }
  });
  return el('tr', { class: 'editor' }, el('td', { colspan: 5 }, f));
}
$('#center').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  clearErrors(f);
  const b = { name: f.name.value.trim(), region_code: f.region_code.value.trim(), case_no_prefix: f.case_no_prefix.value.trim() };
  const bad = [];
  if (!b.name) bad.push(markField(f, 'name', 'required'));
  if (!/^\d{6}$/.test(b.region_code)) bad.push(markField(f, 'region_code', '须为6位地区码'));
  if (!b.case_no_prefix) bad.push(markField(f, 'case_no_prefix', 'required'));
  if (bad.length) { showMessage(msg, '请按标红的提示修改'); bad[0].focus(); return; }
  try {
    const c = await api('POST', '/centers', b);
    ok(`已新建 ${c.name}（案号 ${sampleNo(c.case_no_prefix)}）`);
    f.reset();
    await centerList();
    focusMessage(msg);
  } catch (e) { fail(f, e); }
});

uf.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors(uf);
  const b = { username: uf.username.value.trim(), password: uf.password.value, role: uf.role.value,
    display_name: uf.display_name.value.trim() || undefined, center_id: uf.role.value === 'admin' && !uf.center_id.value ? undefined : Number(uf.center_id.value) || undefined };
  const bad = [];
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(b.username)) bad.push(markField(uf, 'username', '2–64位字母、数字或 _ . @ -'));
  if ([...b.password].length < 12) bad.push(markField(uf, 'password', '至少12个字符'));
  if (b.role === 'lawyer') {
    b.lawyer = { license_no: uf.license_no.value.trim(), firm: uf.firm.value.trim() || undefined, kind: uf.kind.value,
      practice_years: Number(uf.practice_years.value || 0), specialties: $$('input[name=specialty]:checked', uf).map((i) => i.value) };
    if (!b.lawyer.license_no) bad.push(markField(uf, 'lawyer.license_no', 'required'));
    if (!/^\d{1,2}$/.test(uf.practice_years.value.trim())) bad.push(markField(uf, 'lawyer.practice_years', '请输入年数'));
  }
  if (bad.length) { showMessage(msg, '请检查标红的内容'); bad[0].focus(); return; }
  try {
    await api('POST', '/users', b);
    ok(`已创建用户 ${b.username}（${ROLE_ZH[b.role]}）`);
    uf.reset();
    lawyerOnly();
    await Promise.all([users(), lawyers()]);
  } catch (e) { fail(uf, e); }
});

// ---- lawyers ----
async function lawyers() {
  const items = await all('/lawyers');
  $('#lawyers-count').textContent = `${items.length} 人`;
  const body = $('#lawyers');
  body.replaceChildren();
  for (const l of items) {
    const edit = el('button', { type: 'button', class: 'small secondary', 'aria-label': `编辑 ${l.display_name || l.username}`, 'aria-expanded': 'false' }, '编辑');
    const tr = el('tr', { 'data-lawyer': l.id },
      el('td', {}, l.display_name || l.username), el('td', {}, zh('lawyer_kind', l.kind)), el('td', {}, l.license_no), el('td', {}, l.firm),
      el('td', { class: 'num' }, l.practice_years), el('td', {}, (l.specialties || []).map((s) => zh('case_type', s)).join('、')),
      el('td', {}, centerName(l.center_id)), el('td', {}, l.active ? el('span', { class: 'badge ok' }, '在册') : el('span', { class: 'badge' }, '停用')), el('td', {}, edit));
    edit.addEventListener('click', () => {
      const next = tr.nextElementSibling;
      if (next && next.classList.contains('editor')) { next.remove(); edit.setAttribute('aria-expanded', 'false'); return; }
      tr.after(lawyerEditor(l));
      edit.setAttribute('aria-expanded', 'true');
      tr.nextElementSibling.querySelector('input').focus();
    });
    body.append(tr);
  }
  if (!items.length) body.append(el('tr', {}, el('td', { colspan: 9, class: 'empty' }, '尚无律师。在“用户”中以“律师”角色创建。')));
}

function lawyerEditor(l) {
  const f = el('form', { class: 'grid', novalidate: true },
    el('label', {}, '律所', el('input', { name: 'firm', value: l.firm || '', 'data-field': 'firm' })),
    el('label', {}, '执业年限', el('input', { name: 'practice_years', value: l.practice_years, inputmode: 'numeric', 'data-field': 'practice_years' })),
    el('label', {}, '状态', el('select', { name: 'active' }, el('option', { value: 'true', selected: l.active }, '在册'), el('option', { value: 'false', selected: !l.active }, '停用'))),
    el('fieldset', { class: 'checks wide', 'data-field': 'specialties' }, el('legend', {}, '擅长的案件类型'),
      Object.entries(ZH.case_type).map(([k, v]) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'specialty', value: k, checked: (l.specialties || []).includes(k) }), v))),
    el('label', { class: 'wide' }, '自行代理的客户（利益冲突审查用，每行一人：姓名 身份证号；留空则不修改）', el('textarea', { name: 'clients', rows: 2, 'data-field': 'clients' })),
    el('div', { class: 'actions wide' }, el('button', { type: 'submit' }, '保存'), el('button', { type: 'button', class: 'secondary', onclick: () => f.closest('tr').remove() }, '取消')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const b = { firm: f.firm.value.trim(), practice_years: Number(f.practice_years.value), active: f.active.value === 'true',
      specialties: $$('input[name=specialty]:checked', f).map((i) => i.value) };
    const lines = f.clients.value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (lines.length) b.clients = lines.map((s) => { const [name, id] = s.split(/\s+/); return id ? { name, id_number: id } : { name }; });
    try {
      await api('PATCH', `/lawyers/${l.id}`, b);
      ok(`已保存 ${l.display_name || l.username}`);
      await lawyers();
    } catch (e) { fail(f, e); }
  });
  return el('tr', { class: 'editor' }, el('td', { colspan: 9 }, f));
}

// ---- subsidy standards ----
let tables = [];
async function standards() {
  tables = (await api('GET', '/subsidy-standards')).items;
  $('#copy-from').replaceChildren(el('option', { value: '' }, '（空白）'), ...tables.map((t, i) => el('option', { value: i }, `${t.jurisdiction_name} ${t.year}年 第${t.version}版`)));
  $('#standards').replaceChildren(...tables.map((t) => {
    const edit = el('button', { type: 'button', class: 'small secondary', 'aria-label': `修订 ${t.jurisdiction_name} ${t.year}年标准` }, '修订');
    edit.addEventListener('click', () => editor(t.jurisdiction, t.year, t));
    return el('div', { class: 'card', 'data-table': `${t.jurisdiction}-${t.year}` },
      el('h2', {}, `${t.jurisdiction_name}（${t.jurisdiction}）${t.year}年 · 第${t.version}版`, edit),
      t.source ? el('p', { class: 'hint' }, `依据：${t.source}`) : '',
      el('div', { class: 'table-wrap' }, el('table', { class: 'compact' },
        el('thead', {}, el('tr', {}, el('th', {}, '项目'), el('th', {}, '地域范围'), el('th', { class: 'num' }, '下限'), el('th', { class: 'num' }, '上限'), el('th', {}, '计算单位'))),
        el('tbody', {}, sortCells(t.cells).map((c) => el('tr', { title: c.note || null }, el('td', {}, zh('item', c.item), c.is_default ? [' ', el('span', { class: 'badge warn' }, '默认值，待确认')] : ''), el('td', {}, c.scope ? zh('scope', c.scope) : '不分'),
          el('td', { class: 'num' }, yuan(c.min_fen)), el('td', { class: 'num' }, yuan(c.max_fen)), el('td', {}, zh('unit', c.unit))))))));
  }));
}
const ITEM_ORDER = Object.keys(ZH.item), SCOPE_ORDER = [null, 'local', 'cross_county', 'in_province'];
const sortCells = (cells) => cells.slice().sort((a, b) => ITEM_ORDER.indexOf(a.item) - ITEM_ORDER.indexOf(b.item) || SCOPE_ORDER.indexOf(a.scope ?? null) - SCOPE_ORDER.indexOf(b.scope ?? null));

function editor(jurisdiction, year, from) {
  const body = el('tbody');
  const addRow = (c = { item: 'criminal_trial', scope: null, min_fen: 0, max_fen: 0, unit: 'case_stage' }) => {
    const n = body.children.length + 1;
    const scope = el('select', { name: 'scope', 'aria-label': `地域范围（第${n}行）` }, el('option', { value: '' }, '不分'), options('scope'));
    scope.value = c.scope || '';
    const item = el('select', { name: 'item', 'aria-label': `项目（第${n}行）` }, options('item'));
    item.value = c.item;
    const unit = el('select', { name: 'unit', 'aria-label': `单位（第${n}行）` }, options('unit'));
    unit.value = c.unit;
    const del = el('button', { type: 'button', class: 'small secondary', 'aria-label': `删除第${body.children.length + 1}行` }, '删除');
    const tr = el('tr', {}, el('td', {}, item), el('td', {}, scope),
      el('td', {}, el('input', { name: 'min', value: yuanInput(c.min_fen), inputmode: 'decimal', 'aria-label': `下限（元，第${n}行）` })),
      el('td', {}, el('input', { name: 'max', value: yuanInput(c.max_fen), inputmode: 'decimal', 'aria-label': `上限（元，第${n}行）` })), el('td', {}, unit), el('td', {}, del));
    del.addEventListener('click', () => tr.remove());
    body.append(tr);
  };
  (from ? sortCells(from.cells) : []).forEach(addRow);
  if (!from) addRow();
  const source = el('input', { name: 'source', value: from && from.jurisdiction === jurisdiction ? from.source || '' : '', placeholder: '文件名称和文号' });
  const add = el('button', { type: 'button', class: 'secondary' }, '添加一行');
  add.addEventListener('click', () => addRow());
  const save = el('button', { type: 'submit' }, `保存为 ${jurisdiction} ${year}年 新版本`);
  const cancel = el('button', { type: 'button', class: 'secondary' }, '取消');
  const form = el('form', { class: 'card', id: 'standard-form', novalidate: true },
    el('h2', {}, `修订补贴标准：${jurisdiction} · ${year}年`),
    el('label', {}, '依据', source),
    el('div', { class: 'table-wrap' }, el('table', { class: 'edit compact' },
      el('thead', {}, el('tr', {}, ['项目', '地域范围', '下限（元）', '上限（元）', '单位', ''].map((h) => el('th', {}, h)))), body)),
    el('div', { class: 'actions' }, save, add, cancel));
  cancel.addEventListener('click', () => form.remove());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $$('.invalid', form).forEach((n) => n.classList.remove('invalid'));
    const cells = [];
    let bad = null;
    for (const tr of $$('tr', body)) {
      const q = (n) => tr.querySelector(`[name=${n}]`);
      const min = fenOf(q('min').value), max = fenOf(q('max').value);
      if (min === undefined || Number.isNaN(min)) { q('min').classList.add('invalid'); bad = bad || q('min'); }
      if (max === undefined || Number.isNaN(max) || max < min) { q('max').classList.add('invalid'); bad = bad || q('max'); }
      cells.push({ item: q('item').value, scope: q('scope').value || null, min_fen: min, max_fen: max, unit: q('unit').value });
    }
    if (bad) { showMessage(msg, '金额有误：下限、上限须为金额，且上限不小于下限'); bad.focus(); return; }
    try {
      const t = await api('PUT', `/subsidy-standards/${jurisdiction}/${year}`, { source: source.value.trim() || undefined, cells, addons: from && from.jurisdiction === jurisdiction ? from.addons : undefined });
      ok(`已保存 ${t.jurisdiction_name || jurisdiction} ${year}年补贴标准第${t.version}版`);
      form.remove();
      await standards();
    } catch (e) { showMessage(msg, e.message + (e.fields ? '：' + Object.entries(e.fields).map(([k, v]) => `${k} ${v}`).join('；') : '')); }
  });
  $('#standard-editor').replaceChildren(form);
  form.querySelector('select').focus();
}

$('#new-standard').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const j = f.jurisdiction.value.trim(), y = f.year.value.trim();
  if (!/^\d{6}$/.test(j) || !/^\d{4}$/.test(y)) { showMessage(msg, '请填写6位管辖地区码和4位年度'); return; }
  editor(j, Number(y), f.from.value === '' ? null : tables[Number(f.from.value)]);
});

// ---- hardship thresholds and jurisdiction settings ----
async function thresholds() {
  const r = await api('GET', '/hardship-thresholds');
  $('#thresholds').replaceChildren(...r.items.map((t) => el('tr', {}, el('td', {}, `${t.region_name}（${t.region_code}）`),
    el('td', { class: 'num' }, yuan(t.monthly_income_fen)),
    el('td', {}, t.is_default ? el('span', { class: 'badge warn' }, '默认值，待确认') : '', ' ', (t.source || '').replace(/^默认值：/, '')))));
}
$('#threshold').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  clearErrors(f);
  const fen = fenOf(f.yuan.value);
  if (!/^\d{6}$/.test(f.region_code.value.trim())) { markField(f, 'region_code', '须为6位地区码').focus(); return; }
  if (fen === undefined || Number.isNaN(fen)) { markField(f, 'monthly_income_fen', '请输入金额').focus(); return; }
  try {
    await api('PUT', `/hardship-thresholds/${f.region_code.value.trim()}`, { monthly_income_fen: fen, source: f.source.value.trim() || undefined });
    ok('已设置经济困难标准');
    f.reset();
    await thresholds();
  } catch (e) { fail(f, e); }
});

$('#deadline-mode').append(...options('deadline_mode'));
async function settings() {
  const r = await api('GET', '/jurisdiction-settings');
  // Where in the band each grade pays: 上限, 中间值, 下限, 不予补贴 or a percentage of the band.
  const RULE = { max: '上限', mid: '中间值', min: '下限', zero: '不付' };
  const rule = (v) => RULE[v] || `${v}%`;
  const gradePay = (g) => (g ? `优 ${rule(g.excellent)}・良 ${rule(g.good)}・合格 ${rule(g.pass)}・不合格 ${rule(g.fail)}` : '沿用上级（默认：优上限、良中间值、合格下限）');
  $('#settings').replaceChildren(...r.items.map((s) => el('tr', { 'data-region': s.region_code }, el('td', {}, `${s.region_name}（${s.region_code}）`),
    el('td', {}, s.deadline_mode ? zh('deadline_mode', s.deadline_mode) : '沿用上级'),
    el('td', {}, s.deadline_mode ? (s.pay_after_archive ? '结案归档后支付' : '审核后即可支付') : '沿用上级'),
    el('td', {}, gradePay(s.grade_pay)))));
  if (!r.items.length) $('#settings').append(el('tr', {}, el('td', { colspan: 4, class: 'empty' }, '均按默认：自然日，审核后即可支付，优上限、良中间值、合格下限')));
}
$('#setting').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  clearErrors(f);
  if (!/^\d{6}$/.test(f.region_code.value.trim())) { markField(f, 'region_code', '须为6位地区码').focus(); return; }
  try {
    await api('PUT', `/jurisdiction-settings/${f.region_code.value.trim()}`, { deadline_mode: f.deadline_mode.value, pay_after_archive: f.pay_after_archive.checked });
    ok('已保存');
    await settings();
  } catch (e) { fail(f, e); }
});

// Where in the band each grade pays: a kind, or a percentage of the band (按比例 + its number).
const GRADE_PAY_KINDS = [['max', '上限'], ['mid', '中间值'], ['min', '下限'], ['zero', '不予补贴'], ['percent', '按比例']];
const GRADE_PAY_DEFAULT = { excellent: 'max', good: 'mid', pass: 'min', fail: 'zero' };
const gp = $('#grade-pay');
gp.querySelector('.buttons').before(...Object.keys(GRADE_PAY_DEFAULT).map((g) => {
  const sel = el('select', { name: `gp_${g}`, 'data-field': `grade_pay.${g}` }, GRADE_PAY_KINDS.map(([v, t]) => el('option', { value: v }, t)));
  const pct = el('input', { name: `gp_${g}_percent`, 'data-field': `grade_pay.${g}`, type: 'number', min: 0, max: 100, step: 1, class: 'hidden', 'aria-label': `${ZH.grade[g]}：幅度百分比`, size: 4 });
  sel.value = GRADE_PAY_DEFAULT[g];
  sel.addEventListener('change', () => pct.classList.toggle('hidden', sel.value !== 'percent'));
  return el('label', {}, ZH.grade[g], el('span', { class: 'pair' }, sel, pct));
}));
const gradePayRegion = () => {
  clearErrors(gp);
  const code = gp.region_code.value.trim();
  if (!/^\d{6}$/.test(code)) { markField(gp, 'region_code', '须为6位地区码').focus(); return null; }
  return code;
};
gp.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const code = gradePayRegion();
  if (!code) return;
  const body = {};
  for (const g of Object.keys(GRADE_PAY_DEFAULT)) {
    const kind = gp[`gp_${g}`].value;
    if (kind !== 'percent') { body[g] = kind; continue; }
    const v = gp[`gp_${g}_percent`].value.trim();
    if (!/^\d{1,3}$/.test(v) || Number(v) > 100) { markField(gp, `grade_pay.${g}`, '须为0到100的整数').focus(); return; }
    body[g] = Number(v);
  }
  try {
    await api('PUT', `/jurisdiction-settings/${code}`, { grade_pay: body });
    ok('已保存各等级补贴标准');
    await settings();
  } catch (e) { fail(gp, e); }
});
$('#clear-grade-pay').addEventListener('click', async () => {
  const code = gradePayRegion();
  if (!code) return;
  try {
    await api('PUT', `/jurisdiction-settings/${code}`, { grade_pay: null });
    ok('已恢复默认的各等级补贴标准');
    await settings();
  } catch (e) { fail(gp, e); }
});

// ---- budgets and targets ----
const bf = $('#budget');
let budgetSeq = 0;
async function loadBudget() {
  clearErrors(bf);
  const path = `${bf.center_id.value}/${bf.year.value}`;
  const mine = ++budgetSeq;
  delete bf.dataset.for;
  const [b, t] = await Promise.all([api('GET', `/budgets/${path}`).catch(() => null), api('GET', `/targets/${path}`).catch(() => null)]);
  if (mine !== budgetSeq) return; // a newer choice of centre or year is loading
  bf.allocated.value = b && b.allocated_set !== false ? yuanInput(b.allocated_fen) : '';
  bf.cases.value = t && t.cases != null ? t.cases : '';
  bf.duty.value = t && t.duty_lawyers_per_day != null ? t.duty_lawyers_per_day : '';
  bf.satisfaction.value = t && t.satisfaction_rate != null ? Math.round(t.satisfaction_rate * 10000) / 100 : '';
  bf.timely.value = t && t.timely_rate != null ? Math.round(t.timely_rate * 10000) / 100 : '';
  $('#budget-now').textContent = b ? `已审核 ${yuan(b.committed_fen)} · 已支付 ${yuan(b.paid_fen)} · 预计缺口 ${yuan(b.projected_shortfall_fen)}` : '';
  bf.dataset.for = path;
}
bf.center_id.addEventListener('change', loadBudget);
bf.year.addEventListener('change', loadBudget);
bf.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors(bf);
  const path = `${bf.center_id.value}/${bf.year.value}`;
  const num = (v) => (v.trim() === '' ? undefined : Number(v));
  const fen = fenOf(bf.allocated.value);
  const t = { cases: num(bf.cases.value), duty_lawyers_per_day: num(bf.duty.value),
    satisfaction_rate: num(bf.satisfaction.value) === undefined ? undefined : num(bf.satisfaction.value) / 100,
    timely_rate: num(bf.timely.value) === undefined ? undefined : num(bf.timely.value) / 100 };
  const bad = [];
  if (Number.isNaN(fen)) bad.push(markField(bf, 'allocated_fen', '请输入金额'));
  for (const [k, v] of Object.entries(t)) if (Number.isNaN(v) || v < 0 || (k.endsWith('_rate') && v > 1)) bad.push(markField(bf, k, '数值无效'));
  if (bad.length) { showMessage(msg, '请检查标红的内容'); bad[0].focus(); return; }
  if (fen === undefined && Object.values(t).every((v) => v === undefined)) { showMessage(msg, '没有要保存的内容：请填写经费或至少一项目标'); return; }
  try {
    if (fen !== undefined) await api('PUT', `/budgets/${path}`, { allocated_fen: fen });
    if (Object.values(t).some((v) => v !== undefined)) await api('PUT', `/targets/${path}`, t);
    ok(`已保存 ${centerName(Number(bf.center_id.value))} ${bf.year.value}年的经费和绩效目标`);
    await loadBudget();
  } catch (e) { fail(bf, e); }
});

// ---- the holiday calendar (API.md 1.1: GET /holidays, PUT /holidays/{year}) ----
const hy = $('#holiday-year');
const hl = $('#holiday-load');
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
let parsed = null;
async function holidays() {
  const year = Number(hy.year.value);
  const r = await api('GET', `/holidays?year=${year}`);
  $('#h-status').textContent = r.loaded
    ? `${year}年已导入（${r.days.length} 天${r.source ? '，' + r.source : ''}${r.loaded_at ? '，' + dateTime(r.loaded_at) : ''}）`
    : `${year}年尚未导入：该年的工作日期限只扣除周末，标为“暂定”`;
  $('#holidays').replaceChildren(...(r.days.length ? r.days.map((d) => el('tr', {},
    el('td', { class: 'nowrap' }, d.date), el('td', {}, '周' + WEEK[weekday(d.date)]),
    el('td', {}, d.kind === 'holiday' ? '放假' : el('span', { class: 'badge' }, '调休上班'))))
    : [el('tr', {}, el('td', { colspan: 3, class: 'empty' }, '没有记录'))]));
  hl.source.placeholder = `如：国务院办公厅关于${year}年部分节假日安排的通知`;
}
hy.year.addEventListener('change', () => { parsed = null; $('#h-save').disabled = true; $('#h-preview').replaceChildren(); holidays().catch((e) => showMessage(msg, e.message)); });
$('#h-parse').addEventListener('click', () => {
  const year = Number(hy.year.value);
  parsed = parseNotice(hl.notice.value, year);
  const off = parsed.days.filter((d) => d.kind === 'holiday').length;
  const on = parsed.days.length - off;
  $('#h-preview').replaceChildren(
    el('p', { role: 'status' }, parsed.days.length ? `${year}年：放假 ${off} 天，调休上班 ${on} 天。核对无误后导入。` : '没有读出任何日期：请粘贴通知正文。'),
    ...(parsed.other.length ? [el('p', { class: 'hint' }, `不属于${year}年、未导入的日期：${parsed.other.join('、')}（请在其所属年度导入）`)] : []),
    ...(parsed.problems.length ? [el('ul', { class: 'errors' }, parsed.problems.map((p) => el('li', {}, p)))] : []),
    el('div', { class: 'table-wrap' }, el('table', { class: 'compact', id: 'h-parsed' }, el('thead', {}, el('tr', {}, el('th', {}, '日期'), el('th', {}, '星期'), el('th', {}, '安排'))),
      el('tbody', {}, parsed.days.map((d) => el('tr', {}, el('td', {}, d.date), el('td', {}, '周' + WEEK[weekday(d.date)]), el('td', {}, d.kind === 'holiday' ? '放假' : '调休上班')))))));
  $('#h-save').disabled = !parsed.days.length || parsed.problems.length > 0;
});
hl.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!parsed || !parsed.days.length) return;
  const year = Number(hy.year.value);
  try {
    const r = await api('PUT', `/holidays/${year}`, { days: parsed.days, source: hl.source.value.trim() || undefined });
    ok(`已导入${year}年节假日安排（${r.days.length} 天），重算了 ${r.recounted ?? 0} 件未结案件的期限`);
    hl.reset();
    parsed = null;
    $('#h-save').disabled = true;
    $('#h-preview').replaceChildren();
    await holidays();
    warnCalendar($('#calendar-warning'));
  } catch (e) { fail(hl, e); }
});

// ---- start ----
me = await frame('系统管理');
showTab();
centers = await loadCenters();
const centerOptions = () => centers.map((c) => el('option', { value: c.id }, c.name));
uf.center_id.append(...centerOptions(), el('option', { value: '' }, '（不属于任何中心，仅管理员）'));
bf.center_id.append(...centerOptions());
for (let y = thisYear() + 1; y >= thisYear() - 3; y--) bf.year.append(el('option', { value: y }, `${y}年`));
bf.year.value = String(thisYear());
for (let y = thisYear() + 1; y >= thisYear() - 2; y--) hy.year.append(el('option', { value: y }, `${y}年`));
hy.year.value = String(new Date().getMonth() >= 10 ? thisYear() + 1 : thisYear());
document.querySelector('main').prepend(el('div', { id: 'calendar-warning' }));
warnCalendar($('#calendar-warning'), () => { location.hash = '#holidays'; });
$('#new-standard').year.value = thisYear();
lawyerOnly();
try {
  await Promise.all([users(), lawyers(), standards(), thresholds(), settings(), loadBudget(), centerList(),
    holidays()]);
  document.body.dataset.loaded = 'true';
} catch (e) { showMessage(msg, e.message); }
