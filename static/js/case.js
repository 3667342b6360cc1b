// Everything about one case: facts, applicant, eligibility, the actions the user's role may
// take in the case's state (each sends the case's version), suggested lawyers, stages, claims,
// the printed forms and the timeline.
import { api, frame, el, $, $$, param, zh, day, dateTime, yuan, dueBadge, renderEligibility,
  showMessage, hide, all, venueOptions, centers, confirmAction, focusMessage, uploadPaper, newKey,
  options, ZH, fenOf, yuanInput } from './api.js';
import { actionForm, textArea, selectOf, required, lawyerActions, stageText, input } from './actions.js';
import { formsFor, formName } from './forms.js';

const id = param('id');
const msg = $('#msg');
let user, c, center, venueNames = new Map(), jurisdictions = null, allCenters = [];

const ctx = {
  get case() { return c; },
  msg,
  async done(after, title) {
    c = after;
    showMessage(msg, `${title}：已完成`, 'ok');
    await render();
    focusMessage(msg);
  },
  conflict: () => load(),
};

function fact(dl, label, value, attrs = {}) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
  dl.append(el('dt', { class: attrs.class }, label), el('dd', attrs, value));
}

const yesNo = (name, label, yes, no) => el('label', {}, label, el('select', { name, 'data-field': name }, el('option', { value: 'true' }, yes), el('option', { value: 'false' }, no)));

// The reviewer's decision: approve, ask for papers (once), or refuse; a reason for the last two.
function decisionForm() {
  const choices = c.status === 'submitted'
    ? [['approve', '批准，给予法律援助'], ...(c.materials_request ? [] : [['request_materials', '通知补充材料（一次性告知）']]), ['reject', '不予法律援助']]
    : [['reject', '不予法律援助']];
  const radios = el('div', { class: 'radios', role: 'radiogroup', 'aria-label': '审查决定' },
    choices.map(([v, t], i) => el('label', { class: 'inline' }, el('input', { type: 'radio', name: 'decision', value: v, checked: i === 0, 'data-field': 'decision' }), t)));
  const reason = textArea('reason', '理由 / 需补充的材料');
  // The papers asked for, by kind: the case then shows each as 未收到 until a paper of that kind
  // is put in its file.
  const paperBox = el('fieldset', { class: 'checks wide', 'data-field': 'papers', id: 'papers-to-ask' }, el('legend', {}, '所缺材料（到件后案件页自动标为已收到）'),
    ['identity', 'hardship_proof', 'application', 'notice', 'other'].map((k) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'paper', value: k }), zh('attachment_kind', k))));
  const note = el('p', { class: 'hint' });
  const sync = (f) => {
    const d = f.querySelector('input[name=decision]:checked').value;
    reason.firstChild.textContent = d === 'approve' ? '审查意见（可不填）' : d === 'reject' ? '不予援助的理由（将写入决定书）' : '需补充的材料（一次列明，写入通知书）';
    paperBox.hidden = d !== 'request_materials';
    note.textContent = d === 'approve' ? `批准后须在 3 日内指派律师。${c.eligibility && c.eligibility.eligible === false ? '注意：审查参考为“不符合”，批准前请先调整审查结论并写明理由。' : ''}`
      : d === 'reject' ? '申请人可自收到决定之日起向司法行政部门提出异议（第四十九条）。' : '补充材料期间不计入审查期限。';
  };
  const det = actionForm({
    id: 'decision-form', title: '审查决定', path: 'decision', kind: 'primary', open: true, button: '提交决定',
    fields: [radios, reason, paperBox, note],
    check: (f) => {
      const d = f.querySelector('input[name=decision]:checked').value;
      return d !== 'approve' && !f.reason.value.trim() ? [['reason', 'required']] : [];
    },
    confirm: (f) => (f.querySelector('input[name=decision]:checked').value === 'reject'
      ? { title: '不予法律援助？', text: `${c.applicant.name}（${c.case_no}）的申请将被决定不予法律援助，理由写入决定书：\n${f.reason.value.trim()}`, confirm: '决定不予援助', danger: true }
      : null),
    build: (f) => {
      const decision = f.querySelector('input[name=decision]:checked').value;
      const papers = [...f.querySelectorAll('input[name=paper]:checked')].map((x) => x.value);
      return { decision, reason: f.reason.value.trim() || undefined, papers: decision === 'request_materials' && papers.length ? papers : undefined };
    },
  }, ctx);
  const f = det.querySelector('form');
  f.addEventListener('change', () => sync(f));
  sync(f);
  return det;
}

function actionsFor() {
  const out = [];
  const s = c.status;
  const r = user.role;
  if (r === 'reviewer') {
    if (s === 'submitted' || s === 'materials_requested') {
      out.push(decisionForm());
      if (s === 'submitted' && !c.urgent)
        out.push(actionForm({ id: 'urgent-form', title: '先行提供法律援助（第四十四条）', path: 'urgent-aid',
          fields: [textArea('reason', '紧急情形（如诉讼时效、开庭日期不足七日）'),
            el('div', { class: 'grid' }, input('papers', '尚需补交的材料（可不填）', { maxlength: 500 }),
              input('papers_due_days', '补交期限（日）', { type: 'number', min: 1, max: 60, value: 7 }))],
          check: required('reason'),
          build: (f) => ({ reason: f.reason.value.trim(), papers: f.papers.value.trim() || undefined,
            papers_due_days: f.papers.value.trim() ? Number(f.papers_due_days.value) || undefined : undefined }) }, ctx));
      out.push(actionForm({ id: 'override-form', title: '调整审查结论', path: 'eligibility-override',
        fields: [yesNo('eligible', '结论', '符合法律援助条件', '不符合法律援助条件'), textArea('reason', '书面理由（记入审计记录）')],
        check: required('reason'), build: (f) => ({ eligible: f.eligible.value === 'true', reason: f.reason.value.trim() }) }, ctx));
    }
    if ((s === 'closed' || s === 'terminated') && !c.grade)
      out.push(actionForm({ id: 'grade-form', title: '质量评定', path: 'grade', kind: 'primary', open: true, button: '评定并计算补贴',
        fields: [selectOf('grade', 'grade', '办案质量等级'), el('p', { class: 'hint' }, (s === 'terminated' ? '援助已终止：只按已办结的阶段计算补贴。' : '')
          + '各等级在补贴标准中的位置按本地区规定（默认优＝上限，良＝中间值，合格＝下限，不合格＝不予补贴；沅江按最低标准）。')],
        build: (f) => ({ grade: f.grade.value }) }, ctx));
    if (['approved', 'assigned', 'in_progress'].includes(s))
      out.push(actionForm({ id: 'terminate-form', title: '终止法律援助（第四十八条）', path: 'termination', kind: 'danger', button: '终止援助',
        fields: [selectOf('ground', 'ground', '终止事由'), textArea('reason', '说明')], check: required('reason'),
        confirm: (f) => ({ title: '终止法律援助？', text: `${c.applicant.name}（${c.case_no}）的法律援助将终止，事由：${zh('ground', f.ground.value)}。终止后不能恢复。`, confirm: '终止援助', danger: true }),
        build: (f) => ({ ground: f.ground.value, reason: f.reason.value.trim() }) }, ctx));
  }
  // Art. 49: the judicial bureau alone decides an objection to a refusal or a termination.
  if (r === 'bureau' && ['rejected', 'terminated'].includes(s) && c.objection && c.objection.upheld == null)
    out.push(actionForm({ id: 'objection-decision-form', title: '异议审查结果', path: 'objection/decision', kind: 'primary', open: true,
      fields: [yesNo('upheld', '司法行政部门的决定', '异议成立，责令给予援助', s === 'terminated' ? '维持终止援助的决定' : '维持不予援助的决定'), textArea('reason', '理由')],
      check: required('reason'), build: (f) => ({ upheld: f.upheld.value === 'true', reason: f.reason.value.trim() }) }, ctx));
  if (['clerk', 'reviewer'].includes(r)) {
    if (['rejected', 'terminated'].includes(s) && !c.objection)
      out.push(actionForm({ id: 'objection-form', title: '登记异议（第四十九条）', path: 'objection',
        fields: [textArea('reason', '申请人的异议')], check: required('reason'), build: (f) => ({ reason: f.reason.value.trim() }) }, ctx));
    if (['submitted', 'materials_requested'].includes(s))
      out.push(actionForm({ id: 'withdrawal-form', title: '撤回申请（第四十三条）', path: 'withdrawal', kind: 'danger', button: '确认撤回',
        fields: [s === 'materials_requested' ? selectOf('kind', 'withdrawal_kind', '撤回方式') : '',
          textArea('reason', '说明（如：申请人书面撤回；通知补充材料后逾期未补）')],
        check: required('reason'),
        build: (f) => ({ reason: f.reason.value.trim(), kind: f.kind ? f.kind.value : undefined }) }, ctx));
    if (['assigned', 'in_progress'].includes(s) && c.organ_notice_due && !c.organ_notified_on)
      out.push(actionForm({ id: 'organ-form', title: `告知办案机关承办律师（第三十六条，${c.organ_notice_due} 前）`, path: 'organ-notification', kind: 'primary', open: true,
        button: '已告知', fields: [el('label', {}, '方式（可不填）', el('input', { name: 'comment', maxlength: 500, placeholder: '如：已函告法院' }))],
        build: (f) => ({ comment: f.comment.value.trim() || undefined }) }, ctx));
    if (['assigned', 'in_progress'].includes(s) && !c.replacement_request)
      out.push(actionForm({ id: 'replacement-form', title: '受援人要求更换律师（第五十五条）', path: 'replacement-request',
        fields: [textArea('reason', '理由')], check: required('reason'), build: (f) => ({ reason: f.reason.value.trim() }) }, ctx));
  }
  if (['clerk', 'reviewer', 'admin'].includes(r) && ['submitted', 'materials_requested'].includes(s))
    out.push(actionForm({ id: 'transfer-form', title: '转交有管辖权的法律援助中心（第三十八条）', path: 'transfer', button: '转交',
      fields: [el('label', {}, '接收中心', el('select', { name: 'center_id', 'data-field': 'center_id' },
        ...allCenters.filter((k) => k.id !== c.center_id).map((k) => el('option', { value: k.id }, k.name)))),
        textArea('reason', '转交理由')],
      check: required('reason'), build: (f) => ({ center_id: Number(f.center_id.value), reason: f.reason.value.trim() }) }, ctx));
  if (r === 'clerk') {
    if (['approved', 'assigned', 'in_progress'].includes(s) && c.papers_due && !c.papers_received_at)
      out.push(actionForm({ id: 'papers-form', title: `先行援助后补交材料（${c.papers_due} 前）`, path: 'materials', kind: 'primary', open: true, button: '材料已补交',
        fields: [el('label', {}, '说明（可不填）', el('input', { name: 'comment', maxlength: 500 }))],
        build: (f) => ({ comment: f.comment.value.trim() || undefined }) }, ctx));
    if (s === 'materials_requested')
      out.push(actionForm({ id: 'materials-form', title: '材料已补齐', path: 'materials', kind: 'primary', open: true, button: '材料已补齐，恢复审查',
        fields: [el('label', {}, '说明（可不填）', el('input', { name: 'comment', maxlength: 500 }))],
        build: (f) => ({ comment: f.comment.value.trim() || undefined }) }, ctx));
    if (['closed', 'terminated'].includes(s) && !c.satisfaction)
      out.push(actionForm({ id: 'satisfaction-form', title: '满意度回访', path: 'satisfaction', open: true,
        fields: [yesNo('satisfied', '受援人评价', '满意', '不满意'), el('label', {}, '备注', el('input', { name: 'comment', maxlength: 1000 }))],
        build: (f) => ({ satisfied: f.satisfied.value === 'true', comment: f.comment.value.trim() || undefined }) }, ctx));
  }
  if (['clerk', 'reviewer', 'admin'].includes(r) && ['submitted', 'materials_requested'].includes(s)) out.push(correctionForm());
  if (['clerk', 'reviewer', 'admin'].includes(r) && s === 'closed' && !c.archived_at)
    out.push(actionForm({ id: 'archive-form', title: '卷宗归档', path: 'archive', button: '确认归档',
      hint: '湖南等地在结案并归档后方可支付办案补贴。',
      fields: [el('label', {}, '备注（可不填）', el('input', { name: 'comment', maxlength: 500 }))],
      build: (f) => ({ comment: f.comment.value.trim() || undefined }) }, ctx));
  if (r === 'lawyer' && c.lawyer_id === user.id) out.push(...lawyerActions(c, ctx, 'venues'));
  return out;
}

// Suggested lawyers with their reasons; assignment sends the case version.
async function suggestions() {
  const card = $('#suggest-card');
  const canAssign = ['reviewer', 'admin'].includes(user.role) &&
    (c.status === 'approved' || (['assigned', 'in_progress'].includes(c.status) && c.replacement_request));
  card.classList.toggle('hidden', !canAssign);
  if (!canAssign) return;
  const box = $('#suggestions');
  let r;
  try { r = await api('GET', `/cases/${c.id}/lawyer-suggestions`); } catch (e) { box.replaceChildren(el('p', { class: 'hint' }, e.message)); return; }
  box.replaceChildren(...r.items.map((s, i) => {
    const who = s.display_name || s.username;
    const btn = el('button', { type: 'button', class: i === 0 && s.assignable ? '' : 'secondary', disabled: !s.assignable || s.lawyer_id === c.lawyer_id, 'data-lawyer': s.lawyer_id,
      'aria-label': s.lawyer_id === c.lawyer_id ? `${who}：当前承办` : `指派 ${who}` },
      s.lawyer_id === c.lawyer_id ? '当前承办' : '指派');
    btn.addEventListener('click', async () => {
      const replacing = c.lawyer_id && c.lawyer_id !== s.lawyer_id;
      if (!(await confirmAction({ title: `指派 ${who}？`, text: `${who}（执业 ${s.practice_years} 年）将承办 ${c.applicant.name} 的案件 ${c.case_no}${replacing ? `，替换现承办律师 ${c.lawyer_name || ''}` : ''}。`, confirm: '确认指派' }))) return;
      btn.disabled = true;
      try {
        c = await api('POST', `/cases/${c.id}/assignment`, { lawyer_id: s.lawyer_id, version: c.version });
        showMessage(msg, `已指派 ${who}`, 'ok');
        await render();
        focusMessage(msg);
      } catch (e) {
        showMessage(msg, e.message + (e.fields && e.fields.lawyer_id ? `：${e.fields.lawyer_id}` : ''));
        if (e.status === 409) await load();
        btn.disabled = false;
      }
    });
    return el('div', { class: 'suggestion', 'data-suggestion': s.lawyer_id },
      el('div', {},
        el('strong', {}, s.display_name || s.username), el('span', { class: 'hint' }, `　执业 ${s.practice_years} 年 · 在办 ${s.open_cases} 件`),
        el('div', { class: 'reasons' }, s.refusal ? el('span', { class: 'refusal' }, s.refusal) : '', (s.reasons || []).map((t) => el('span', {}, t)))),
      el('div', { class: 'suggest-act' }, el('div', { class: 'score' }, s.score, el('small', {}, '匹配度')), btn));
  }));
  if (!r.items.length) box.append(el('p', { class: 'hint' }, '本中心暂无可指派的律师，请管理员在“系统管理”中添加。'));
}

// ---- correcting the application (PATCH /cases/{id}): what changed, and why ----
const NEEDS_MATTER = ['civil', 'administrative', 'labor_arbitration', 'state_compensation'];
const FLAGS = ['migrant_worker', 'disabled', 'military', 'low_income'];
function correctionForm() {
  const p = c.applicant;
  const flagBox = el('fieldset', { class: 'checks wide', 'data-field': 'applicant.groups' }, el('legend', {}, '特殊群体（未成年人、老年人、妇女由身份证号认定）'),
    FLAGS.map((g) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'flag', value: g, checked: (p.flagged_groups || []).includes(g) }), zh('group', g))));
  const exBox = el('fieldset', { class: 'checks wide', 'data-field': 'exemptions' }, el('legend', {}, '免予审查或核查经济困难状况的情形'),
    Object.entries(ZH.exemption).map(([k, v]) => el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'exemption', value: k, checked: (c.exemptions || []).includes(k) }), v)));
  const matter = NEEDS_MATTER.includes(c.case_type) ? el('label', {}, '援助事项', el('select', { name: 'matter', 'data-field': 'matter' }, options('matter'))) : '';
  if (matter) matter.querySelector('select').value = c.matter || 'other';
  // The agent (a guardian for a minor, Art. 24, 40): replaced whole, or removed by emptying it.
  const g = c.agent || {};
  const relation = el('label', {}, '与受援人关系', el('select', { name: 'agent_relation', 'data-field': 'agent.relation' }, options('relation', '（无代理人）')));
  relation.querySelector('select').value = g.relation || '';
  const agentType = el('label', {}, '代理人证件类型', el('select', { name: 'agent_id_type', 'data-field': 'agent.id_type' },
    options('id_type', undefined, ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent_resident'])));
  agentType.querySelector('select').value = g.id_type || 'resident_id';
  const agentBox = el('fieldset', { class: 'grid wide', id: 'correction-agent' }, el('legend', {}, '代理人 / 监护人（清空姓名和关系即删除）'),
    input('agent_name', '代理人姓名', { value: g.name || '', 'data-field': 'agent.name', maxlength: 50 }),
    relation, agentType,
    input('agent_id_number', '代理人证件号码', { value: g.id_number || '', 'data-field': 'agent.id_number', maxlength: 18, spellcheck: 'false' }),
    input('agent_phone', '代理人电话', { value: g.phone || '', inputmode: 'tel', 'data-field': 'agent.phone', maxlength: 20 }));
  const fields = [el('div', { class: 'grid' },
    input('name', '申请人姓名', { value: p.name || '', 'data-field': 'applicant.name', maxlength: 50 }),
    input('phone', '联系电话', { value: p.phone || '', inputmode: 'tel', 'data-field': 'applicant.phone', maxlength: 20 }),
    input('ethnicity', '民族', { value: p.ethnicity || '', 'data-field': 'applicant.ethnicity', maxlength: 20 }),
    input('household_size', '家庭人口', { value: p.household_size ?? '', inputmode: 'numeric', 'data-field': 'applicant.household_size', maxlength: 2 }),
    input('income', '家庭月收入（元）', { value: p.household_monthly_income_fen == null ? '' : yuanInput(p.household_monthly_income_fen), inputmode: 'decimal', 'data-field': 'applicant.household_monthly_income_fen' }),
    matter,
    input('opposing_party', '对方当事人', { value: c.opposing_party || '', maxlength: 200 }),
    input('venue_region_code', '办案地（地区码）', { value: c.venue_region_code || '', inputmode: 'numeric', maxlength: 6, list: 'venues' }),
    el('label', { class: 'wide' }, '住址', el('input', { name: 'address', value: p.address || '', 'data-field': 'applicant.address', maxlength: 200 })),
    el('label', { class: 'wide' }, '案情摘要', el('textarea', { name: 'summary', 'data-field': 'summary', rows: 3, maxlength: 4000 }, c.summary || ''))),
  flagBox, exBox, agentBox, textArea('reason', '更正理由（记入办理记录）', { placeholder: '如：申请人补充提供了收入证明；电话号码登记有误' })];
  const changed = (f) => {
    const b = {}, a = {};
    const str = (name, now, key, into) => { const v = f[name].value.trim(); if (v !== (now || '')) (into || b)[key || name] = v; };
    str('name', p.name, 'name', a);
    str('phone', p.phone, 'phone', a);
    str('ethnicity', p.ethnicity, 'ethnicity', a);
    str('address', p.address, 'address', a);
    str('opposing_party', c.opposing_party);
    str('summary', c.summary);
    const venue = f.venue_region_code.value.trim();
    if (venue && venue !== (c.venue_region_code || '')) b.venue_region_code = venue;
    const size = f.household_size.value.trim();
    if (size !== String(p.household_size ?? '')) a.household_size = Number(size);
    const fen = fenOf(f.income.value);
    if (fen !== undefined && fen !== p.household_monthly_income_fen) a.household_monthly_income_fen = fen;
    if (f.matter && f.matter.value !== (c.matter || '')) b.matter = f.matter.value;
    const flags = $$('input[name=flag]:checked', f).map((i) => i.value);
    if (flags.join() !== FLAGS.filter((g) => (p.flagged_groups || []).includes(g)).join()) a.groups = flags;
    const ex = $$('input[name=exemption]:checked', f).map((i) => i.value);
    if (ex.join() !== Object.keys(ZH.exemption).filter((k) => (c.exemptions || []).includes(k)).join()) b.exemptions = ex;
    if (Object.keys(a).length) b.applicant = a;
    const agent = { name: f.agent_name.value.trim(), relation: f.agent_relation.value, id_type: f.agent_id_type.value,
      id_number: f.agent_id_number.value.trim().toUpperCase(), phone: f.agent_phone.value.trim() };
    const none = !agent.name && !agent.relation && !agent.id_number && !agent.phone;
    if (none) {
      if (c.agent) b.agent = null;
    } else if (['name', 'relation', 'id_number', 'phone'].some((k) => agent[k] !== (g[k] || '')) || agent.id_type !== (g.id_type || 'resident_id')) {
      b.agent = { name: agent.name, relation: agent.relation || undefined, id_type: agent.id_type };
      if (agent.id_number) b.agent.id_number = agent.id_number;
      if (agent.phone) b.agent.phone = agent.phone;
    }
    return b;
  };
  const det = actionForm({
    id: 'correction-form', title: '更正申请信息', path: '', button: '保存更正', fields,
    hint: '只提交改动的内容；保存后按更正后的信息重新计算审查参考。身份证号和案件类型不能更正，如有错误请重新登记。',
    check: (f) => [...required('reason')(f),
      ...(!Object.keys(changed(f)).length ? [['reason', '没有改动任何内容']] : []),
      ...(Number.isNaN(fenOf(f.income.value)) ? [['applicant.household_monthly_income_fen', '请输入金额，如 1200 或 1200.50']] : []),
      ...(f.household_size.value.trim() && !/^\d{1,2}$/.test(f.household_size.value.trim()) ? [['applicant.household_size', '请输入人数']] : []),
      ...(f.venue_region_code.value.trim() && !/^\d{6}$/.test(f.venue_region_code.value.trim()) ? [['venue_region_code', '须为6位地区码']] : [])],
    method: 'PATCH',
    build: (f) => ({ ...changed(f), reason: f.reason.value.trim() }),
  }, Object.assign(Object.create(ctx), { async done(after) {
    const before = c.eligibility && c.eligibility.eligible;
    c = after;
    const e = c.eligibility || {};
    const verdict = e.eligible === true ? '符合法律援助条件' : e.eligible === false ? '不符合法律援助条件' : '尚不能判断';
    showMessage(msg, `已更正申请信息。审查参考已重新计算：${verdict}${before !== e.eligible ? '（更正前为' + (before === true ? '符合' : before === false ? '不符合' : '尚不能判断') + '）' : ''}。`, 'ok');
    await render();
    focusMessage(msg);
  } }));
  return det;
}

// ---- the case file's papers ----
const MAX_PAPER = 20 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const size = (n) => (n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB');
async function papers() {
  const box = $('#papers');
  let items = [];
  try { items = (await api('GET', `/cases/${c.id}/attachments?limit=500`)).items; } catch (e) { box.replaceChildren(el('p', { class: 'hint' }, e.message)); return; }
  const canRead = user.role !== 'supervisor';
  $('#papers-count').textContent = items.length ? `${items.length} 件` : '';
  const asked = (c.materials_request && c.materials_request.papers) || [];
  box.replaceChildren(
    asked.length ? el('div', { class: 'asked', id: 'papers-asked' }, el('h3', {}, '通知补充的材料'), el('ul', { class: 'checklist' }, asked.map((p) => el('li', { class: p.arrived ? 'arrived' : 'missing', 'data-kind': p.kind },
      el('span', { class: 'badge ' + (p.arrived ? 'ok' : 'warn') }, p.arrived ? '已收到' : '未收到'), ' ', p.label || zh('attachment_kind', p.kind))))) : '',
    items.length ? el('div', { class: 'table-wrap' }, el('table', { class: 'compact', id: 'papers-table' },
      el('thead', {}, el('tr', {}, ['类别', '文件', '大小', '上传', '时间'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, items.map((a) => el('tr', { 'data-paper': a.id, 'data-kind': a.kind },
        el('td', {}, zh('attachment_kind', a.kind)),
        el('td', {}, canRead ? el('a', { href: `/api/v1/attachments/${a.id}`, download: a.filename }, a.filename) : a.filename),
        el('td', { class: 'nowrap' }, size(a.size)), el('td', {}, a.uploaded_by_name || ''), el('td', { class: 'nowrap' }, dateTime(a.uploaded_at))))))) : el('p', { class: 'hint', id: 'no-papers' }, '卷宗中还没有材料。'));
  const mayAdd = (['clerk', 'reviewer', 'admin'].includes(user.role) || (user.role === 'lawyer' && c.lawyer_id === user.id)) && !c.archived_at;
  $('#paper-form').classList.toggle('hidden', !mayAdd);
}

function paperForm() {
  const f = $('#paper-form');
  f.kind.append(...options('attachment_kind'));
  let key = newKey();
  f.file.addEventListener('change', () => { key = newKey(); });
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = f.file.files[0];
    const bad = !file ? '请选择要上传的文件' : !TYPES.includes(file.type) ? '只能上传 PDF、JPG 或 PNG 文件' : file.size > MAX_PAPER ? `文件 ${size(file.size)}，超过 20 MB 的上限` : '';
    if (bad) { showMessage(msg, bad); f.file.focus(); return; }
    const btn = $('#paper-submit');
    btn.disabled = true;
    btn.textContent = '正在上传…';
    try {
      const a = await uploadPaper(c.id, file, f.kind.value, key);
      key = newKey();
      f.reset();
      showMessage(msg, `已添加到卷宗：${zh('attachment_kind', a.kind)}《${a.filename}》`, 'ok');
      c = await api('GET', `/cases/${c.id}`);
      await render();
      focusMessage(msg);
    } catch (e) {
      showMessage(msg, e.status === 413 ? '文件超过 20 MB 的上限' : e.message);
      focusMessage(msg);
    } finally {
      btn.disabled = false;
      btn.textContent = '上传';
    }
  });
}

async function render() {
  document.title = `${c.case_no} · ${zh('status', c.status)} · 法律援助案件管理`;
  $('#title').textContent = c.case_no;
  $('#badges').replaceChildren(el('span', { class: `badge status s-${c.status}`, id: 'status' }, zh('status', c.status)), dueBadge(c) || '',
    c.urgent ? el('span', { class: 'badge due-soon' }, '先行援助') : '',
    c.duplicate_of && c.duplicate_of.length ? el('span', { class: 'badge overdue' }, '重复申请') : '',
    c.archived_at ? el('span', { class: 'badge ok' }, '已归档') : '');
  const f = $('#facts');
  f.replaceChildren();
  fact(f, '案件类型', zh('case_type', c.case_type));
  fact(f, '受理渠道', zh('channel', c.channel));
  fact(f, '受理时间', dateTime(c.received_at));
  fact(f, '受理中心', center ? center.name : '');
  fact(f, '援助事项', zh('matter', c.matter));
  fact(f, '诉讼阶段', zh('stage', c.stage));
  fact(f, '办案地', c.venue_region_code ? `${venueNames.get(c.venue_region_code) || ''} ${c.venue_region_code}` : '');
  fact(f, '对方当事人', c.opposing_party);
  fact(f, '决定期限', c.decision && c.decision.decision !== 'urgent_aid' ? '' : c.decision_due);
  fact(f, '指派期限', c.lawyer_id ? '' : c.assignment_due);
  if (c.notice) fact(f, '通知机关', `${c.notice.organ_name}（${c.notice.notice_no}）`);
  if (c.criminal_grounds && c.criminal_grounds.length) fact(f, '应当指派情形', c.criminal_grounds.map((g) => zh('criminal_ground', g)).join('、'));
  if (c.exemptions && c.exemptions.length) fact(f, '免审情形', c.exemptions.map((g) => zh('exemption', g)).join('、'));
  if (c.decision) fact(f, '审查决定', `${zh('action', c.decision.decision)}（${dateTime(c.decision.decided_at)}）${c.decision.reason ? '：' + c.decision.reason : ''}`);
  if (c.materials_request) fact(f, '补充材料', `${c.materials_request.reason}（${dateTime(c.materials_request.requested_at)}）`);
  if (c.lawyer_id) fact(f, '承办律师', `${c.lawyer_name || '#' + c.lawyer_id}${c.accepted_at ? '（' + day(c.accepted_at) + ' 接受）' : '（待接受）'}`);
  if (c.replacement_request) fact(f, '更换律师申请', c.replacement_request.reason);
  if (c.closure) fact(f, '结案', `${c.closure.closed_on} · ${c.closure.outcome}${c.closure.recovered_fen ? ' · 挽回损失 ' + yuan(c.closure.recovered_fen) : ''}`);
  if (c.grade) fact(f, '质量等级', zh('grade', c.grade));
  if (c.termination) fact(f, '终止', `${zh('ground', c.termination.ground)}：${c.termination.reason || ''}`);
  if (c.objection) fact(f, '异议', `${c.objection.reason}（处理期限 ${c.objection.due}）${c.objection.upheld == null ? '' : c.objection.upheld ? ' → 异议成立' : ' → 维持原决定'}`);
  if (c.withdrawal_kind) fact(f, '撤回', `${zh('withdrawal_kind', c.withdrawal_kind)}：${c.withdrawal_reason || ''}`, { id: 'withdrawal-fact' });
  if (c.papers_owed) fact(f, '待补交材料', `${c.papers_owed}（${c.papers_received_at ? day(c.papers_received_at) + ' 已补交' : c.papers_due + ' 前补交'}）`);
  if (c.organ_notice_due) fact(f, '告知办案机关', c.organ_notified_on ? `${c.organ_notified_on} 已告知` : `${c.organ_notice_due} 前告知承办律师`);
  if (c.transferred_from) fact(f, '转自', `${(allCenters.find((k) => k.id === c.transferred_from) || {}).name || '#' + c.transferred_from}（原案号 ${(c.former_case_nos || []).join('、')}）：${c.transfer_reason || ''}`);
  if (c.forwarded) fact(f, '转交申请', `${zh('forwarder', c.forwarded.kind)}${c.forwarded.organ_name ? ' ' + c.forwarded.organ_name : ''}于 ${dateTime(c.forwarded.received_at)} 收到，${c.forwarded.hours} 小时后转交${c.forwarded.late ? '（超过二十四小时，第三十九条）' : ''}`);
  if (c.deadline_provisional) fact(f, '期限', '跨越尚未公布节假日安排的年份，暂按周末计算（待更新）');
  if (c.satisfaction) fact(f, '回访', `${c.satisfaction.satisfied ? '满意' : '不满意'}${c.satisfaction.comment ? '：' + c.satisfaction.comment : ''}`);
  fact(f, '案情摘要', c.summary, { class: 'wide' });
  if (c.duplicate_of && c.duplicate_of.length)
    f.append(el('dt', {}, '同一申请人'), el('dd', {}, c.duplicate_of.map((d) => [el('a', { href: `/case?id=${d.id}` }, d.case_no), ` ${zh('status', d.status)}　`])));

  const a = $('#applicant');
  const p = c.applicant;
  a.replaceChildren();
  fact(a, '姓名', p.name || '身份不明');
  fact(a, p.id_type && p.id_type !== 'resident_id' ? zh('id_type', p.id_type) : '身份证号', p.id_number);
  fact(a, '性别 / 出生', `${p.sex === 'F' ? '女' : p.sex === 'M' ? '男' : ''} · ${p.birth_date || ''}`);
  fact(a, '民族', p.ethnicity);
  fact(a, '联系电话', p.phone ? el('a', { href: 'tel:' + p.phone, class: 'tel' }, p.phone) : '');
  fact(a, '住址', p.address);
  fact(a, '家庭人口', p.household_size);
  fact(a, '家庭月收入', p.household_monthly_income_fen == null ? null : yuan(p.household_monthly_income_fen) + (p.household_size ? `（人均 ${yuan(Math.round(p.household_monthly_income_fen / p.household_size))}）` : ''));
  fact(a, '特殊群体', (p.groups || []).map((g) => el('span', { class: 'badge info' }, zh('group', g), ' ')));
  // The agent who applies on the recipient's behalf (Art. 24, 40), and the recipients of a
  // case with several.
  if (c.agent) fact(a, zh('relation', c.agent.relation), [c.agent.name, c.agent.id_number ? ` · ${c.agent.id_number}` : '',
    c.agent.phone ? [' · ', el('a', { href: 'tel:' + c.agent.phone, class: 'tel' }, c.agent.phone)] : ''], { id: 'agent-fact' });
  if ((c.recipients || []).length)
    fact(a, `受援人（${c.recipients_count} 人）`, el('ul', { class: 'plain', id: 'recipients' }, ...c.recipients.map((q) =>
      el('li', {}, `${q.name} · ${q.id_number || ''}${(q.groups || []).length ? ' · ' + q.groups.map((g) => zh('group', g)).join('、') : ''}`))));

  renderEligibility($('#elig'), c.eligibility);
  $('#override').replaceChildren(c.eligibility_override
    ? el('div', { class: 'msg warn' }, `审查员调整结论为“${c.eligibility_override.eligible ? '符合' : '不符合'}”：${c.eligibility_override.reason}`) : '');

  const acts = actionsFor();
  // Nothing open: unfold the first action, unless it is a destructive one or one of the side
  // procedures (withdrawal, transfer), which stay folded under what the case waits for.
  const side = (d) => ['withdrawal', 'transfer'].includes(d.dataset.for);
  const main = acts.filter((d) => !side(d));
  if (main.length && !main.some((d) => d.open) && !main[0].classList.contains('danger')) main[0].open = true;
  $('#actions').replaceChildren(...(main.length ? [] : [el('p', { class: 'hint', id: 'no-actions' }, nothingToDo())]), ...acts);

  const noLawyerYet = !c.lawyer_id && !(c.stages || []).length;
  $('#stages').closest('.card').classList.toggle('hidden', noLawyerYet);
  $('#claims-card').classList.toggle('hidden', noLawyerYet);
  $('#stages').replaceChildren(...(c.stages || []).map((s) => el('tr', {}, el('td', {}, zh('stage', s.stage)),
    el('td', {}, s.venue_region_code ? `${venueNames.get(s.venue_region_code) || ''} ${s.venue_region_code}` : '本地'), el('td', {}, s.started_on), el('td', {}, s.ended_on || '—'))));
  if (!(c.stages || []).length) $('#stages').append(el('tr', {}, el('td', { colspan: 4, class: 'empty' }, c.lawyer_id ? '承办律师尚未记录办案阶段' : '指派律师后由承办律师记录')));

  $('#prints').replaceChildren(...formsFor(c).map((k) => el('a', { class: 'button secondary', href: `/print?form=${k}&id=${c.id}`, 'data-form': k }, formName(k))));
  await Promise.all([suggestions(), timeline(), claims(), papers()]);
}

function nothingToDo() {
  const s = c.status;
  if (user.role === 'supervisor') return '主管可查看案件和补贴，不办理审批。';
  if (s === 'submitted') return '等待审查员作出决定。';
  if (s === 'materials_requested') return '等待申请人补充材料，材料送到后由受理员确认。';
  if (s === 'approved') return '等待指派律师。';
  if (s === 'assigned') return '等待承办律师接受指派。';
  if (s === 'in_progress') return '律师承办中。';
  if (s === 'closed') return c.grade ? '已结案并评定。' : '等待审查员评定办案质量。';
  return '当前没有需要您办理的事项。';
}

async function timeline() {
  let items = [];
  try { items = (await api('GET', `/cases/${c.id}/events`)).items; } catch { /* shown empty */ }
  $('#timeline').replaceChildren(...items.slice().reverse().map((e, i) => {
    const d = e.detail || {};
    const extra = (e.action === 'attachment' && d.filename ? `${zh('attachment_kind', d.kind)}《${d.filename}》` : '') || d.reason || d.outcome || (d.grade ? `等级 ${zh('grade', d.grade)}${d.claims && d.claims.length ? '，补贴 ' + d.claims.map((k) => yuan(k.total_fen)).join(' + ') : ''}` : '')
      || (d.stage ? `${zh('stage', d.stage)} ${d.started_on || ''}` : '') || (d.lawyer_id && e.action === 'assign' ? (c.lawyer_id === d.lawyer_id ? c.lawyer_name : '') : '');
    return el('li', { class: i === 0 ? 'first' : '' },
      el('div', { class: 'what' }, zh('action', e.action), e.to_status && e.from_status !== e.to_status ? el('span', { class: 'hint' }, ` → ${zh('status', e.to_status)}`) : ''),
      el('div', { class: 'when' }, `${dateTime(e.at)} · ${e.actor || '系统'}`),
      extra ? el('div', { class: 'detail' }, extra) : '');
  }));
  if (!items.length) $('#timeline').append(el('li', {}, el('span', { class: 'hint' }, '暂无记录')));
}

// The case's claims: the claims list filtered to this case (by its lawyer, to keep it short).
async function claims() {
  const body = $('#claims');
  const total = $('#claims-total');
  total.textContent = '';
  if (!c.lawyer_id || !['closed', 'terminated'].includes(c.status)) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, '结案并评定质量等级后按补贴标准计算')));
    return;
  }
  let items = [];
  try {
    items = (await all(`/subsidies?lawyer_id=${c.lawyer_id}`)).filter((k) => k.case_id === c.id);
    if (items.length && !jurisdictions) {
      jurisdictions = new Map((await api('GET', '/subsidy-standards')).items.map((t) => [t.jurisdiction, t.jurisdiction_name]));
    }
  } catch (e) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, e.message)));
    return;
  }
  const canPay = ['supervisor', 'admin'].includes(user.role);
  body.replaceChildren(...items.map((k) => {
    const b = k.breakdown || {};
    const stage = (c.stages || []).find((s) => s.id === k.stage_id);
    let act = '';
    if (canPay && k.status !== 'paid') {
      act = el('button', { type: 'button', class: 'small secondary' }, k.status === 'computed' ? '审核' : '支付');
      act.addEventListener('click', async () => {
        try { await api('POST', `/subsidies/${k.id}/${k.status === 'computed' ? 'approve' : 'pay'}`); await claims(); } catch (e) { showMessage(msg, e.message); }
      });
    }
    return el('tr', { 'data-claim': k.id },
      el('td', {}, zh('item', k.item), stage ? el('div', { class: 'hint' }, stageText(stage, venueNames)) : ''),
      el('td', {}, k.scope ? zh('scope', k.scope) : '—'),
      el('td', {}, zh('grade', k.grade)),
      el('td', { class: 'num nowrap' }, `${yuan(k.min_fen)}–${yuan(k.max_fen)}`),
      el('td', { class: 'num nowrap', 'data-total': k.total_fen }, el('strong', {}, yuan(k.total_fen))),
      el('td', { class: 'hint' }, `${jurisdictions.get(k.jurisdiction) || k.jurisdiction} ${b.year || k.year}年标准 第${k.table_version || b.version || 1}版${k.quantity > 1 ? ' ×' + k.quantity : ''}`),
      el('td', {}, el('span', { class: 'badge ' + (k.status === 'paid' ? 'ok' : k.status === 'approved' ? 'info' : '') }, zh('claim_status', k.status)), ' ', act));
  }));
  if (items.length) {
    const sum = items.reduce((s, k) => s + k.total_fen, 0);
    total.textContent = `合计 ${yuan(sum)}`;
    body.append(el('tr', { class: 'total' }, el('td', { colspan: 4 }, '合计'), el('td', { class: 'num', id: 'claims-sum' }, yuan(sum)), el('td', { colspan: 2 }, '')));
  } else {
    body.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, c.grade ? (c.grade === 'fail' ? '评定为不合格，不予补贴' : '没有可计算补贴的阶段') : '等待审查员评定质量等级')));
  }
}

async function load() {
  c = await api('GET', `/cases/${id}`);
  await render();
}

user = await frame('案件');
paperForm();
if (!id) {
  showMessage(msg, '缺少案件编号。请从案件工作台打开案件。');
} else {
  try {
    c = await api('GET', `/cases/${id}`);
    allCenters = await centers();
    center = allCenters.find((x) => x.id === c.center_id);
    if (center) {
      const opts = await venueOptions(center.region_code);
      venueNames = new Map(opts.map((o) => [o.value, o.textContent]));
      document.body.append(el('datalist', { id: 'venues' }, opts));
    }
    await render();
    document.body.dataset.loaded = 'true';
  } catch (e) {
    hide($('#head-card'));
    showMessage(msg, e.status === 404 ? '没有这个案件，或不在您的权限范围内。' : e.message);
  }
}
