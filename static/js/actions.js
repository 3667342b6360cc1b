// The actions on a case, as small forms: shared by the case page and the lawyer's page.
// Each posts to /cases/{id}/{path} with the case's version; on success the page gets the case back.
import { api, el, zh, options, today, fenOf, clearErrors, markField, showErrors, showMessage,
  limitFields, checkLimits, confirmAction, focusMessage } from './api.js';

// spec: {id, title, path, fields: [nodes], build(form) → body, check(form) → [[field, why]],
//        kind: 'primary'|'danger'|'', open, button, hint,
//        confirm(form) → {title, text, confirm, danger} | null: asked before sending,
//        method: 'POST' (default) or 'PATCH' (to /cases/{id} itself when path is '')}
// ctx: {get case(), msg, done(case, title), conflict()}
export function actionForm(spec, ctx) {
  const btn = el('button', { type: 'submit', class: spec.kind === 'danger' ? 'danger' : '', id: spec.id ? spec.id + '-submit' : undefined }, spec.button || spec.title);
  const form = el('form', { 'data-action': spec.path, id: spec.id, novalidate: true },
    ...(spec.fields || []),
    spec.hint ? el('p', { class: 'hint' }, spec.hint) : '',
    el('div', { class: 'actions' }, btn));
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && !ev.isComposing) { ev.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const problems = [...(spec.check ? spec.check(form) : []), ...checkLimits(form)];
    if (problems.length) {
      const first = problems.map(([f, why]) => markField(form, f, why)).find(Boolean);
      showMessage(ctx.msg, '请按标红的提示修改');
      if (first) first.focus();
      return;
    }
    const ask = spec.confirm ? spec.confirm(form) : null;
    if (ask && !(await confirmAction(ask))) return;
    btn.disabled = true;
    try {
      const c = ctx.case;
      const after = await api(spec.method || 'POST', spec.path ? `/cases/${c.id}/${spec.path}` : `/cases/${c.id}`, { ...(spec.build ? spec.build(form) : {}), version: c.version });
      await ctx.done(after, spec.title);
    } catch (e) {
      const first = showErrors(form, e, ctx.msg);
      if (e.status === 409) {
        showMessage(ctx.msg, `${e.message.replace(/[。.，,]?\s*请刷新后重试[。.]?$/, '')}。页面已刷新，请核对后重新办理。`);
        await ctx.conflict();
        focusMessage(ctx.msg);
      } else if (first) first.focus();
      else focusMessage(ctx.msg);
    } finally {
      btn.disabled = false;
    }
  });
  const det = el('details', { class: `action ${spec.kind || ''}`, open: !!spec.open, 'data-for': spec.path },
    el('summary', {}, spec.title), form);
  limitFields(det);
  return det;
}

export const textArea = (name, label, attrs = {}) => el('label', {}, label, el('textarea', { name, 'data-field': name, rows: 3, maxlength: 2000, ...attrs }));
export const selectOf = (name, kind, label, only, blank) => el('label', {}, label, el('select', { name, 'data-field': name }, options(kind, blank, only)));
export const input = (name, label, attrs = {}) => el('label', {}, label, el('input', { name, 'data-field': attrs['data-field'] || name, ...attrs }));
export const required = (...names) => (f) => names.filter((n) => !String(f[n].value).trim()).map((n) => [f[n].dataset.field || n, 'required']);

const STAGES_FOR = {
  criminal_defense: ['investigation', 'prosecution', 'trial', 'second_instance', 'death_review', 'retrial'],
  criminal_victim: ['investigation', 'prosecution', 'trial', 'second_instance', 'death_review', 'retrial'],
  plea_help: ['investigation', 'prosecution', 'trial'],
  labor_arbitration: ['arbitration', 'first_instance', 'second_instance', 'enforcement', 'retrial'],
};
export const stagesFor = (t) => STAGES_FOR[t] || ['first_instance', 'second_instance', 'retrial', 'enforcement', 'arbitration'];

// The lawyer's own actions on a case: accept or decline, record stages, close.
export function lawyerActions(c, ctx, venueListId) {
  const out = [];
  if (c.status === 'assigned') {
    out.push(actionForm({ id: 'accept-form', title: '接受指派', path: 'accept', kind: 'primary', open: true, button: '接受指派',
      hint: '接受后请及时与受援人联系。' }, ctx));
    out.push(actionForm({ id: 'decline-form', title: '拒绝指派', path: 'decline', kind: 'danger', button: '拒绝',
      fields: [textArea('reason', '拒绝理由（如利益冲突、无法承办）')], check: required('reason'),
      confirm: () => ({ title: '拒绝这件指派？', text: `${c.case_no}：拒绝后由中心另行指派律师，本案不再出现在您的在办案件中。`, confirm: '拒绝指派', danger: true }),
      build: (f) => ({ reason: f.reason.value.trim() }) }, ctx));
  }
  if (c.status === 'in_progress') {
    const stages = stagesFor(c.case_type);
    // The stage the case is at, or the one after the last recorded.
    const done = (c.stages || []).map((s) => s.stage);
    const last = done.length ? stages.indexOf(done[done.length - 1]) : -1;
    const suggested = !done.length && stages.includes(c.stage) ? c.stage : stages[Math.min(last + 1, stages.length - 1)] || stages[0];
    const stageSel = selectOf('stage', 'stage', '阶段', stages);
    stageSel.querySelector('select').value = suggested;
    out.push(actionForm({ id: 'stage-form', title: '记录办案阶段', path: 'stages', kind: 'primary', open: true, button: '记录阶段',
      fields: [el('div', { class: 'grid' }, stageSel,
        input('venue_region_code', '办案地（地区码）', { maxlength: 6, inputmode: 'numeric', list: venueListId, placeholder: '如 140302' }),
        input('started_on', '开始日期', { type: 'date', value: today() }),
        input('ended_on', '结束日期（可不填）', { type: 'date' }))],
      hint: '办案补贴按阶段和办案地计算：本地、本市跨县区、本省范围内。',
      check: (f) => [...required('stage', 'started_on')(f),
        ...(f.venue_region_code.value && !/^\d{6}$/.test(f.venue_region_code.value.trim()) ? [['venue_region_code', '须为6位地区码']] : []),
        ...(f.ended_on.value && f.ended_on.value < f.started_on.value ? [['ended_on', '早于开始日期']] : [])],
      build: (f) => ({ stage: f.stage.value, venue_region_code: f.venue_region_code.value.trim() || undefined,
        started_on: f.started_on.value, ended_on: f.ended_on.value || undefined }) }, ctx));
    out.push(actionForm({ id: 'closure-form', title: '结案', path: 'closure', open: (c.stages || []).length > 0, button: '结案',
      fields: [textArea('outcome', '办理结果', { maxlength: 1000, placeholder: '如：判决支持全部诉讼请求；达成调解协议…' }),
        el('div', { class: 'grid' },
          input('recovered', '挽回经济损失（元）', { inputmode: 'decimal', 'data-field': 'recovered_fen', placeholder: '0' }),
          input('closed_on', '结案日期', { type: 'date', value: today() }))],
      check: (f) => [...required('outcome', 'closed_on')(f), ...(Number.isNaN(fenOf(f.recovered.value)) ? [['recovered_fen', '请输入金额，如 3500 或 3500.50']] : [])],
      confirm: (f) => ({ title: '结案？', text: `${c.case_no} 将于 ${f.closed_on.value} 结案，结案后不能再记录办案阶段，由中心评定办案质量。`, confirm: '确认结案' }),
      build: (f) => ({ outcome: f.outcome.value.trim(), recovered_fen: fenOf(f.recovered.value) || 0, closed_on: f.closed_on.value }) }, ctx));
  }
  return out;
}

// Every <details> but the first primary one folds, so the page opens on what is due next.
export function foldExtra(nodes) {
  let opened = false;
  for (const d of nodes) {
    if (d.open && !opened) opened = true;
    else if (d.open && !d.classList.contains('primary')) d.open = false;
  }
  return nodes;
}

export const stageText = (s, names) => `${zh('stage', s.stage)}${s.venue_region_code ? ' · ' + (names?.get(s.venue_region_code) || s.venue_region_code) : ''}`;
