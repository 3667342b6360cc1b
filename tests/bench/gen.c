/* Loads realistic data fast with COPY: centres grouped under cities, their staff and lawyers,
 * cases over several years, 12348 calls and consultations.
 *
 *   legalaid-gen CONNINFO [--centers N] [--years Y] [--first-year YYYY]
 *                [--cases-per-center-year N] [--calls-per-center-year N] [--seed S]
 *                [--admin NAME:PASSWORD] [--only-admin]
 *
 * Defaults: 100 centres (20 cities, each with 4 counties), 5 years from 2021, 4000 cases and
 * 10000 calls per centre and year: 2 million cases and 5 million calls. The database must be
 * migrated (start legalaidd on it once, or legalaidd --migrate-only). Centres are added after
 * the existing ones; run it on a fresh database.
 *
 * Exact volumes for one existing centre and year (the seed reports' figures, where the API
 * suites need a volume that request by request would take minutes: tests/api/test_reports.c):
 *
 *   legalaid-gen CONNINFO --center ID --year YYYY [--cases N] [--calls N]
 *                [--calls-dissatisfied K] [--calls-work-orders W] [--consultations-on-site N]
 *                [--consultations-online N] [--consultations-phone N] [--consultations-rated R]
 *
 * N cases (civil, unpaid wages, approved; numbered after the centre's last number of the
 * year, its counter moved on); N 12348 calls (consultations, every one rated: K not satisfied;
 * W sent on as 12345 work orders); consultations by channel, the first R of them rated
 * satisfied (on site first, then online, then phone). Spread over the year's days,
 * 08:00-17:59 Asia/Shanghai; the clerk and operator is the centre's first clerk. Nothing else
 * is written. */
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/date.h"
#include "domain/idcard.h"

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }
static int chance(int per_mille) { return pick(1000) < per_mille; }

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static PGconn *conn;

static void die(const char *what) {
  fprintf(stderr, "gen: %s: %s", what, PQerrorMessage(conn));
  exit(1);
}

static PGresult *exec(const char *sql) {
  PGresult *r = PQexec(conn, sql);
  ExecStatusType s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) die(sql);
  return r;
}

/* A buffered COPY stream. */
static char buf[1 << 20];
static size_t used;
static void flush(void) {
  if (used && PQputCopyData(conn, buf, (int)used) != 1) die("copy data");
  used = 0;
}
static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + used, sizeof buf - used, fmt, ap);
  va_end(ap);
  if (n < 0) die("format");
  if ((size_t)n >= sizeof buf - used) {
    flush();
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
  }
  used += (size_t)n;
  if (used > sizeof buf / 2) flush();
}
static void copy_begin(const char *sql) {
  PGresult *r = PQexec(conn, sql);
  if (PQresultStatus(r) != PGRES_COPY_IN) die(sql);
  PQclear(r);
}
static void copy_end(void) {
  flush();
  if (PQputCopyEnd(conn, NULL) != 1) die("copy end");
  PGresult *r;
  while ((r = PQgetResult(conn))) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die("copy");
    PQclear(r);
  }
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"};

typedef struct {
  long center;
  int year;
  long cases;
  long calls, calls_dissatisfied, calls_work_orders;
  long on_site, online, phone, rated;
} exact_spec;

/* --center mode: exact counts for one centre and year. */
static int exact_year(const exact_spec *x) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT min(id) FROM users WHERE center_id = %ld AND role = 'clerk'", x->center);
  PGresult *r = exec(sql);
  if (PQgetisnull(r, 0, 0)) {
    fprintf(stderr, "gen: centre %ld has no clerk\n", x->center);
    return 1;
  }
  long clerk = atol(PQgetvalue(r, 0, 0));
  PQclear(r);
  day_t jan1 = date_from_ymd(x->year, 1, 1);
  int ndays = date_from_ymd(x->year + 1, 1, 1) - jan1;
  char d[11];
  if (x->cases > 0) {
    snprintf(sql, sizeof sql,
             "SELECT c.region_code, c.case_no_prefix, COALESCE((SELECT last_no FROM case_counters k"
             " WHERE k.center_id = c.id AND k.year = %d), 0) FROM centers c WHERE c.id = %ld",
             x->year, x->center);
    r = exec(sql);
    if (PQntuples(r) != 1) {
      fprintf(stderr, "gen: no centre %ld\n", x->center);
      return 1;
    }
    char region[7], prefix[41];
    snprintf(region, sizeof region, "%s", PQgetvalue(r, 0, 0));
    snprintf(prefix, sizeof prefix, "%s", PQgetvalue(r, 0, 1));
    long last = atol(PQgetvalue(r, 0, 2));
    PQclear(r);
    PQclear(exec("SELECT setval('cases_id_seq', GREATEST((SELECT COALESCE(max(id), 0) FROM cases), 1))"));
    copy_begin("COPY cases (center_id, case_no, case_year, case_seq, status, channel, received_at,"
               " case_type, matter, opposing_party, applicant_name, applicant_id_number,"
               " applicant_birth_date, applicant_sex, household_size, household_monthly_income_fen,"
               " eligibility, decision, decided_at, decision_due, created_by) FROM STDIN");
    for (long i = 0; i < x->cases; i++) {
      long seq = last + 1 + i;
      day_t day = jan1 + (int)(i % ndays);
      int by = 1950 + pick(55), bm = 1 + pick(12), bd = 1 + pick(28);
      char digits[64], id[19], bdate[11], due[11];
      snprintf(digits, sizeof digits, "%.6s%04d%02d%02d%03d", region, by, bm, bd, pick(1000));
      memcpy(id, digits, 17);
      id[17] = idcard_check_char(digits);
      id[18] = '\0';
      date_format(day, d);
      date_format(date_from_ymd(by, bm, bd), bdate);
      date_format(day + 7, due);
      put("%ld\t(%d)%s法援字第%04ld号\t%d\t%ld\tapproved\twindow\t%s 09:30:00+08\tcivil\t"
          "labour_remuneration\t某公司\t%s%s\t%s\t%s\t%c\t2\t100000\t{}\tapprove\t%s 16:00:00+08\t%s\t%ld\n",
          x->center, x->year, prefix, seq, x->year, seq, d, surnames[pick(20)], given[pick(20)], id,
          bdate, ((digits[16] - '0') % 2) ? 'M' : 'F', d, due, clerk);
    }
    copy_end();
    snprintf(sql, sizeof sql,
             "INSERT INTO case_counters (center_id, year, last_no) VALUES (%ld, %d, %ld)"
             " ON CONFLICT (center_id, year) DO UPDATE SET last_no = EXCLUDED.last_no",
             x->center, x->year, last + x->cases);
    PQclear(exec(sql));
  }
  copy_begin("COPY hotline_calls (center_id, kind, started_at, duration_s, caller_phone, topic,"
             " outcome, follow_up, satisfied, operator_id) FROM STDIN");
  for (long i = 0; i < x->calls; i++) {
    date_format(jan1 + (int)(i % ndays), d);
    put("%ld\tconsultation\t%s %02ld:%02ld:00+08\t%d\t1%02d%08d\tlabour\t%s\tf\t%s\t%ld\n",
        x->center, d, 8 + i % 10, i % 60, 30 + pick(900), 30 + pick(70), pick(100000000),
        i < x->calls_work_orders ? "work_order_12345" : "answered",
        i >= x->calls - x->calls_dissatisfied ? "f" : "t", clerk);
  }
  copy_end();
  copy_begin("COPY consultations (center_id, channel, topic, at, satisfied, created_by) FROM STDIN");
  long total = x->on_site + x->online + x->phone;
  for (long i = 0; i < total; i++) {
    const char *channel = i < x->on_site ? "on_site" : i < x->on_site + x->online ? "online" : "phone";
    date_format(jan1 + (int)(i % ndays), d);
    put("%ld\t%s\tmarriage_family\t%s %02ld:%02ld:00+08\t%s\t%ld\n", x->center, channel, d,
        8 + i % 10, i % 60, i < x->rated ? "t" : "\\N", clerk);
  }
  copy_end();
  PQclear(exec("ANALYZE cases, hotline_calls, consultations"));
  fprintf(stderr, "gen: centre %ld, %d: %ld cases, %ld calls, %ld consultations\n", x->center,
          x->year, x->cases, x->calls, total);
  PQfinish(conn);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CONNINFO [--centers N] [--years Y] [--first-year YYYY]"
                    " [--cases-per-center-year N] [--calls-per-center-year N] [--seed S]\n",
            argv[0]);
    return 2;
  }
  int centers = 100, years = 5, first_year = 2021, cases_per = 4000, calls_per = 10000;
  const char *admin = NULL;
  bool only_admin = false;
  exact_spec exact = {0};
  for (int i = 2; i < argc; i += 2) {
    if (!strcmp(argv[i], "--only-admin")) {
      only_admin = true;
      i--;
      continue;
    }
    if (i + 1 >= argc) break;
    int v = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--admin")) admin = argv[i + 1];
    if (!strcmp(argv[i], "--centers")) centers = v;
    else if (!strcmp(argv[i], "--years")) years = v;
    else if (!strcmp(argv[i], "--first-year")) first_year = v;
    else if (!strcmp(argv[i], "--cases-per-center-year")) cases_per = v;
    else if (!strcmp(argv[i], "--calls-per-center-year")) calls_per = v;
    else if (!strcmp(argv[i], "--seed")) rng_state ^= (uint64_t)v * 0x9E3779B97F4A7C15ULL;
    else if (!strcmp(argv[i], "--center")) exact.center = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--year")) exact.year = v;
    else if (!strcmp(argv[i], "--calls")) exact.calls = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--cases")) exact.cases = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--calls-dissatisfied")) exact.calls_dissatisfied = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--calls-work-orders")) exact.calls_work_orders = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--consultations-on-site")) exact.on_site = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--consultations-online")) exact.online = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--consultations-phone")) exact.phone = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--consultations-rated")) exact.rated = atol(argv[i + 1]);
  }
  conn = PQconnectdb(argv[1]);
  if (PQstatus(conn) != CONNECTION_OK) die("connect");
  PQclear(exec("SET synchronous_commit = off")); /* bulk load only; the service never does */
  PQclear(exec("SET timezone = 'Asia/Shanghai'"));
  if (admin) {
    /* An administrator above every centre, to sign in with (argon2id like the service). */
    const char *colon = strchr(admin, ':');
    char hash[crypto_pwhash_STRBYTES], name[65];
    if (!colon || sodium_init() < 0 ||
        crypto_pwhash_str_alg(hash, colon + 1, strlen(colon + 1), 2, (size_t)19 << 20,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
      die("--admin NAME:PASSWORD");
    snprintf(name, sizeof name, "%.*s", (int)(colon - admin), admin);
    const char *v[2] = {name, hash};
    PGresult *ar = PQexecParams(conn,
                                "INSERT INTO users (username, password_hash, role, display_name)"
                                " VALUES ($1, $2, 'admin', '基准测试管理员')"
                                " ON CONFLICT (username) DO UPDATE SET password_hash = $2",
                                2, NULL, v, NULL, NULL, 0);
    if (PQresultStatus(ar) != PGRES_COMMAND_OK) die("admin");
    PQclear(ar);
  }
  if (only_admin) {
    PQfinish(conn);
    return 0;
  }
  if (exact.center) {
    if (exact.year < 2000 || exact.year > 2100) {
      fprintf(stderr, "gen: --center needs --year\n");
      return 2;
    }
    return exact_year(&exact);
  }
  double t0 = now_s();

  /* Centres: for each city with at least 4 counties, the city and 4 of its counties. */
  PGresult *r = exec(
      "SELECT c.code, array_agg(k.code ORDER BY k.code) FROM regions c JOIN regions k"
      " ON k.parent_code = c.code WHERE c.level = 2 GROUP BY c.code HAVING count(*) >= 4"
      " ORDER BY c.code");
  int ncities = (centers + 4) / 5;
  if (PQntuples(r) < ncities) die("not enough cities");
  PGresult *mx = exec("SELECT COALESCE(max(id), 0) FROM centers");
  long base_center = atol(PQgetvalue(mx, 0, 0));
  PQclear(mx);
  mx = exec("SELECT COALESCE(max(id), 0) FROM users");
  long base_user = atol(PQgetvalue(mx, 0, 0));
  PQclear(mx);
  char (*region)[7] = calloc((size_t)centers, 7);
  copy_begin("COPY centers (id, name, region_code, case_no_prefix) FROM STDIN");
  for (int i = 0; i < centers; i++) {
    int city = i / 5 * (PQntuples(r) / ncities);
    const char *code = PQgetvalue(r, city, 0);
    if (i % 5 == 0) {
      snprintf(region[i], 7, "%s", code);
    } else {
      const char *arr = PQgetvalue(r, city, 1) + 1; /* "{a,b,...}" */
      for (int k = 1; k < i % 5; k++) arr = strchr(arr, ',') + 1;
      snprintf(region[i], 7, "%.6s", arr);
    }
    put("%ld\t基准测试%03d法律援助中心\t%s\tG%03d\n", base_center + 1 + i, i, region[i], i);
  }
  copy_end();
  PQclear(r);
  PQclear(exec("SELECT setval('centers_id_seq', (SELECT max(id) FROM centers))"));

  /* Per centre: a clerk (user base+1+i*11) and 10 lawyers. The password is not usable. */
  copy_begin("COPY users (id, username, password_hash, role, center_id, display_name) FROM STDIN");
  for (int i = 0; i < centers; i++)
    for (int k = 0; k < 11; k++)
      put("%ld\tbench_%03d_%02d\t!\t%s\t%ld\t%s%s\n", base_user + 1 + i * 11 + k, i, k,
          k == 0 ? "clerk" : "lawyer", base_center + 1 + i, surnames[pick(20)], given[pick(20)]);
  copy_end();
  copy_begin("COPY lawyers (user_id, center_id, license_no, firm, kind, practice_years,"
             " specialties) FROM STDIN");
  for (int i = 0; i < centers; i++)
    for (int k = 1; k < 11; k++)
      put("%ld\t%ld\tBENCH%03d%02d\t测试律师事务所\tlawyer\t%d\t{criminal_defense,civil}\n",
          base_user + 1 + i * 11 + k, base_center + 1 + i, i, k, 1 + pick(25));
  copy_end();
  PQclear(exec("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"));
  fprintf(stderr, "gen: %d centres, %d users in %.1f s\n", centers, centers * 11, now_s() - t0);

  /* Cases. */
  static const char *const types[] = {"plea_help", "criminal_defense", "civil", "labor_arbitration",
                                      "administrative", "criminal_victim", "notarization",
                                      "document_drafting"};
  static const int type_w[] = {600, 200, 140, 25, 5, 15, 5, 10};
  static const char *const channels[] = {"window", "hotline_12348", "online", "notice_court",
                                         "notice_procuratorate", "notice_police"};
  static const char *const statuses[] = {"closed", "in_progress", "assigned", "approved",
                                         "submitted", "rejected"};
  static const char *const stages[] = {"investigation", "prosecution", "trial"};
  static const char *const matters[] = {"labour_remuneration", "personal_injury", "support_payment",
                                        "social_insurance", "employment_confirmation"};
  double t1 = now_s();
  long case_id = 0;
  mx = exec("SELECT COALESCE(max(id), 0) FROM cases");
  case_id = atol(PQgetvalue(mx, 0, 0));
  PQclear(mx);
  copy_begin(
      "COPY cases (id, center_id, case_no, case_year, case_seq, status, channel, received_at,"
      " case_type, matter, stage, applicant_name, applicant_id_number, applicant_birth_date,"
      " applicant_sex, applicant_phone, groups, eligibility, decision_due, assignment_due,"
      " decision, decided_at, assigned_at, lawyer_id, closed_on, recovered_fen, satisfied,"
      " satisfaction_at, created_by) FROM STDIN");
  for (int c = 0; c < centers; c++) {
    long center = base_center + 1 + c;
    long clerk = base_user + 1 + c * 11;
    for (int y = 0; y < years; y++) {
      int year = first_year + y;
      day_t jan1 = date_from_ymd(year, 1, 1);
      int ndays = date_from_ymd(year + 1, 1, 1) - jan1;
      for (int s = 1; s <= cases_per; s++) {
        int w = pick(1000), t = 0;
        while (w >= type_w[t]) w -= type_w[t++];
        const char *type = types[t];
        day_t day = jan1 + pick(ndays);
        char at[32], dstr[11];
        date_format(day, dstr);
        snprintf(at, sizeof at, "%s %02d:%02d:00+08", dstr, 8 + pick(9), pick(60));
        int st = chance(700) ? 0 : 1 + pick(5);
        if (year < first_year + years - 1 && st >= 1 && st <= 4 && chance(800)) st = 0;
        /* An applicant: born 1940-2012, a valid resident ID of the centre's region. */
        int by = 1940 + pick(73), bm = 1 + pick(12), bd = 1 + pick(28);
        char digits[64], id[19]; /* 17 digits; room for what the compiler cannot rule out */
        snprintf(digits, sizeof digits, "%.6s%04d%02d%02d%03d", region[c], by, bm, bd, pick(1000));
        memcpy(id, digits, 17);
        id[17] = idcard_check_char(digits);
        id[18] = '\0';
        char sex = ((digits[16] - '0') % 2) ? 'M' : 'F';
        int age = date_age_on(date_from_ymd(by, bm, bd), day);
        char groups[96] = "{";
        if (age < 18) strcat(groups, "minor,");
        if (age >= 60) strcat(groups, "elderly,");
        if (sex == 'F') strcat(groups, "woman,");
        if (chance(40)) strcat(groups, "migrant_worker,");
        if (chance(25)) strcat(groups, "disabled,");
        if (chance(10)) strcat(groups, "ethnic_minority,");
        size_t gl = strlen(groups);
        if (gl > 1) groups[gl - 1] = '}';
        else strcat(groups, "}");
        bool criminal = !strcmp(type, "criminal_defense") || !strcmp(type, "criminal_victim");
        bool civil = !strcmp(type, "civil") || !strcmp(type, "labor_arbitration") ||
                     !strcmp(type, "administrative");
        char due[11], adue[11], closed[11] = "\\N", decided[32] = "\\N", assigned[32] = "\\N";
        date_format(day + 7, due);
        date_format(day + 10, adue);
        const char *status = statuses[st];
        bool decided_b = st != 4, assigned_b = st <= 2;
        if (decided_b) {
          char d[11];
          date_format(day + pick(9), d);
          snprintf(decided, sizeof decided, "%s 10:00:00+08", d);
        }
        long lawyer = assigned_b ? base_user + 1 + c * 11 + 1 + pick(10) : 0;
        if (assigned_b) {
          char d[11];
          date_format(day + 2 + pick(12), d);
          snprintf(assigned, sizeof assigned, "%s 11:00:00+08", d);
        }
        if (st == 0) date_format(day + 30 + pick(200), closed);
        char lawyer_s[24] = "\\N", recovered[24] = "\\N", sat[4] = "\\N", sat_at[32] = "\\N";
        if (lawyer) snprintf(lawyer_s, sizeof lawyer_s, "%ld", lawyer);
        if (st == 0 && civil) snprintf(recovered, sizeof recovered, "%d", pick(5000000));
        if (st == 0 && chance(400)) {
          snprintf(sat, sizeof sat, "%s", chance(990) ? "t" : "f");
          snprintf(sat_at, sizeof sat_at, "%s 15:00:00+08", closed);
        }
        char bdate[11];
        date_format(date_from_ymd(by, bm, bd), bdate);
        put("%ld\t%ld\t(%d)G%03d法援字第%04d号\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\t%s\t%c\t"
            "1%02d%08d\t%s\t{}\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%ld\n",
            ++case_id, center, year, c, s, year, s, status, channels[pick(10) < 5 ? 0 : pick(6)],
            at, type, civil ? matters[pick(5)] : "\\N",
            criminal ? stages[pick(3)] : "\\N", surnames[pick(20)], given[pick(20)], id, bdate,
            sex, 30 + pick(70), pick(100000000), groups, due, decided_b ? adue : "\\N",
            decided_b ? (st == 5 ? "reject" : "approve") : "\\N", decided, assigned, lawyer_s,
            closed, recovered, sat, sat_at, clerk);
      }
    }
  }
  copy_end();
  fprintf(stderr, "gen: %ld cases in %.1f s\n", (long)centers * years * cases_per, now_s() - t1);

  double t2 = now_s();
  static const char *const kinds[] = {"consultation", "complaint", "suggestion"};
  static const char *const topics[] = {"labour", "marriage_family", "debt", "traffic_accident",
                                       "land", "housing", "personal_injury", "consumer",
                                       "criminal", "administrative", "social_security", "other"};
  static const char *const outcomes[] = {"answered", "referred_mediation", "referred_agency",
                                         "work_order_12345"};
  copy_begin("COPY hotline_calls (center_id, kind, started_at, duration_s, caller_phone, topic,"
             " outcome, follow_up, satisfied, operator_id) FROM STDIN");
  for (int c = 0; c < centers; c++) {
    long center = base_center + 1 + c;
    long clerk = base_user + 1 + c * 11;
    for (int y = 0; y < years; y++) {
      int year = first_year + y;
      day_t jan1 = date_from_ymd(year, 1, 1);
      int ndays = date_from_ymd(year + 1, 1, 1) - jan1;
      for (int s = 0; s < calls_per; s++) {
        char d[11];
        date_format(jan1 + pick(ndays), d);
        int k = chance(900) ? 0 : chance(700) ? 1 : 2;
        int o = chance(800) ? 0 : 1 + pick(3);
        put("%ld\t%s\t%s %02d:%02d:00+08\t%d\t1%02d%08d\t%s\t%s\t%s\t%s\t%ld\n", center, kinds[k],
            d, 8 + pick(10), pick(60), 30 + pick(900), 30 + pick(70), pick(100000000),
            topics[pick(12)], outcomes[o], o == 3 || chance(20) ? "t" : "f",
            chance(500) ? (chance(990) ? "t" : "f") : "\\N", clerk);
      }
    }
  }
  copy_end();
  fprintf(stderr, "gen: %ld calls in %.1f s\n", (long)centers * years * calls_per, now_s() - t2);
  PQclear(exec("INSERT INTO case_counters (center_id, year, last_no)"
               " SELECT center_id, case_year, max(case_seq) FROM cases GROUP BY 1, 2"
               " ON CONFLICT (center_id, year) DO UPDATE SET last_no = EXCLUDED.last_no"));
  PQclear(exec("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))"));
  double t3 = now_s();
  PQclear(exec("ANALYZE centers, users, lawyers, cases, hotline_calls, case_counters"));
  fprintf(stderr, "gen: analyze %.1f s; total %.1f s\n", now_s() - t3, now_s() - t0);
  PQfinish(conn);
  free(region);
  return 0;
}
