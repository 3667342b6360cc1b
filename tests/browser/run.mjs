// Browser tests: Debian's chromium, headless, driven by playwright-core, against the real daemon
// and database. A clerk records an application by keyboard; a reviewer approves and assigns;
// the lawyer accepts, records a stage and closes on a phone-sized screen; the reviewer grades;
// a supervisor's dashboard renders with the API's figures; a form prints to PDF.
//   LEGALAID_URL=http://127.0.0.1:8080 LEGALAID_ADMIN=admin:password node run.mjs
// Screenshots of every page go to tests/browser/artifacts/.
import { chromium } from 'playwright-core';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const BASE = process.env.LEGALAID_URL || 'http://127.0.0.1:8080';
const [ADMIN_USER, ADMIN_PASS] = (process.env.LEGALAID_ADMIN || 'admin:admin-pass-2024').split(/:(.*)/s);
const ART = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ART, { recursive: true });
const suffix = Date.now().toString(36);
const PASS = 'browser-pass-123';
const CENTER = 2; // 阳泉市法律援助中心 (140300): its 2024 subsidy table ships as reference data

async function apiCall(method, path, token, body) {
  const res = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: { ...(token ? { Authorization: 'Bearer ' + token } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return json;
}

// A valid resident ID of 阳泉 born 1985-03-15.
function residentId(seq) {
  const d17 = `140302198503150${String(seq % 100).padStart(2, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(d17[i]) * w[i];
  return d17 + '10X98765432'[s % 11];
}

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
});

async function signedIn(username, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  watch(page, username);
  await page.goto(BASE + '/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASS);
  await page.press('input[name=password]', 'Enter');
  await page.waitForURL((u) => !u.pathname.endsWith('/') || u.pathname.length > 1);
  return page;
}

// The pages run under the daemon's Content-Security-Policy (no inline script, no eval): any
// violation, and any uncaught error, fails the run.
const problems = [];
function watch(page, who) {
  page.on('pageerror', (e) => problems.push(`${who}: page error ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
}

const shot = (page, name) => page.screenshot({ path: join(ART, name + '.png'), fullPage: true });

// Fixtures through the API: the people of centre 2.
const admin = (await apiCall('POST', '/session', null, { username: ADMIN_USER, password: ADMIN_PASS })).token;
const names = { clerk: `b_clerk_${suffix}`, reviewer: `b_reviewer_${suffix}`, lawyer: `b_lawyer_${suffix}`, supervisor: `b_sup_${suffix}` };
const ids = {};
for (const [role, username] of Object.entries(names)) {
  const body = { username, password: PASS, role, center_id: CENTER, display_name: { clerk: '受理员小王', reviewer: '审查员老李', lawyer: `张律师${suffix.slice(-3)}`, supervisor: '主任' }[role] };
  if (role === 'lawyer') body.lawyer = { license_no: `1403${suffix}`, firm: '山西正义律师事务所', kind: 'lawyer', practice_years: 8, specialties: ['criminal_defense'] };
  ids[role] = (await apiCall('POST', '/users', admin, body)).id;
}
const applicant = `赵${['一', '二', '三', '四', '五', '六', '七', '八', '九'][Date.now() % 9]}${suffix.slice(-2)}`;
const idNumber = residentId(Date.now());
const phone = '139' + String(Date.now()).slice(-8);
let caseNo = null, caseId = null;

await step('the sign-in page, and each role lands on its page', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  watch(page, 'login');
  await page.goto(BASE + '/');
  await shot(page, '01-login');
  await page.fill('input[name=username]', names.clerk);
  await page.fill('input[name=password]', 'wrong-password');
  await page.press('input[name=password]', 'Enter');
  await page.waitForSelector('#msg:not(.hidden)');
  assert.match(await page.textContent('#msg'), /用户名或密码错误/);
  await context.close();
});

await step('a clerk records an application by keyboard alone', async () => {
  const page = await signedIn(names.clerk);
  assert.ok(page.url().endsWith('/worklist'), page.url());
  await shot(page, '02-worklist-empty');
  await page.goto(BASE + '/intake');
  await page.waitForSelector('#intake');
  // Every field by keyboard: type, Tab, arrow keys in selects, space for boxes.
  await page.focus('input[name=name]');
  await page.keyboard.type(applicant);
  await page.keyboard.press('Tab');
  await page.keyboard.type(idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0')); // a wrong check character first
  await page.waitForSelector('#id-info:has-text("校验码")');
  await shot(page, '03-intake-bad-id');
  for (let i = 0; i < 18; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(idNumber);
  await page.waitForSelector('#id-info:has-text("出生")');
  assert.match(await page.textContent('#id-info'), /1985-03-15/);
  await page.keyboard.press('Tab');
  await page.keyboard.type(phone);
  // Down to the case type select: channel stays 窗口; case type: 刑事辩护 is the first option.
  await page.focus('#case_type');
  await page.keyboard.press('Home');
  await page.focus('#stage');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // 侦查, 审查起诉, 审判
  assert.equal(await page.inputValue('#stage'), 'trial');
  await page.focus('input[name=opposing_party]');
  await page.keyboard.type('阳泉市人民检察院');
  await page.keyboard.press('Tab');
  await page.keyboard.type('涉嫌盗窃，家庭困难，申请指派辩护律师。');
  // A ground of Art. 25 with the space bar.
  await page.focus('#grounds-box input[value=life_or_death_penalty]');
  await page.keyboard.press('Space');
  await page.waitForSelector('#elig:has-text("第二十五条")');
  await shot(page, '04-intake-eligibility');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#case-no');
  caseNo = await page.textContent('#case-no');
  assert.match(caseNo, /^\(\d{4}\)阳法援字第\d{4}号$/);
  const href = await page.getAttribute('#open-case', 'href');
  caseId = Number(new URL(href, BASE).searchParams.get('id'));
  await shot(page, '05-intake-done');
  await page.goto(BASE + '/worklist');
  await page.waitForSelector(`text=${caseNo}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/case\?id=/);
  await page.waitForSelector(`#title:has-text("${caseNo}")`);
  await shot(page, '06-case-submitted');
  await page.context().close();
});

await step('a reviewer approves and assigns the suggested lawyer', async () => {
  const page = await signedIn(names.reviewer);
  await page.goto(`${BASE}/case?id=${caseId}`);
  await page.waitForSelector('form[data-action=decision] button');
  await page.click('form[data-action=decision] button:has-text("批准")');
  await page.waitForSelector('#suggest-card:not(.hidden) button[data-lawyer]');
  await shot(page, '07-case-approved-suggestions');
  const list = await page.textContent('#suggestions');
  assert.match(list, /张律师/);
  assert.match(list, /第二十六条|执业三年以上|符合第二十六条/);
  await page.click(`#suggestions button[data-lawyer="${ids.lawyer}"]`);
  await page.waitForSelector('#badges:has-text("已指派")');
  await page.context().close();
});

await step('the lawyer accepts, records a stage and closes, on a phone', async () => {
  const page = await signedIn(names.lawyer, { width: 390, height: 844 });
  assert.ok(page.url().endsWith('/lawyer'), page.url());
  await page.waitForSelector(`button[data-id="${caseId}"]`);
  await shot(page, '08-lawyer-list-phone');
  await page.click(`button[data-id="${caseId}"]`);
  await page.click('#accept');
  await page.waitForSelector('#add-stage');
  await page.selectOption('#stage', 'trial');
  await page.fill('#venue', '140302');
  await page.click('#add-stage');
  await page.waitForSelector('#detail li:has-text("审判")');
  await page.fill('#outcome', '判处有期徒刑三年，缓刑四年');
  await shot(page, '09-lawyer-case-phone');
  await page.click('#close');
  await page.waitForSelector('#msg:has-text("结案")');
  await page.context().close();
});

await step('the reviewer grades; the case shows its claim', async () => {
  const page = await signedIn(names.reviewer);
  await page.goto(`${BASE}/case?id=${caseId}`);
  await page.waitForSelector('form[data-action=grade]');
  await page.selectOption('form[data-action=grade] select[name=grade]', 'excellent');
  await page.click('form[data-action=grade] button');
  await page.waitForSelector('#claims tr[data-claim]');
  const claim = await page.textContent('#claims tr[data-claim]');
  assert.match(claim, /刑事审判阶段/);
  assert.match(claim, /¥1,500\.00/); // 阳泉 2024, trial, local (140302 is a district), excellent
  await shot(page, '10-case-graded');
  await page.context().close();
});

await step('a supervisor opens the dashboard; its charts render with the right figures', async () => {
  const page = await signedIn(names.supervisor);
  assert.ok(page.url().endsWith('/dashboard'), page.url());
  const year = new Date(Date.now() + 8 * 3600000).getUTCFullYear();
  await page.waitForSelector('body[data-loaded=true]');
  for (const id of ['c-month', 'c-type', 'c-group', 'c-outcome', 'c-budget', 'c-targets'])
    assert.ok(await page.$(`#${id} canvas`), `chart ${id} has a canvas`);
  const sup = (await apiCall('POST', '/session', null, { username: names.supervisor, password: PASS })).token;
  const annual = await apiCall('GET', `/stats/annual?center_id=${CENTER}&year=${year}`, sup);
  assert.equal((await page.textContent('#k-cases .v')).trim(), String(annual.cases.total));
  const types = await apiCall('GET', `/stats/cases?group_by=case_type&center_id=${CENTER}&year=${year}`, sup);
  const table = await page.textContent('#t-type');
  for (const r of types.rows) assert.ok(table.includes(r.label) && table.includes(String(r.count)), `${r.label} ${r.count}`);
  const month = await apiCall('GET', `/stats/cases?group_by=month&center_id=${CENTER}&year=${year}`, sup);
  assert.match(await page.textContent('#t-month'), new RegExp(`全年\\s*${month.total}`));
  await shot(page, '11-dashboard');
  await page.context().close();
});

await step('a form prints (A4 PDF) with the case number and the applicant', async () => {
  const page = await signedIn(names.clerk);
  for (const form of ['application', 'grant', 'assignment']) {
    await page.goto(`${BASE}/print?form=${form}&id=${caseId}`);
    await page.waitForSelector('body[data-loaded=true]');
    const text = await page.textContent('#form');
    assert.ok(text.includes(caseNo), `${form} holds the case number`);
    assert.ok(text.includes(applicant), `${form} holds the applicant`);
    await shot(page, `12-print-${form}`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.goto(`${BASE}/print?form=application&id=${caseId}`);
  await page.waitForSelector('body[data-loaded=true]');
  const pdf = join(ART, 'application.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  assert.ok(statSync(pdf).size > 20000, 'a real PDF');
  await page.context().close();
});

await step('the hotline console and the admin page render', async () => {
  const page = await signedIn(names.clerk);
  await page.goto(BASE + '/hotline');
  await page.waitForSelector('#call');
  await page.fill('input[name=caller_phone]', phone);
  await page.waitForSelector('#history:has-text("相关案件")');
  assert.match(await page.textContent('#history'), /相关案件 1 件/);
  await page.selectOption('#topic', 'labour');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#msg:has-text("来电已保存")');
  await shot(page, '13-hotline');
  await page.context().close();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const ap = await context.newPage();
  watch(ap, 'admin');
  await ap.goto(BASE + '/');
  await ap.fill('input[name=username]', ADMIN_USER);
  await ap.fill('input[name=password]', ADMIN_PASS);
  await ap.press('input[name=password]', 'Enter');
  await ap.waitForURL(/\/admin/);
  await ap.waitForSelector('#standards h3');
  assert.match(await ap.textContent('#standards'), /阳泉市/);
  await shot(ap, '14-admin');
  await context.close();
});

await step('no page broke the Content-Security-Policy or threw', async () => {
  assert.deepEqual(problems, []);
});

await browser.close();
const failed = results.filter(([, ok]) => !ok).length;
console.log(`browser: ${results.length - failed} passed, ${failed} failed (screenshots in ${ART})`);
process.exit(failed ? 1 : 0);
