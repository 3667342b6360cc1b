// A year's public holidays and make-up working days from the State Council's notice
// (国务院办公厅关于YYYY年部分节假日安排的通知), pasted as it is published:
//   一、元旦：1月1日（周五）放假，共1天。
//   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
// Each "…放假" names one day or a range (the month may be left out after 至, and a year may be
// written: 2022年12月31日至2023年1月2日); each sentence ending in "上班" lists make-up working days.
// Lines "2027-01-01 holiday" / "2027-01-04 workday" (or 放假 / 上班) are read as well.
// Days of another year than the one asked for are set aside (a New Year break may begin in
// December): they belong to that year's list.

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const real = (y, m, d) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const next = (s) => {
  const t = new Date(s + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};
export const weekday = (s) => new Date(s + 'T00:00:00Z').getUTCDay(); // 0 Sunday .. 6 Saturday

const DAY = String.raw`(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(][^）)]*[）)])?`;

// → { days: [{date, kind}], other: [dates of another year], problems: [text] }
export function parseNotice(text, year) {
  const out = new Map();
  const other = [];
  const problems = [];
  const put = (date, kind) => {
    if (Number(date.slice(0, 4)) !== year) { other.push(date); return; }
    const had = out.get(date);
    if (had && had !== kind) problems.push(`${date} 既是放假日又是上班日`);
    out.set(date, kind);
  };
  const src = String(text || '').replace(/\r/g, '');
  // Plain lines first.
  for (const line of src.split('\n')) {
    const m = /^\s*(\d{4}-\d{2}-\d{2})\s+(holiday|workday|放假|上班)\s*$/.exec(line);
    if (m) put(m[1], m[2] === 'holiday' || m[2] === '放假' ? 'holiday' : 'workday');
  }
  // Sentences of the notice: split on 。 and ； and line ends.
  for (const sentence of src.split(/[。；;\n]/)) {
    const s = sentence.trim();
    if (!s) continue;
    const off = new RegExp(DAY + String.raw`(?:至` + DAY + String.raw`)?放假`, 'g');
    let m;
    let found = false;
    while ((m = off.exec(s))) {
      found = true;
      const y1 = Number(m[1] || year);
      const mo1 = Number(m[2]);
      const d1 = Number(m[3]);
      if (!m[2]) { problems.push(`无法确定月份：${m[0]}`); continue; }
      if (!real(y1, mo1, d1)) { problems.push(`日期无效：${m[0]}`); continue; }
      const from = iso(y1, mo1, d1);
      let to = from;
      if (m[6]) {
        const y2 = Number(m[4] || m[1] || year);
        const mo2 = Number(m[5] || mo1);
        const d2 = Number(m[6]);
        if (!real(y2, mo2, d2)) { problems.push(`日期无效：${m[0]}`); continue; }
        to = iso(y2, mo2, d2);
        if (to < from) { problems.push(`起止颠倒：${m[0]}`); continue; }
      }
      for (let d = from, k = 0; d <= to && k < 40; d = next(d), k++) put(d, 'holiday');
    }
    if (/上班/.test(s)) {
      // The make-up days stand after the holiday clause: "…放假调休，共9天。2月14日（周六）、2月28日（周六）上班"
      const part = found ? s.slice(s.lastIndexOf('放假')) : s;
      const on = new RegExp(DAY, 'g');
      let lastMonth = null;
      while ((m = on.exec(part))) {
        const y = Number(m[1] || year);
        const mo = m[2] ? Number(m[2]) : lastMonth;
        if (!mo) { problems.push(`无法确定月份：${m[0]}`); continue; }
        lastMonth = mo;
        const d = Number(m[3]);
        if (!real(y, mo, d)) { problems.push(`日期无效：${m[0]}`); continue; }
        put(iso(y, mo, d), 'workday');
      }
    }
  }
  const days = [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, kind]) => ({ date, kind }));
  for (const d of days)
    if (d.kind === 'workday' && weekday(d.date) !== 0 && weekday(d.date) !== 6) problems.push(`${d.date} 不是周末，无需调休上班`);
  return { days, other, problems };
}
