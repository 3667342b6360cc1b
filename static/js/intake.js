// The application form (POST /cases): by keyboard alone, the resident ID checked as it is
// typed, the eligibility answer live, and a duplicate warning before the case is recorded.
import { api, frame, el, $, $$, options, ZH, zh, checkResidentId, renderEligibility, showErrors,
  clearErrors, markField, showMessage, hide, fenOf, yuan, nowLocal, localToRfc3339, day,
  newKey, venueOptions, centers, FIELD_ZH, reasonZh, checkLimits } from './api.js';

const form = $('#intake');
const msg = $('#msg');
const CRIMINAL = ['criminal_defense', 'criminal_victim', 'plea_help'];
const NEEDS_MATTER = ['civil', 'administrative', 'labor_arbitration', 'state_compensation'];
const STAGES = {
  criminal_defense: ['investigation', 'prosecution', 'trial', 'second_instance', 'death_review', 'retrial'],
  criminal_victim: ['investigation', 'prosecution', 'trial', 'second_instance', 'death_review', 'retrial'],
  plea_help: ['investigation', 'prosecution', 'trial'],
  labor_arbitration: ['arbitration', 'first_instance', 'second_instance', 'enforcement', 'retrial'],
  civil: ['first_instance', 'second_instance', 'retrial', 'enforcement', 'arbitration'],
  administrative: ['first_instance', 'second_instance', 'retrial', 'enforcement'],
  state_compensation: ['first_instance', 'second_instance', 'retrial', 'enforcement'],
  notarization: [], document_drafting: [],
};
const ETHNICITIES = '汉族 壮族 回族 满族 维吾尔族 苗族 彝族 土家族 藏族 蒙古族 侗族 布依族 瑶族 白族 朝鲜族 哈尼族 黎族 哈萨克族 傣族 畲族 傈僳族 东乡族 仡佬族 拉祜族 佤族 水族 纳西族 羌族 土族 仫佬族 锡伯族 柯尔克孜族 景颇族 达斡尔族 撒拉族 布朗族 毛南族 塔吉克族 普米族 阿昌族 怒族 鄂温克族 京族 基诺族 德昂族 保安族 俄罗斯族 裕固族 乌孜别克族 门巴族 鄂伦春族 独龙族 赫哲族 高山族 珞巴族 塔塔尔族'.split(' ');

let user = null;
let venueNames = new Map();
let idemKey = newKey();

// ---- the form's choices ----
form.channel.append(...options('channel'));
form.id_type.append(...options('id_type'));
form.agent_relation.append(...options('relation', '请选择'));
form.case_type.append(...options('case_type', '请选择案件类型'));
form.matter.append(...options('matter', '请选择援助事项'));
$('#ethnicities').append(...ETHNICITIES.map((e) => el('option', { value: e })));
const checkbox = (name, value, text) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name, value }), text);
for (const k of ['migrant_worker', 'disabled', 'military', 'low_income']) $('#groups').append(checkbox('group', k, ZH.group[k]));
for (const [k, v] of Object.entries(ZH.criminal_ground)) $('#grounds-box').append(checkbox('ground', k, v));
for (const [k, v] of Object.entries(ZH.exemption)) $('#exemptions-box').append(checkbox('exemption', k, v));

// Only the fields the case type and channel need; stage choices that fit the case type.
function adapt() {
  const t = form.case_type.value, ch = form.channel.value;
  $('#matter-box').classList.toggle('hidden', !NEEDS_MATTER.includes(t));
  const stages = t ? STAGES[t] : [...STAGES.criminal_defense, ...STAGES.civil];
  $('#stage-box').classList.toggle('hidden', t !== '' && stages.length === 0);
  const keep = form.stage.value;
  const want = ['', ...new Set(stages)];
  const have = [...form.stage.options].map((o) => o.value);
  if (want.join() !== have.join()) {
    form.stage.replaceChildren(el('option', { value: '' }, CRIMINAL.includes(t) ? '请选择诉讼阶段' : '（可不填）'), ...options('stage', undefined, stages));
    form.stage.value = stages.includes(keep) ? keep : '';
  }
  $('#grounds-box').classList.toggle('hidden', t !== 'criminal_defense');
  $('#notice-box').classList.toggle('hidden', !ch.startsWith('notice_'));
  // Another document than a resident ID: its birth date and sex are asked for.
  const other = form.id_type.value !== 'resident_id';
  $$('.other-id', form).forEach((n) => n.classList.toggle('hidden', !other));
  $('#id-label').firstChild.textContent = other ? '证件号码' : '公民身份号码';
  form.id_number.maxLength = other ? 20 : 18;
}

const checked = (name) => $$(`input[name=${name}]:checked`, form).map((i) => i.value);
const visible = (id) => !$(id).classList.contains('hidden');
const val = (name) => form[name].value.trim();

// "2024-05-01 09:30" or "2024-05-01T09:30" or "2024-05-01" → RFC 3339 in Asia/Shanghai.
function receivedAt() {
  const v = val('received_at').replace(' ', 'T');
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v + 'T00:00:00+08:00';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return localToRfc3339(v);
  return null;
}
const applicationDate = () => (receivedAt() ? receivedAt().slice(0, 10) : undefined);

// The intake body from the form: only what was filled in.
function body() {
  const b = { channel: form.channel.value, applicant: { name: val('name'), id_number: val('id_number').toUpperCase(), groups: checked('group') } };
  if (form.case_type.value) b.case_type = form.case_type.value;
  if (!$('#center-box').classList.contains('hidden') && form.center_id.value) b.center_id = Number(form.center_id.value);
  const a = b.applicant;
  if (val('phone')) a.phone = val('phone');
  if (val('ethnicity')) a.ethnicity = val('ethnicity');
  if (val('address')) a.address = val('address');
  if (val('household_size')) a.household_size = Number(val('household_size'));
  const income = fenOf(val('income'));
  if (income !== undefined && !Number.isNaN(income)) a.household_monthly_income_fen = income;
  const at = receivedAt();
  if (at) b.received_at = at;
  if (visible('#matter-box') && form.matter.value) b.matter = form.matter.value;
  if (visible('#stage-box') && form.stage.value) b.stage = form.stage.value;
  if (val('venue_region_code')) b.venue_region_code = val('venue_region_code');
  if (val('opposing_party')) b.opposing_party = val('opposing_party');
  if (val('summary')) b.summary = val('summary');
  if (b.case_type === 'criminal_defense' && checked('ground').length) b.criminal_grounds = checked('ground');
  if (checked('exemption').length) b.exemptions = checked('exemption');
  if (b.channel.startsWith('notice_')) b.notice = { organ_name: val('organ_name'), notice_no: val('notice_no') };
  if (form.id_type.value !== 'resident_id') {
    a.id_type = form.id_type.value;
    if (val('birth_date')) a.birth_date = val('birth_date');
    if (form.sex.value) a.sex = form.sex.value;
    if (a.id_type === 'unknown') {
      if (!a.name) delete a.name;
      if (!a.id_number) delete a.id_number;
    }
  }
  const others = recipientRows();
  if (others.length) {
    // The applicant is the first recipient; the rows follow (recipients[1], [2], …).
    const self = { name: a.name, groups: a.groups };
    if (a.id_number) self.id_number = a.id_number;
    for (const k of ['id_type', 'birth_date', 'sex']) if (a[k]) self[k] = a[k];
    b.recipients = [self, ...others];
  }
  if (val('agent_name') || form.agent_relation.value || val('agent_id_number')) {
    b.agent = { name: val('agent_name'), relation: form.agent_relation.value || undefined };
    if (val('agent_id_number')) b.agent.id_number = val('agent_id_number').toUpperCase();
    if (val('agent_phone')) b.agent.phone = val('agent_phone');
  }
  return b;
}

// ---- several recipients (a group claim): one row each, numbered as the API numbers them ----
const rowsBox = $('#recipient-rows');
function renumberRecipients() {
  $$('.recipient', rowsBox).forEach((row, i) => {
    row.querySelector('legend').textContent = `受援人 ${i + 2}`;
    for (const k of ['name', 'id_type', 'id_number', 'birth_date', 'sex'])
      row.querySelector(`[name=r_${k}]`).dataset.field = `recipients[${i + 1}].${k}`;
    row.querySelector('.r-groups').dataset.field = `recipients[${i + 1}].groups`;
    row.querySelector('.r-remove').setAttribute('aria-label', `删除此人（受援人 ${i + 2}）`);
  });
  const n = $$('.recipient', rowsBox).length;
  $('#recipients-count').textContent = n ? `受援人共 ${n + 1} 人（含申请人）` : '受援人共 1 人（申请人）';
}
function addRecipient() {
  const idType = el('select', { name: 'r_id_type' }, ...options('id_type', undefined, ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent_resident']));
  const other = [el('label', { class: 'hidden r-other' }, '出生日期 ', el('input', { name: 'r_birth_date', type: 'date' })),
    el('label', { class: 'hidden r-other' }, '性别 ', el('select', { name: 'r_sex' }, el('option', { value: '' }, '请选择'), el('option', { value: 'male' }, '男'), el('option', { value: 'female' }, '女')))];
  idType.addEventListener('change', () => other.forEach((o) => o.classList.toggle('hidden', idType.value === 'resident_id')));
  const remove = el('button', { type: 'button', class: 'secondary small r-remove' }, '删除此人');
  const row = el('fieldset', { class: 'grid recipient' }, el('legend', {}, ''),
    el('label', {}, '姓名 ', el('input', { name: 'r_name', maxlength: '50' })),
    el('label', {}, '证件类型 ', idType),
    el('label', {}, '证件号码 ', el('input', { name: 'r_id_number', maxlength: '20', spellcheck: 'false' })),
    ...other,
    el('div', { class: 'checks r-groups span2' }, el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'r_migrant' }), ZH.group.migrant_worker),
      el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'r_disabled' }), ZH.group.disabled), ' ', remove));
  // A field corrected is no longer marked wrong (the server checks again on 登记).
  row.addEventListener('input', (e) => {
    const label = e.target.closest('label');
    if (!label || !label.classList.contains('invalid')) return;
    label.classList.remove('invalid');
    e.target.removeAttribute('aria-invalid');
    label.querySelectorAll('.error-text').forEach((n) => {
      const rest = (e.target.getAttribute('aria-describedby') || '').split(/\s+/).filter((i) => i && i !== n.id);
      if (rest.length) e.target.setAttribute('aria-describedby', rest.join(' ')); else e.target.removeAttribute('aria-describedby');
      n.remove();
    });
  });
  remove.addEventListener('click', () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumberRecipients();
    (next ? next.querySelector('[name=r_name]') : $('#add-recipient')).focus();
  });
  rowsBox.append(row);
  renumberRecipients();
  row.querySelector('[name=r_name]').focus();
}
$('#add-recipient').addEventListener('click', addRecipient);
function recipientRows() {
  return $$('.recipient', rowsBox).map((row) => {
    const v = (k) => row.querySelector(`[name=r_${k}]`).value.trim();
    const r = { name: v('name'), groups: [] };
    if (v('id_number')) r.id_number = v('id_number').toUpperCase();
    if (v('id_type') !== 'resident_id') {
      r.id_type = v('id_type');
      if (v('birth_date')) r.birth_date = v('birth_date');
      if (v('sex')) r.sex = v('sex');
    }
    if (row.querySelector('[name=r_migrant]').checked) r.groups.push('migrant_worker');
    if (row.querySelector('[name=r_disabled]').checked) r.groups.push('disabled');
    return r;
  });
}

// ---- the resident ID as it is typed ----
function derivedGroups(r) {
  const out = [];
  if (r && r.ok) {
    if (r.age < 18) out.push('minor');
    if (r.age >= 60) out.push('elderly');
    if (r.sex === '女') out.push('woman');
  }
  const eth = val('ethnicity');
  if (eth && eth !== '汉族' && eth !== '汉') out.push('ethnic_minority');
  return out;
}

function idChanged() {
  if (form.id_type.value !== 'resident_id') {
    $('#id-info').className = 'field-info';
    $('#id-info').textContent = '按证件填写，并填出生日期和性别';
    showDerived(null);
    return;
  }
  const info = $('#id-info');
  const v = val('id_number').toUpperCase();
  const label = form.id_number.closest('label');
  label.classList.remove('invalid');
  delete info.dataset.info;
  form.id_number.removeAttribute('aria-invalid');
  let r = null;
  if (v.length < 18) {
    info.className = 'field-info';
    info.textContent = v.length ? `已输入 ${v.length}/18 位` : '18位，输入时自动核对校验码';
    if (/[^0-9X]/.test(v.slice(0, 17).replace(/\d/g, ''))) { info.className = 'field-info bad'; info.textContent = '只能是数字，末位可为X'; }
    dupShown = '';
    hide($('#dup-box'));
  } else {
    r = checkResidentId(v, applicationDate());
    label.classList.toggle('invalid', !r.ok);
    info.className = 'field-info ' + (r.ok ? 'ok' : 'bad');
    info.textContent = r.ok ? `✓ 出生 ${r.birth}，${r.age} 岁，${r.sex}` : r.why;
    if (r.ok) checkDuplicates(r.id);
  }
  showDerived(r);
}

function showDerived(r) {
  const g = derivedGroups(r === undefined ? checkResidentId(val('id_number'), applicationDate()) : r);
  $('#derived').replaceChildren(...(g.length ? [el('span', { class: 'hint' }, '自动认定：'), ...g.map((k) => el('span', { class: 'badge info', 'data-group': k }, zh('group', k)))] : []));
}

// ---- duplicates: the same person's cases, before anything is recorded ----
let dupShown = '';
async function checkDuplicates(id) {
  if (dupShown === id) return;
  dupShown = id;
  try {
    const r = await api('GET', '/cases?limit=20&q=' + encodeURIComponent(id));
    if (dupShown !== id) return;
    const open = r.items.filter((c) => !['closed', 'terminated', 'rejected'].includes(c.status));
    const past = r.items.filter((c) => !open.includes(c));
    $('#dup-box').classList.toggle('hidden', !r.items.length);
    $('#dups').replaceChildren(
      open.length ? el('p', { class: 'hint' }, `该申请人有 ${open.length} 件未结案件，再次登记将标记为重复申请：`) : el('p', { class: 'hint' }, '该申请人以往的案件（均已办结）：'),
      ...[...open, ...past].map((c) => el('div', { class: 'dup-item', 'data-case': c.id },
        el('a', { href: `/case?id=${c.id}` }, c.case_no), ' ', el('span', { class: `badge s-${c.status}` }, zh('status', c.status)),
        el('div', { class: 'hint' }, `${day(c.received_at)} · ${zh('case_type', c.case_type)}${c.summary ? ' · ' + c.summary.slice(0, 30) : ''}`))));
  } catch { /* the warning is a help, not a gate */ }
}

// ---- live eligibility (debounced; a stale answer never overwrites a newer one) ----
let timer = null, seq = 0;
function focusField(field) {
  const input = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (input) (input.matches('fieldset') ? input.querySelector('input') : input).focus();
}
function liveEligibility() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const b = body();
    const box = $('#elig');
    if (!b.case_type) return;
    const mine = ++seq;
    $('#elig-state').textContent = '正在判断…';
    try {
      const e = await api('POST', '/eligibility/check', b);
      if (mine !== seq) return;
      box.className = '';
      renderEligibility(box, e, focusField);
      $('#elig-state').textContent = '';
    } catch (err) {
      if (mine !== seq) return;
      $('#elig-state').textContent = '';
      if (err.status === 422) {
        box.className = '';
        box.replaceChildren(el('div', { class: 'verdict elig-unknown' }, '尚不能判断'),
          el('div', { class: 'missing' }, '请先填写：', Object.entries(err.fields).map(([f, why], i) => [i ? '、' : '',
            el('button', { type: 'button', class: 'link', onclick: () => focusField(f) }, FIELD_ZH[f] || f), why === 'required' ? '' : `（${reasonZh(why)}）`])));
      } else {
        box.replaceChildren(el('div', { class: 'hint' }, err.message));
      }
    }
  }, 400);
}

// ---- checks before sending ----
function localCheck() {
  clearErrors(form);
  const bad = [];
  const need = (field, ok, why) => { if (!ok) bad.push(markField(form, field, why)); };
  need('applicant.name', val('name') !== '', 'required');
  const r = checkResidentId(val('id_number'), applicationDate());
  need('applicant.id_number', r.ok, val('id_number') ? r.why : 'required');
  need('case_type', form.case_type.value !== '', 'required');
  need('received_at', receivedAt() !== null, '格式应为 年-月-日 时:分');
  need('applicant.household_monthly_income_fen', !Number.isNaN(fenOf(val('income'))), '请输入金额，如 1200 或 1200.50');
  need('venue_region_code', !val('venue_region_code') || /^\d{6}$/.test(val('venue_region_code')), '须为6位地区码');
  for (const [f, why] of checkLimits(form)) bad.push(markField(form, f, why));
  return bad.filter(Boolean);
}

async function submit() {
  hide(msg);
  const bad = localCheck();
  if (bad.length) {
    showMessage(msg, '请检查标红的内容');
    bad[0].focus();
    return;
  }
  const btn = $('#submit');
  btn.disabled = true;
  btn.textContent = '正在登记…';
  const b = body();
  try {
    const c = await api('POST', '/cases', b, { headers: { 'Idempotency-Key': idemKey } });
    idemKey = newKey();
    done(c);
    form.reset();
    rowsBox.replaceChildren();
    renumberRecipients();
    form.received_at.value = '';
    form.received_at.placeholder = nowLocal().replace('T', ' ');
    adapt();
    idChanged();
    perHead();
    form.venue_region_code.dispatchEvent(new Event('input'));
    $('#elig').replaceChildren('上一件已登记。继续登记下一件申请。');
    $('#elig').className = 'hint';
    form.name.focus();
  } catch (e) {
    if (e.status >= 400 && e.status < 500) idemKey = newKey();
    const first = showErrors(form, e, msg);
    if (first) (first.matches('fieldset') ? first.querySelector('input') : first).focus();
  } finally {
    btn.disabled = false;
    btn.textContent = '登记申请';
  }
}

function done(c) {
  showMessage(msg, `已登记：${c.case_no}（${c.applicant.name || '身份不明'}）`, 'ok');
  const e = c.eligibility || {};
  const verdict = e.eligible === true ? '符合条件' : e.eligible === false ? '不符合条件' : '待补充信息';
  $('#done').classList.remove('hidden');
  $('#done-body').replaceChildren(
    el('div', { class: 'hint' }, '案号'),
    el('div', { class: 'done-no', id: 'case-no' }, c.case_no),
    el('dl', { class: 'facts' },
      el('dt', {}, '申请人'), el('dd', {}, c.applicant.name || '身份不明'),
      c.agent ? [el('dt', {}, zh('relation', c.agent.relation)), el('dd', { id: 'done-agent' }, c.agent.name)] : '',
      c.recipients_count > 1 ? [el('dt', {}, '受援人'), el('dd', { id: 'done-recipients' }, `${c.recipients_count} 人`)] : '',
      el('dt', {}, '状态'), el('dd', {}, el('span', { class: `badge s-${c.status}` }, zh('status', c.status))),
      el('dt', {}, '决定期限'), el('dd', {}, c.decision_due || '—'),
      el('dt', {}, '审查参考'), el('dd', {}, verdict, e.mandatory ? '（应当指派）' : '')),
    c.duplicate_of && c.duplicate_of.length ? el('div', { class: 'msg warn', id: 'dup-warning' }, '重复申请：该申请人另有未结案件 ',
      c.duplicate_of.map((d) => el('a', { href: `/case?id=${d.id || d}` }, d.case_no || `#${d}`, ' '))) : '',
    el('div', { class: 'actions' },
      el('a', { class: 'button', href: `/case?id=${c.id}`, id: 'open-case' }, '打开案件'),
      el('a', { class: 'button secondary', href: `/print?form=application&id=${c.id}`, id: 'print-application' }, '打印申请表')));
  dupShown = '';
}

// ---- keyboard: Enter submits from any field but a text area; Ctrl+Enter from anywhere ----
form.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Enter' || ev.isComposing || ev.keyCode === 229) return;
  const t = ev.target;
  if (ev.ctrlKey || ev.metaKey) { ev.preventDefault(); submit(); return; }
  if (t.matches('textarea, button, a')) return;
  if (t.matches('input, select')) { ev.preventDefault(); submit(); }
});
form.addEventListener('submit', (ev) => { ev.preventDefault(); submit(); });
form.id_number.addEventListener('input', () => {
  const up = form.id_number.value.replace(/x/g, 'X').replace(/\s/g, '');
  if (up !== form.id_number.value) form.id_number.value = up;
  idChanged();
});
form.ethnicity.addEventListener('input', () => showDerived());
form.id_type.addEventListener('change', () => { adapt(); idChanged(); });
form.received_at.addEventListener('change', idChanged);
form.income.addEventListener('input', perHead);
form.household_size.addEventListener('input', perHead);
function perHead() {
  const f = fenOf(val('income')), n = Number(val('household_size'));
  const info = $('#per-head');
  if (Number.isNaN(f)) { info.className = 'field-info bad'; info.textContent = '请输入金额，如 1200 或 1200.50'; return; }
  info.className = 'field-info';
  info.textContent = f !== undefined && n > 0 ? `人均 ${yuan(Math.round(f / n))}/月` : '';
}
form.venue_region_code.addEventListener('input', () => {
  const v = val('venue_region_code');
  $('#venue-name').textContent = v.length === 6 ? (venueNames.get(v) || '本省以外或未知地区码') : '不填则为本地';
});
form.channel.addEventListener('change', () => {
  if (form.channel.value.startsWith('notice_') && !CRIMINAL.includes(form.case_type.value)) form.case_type.value = 'criminal_defense';
});
form.addEventListener('input', liveEligibility);
form.addEventListener('change', () => { adapt(); liveEligibility(); });

// ---- start ----
user = await frame('申请登记');
adapt();
form.received_at.placeholder = nowLocal().replace('T', ' ');
const all = await centers();
if (!user.center_id) {
  // An administrator belongs to no centre: it picks the centre the application is for.
  $('#center-box').classList.remove('hidden');
  form.center_id.append(...all.map((c) => el('option', { value: c.id }, c.name)));
}
const myCenter = all.find((c) => c.id === (user.center_id || Number(form.center_id.value)));
form.name.focus();
if (myCenter) {
  const opts = await venueOptions(myCenter.region_code);
  venueNames = new Map(opts.map((o) => [o.value, o.textContent]));
  $('#venues').replaceChildren(...opts);
}
