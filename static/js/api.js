// Shared by every page: the API client (session cookie + CSRF header), the page frame,
// Chinese names of the enumerations, money and date helpers, resident-ID checks.

let csrf = sessionStorage.getItem('csrf') || '';
let me = null;

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || (status === 0 ? '无法连接服务器，请检查网络后重试' : `请求失败（${status}）`));
    this.status = status;
    this.code = e.code || 'error';
    this.fields = e.fields || {};
  }
}

// One request to /api/v1. body is sent as JSON; unsafe methods carry the CSRF token.
// opts.headers adds headers; opts.redirect === false keeps a 401 from leaving the page.
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: { message: text.slice(0, 200) } }; }
  if (res.status === 401 && opts.redirect !== false && !path.startsWith('/session')) {
    // Signed out (or the session expired): to the sign-in page, and back here afterwards.
    // The promise never settles, so the page does nothing more while it leaves.
    sessionStorage.removeItem('csrf');
    location.href = '/?next=' + encodeURIComponent(location.pathname + location.search);
    return new Promise(() => {});
  }
  if (res.status === 403 && data && data.error && data.error.code === 'password_change_required' && location.pathname !== '/password') {
    // An administrator reset the password: nothing else until the user sets its own.
    location.href = '/password';
    return new Promise(() => {});
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// Sends a file to the case file (POST /cases/{id}/attachments): the body is the file itself.
// A retry of the same file keeps its Idempotency-Key, so a lost answer never stores it twice.
export async function uploadPaper(caseId, file, kind, key = newKey()) {
  let res;
  try {
    res = await fetch(`/api/v1/cases/${caseId}/attachments`, {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream', 'X-Attachment-Kind': kind,
        'X-Filename': encodeURIComponent(file.name || ''), 'Idempotency-Key': key, ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    });
  } catch {
    throw new ApiError(0, null);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// Every page of a list: follows next_cursor up to max items.
export async function all(path, max = 2000) {
  const out = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api('GET', path + sep + 'limit=500' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    out.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor && out.length < max);
  return out;
}

export async function signIn(username, password) {
  const r = await api('POST', '/session', { username, password });
  csrf = r.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  return r.user;
}

export async function signOut() {
  try { await api('DELETE', '/session', undefined, { redirect: false }); } catch { /* signed out anyway */ }
  sessionStorage.removeItem('csrf');
  location.href = '/';
}

// The signed-in user (and its CSRF token), or a redirect to the sign-in page.
export async function currentUser(opts) {
  if (me) return me;
  me = await api('GET', '/me', undefined, opts);
  csrf = me.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  return me;
}

export const ROLE_ZH = { admin: '管理员', clerk: '受理员', reviewer: '审查员', lawyer: '律师', supervisor: '主管', bureau: '司法局' };
export const HOME = { clerk: '/intake', reviewer: '/worklist', lawyer: '/lawyer', supervisor: '/dashboard', admin: '/admin', bureau: '/worklist' };

const NAV = [
  ['/intake', '申请登记', ['clerk', 'reviewer', 'admin']],
  ['/worklist', '案件工作台', ['clerk', 'reviewer', 'admin', 'supervisor', 'bureau']],
  ['/hotline', '12348热线', ['clerk']],
  ['/lawyer', '我的案件', ['lawyer']],
  ['/dashboard', '统计看板', ['supervisor', 'admin']],
  ['/admin', '系统管理', ['admin']],
];

// Builds the header: title, the role's pages, the user and sign-out. Returns the user.
export async function frame(pageTitle) {
  const user = await currentUser();
  // A page of another role (a clerk opening /admin): to the user's own page, saying why,
  // rather than a page of 无权 notices.
  if (user.password_change_required && location.pathname !== '/password') {
    location.replace('/password');
    return new Promise(() => {});
  }
  const here = NAV.find(([href]) => location.pathname === href || location.pathname === href + '.html');
  if (here && !here[2].includes(user.role) && HOME[user.role]) {
    sessionStorage.setItem('notice', `“${here[1]}”不属于${ROLE_ZH[user.role] || user.role}的工作，已转到您的页面。`);
    location.replace(HOME[user.role]);
    return new Promise(() => {});
  }
  document.title = `${pageTitle} · 法律援助案件管理`;
  const header = el('header', { class: 'top' });
  const skip = el('a', { class: 'skip', href: '#main' }, '跳到正文');
  const title = el('a', { class: 'title', href: HOME[user.role] || '/', title: '首页' }, el('span', { class: 'logo', 'aria-hidden': 'true' }, '援'), el('span', { class: 'title-text' }, '法律援助案件管理'));
  const nav = el('nav', { 'aria-label': '页面' });
  for (const [href, label, roles] of NAV) {
    // Until a reset password is replaced, every other page sends the user back: no links to them.
    if (!roles.includes(user.role) || user.password_change_required) continue;
    const a = el('a', { href }, label);
    if (location.pathname === href || location.pathname === href + '.html') {
      a.className = 'current';
      a.setAttribute('aria-current', 'page');
    }
    nav.append(a);
  }
  const out = el('button', { type: 'button', class: 'signout', id: 'signout' }, '退出');
  out.addEventListener('click', signOut);
  const who = el('div', { class: 'who' },
    el('span', { class: 'name', id: 'who-name' }, user.display_name || user.username),
    el('span', { class: 'role', id: 'who-role' }, ROLE_ZH[user.role] || user.role),
    el('a', { href: '/password', class: 'password-link', id: 'who-password', 'aria-current': location.pathname === '/password' ? 'page' : undefined }, '修改密码'), out);
  header.append(title, nav, who);
  document.body.prepend(skip, header);
  const main = document.querySelector('main');
  if (main && !main.id) main.id = 'main';
  if (main && !main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  limitFields(document);
  const notice = sessionStorage.getItem('notice');
  const box = document.getElementById('msg');
  if (notice && box) {
    sessionStorage.removeItem('notice');
    showMessage(box, notice, 'warn');
  }
  return user;
}

// A small element builder: el('td', {class: 'num'}, 'text', child...)
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false || c === '') continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function showMessage(box, text, kind = 'error') {
  box.className = `msg ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.setAttribute('tabindex', '-1');
  box.textContent = text;
  box.classList.remove('hidden');
}
export const hide = (n) => n.classList.add('hidden');
// After an action re-renders the part of the page that had the focus: the focus goes to the
// message that says what happened (never to <body>, where a keyboard or screen-reader user
// would have to start over).
export function focusMessage(box) {
  if (!box || box.classList.contains('hidden')) return;
  box.setAttribute('tabindex', '-1');
  box.focus({ preventScroll: false });
}

// ---- long text: the limit and the count, never a silent cut ----
// Every text field with a maxlength of 50 or more loses that attribute (which cuts pasted text
// without a word) and shows "已输入 n / 上限 m 字" instead; a field over its limit is refused
// with that said (checkLimits). Short fields (a name, a number) keep their maxlength.
const chars = (v) => [...String(v ?? '')].length;
export function limitFields(root) {
  for (const f of root.querySelectorAll('textarea[maxlength], input[maxlength]')) {
    const max = Number(f.getAttribute('maxlength'));
    if (!(max >= 50) || f.dataset.max) continue;
    f.dataset.max = String(max);
    f.removeAttribute('maxlength');
    const id = (f.id || f.name || 'field') + '-count-' + Math.random().toString(36).slice(2, 7);
    const counter = el('span', { class: 'counter', id, 'aria-live': 'polite' });
    const update = () => {
      const n = chars(f.value);
      counter.textContent = n ? `${n} / ${max} 字` : `最多 ${max} 字`;
      counter.classList.toggle('over', n > max);
    };
    f.addEventListener('input', update);
    f.form?.addEventListener('reset', () => setTimeout(update));
    update();
    f.after(counter);
    describe(f, id);
  }
}
// Fields over their limit in a form: [[field, why]] for markField.
export function checkLimits(form) {
  const out = [];
  for (const f of form.querySelectorAll('[data-max]')) {
    const n = chars(f.value), max = Number(f.dataset.max);
    if (n > max && !f.closest('.hidden')) out.push([f.dataset.field || f.name, `最多 ${max} 字，现为 ${n} 字，请删减 ${n - max} 字`]);
  }
  return out;
}
function describe(input, id) {
  const ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) input.setAttribute('aria-describedby', [...ids, id].join(' '));
}
function undescribe(input, id) {
  const ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
  else input.removeAttribute('aria-describedby');
}

// ---- a confirmation before what cannot be undone (refuse, assign, decline, close, …) ----
// A modal <dialog>: Esc or 取消 answers false; the focus starts on 取消 for a destructive step
// and returns where it was.
export function confirmAction({ title, text, confirm = '确定', danger = false }) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const ok = el('button', { type: 'button', class: danger ? 'danger' : '', id: 'confirm-ok' }, confirm);
    const cancel = el('button', { type: 'button', class: 'secondary', id: 'confirm-cancel' }, '取消');
    const d = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      el('h2', { id: 'confirm-title' }, title), el('p', { id: 'confirm-text' }, text), el('div', { class: 'actions' }, ok, cancel));
    const done = (v) => { d.close(); d.remove(); if (back && back.isConnected) back.focus(); resolve(v); };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    d.addEventListener('cancel', (ev) => { ev.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    (danger ? cancel : ok).focus();
  });
}

// Clears and marks the fields of a validation error: inputs carry data-field="applicant.id_number".
// The error is said once, next to the field and tied to it by aria-describedby: in the field's
// own hint line when it has one (the ID's 校验码 line), else in a line of its own after it.
export function clearErrors(form) {
  $$('.invalid', form).forEach((n) => n.classList.remove('invalid'));
  $$('.error-text', form).forEach((n) => {
    const input = form.querySelector(`[aria-describedby~="${CSS.escape(n.id)}"]`);
    if (input) undescribe(input, n.id);
    n.remove();
  });
  $$('.field-info[data-info]', form).forEach((n) => { n.textContent = n.dataset.info; n.className = n.dataset.infoClass || 'field-info'; delete n.dataset.info; });
  $$('[aria-invalid]', form).forEach((n) => n.removeAttribute('aria-invalid'));
}
let errorSeq = 0;
export function markField(form, field, why) {
  const target = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (!target) return null;
  const input = target.matches('fieldset') ? target.querySelector('input, select, textarea') || target : target;
  const label = target.closest('label') || target;
  label.classList.add('invalid');
  input.setAttribute('aria-invalid', 'true');
  const text = reasonZh(why, input);
  const info = (input.getAttribute('aria-describedby') || '').split(/\s+/).map((i) => i && document.getElementById(i))
    .find((n) => n && n.classList.contains('field-info'));
  if (info) {
    if (info.dataset.info === undefined) { info.dataset.info = info.textContent; info.dataset.infoClass = info.className; }
    info.textContent = text;
    info.className = 'field-info bad';
  } else {
    const id = `err-${++errorSeq}`;
    const span = el('span', { class: 'error-text', id }, text);
    (target.matches('fieldset') ? target : input).after(span);
    describe(input, id);
  }
  return input;
}
// Returns the first marked input (to focus), after showing the message in box.
export function showErrors(form, err, box) {
  clearErrors(form);
  let first = null;
  const unplaced = [];
  for (const [field, why] of Object.entries(err.fields || {})) {
    const input = markField(form, field, why);
    if (input) first = first || input;
    else unplaced.push(`${FIELD_ZH[field] || field}：${reasonZh(why)}`);
  }
  if (first) {
    // The fields say what is wrong; the message only says where to look (not the same words twice).
    if (box) showMessage(box, `${err.message}：请按标红的提示修改${unplaced.length ? '（' + unplaced.join('；') + '）' : ''}`);
    return first;
  }
  if (box) showMessage(box, err.message + (unplaced.length ? '（' + unplaced.join('；') + '）' : ''));
  return first;
}

const REASON_ZH = {
  'not a grade: excellent, good, pass or fail': '等级须为优、良、合格或不合格',
  'max, mid, min, zero or a whole percentage 0-100': '须为上限、中间值、下限、不付，或 0–100 的整数百分比',
  'required (or grade_pay)': '必填（或填写各等级补贴标准）',
  'required with pay_after_archive': '选择归档后支付时必填',
  'the same person twice': '同一人重复填写',
  'required with papers_due_days': '填写补交期限时须写明待补交的材料', 'an agent is identified': '代理人须有身份证件，不能为“身份不明”',
  'after the centre received it': '不能晚于法律援助机构收到申请的时间',
  'not a passport number (5 to 17 capital letters and digits)': '护照号码有误（5 至 17 位大写字母和数字）',
  'not a foreign permanent resident card number': '外国人永久居留身份证号码有误',
  'not a Hong Kong or Macao permit number (H or M and 8 or 10 digits)': '港澳居民来往内地通行证号码有误（H 或 M 加 8 或 10 位数字）',
  'not a Taiwan permit number (8 digits, or 10 and a letter)': '台湾居民来往大陆通行证号码有误（8 位数字，或 10 位加一个字母）', 'an array of 1 to 500 people': '须为 1 至 500 人',
  required: '必填', 'check character mismatch': '校验码不符', 'must be 18 characters': '须为18位',
  'not a real birth date': '出生日期无效', 'unknown region code': '地区码无效', 'unknown region': '地区码无效',
  '17 digits and a digit or X': '前17位须为数字，末位为数字或X', 'not a valid phone number': '电话号码无效',
  'not an allowed value': '取值无效', 'out of range': '超出范围', 'too long': '过长', 'too short': '过短',
  'must not be in the future': '不能是将来的时间', 'contradicts the resident ID': '与身份证信息不符',
  'required for this case type': '该案件类型必填', 'required for a criminal case': '刑事案件必填',
  'required for a notice': '通知案件必填', 'does not fit the case type': '与案件类型不符',
  'not for this case type': '不适用于该案件类型', 'only for criminal defence': '仅适用于刑事辩护',
  'only for notice channels': '仅适用于通知辩护/代理', 'must be a six-digit region code': '须为6位地区码',
  'must be a date YYYY-MM-DD': '日期格式应为 年-月-日', 'must be the case version': '须为案件版本号',
  'before the application': '早于申请日期', 'more than 60 days ahead': '超过60天之后',
  'not a valid number': '不是有效数字', 'must be an integer': '须为整数', 'must be a positive integer': '须为正整数',
  'already used': '已被使用', 'already assigned': '已指派', 'unknown centre': '中心不存在',
  'unknown lawyer': '律师不存在', 'no such lawyer in your centres': '本中心没有该律师',
  'a full phone number': '请输入完整号码', 'must be a single line': '不能换行',
  'birth date after the application date': '出生日期晚于申请日期',
  'a notice from police, procuratorate or court is a criminal case': '通知辩护/代理只能是刑事案件',
  'must be true or false': '须为是或否', 'not a valid time': '时间格式不正确',
};
// The API's field reasons are short English phrases for programs; the pages say them in
// Chinese, with the limit where there is one (from the field's own data-max, maxlength, min or
// max). A reason not in the table is never shown in English: it reads "填写有误".
const REASON_MORE = {
  'must be a string': '须为文字', 'must be an object': '格式有误', 'must be an array': '格式有误',
  'must not contain NUL': '含有不允许的字符', 'not valid UTF-8': '含有不允许的字符',
  'contains a value that is not allowed': '含有不允许的选项', 'must be an RFC 3339 timestamp': '时间格式不正确',
  'must be a number': '须为数字', 'must be an array of integers': '格式有误',
  'required to reject or ask for papers': '不予援助或通知补充材料须写明理由',
  'only when asking for papers': '只有通知补充材料时才能勾选所缺材料',
  'a centre with this name exists': '已有同名的法律援助中心', 'not a centre you administer': '不是您管理的中心',
  'only for role lawyer': '仅律师需要填写', 'required for role lawyer': '律师必填',
  'unknown item': '补贴项目无效', 'unknown scope': '地域范围无效', 'unknown unit': '计算单位无效',
  'not a valid resident ID': '身份证号无效', 'true, false or null': '须为是、否或不填',
  'already used with a different request body': '重复提交的内容不一致，请刷新后重试',
  '1 to 128 characters': '须为1至128个字符', 'unknown query parameter': '不支持的查询条件',
  'must be between 1 and 500': '须在1至500之间', 'not percent-encoded UTF-8': '文件名编码有误',
  'username taken': '用户名已被使用', 'already exists': '已存在',
  'at least 12 characters': '至少12个字符', 'too common': '过于常见，请换一个', 'same as the username': '不能与用户名相同',
  'wrong password': '密码不正确', invalid: '填写有误',
  'at least 12 characters': '至少12个字符', 'at most 256 bytes of UTF-8': '过长（最多256字节）', 'must not be the username': '不能与用户名相同',
  'too simple (a run or too few different characters)': '过于简单（连续的字符，或不同的字符太少）', 'a common password: choose another': '是常见密码，请换一个',
  'an administrator cannot disable itself': '不能停用自己的账号', 'must differ from the current one': '须与当前密码不同',
  'not a field that can be changed': '该项不能修改', 'min_fen and max_fen: integers from 0 to 10^10': '金额须为0至100亿分之间的整数',
  'code (a-z, _), item, amount_fen and cap_fen from 0 to 10^10': '附加项填写有误（金额须在0至100亿分之间）', 'cannot be changed': '不能修改', 'unknown field': '不支持的字段',
  '2000 to 2100': '年度须在2000至2100之间', 'a converted call is hotline_12348': '由来电转来的申请，受理渠道为12348热线',
  'a string of at most 500': '最多500字', 'an array of 1 to 64 cells': '须有1至64行', 'an array of at most 16': '最多16项',
  'an object of code: count': '格式有误', 'before started_on': '早于开始日期', 'code (a-z, _), item, amount_fen and cap_fen >= 0': '附加项填写有误',
  'counts must be integers >= 0': '数量须为不小于0的整数', 'duplicate code': '代码重复', 'duplicate item and scope': '项目和地域范围重复',
  'each needs a name and a valid id_number if any': '每人须有姓名，身份证号（如填写）须有效', 'json or csv': '须为 json 或 csv', 'json or xlsx': '须为 json 或 xlsx',
  'jurisdiction or center_region_code required': '请填写管辖地区码或中心所在地区码', 'min_fen above max_fen': '下限高于上限',
  'min_fen and max_fen must be integers': '金额须为整数（分）', 'must be an array of at most 500': '最多500项',
  'use POST /hotline/calls/{id}/convert': '请在来电记录中点“转为申请”', 'year or from/to, not both': '年度与起止日期只能选一种',
};
export function reasonZh(why, input) {
  if (why == null) return '填写有误';
  const w = String(why);
  if (/[\u4e00-\u9fff]/.test(w)) return w; // already Chinese (the pages' own checks)
  const max = input && (input.dataset?.max || input.getAttribute?.('maxlength') || input.getAttribute?.('max'));
  const min = input && (input.getAttribute?.('minlength') || input.getAttribute?.('min'));
  if (w === 'too long') return max ? `过长：最多 ${max} 字${input.value ? `（现为 ${[...input.value].length} 字）` : ''}` : '过长';
  if (w === 'too short') return min ? `过短：至少 ${min} 个字符` : '过短';
  if (w === 'out of range') return min != null && max ? `须在 ${min} 至 ${max} 之间` : '超出允许的范围';
  let m = /^must be between (-?\d+) and (-?\d+)$/.exec(w);
  if (m) return `须在 ${m[1]} 至 ${m[2]} 之间`;
  m = /^must be at least (-?\d+)$/.exec(w);
  if (m) return `不能小于 ${m[1]}`;
  m = /^at most (\d+) characters$/.exec(w);
  if (m) return `最多 ${m[1]} 字`;
  return REASON_ZH[w] || REASON_MORE[w] || '填写有误';
}

export const FIELD_ZH = {
  'applicant.name': '申请人姓名', 'applicant.id_number': '身份证号', 'applicant.phone': '联系电话',
  'applicant.address': '住址', 'applicant.ethnicity': '民族', 'applicant.household_size': '家庭人口',
  'applicant.household_monthly_income_fen': '家庭月收入', 'applicant.groups': '特殊群体',
  channel: '受理渠道', received_at: '受理时间', case_type: '案件类型', matter: '援助事项', stage: '诉讼阶段',
  venue_region_code: '办案地', summary: '案情摘要', opposing_party: '对方当事人', criminal_grounds: '应当指派情形',
  exemptions: '免予审查情形', 'notice.organ_name': '通知机关', 'notice.notice_no': '通知书编号',
  hardship_threshold: '本地经济困难标准', reason: '理由', version: '版本',
  'applicant.id_type': '证件类型', 'applicant.birth_date': '出生日期', 'applicant.sex': '性别',
  'agent.name': '代理人姓名', 'agent.relation': '与受援人关系', 'agent.id_number': '代理人证件号码',
  'agent.phone': '代理人电话', 'agent.id_type': '代理人证件类型', center_id: '法律援助中心',
};

export const ZH = {
  case_type: { criminal_defense: '刑事辩护', criminal_victim: '刑事代理（被害人）', plea_help: '认罪认罚法律帮助', civil: '民事', administrative: '行政', labor_arbitration: '劳动仲裁', state_compensation: '国家赔偿', notarization: '公证', document_drafting: '代写法律文书' },
  channel: { window: '窗口', hotline_12348: '12348热线', online: '网络', notice_police: '公安机关通知', notice_procuratorate: '检察院通知', notice_court: '法院通知' },
  status: { submitted: '待审查', materials_requested: '待补材料', approved: '已批准待指派', rejected: '不予援助', assigned: '已指派', in_progress: '承办中', closed: '已结案', terminated: '已终止', withdrawn: '已撤回' },
  stage: { investigation: '侦查', prosecution: '审查起诉', trial: '审判', death_review: '死刑复核', first_instance: '一审', second_instance: '二审', retrial: '再审', arbitration: '仲裁', enforcement: '执行' },
  matter: { state_compensation: '国家赔偿', social_insurance: '社会保险', bereavement_pension: '抚恤金', support_payment: '赡养/抚养/扶养费', labour_remuneration: '劳动报酬', employment_confirmation: '确认劳动关系', incapacity_declaration: '宣告无/限制民事行为能力', personal_injury: '人身损害赔偿', environmental_damage: '环境污染损害', criminal_victim: '刑事被害人', retrial_petition: '申诉再审', other: '其他', work_injury: '工伤损害赔偿', traffic_injury: '交通事故损害赔偿', food_drug_injury: '食品药品安全事故损害赔偿', medical_injury: '医疗事故损害赔偿' },
  group: { minor: '未成年人', elderly: '老年人', woman: '妇女', ethnic_minority: '少数民族', migrant_worker: '农民工', disabled: '残疾人', military: '军人军属', low_income: '低保特困' },
  criminal_ground: { minor: '未成年人', sensory_disability: '盲、聋、哑人', mental_capacity: '尚未完全丧失辨认或控制能力的精神病人', life_or_death_penalty: '可能判处无期徒刑、死刑', death_review: '申请死刑复核', in_absentia: '缺席审判', compulsory_treatment: '强制医疗' },
  exemption: { martyr_relative: '英烈近亲属维护英烈名誉', bravery: '见义勇为', retrial_compensation: '再审改判无罪请求国家赔偿', abuse_victim: '遭受虐待、遗弃或家庭暴力', no_fixed_income: '无固定生活来源的未成年人、老年人、残疾人', social_assistance: '社会救助对象', judicial_assistance: '司法救助对象', veteran_benefits: '优抚对象' },
  ground: { deception: '以欺骗手段获得援助', concealment: '隐瞒事实或提供虚假证据', illegal_use: '利用援助从事违法活动', no_longer_eligible: '经济状况改变不再符合条件', case_ended: '案件终止审理或撤销', own_lawyer: '自行委托律师', recipient_request: '受援人要求终止', other: '其他' },
  grade: { excellent: '优', good: '良', pass: '合格', fail: '不合格' },
  attachment_kind: { identity: '身份证明', hardship_proof: '经济困难证明', application: '申请书', notice: '通知书（办案机关）', judgment: '裁判文书', closing_report: '结案报告', other: '其他材料' },
  item: { criminal_investigation: '刑事侦查阶段', criminal_prosecution: '刑事审查起诉阶段', criminal_trial: '刑事审判阶段', criminal_death_review: '死刑复核阶段', civil: '民事', administrative: '行政', arbitration: '仲裁', notarization: '公证', duty_lawyer_day: '值班律师', document_drafting: '代写法律文书', service_hall_day: '服务大厅值班', hotline_day: '12348值班', plea_help: '认罪认罚法律帮助' },
  unit: { case_stage: '每案每阶段', case: '每案', lawyer_day: '每人每天', piece: '每件', day: '每天' },
  claim_status: { computed: '待审核', approved: '已审核', paid: '已支付' },
  kind: { consultation: '咨询', complaint: '投诉', suggestion: '建议' },
  topic: { labour: '劳动', marriage_family: '婚姻家庭', debt: '债务', traffic_accident: '交通事故', land: '土地', housing: '房屋', personal_injury: '人身损害', consumer: '消费', criminal: '刑事', administrative: '行政', social_security: '社会保障', other: '其他' },
  outcome: { answered: '已解答', referred_mediation: '转调解', referred_agency: '转其他部门', work_order_12345: '12345工单', converted: '转为援助申请' },
  scope: { local: '本地', cross_county: '本市跨县区', in_province: '本省' },
  lawyer_kind: { lawyer: '律师', grassroots_worker: '基层法律服务工作者', social_org: '社会组织人员' },
  deadline_mode: { calendar_days: '自然日', working_days: '工作日（扣除节假日）' },
  action: { intake: '登记申请', approve: '批准援助', reject: '不予援助', request_materials: '通知补充材料', materials_received: '材料已补齐', urgent_aid: '先行援助', assign: '指派律师', accept: '律师接受指派', decline: '律师拒绝指派', stage: '记录办案阶段', close: '结案', grade: '质量评定', terminate: '终止援助', objection: '提出异议', objection_decision: '异议处理', replacement_request: '申请更换律师', satisfaction: '满意度回访', update: '更正申请信息', eligibility_override: '调整审查结论', archive: '卷宗归档', withdraw: '撤回申请', papers_received: '先行援助后补交材料', organ_notification: '告知办案机关承办律师', transfer: '转交有管辖权的中心', deadlines_recounted: '节假日更新后重算期限', attachment: '添加材料' },
  id_type: { resident_id: '居民身份证', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', passport: '护照', foreign_permanent_resident: '外国人永久居留身份证', unknown: '身份不明（通知辩护）' },
  relation: { guardian: '监护人', relative: '近亲属', legal_representative: '法定代理人', entrusted: '受委托人' },
  withdrawal_kind: { applicant: '申请人撤回', materials_not_supplied: '逾期未补充材料，视为撤回' },
  forwarder: { detention_centre: '看守所', prison: '监狱', drug_rehabilitation: '强制隔离戒毒所', police: '公安机关', procuratorate: '人民检察院', court: '人民法院', duty_lawyer: '值班律师' },
};

export const zh = (kind, key) => (key == null ? '' : (ZH[kind] && ZH[kind][key]) || key);

// Options for a <select> from an enumeration; blank adds an empty first choice.
export function options(kind, blank, only) {
  const out = [];
  if (blank !== undefined) out.push(el('option', { value: '' }, blank));
  for (const [k, v] of Object.entries(ZH[kind])) if (!only || only.includes(k)) out.push(el('option', { value: k }, v));
  return out;
}

// Money: integer fen in, text out; never through floating point for the digits shown.
const group3 = (s) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export function yuan(fen) {
  if (fen == null || Number.isNaN(fen)) return '—';
  const neg = fen < 0;
  const a = Math.abs(Math.trunc(fen));
  return (neg ? '-' : '') + '¥' + group3(String(Math.floor(a / 100))) + '.' + String(a % 100).padStart(2, '0');
}
// Large figures in 万元 (1万元 = 1,000,000 fen), two decimals, rounded half up.
export function wan(fen) {
  if (fen == null) return '—';
  const neg = fen < 0;
  const h = Math.round(Math.abs(fen) / 10000); // hundredths of 万
  return (neg ? '-' : '') + group3(String(Math.floor(h / 100))) + '.' + String(h % 100).padStart(2, '0') + '万元';
}
// Dashboard money: 万元 from 10万 up, yuan below.
export const money = (fen) => (fen != null && Math.abs(fen) >= 10000000 ? wan(fen) : yuan(fen));
// "1234.5" → 123450; '' → undefined; anything else → NaN.
export function fenOf(text) {
  const s = String(text ?? '').trim().replace(/,/g, '');
  if (s === '') return undefined;
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}
export const yuanInput = (fen) => (fen == null ? '' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
export const pct = (rate, digits = 1) => (rate == null ? '—' : (rate * 100).toFixed(digits) + '%');

// Dates in the service's zone, Asia/Shanghai.
const ymd = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const ymdhm = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
export const today = () => ymd.format(new Date());
export const thisYear = () => Number(today().slice(0, 4));
// "YYYY-MM-DDTHH:MM" now, for <input type=datetime-local>.
export const nowLocal = () => ymdhm.format(new Date()).replace(' ', 'T');
// An <input type=datetime-local> value as RFC 3339 in Asia/Shanghai.
export const localToRfc3339 = (v) => (v ? (v.length === 16 ? v + ':00' : v) + '+08:00' : undefined);
export const day = (iso) => (iso ? String(iso).slice(0, 10) : '');
export const dateTime = (iso) => (iso ? ymdhm.format(new Date(iso)) : '');
export const cnDate = (iso) => {
  const d = iso ? (String(iso).length > 10 ? ymd.format(new Date(iso)) : String(iso)) : today();
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
};
export function daysUntil(isoDate) {
  if (!isoDate) return null;
  return Math.round((Date.parse(isoDate.slice(0, 10) + 'T00:00:00Z') - Date.parse(today() + 'T00:00:00Z')) / 86400000);
}

// The deadline a case is waiting on, and how urgent it is: overdue, due within 2 days, or later.
export function dueOf(c) {
  const due = ['submitted', 'materials_requested'].includes(c.status) ? c.decision_due
    : c.status === 'approved' ? c.assignment_due : null;
  if (!due) return null;
  const n = daysUntil(due);
  const what = c.status === 'approved' ? '指派' : '决定';
  const paused = c.status === 'materials_requested';
  const level = c.overdue || n < 0 ? 'overdue' : n <= 2 ? 'due-soon' : 'later';
  return { due, n, what, level, paused };
}
export function dueBadge(c) {
  const d = dueOf(c);
  if (!d) return null;
  if (d.paused) return el('span', { class: 'badge' }, '补材料中，期限暂停');
  if (d.level === 'overdue') return el('span', { class: 'badge overdue' }, `${d.what}已逾期${d.n < 0 ? ' ' + -d.n + ' 天' : ''}`);
  if (d.level === 'due-soon') return el('span', { class: 'badge due-soon' }, `${d.what}期限${d.n === 0 ? '今天' : ' ' + d.n + ' 天后'}`);
  return el('span', { class: 'badge' }, `${d.what}期限 ${d.due}`);
}

// Resident ID (GB 11643): length, date, check character; and what it encodes.
// onDate (YYYY-MM-DD, default today) is the day the age is counted on.
export function checkResidentId(id, onDate) {
  const s = (id || '').trim().toUpperCase();
  if (s.length !== 18) return { ok: false, why: `身份证号须为18位（已输入 ${s.length} 位）` };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, why: '前17位须为数字，末位为数字或X' };
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14);
  const dt = new Date(Date.UTC(y, m - 1, d));
  const birth = s.slice(6, 10) + '-' + s.slice(10, 12) + '-' + s.slice(12, 14);
  const on = onDate || today();
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || birth > on)
    return { ok: false, why: '出生日期无效' };
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += +s[i] * w[i];
  const want = '10X98765432'[sum % 11];
  if (want !== s[17]) return { ok: false, why: `校验码不符（按前17位应为 ${want}），请核对` };
  let age = Number(on.slice(0, 4)) - y;
  if (on.slice(5) < birth.slice(5)) age--;
  return { ok: true, id: s, birth, age, sex: +s[16] % 2 ? '男' : '女', region: s.slice(0, 6) };
}

// Renders an eligibility answer into box. onMissing(field) lets a page focus a missing field.
export function renderEligibility(box, e, onMissing) {
  box.replaceChildren();
  if (!e) return;
  const verdict = e.eligible === true ? ['elig-yes', '符合法律援助条件'] : e.eligible === false ? ['elig-no', '不符合法律援助条件'] : ['elig-unknown', '尚不能判断，待补充信息'];
  box.append(el('div', { class: 'verdict ' + verdict[0], id: 'elig-verdict' }, verdict[1]));
  const tags = [];
  if (e.mandatory) tags.push(el('span', { class: 'badge info' }, '应当指派'));
  const means = { required: '需审查经济困难状况', exempt: '免予核查经济困难状况', not_applicable: '不审查经济状况' }[e.means_test];
  if (means) tags.push(el('span', { class: 'badge' }, means));
  if (e.threshold && e.means_test === 'required') tags.push(el('span', { class: 'badge' }, `困难标准：人均月收入 ${yuan(e.threshold.monthly_income_fen)}`));
  if (tags.length) box.append(el('div', { class: 'tags' }, tags));
  if (e.rules && e.rules.length) box.append(el('ul', { class: 'rules' }, e.rules.map((r) => el('li', { 'data-rule': r.id }, el('span', { class: 'art' }, r.article), r.text))));
  if (e.missing && e.missing.length) {
    box.append(el('div', { class: 'missing' }, '还需要：', e.missing.map((m, i) => {
      const label = FIELD_ZH[m] || m;
      const node = onMissing ? el('button', { type: 'button', class: 'link', onclick: () => onMissing(m) }, label) : el('span', {}, label);
      return i ? ['、', node] : node;
    })));
  }
}

// Reads a page's query parameter.
export const param = (name) => new URLSearchParams(location.search).get(name);

// True when a key press belongs to a text field (page shortcuts leave those alone).
export const typing = (ev) => !!ev.target.closest('input, select, textarea, [contenteditable]');

// A fresh Idempotency-Key.
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

// Region names, cached per parent code.
const regionCache = new Map();
export async function regions(parent) {
  if (!regionCache.has(parent)) regionCache.set(parent, api('GET', '/regions?parent=' + parent).then((r) => r.items).catch(() => []));
  return regionCache.get(parent);
}
// Options for a venue <datalist>: the centre's own region, its counties and the province's cities.
export async function venueOptions(centerRegion) {
  if (!centerRegion) return [];
  const prov = centerRegion.slice(0, 2) + '0000';
  const city = centerRegion.slice(0, 4) + '00';
  const [cities, counties] = await Promise.all([regions(prov), regions(city)]);
  const seen = new Set();
  const out = [];
  for (const r of [...counties, ...cities]) {
    if (seen.has(r.code)) continue;
    seen.add(r.code);
    out.push(el('option', { value: r.code }, r.name));
  }
  return out;
}

let centersCache = null;
export async function centers() {
  if (!centersCache) centersCache = api('GET', '/centers').then((r) => r.items);
  return centersCache;
}
