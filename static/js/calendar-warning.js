// From 1 November: when next year's holidays are not loaded, say so on the admin's and the
// reviewers' pages (deadlines counted into that year would be weekends-only and provisional).
import { api, el, today } from './api.js';

export async function warnCalendar(box, go) {
  if (!box) return;
  box.replaceChildren();
  const now = today();
  const year = Number(now.slice(0, 4)) + 1;
  if (now.slice(5) < '11-01') return;
  let r;
  try { r = await api('GET', `/holidays?year=${year}`); } catch { return; }
  if (r.loaded) return;
  box.replaceChildren(el('div', { class: 'msg warn', role: 'status', id: 'calendar-missing' },
    `${year}年的节假日安排尚未导入：期限计算到${year}年时只扣除周末，标为“暂定”。`,
    go ? el('button', { type: 'button', class: 'link', onclick: go }, '现在导入') : '请系统管理员在“系统管理 · 节假日”导入国务院通知。'));
}
