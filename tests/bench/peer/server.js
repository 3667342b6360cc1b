// The peer of issue 15 (tests/bench/run.sh): a typical Express 4 + node-postgres service over
// the same database, one worker per core (cluster), written the way such a service usually is:
//   every request   looks its session up (sessions JOIN users, by the token's SHA-256)
//   GET  /api/v1/cases/:id   the case by primary key and the user's centre, as JSON
//   POST /api/v1/cases       an intake: BEGIN; the centre's counter; the case; its audit event;
//                            COMMIT (one transaction, the number without gap, like legalaidd's)
// Environment: PEER_PORT (8090), PEER_WORKERS (cores), PEER_POOL (16 connections per worker),
// and libpq's PGHOST, PGPORT, PGDATABASE, PGUSER.
'use strict';
const cluster = require('node:cluster');
const os = require('node:os');
const crypto = require('node:crypto');

const port = Number(process.env.PEER_PORT || 8090);
const workers = Number(process.env.PEER_WORKERS || os.cpus().length);

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (w, code) => { if (code) console.error(`peer worker ${w.id} exited ${code}`); });
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill('SIGTERM'); process.exit(0); });
} else {
  const express = require('express');
  const { Pool } = require('pg');
  const pool = new Pool({ max: Number(process.env.PEER_POOL || 16) });
  const app = express();
  app.use(express.json({ limit: '1mb' }));

  async function session(req, res) {
    const h = req.get('authorization') || '';
    if (!h.startsWith('Bearer ')) { res.status(401).json({ error: { code: 'unauthorized' } }); return null; }
    const hash = crypto.createHash('sha256').update(h.slice(7)).digest();
    const r = await pool.query(
      `SELECT u.id, u.role, u.center_id, c.case_no_prefix FROM sessions s
         JOIN users u ON u.id = s.user_id LEFT JOIN centers c ON c.id = u.center_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`, [hash]);
    if (r.rows.length === 0) { res.status(401).json({ error: { code: 'unauthorized' } }); return null; }
    return r.rows[0];
  }

  app.get('/api/v1/cases/:id', async (req, res, next) => {
    try {
      const s = await session(req, res);
      if (!s) return;
      const r = await pool.query('SELECT * FROM cases WHERE id = $1 AND center_id = $2', [req.params.id, s.center_id]);
      if (r.rows.length === 0) return res.status(404).json({ error: { code: 'not_found' } });
      res.json(r.rows[0]);
    } catch (e) { next(e); }
  });

  app.post('/api/v1/cases', async (req, res, next) => {
    let client;
    try {
      const s = await session(req, res);
      if (!s) return;
      const b = req.body || {};
      const a = b.applicant || {};
      if (typeof a.name !== 'string' || !/^[0-9]{17}[0-9X]$/.test(a.id_number || '') ||
          typeof b.case_type !== 'string' || typeof b.channel !== 'string')
        return res.status(422).json({ error: { code: 'validation_failed' } });
      const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear(); // Asia/Shanghai
      client = await pool.connect();
      await client.query('BEGIN');
      const n = await client.query(
        `INSERT INTO case_counters (center_id, year, last_no) VALUES ($1, $2, 1)
         ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1
         RETURNING last_no`, [s.center_id, year]);
      const no = n.rows[0].last_no;
      const caseNo = `(${year})${s.case_no_prefix}法援字第${String(no).padStart(4, '0')}号`;
      const c = await client.query(
        `INSERT INTO cases (center_id, case_no, case_year, case_seq, channel, received_at, case_type,
                            applicant_name, applicant_id_number, eligibility, created_by)
         VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, '{}', $9) RETURNING *`,
        [s.center_id, caseNo, year, no, b.channel, b.case_type, a.name, a.id_number, s.id]);
      await client.query(
        `INSERT INTO case_events (case_id, actor_id, action, to_status, detail)
         VALUES ($1, $2, 'intake', 'submitted', $3)`,
        [c.rows[0].id, s.id, { channel: b.channel, case_no: caseNo }]);
      await client.query('COMMIT');
      res.status(201).json(c.rows[0]);
    } catch (e) {
      if (client) await client.query('ROLLBACK').catch(() => {});
      next(e);
    } finally {
      if (client) client.release();
    }
  });

  app.use((err, req, res, next) => { console.error(err.message); res.status(500).json({ error: { code: 'internal' } }); });
  app.listen(port, '127.0.0.1');
}
