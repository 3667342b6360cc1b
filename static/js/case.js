import { api, frame, el, $, param, zh, options, day, dateTime, yuan, dueBadge,
  renderEligibility, showMessage, showErrors, fenOf, today } from './api.js';

const id = param('id');
const msg = $('#msg');
let user, c;

function fact(dl, label, value) {
  if (value === null || value === undefined || value === '') return;
  dl.append(el('dt', {}, label), el('dd', {}, value));
}

// One action: a small form whose fields are built by fields(), posted to /cases/{id}/{path}.
function action(title, path, fields, build, opts = {}) {
  const form = el('form', { class: 'card', 'data-action': path });
  form.append(el('h3', {}, title), ...fields);
  const btn = el('button', { type: 'submit', class: opts.danger ? 'danger' : '' }, opts.button || title);
  form.append(el('div', { class: 'actions' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    btn.disabled = true;
    try {
      const body = { ...build(form), version: c.version };
      c = await api('POST', `/cases/${c.id}/${path}`, body);
      showMessage(msg, `${title}：已完成`, 'ok');
      await render();
    } catch (e) {
      showErrors(form, e, msg);
      if (e.status === 409) await load();
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

const reason = (label = '理由') => el('label', {}, label, el('textarea', { name: 'reason', 'data-field': 'reason' }));
const select = (name, kind, label) => el('label', {}, label, el('select', { name, 'data-field': name }, options(kind)));

function actionsFor() {
  const out = [];
  const s = c.status;
  const r = user.role;
  const mine = r === 'lawyer' && c.lawyer_id === user.id;
  if (r === 'reviewer') {
    if (s === 'submitted') {
      out.push(action('批准援助', 'decision', [reason('意见（可选）')], (f) => ({ decision: 'approve', reason: f.reason.value || undefined }), { button: '批准' }));
      if (!c.materials_request) out.push(action('通知补充材料', 'decision', [reason('需补充的材料（一次性告知）')], (f) => ({ decision: 'request_materials', reason: f.reason.value })));
    }
    if (s === 'submitted' || s === 'materials_requested') {
      out.push(action('不予援助', 'decision', [reason('不予援助的理由')], (f) => ({ decision: 'reject', reason: f.reason.value }), { danger: true }));
      out.push(action('先行提供援助（第四十四条）', 'urgent-aid', [reason('紧急情形')], (f) => ({ reason: f.reason.value })));
      out.push(action('调整审查结论', 'eligibility-override', [
        el('label', {}, '结论', el('select', { name: 'eligible' }, el('option', { value: 'true' }, '符合'), el('option', { value: 'false' }, '不符合'))),
        reason('书面理由')], (f) => ({ eligible: f.eligible.value === 'true', reason: f.reason.value })));
    }
    if (['approved', 'assigned', 'in_progress'].includes(s))
      out.push(action('终止援助（第四十八条）', 'termination', [select('ground', 'ground', '终止事由'), reason()],
        (f) => ({ ground: f.ground.value, reason: f.reason.value }), { danger: true }));
    if (s === 'closed' && !c.grade)
      out.push(action('质量评定', 'grade', [select('grade', 'grade', '等级')], (f) => ({ grade: f.grade.value })));
    if (s === 'rejected' && c.objection && c.objection.upheld === null)
      out.push(action('异议处理结果', 'objection/decision', [
        el('label', {}, '结果', el('select', { name: 'upheld' }, el('option', { value: 'true' }, '异议成立，给予援助'), el('option', { value: 'false' }, '维持原决定'))),
        reason('理由')], (f) => ({ upheld: f.upheld.value === 'true', reason: f.reason.value })));
  }
  if (r === 'clerk') {
    if (s === 'materials_requested') out.push(action('材料已补齐', 'materials', [], () => ({})));
    if (s === 'rejected' && !c.objection) out.push(action('登记异议（第四十九条）', 'objection', [reason('异议内容')], (f) => ({ reason: f.reason.value })));
    if (['assigned', 'in_progress'].includes(s) && !c.replacement_request)
      out.push(action('申请更换律师（第五十五条）', 'replacement-request', [reason()], (f) => ({ reason: f.reason.value })));
    if (['closed', 'terminated'].includes(s) && !c.satisfaction)
      out.push(action('满意度回访', 'satisfaction', [
        el('label', {}, '受援人评价', el('select', { name: 'satisfied' }, el('option', { value: 'true' }, '满意'), el('option', { value: 'false' }, '不满意'))),
        el('label', {}, '备注', el('input', { name: 'comment' }))], (f) => ({ satisfied: f.satisfied.value === 'true', comment: f.comment.value || undefined })));
  }
  if ((r === 'clerk' || r === 'reviewer') && s === 'closed' && !c.archived_at)
    out.push(action('卷宗归档', 'archive', [], () => ({})));
  if (mine && s === 'assigned') {
    out.push(action('接受指派', 'accept', [], () => ({}), { button: '接受' }));
    out.push(action('拒绝指派', 'decline', [reason()], (f) => ({ reason: f.reason.value }), { danger: true }));
  }
  if (mine && s === 'in_progress') {
    out.push(action('记录办案阶段', 'stages', [select('stage', 'stage', '阶段'),
      el('label', {}, '办案地（地区码）', el('input', { name: 'venue_region_code', maxlength: 6, 'data-field': 'venue_region_code' })),
      el('label', {}, '开始日期', el('input', { type: 'date', name: 'started_on', value: today(), 'data-field': 'started_on' })),
      el('label', {}, '结束日期', el('input', { type: 'date', name: 'ended_on', 'data-field': 'ended_on' }))],
      (f) => ({ stage: f.stage.value, venue_region_code: f.venue_region_code.value || undefined, started_on: f.started_on.value, ended_on: f.ended_on.value || undefined })));
    out.push(action('结案', 'closure', [
      el('label', {}, '办理结果', el('textarea', { name: 'outcome', 'data-field': 'outcome' })),
      el('label', {}, '挽回经济损失（元）', el('input', { type: 'number', name: 'recovered', min: 0, step: '0.01', 'data-field': 'recovered_fen' })),
      el('label', {}, '结案日期', el('input', { type: 'date', name: 'closed_on', value: today(), 'data-field': 'closed_on' }))],
      (f) => ({ outcome: f.outcome.value, recovered_fen: fenOf(f.recovered.value) || 0, closed_on: f.closed_on.value })));
  }
  return out;
}

async function suggestions() {
  const card = $('#suggest-card');
  const canAssign = ['reviewer', 'admin'].includes(user.role) &&
    (c.status === 'approved' || (['assigned', 'in_progress'].includes(c.status) && c.replacement_request));
  card.classList.toggle('hidden', !canAssign);
  if (!canAssign) return;
  const r = await api('GET', `/cases/${c.id}/lawyer-suggestions`);
  const box = $('#suggestions');
  box.replaceChildren();
  for (const s of r.items) {
    const btn = el('button', { type: 'button', disabled: !s.assignable, 'data-lawyer': s.lawyer_id }, '指派');
    btn.addEventListener('click', async () => {
      try {
        c = await api('POST', `/cases/${c.id}/assignment`, { lawyer_id: s.lawyer_id, version: c.version });
        showMessage(msg, `已指派 ${s.display_name || s.username}`, 'ok');
        await render();
      } catch (e) { showMessage(msg, e.message); }
    });
    box.append(el('div', { class: 'suggestion' },
      el('div', {}, el('strong', {}, s.display_name || s.username), ` 执业${s.practice_years}年，在办${s.open_cases}件`,
        el('div', { class: 'reasons' }, (s.refusal ? [s.refusal] : s.reasons).join('；'))),
      el('div', {}, el('span', { class: 'badge info' }, `评分 ${s.score}`), ' ', btn)));
  }
  if (!r.items.length) box.append(el('div', { class: 'hint' }, '本中心暂无律师'));
}

async function render() {
  document.title = `${c.case_no} · 法律援助案件管理`;
  $('#title').textContent = c.case_no;
  $('#badges').replaceChildren(el('span', { class: 'badge info' }, zh('status', c.status)), ' ', dueBadge(c) || '',
    c.urgent ? el('span', { class: 'badge due-soon' }, '先行援助') : '',
    c.duplicate_of && c.duplicate_of.length ? el('span', { class: 'badge overdue' }, '重复申请') : '');
  const f = $('#facts');
  f.replaceChildren();
  fact(f, '案件类型', zh('case_type', c.case_type));
  fact(f, '受理渠道', zh('channel', c.channel));
  fact(f, '受理时间', dateTime(c.received_at));
  fact(f, '援助事项', zh('matter', c.matter));
  fact(f, '阶段', zh('stage', c.stage));
  fact(f, '对方当事人', c.opposing_party);
  fact(f, '案情摘要', c.summary);
  fact(f, '决定期限', c.decision_due);
  fact(f, '指派期限', c.assignment_due);
  if (c.notice) fact(f, '通知机关', `${c.notice.organ_name}（${c.notice.notice_no}）`);
  if (c.decision) fact(f, '审查决定', `${zh('action', c.decision.decision)} ${c.decision.reason || ''}`);
  if (c.materials_request) fact(f, '补充材料', c.materials_request.reason);
  if (c.lawyer_id) fact(f, '承办律师', c.lawyer_name || `#${c.lawyer_id}`);
  if (c.closure) fact(f, '结案', `${c.closure.closed_on} ${c.closure.outcome}；挽回损失 ${yuan(c.closure.recovered_fen)}`);
  if (c.grade) fact(f, '质量等级', zh('grade', c.grade));
  if (c.termination) fact(f, '终止', `${zh('ground', c.termination.ground)}：${c.termination.reason}`);
  if (c.objection) fact(f, '异议', `${c.objection.reason}（处理期限 ${c.objection.due}）`);
  if (c.satisfaction) fact(f, '回访', c.satisfaction.satisfied ? '满意' : '不满意');
  if (c.duplicate_of && c.duplicate_of.length)
    f.append(el('dt', {}, '同一申请人'), el('dd', {}, c.duplicate_of.map((d) => el('a', { href: `/case?id=${d.id}` }, d.case_no, ' '))));
  const a = $('#applicant');
  a.replaceChildren();
  fact(a, '姓名', c.applicant.name);
  fact(a, '身份证号', c.applicant.id_number);
  fact(a, '性别/出生', `${c.applicant.sex === 'F' ? '女' : '男'} ${c.applicant.birth_date || ''}`);
  fact(a, '电话', c.applicant.phone);
  fact(a, '住址', c.applicant.address);
  fact(a, '民族', c.applicant.ethnicity);
  fact(a, '群体', (c.applicant.groups || []).map((g) => zh('group', g)).join('、'));
  fact(a, '家庭人口', c.applicant.household_size);
  fact(a, '家庭月收入', c.applicant.household_monthly_income_fen == null ? null : yuan(c.applicant.household_monthly_income_fen));
  renderEligibility($('#elig'), c.eligibility);
  $('#override').replaceChildren(c.eligibility_override
    ? el('div', { class: 'msg warn' }, `审查员调整结论为${c.eligibility_override.eligible ? '符合' : '不符合'}：${c.eligibility_override.reason}`) : '');
  const acts = actionsFor();
  $('#actions').replaceChildren(...(acts.length ? acts : [el('div', { class: 'hint' }, '当前没有需要您办理的事项')]));
  $('#stages').replaceChildren(...(c.stages || []).map((s) => el('tr', {}, el('td', {}, zh('stage', s.stage)), el('td', {}, s.venue_region_code || ''), el('td', {}, s.started_on), el('td', {}, s.ended_on || ''))));
  const prints = [['application', '申请表']];
  if (c.decision && c.decision.decision !== 'reject') prints.push(['grant', '给予援助决定书']);
  if (c.status === 'rejected') prints.push(['refuse', '不予援助决定书']);
  if (c.lawyer_id) prints.push(['assignment', '指派通知书']);
  if (c.materials_request) prints.push(['materials', '补充材料通知书']);
  $('#prints').replaceChildren(...prints.map(([k, v]) => el('a', { href: `/print?form=${k}&id=${c.id}`, 'data-form': k }, v)));
  await Promise.all([suggestions(), timeline(), claims()]);
}

async function timeline() {
  const r = await api('GET', `/cases/${c.id}/events`);
  $('#timeline').replaceChildren(...r.items.slice().reverse().map((e) => el('li', {},
    el('div', {}, el('strong', {}, zh('action', e.action)), e.to_status && e.from_status !== e.to_status ? ` → ${zh('status', e.to_status)}` : ''),
    el('div', { class: 'when' }, `${dateTime(e.at)} ${e.actor || ''}`),
    e.detail && e.detail.reason ? el('div', { class: 'hint' }, e.detail.reason) : '')));
}

async function claims() {
  const body = $('#claims');
  if (!['closed', 'terminated'].includes(c.status)) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, '结案评定后计算')));
    return;
  }
  let items = [];
  try {
    const r = await api('GET', `/subsidies?limit=500${c.lawyer_id ? '&lawyer_id=' + c.lawyer_id : ''}`);
    items = r.items.filter((k) => k.case_id === c.id);
  } catch { /* not every role lists claims */ }
  body.replaceChildren(...items.map((k) => el('tr', { 'data-claim': k.id },
    el('td', {}, zh('item', k.item)), el('td', {}, zh('scope', k.scope) || '—'), el('td', {}, zh('grade', k.grade)),
    el('td', { class: 'num' }, yuan(k.total_fen)), el('td', {}, zh('claim_status', k.status)))));
  if (!items.length) body.append(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, c.grade ? '没有可计算补贴的阶段' : '尚未评定')));
}

async function load() {
  c = await api('GET', `/cases/${id}`);
  await render();
}

user = await frame('案件');
try {
  await load();
} catch (e) {
  showMessage(msg, e.status === 404 ? '没有这个案件，或不在您的权限范围内' : e.message);
}
