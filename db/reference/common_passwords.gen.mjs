// Writes 60_common_passwords.sql from zxcvbn's frequency lists (MIT licence):
//   mkdir /tmp/z && cd /tmp/z && npm pack zxcvbn@4.4.2 && tar xzf zxcvbn-4.4.2.tgz
//   node db/reference/common_passwords.gen.mjs /tmp/z/package > db/reference/60_common_passwords.sql
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const f = require(`${process.argv[2]}/lib/frequency_lists.js`);
const seen = new Set();
const rows = [];
for (const p of f.passwords) if (!seen.has(p) && !/[\t\\\n]/.test(p)) { seen.add(p); rows.push(`${p}\tpasswords`); }
for (const w of f.english_wikipedia)
  if (w.length >= 4 && /^[a-z]+$/.test(w) && !seen.has(w)) { seen.add(w); rows.push(`${w}\tenglish_wikipedia`); }
process.stdout.write(`-- Common passwords refused for accounts (API.md 1.1): the 30,000 most common passwords of
-- Mark Burnett's 10-million-password corpus and the 30,000 most frequent words of the English
-- Wikipedia (4 letters and more), as shipped in zxcvbn 4.4.2 (lib/frequency_lists.js,
-- MIT licence, (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; see db/reference/README.md).
-- A password is checked as typed, lower-cased, and with its leading and trailing digits and
-- symbols taken off (api/passwords.c), so 'Password-123' meets 'password' here.
COPY common_passwords (password, source) FROM stdin;
${rows.join('\n')}
\\.
`);
