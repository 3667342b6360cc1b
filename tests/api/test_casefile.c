/* The day at the window, through the API: search by any part of a name or case number; the
 * annual satisfaction figure apart for recipients and for 12348 callers; /health at the root. */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char *admin, *clerk, *clerk2, *sup, *lawyer;
static int seq = 500;

static json_t *intake(const char *token, long center, const char *name) {
  char id[19];
  make_id(id, center == 2 ? "140302" : "211104", "19750505", (seq % 2) ? 'M' : 'F', seq);
  seq += 2;
  resp *r = http_postf("/api/v1/cases", token,
                       "{\"center_id\":%ld,\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\"}}",
                       center, name, id);
  ck_status(r, 201);
  json_t *j = json_incref(r->json);
  resp_free(r);
  return j;
}

START_TEST(health_at_the_root) {
  resp *r = http_get("/health", NULL);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "ok");
  resp_free(r);
  r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* One unhappy 12348 caller is not a recipient satisfaction of 0 %. */
START_TEST(satisfaction_apart_for_recipients_and_callers) {
  resp *r = http_postf("/api/v1/hotline/calls", clerk2,
                       "{\"kind\":\"consultation\",\"started_at\":\"2023-03-01T10:00:00+08:00\","
                       "\"topic\":\"debt\",\"outcome\":\"answered\",\"caller_phone\":\"13800001111\","
                       "\"satisfied\":false}");
  ck_status(r, 201);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=2&year=2023", sup);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "satisfaction.ratings"), 1);
  ck_assert_ptr_nonnull(jget(r->json, "satisfaction.by_source.cases"));
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.cases.ratings"), 0);
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.hotline.ratings"), 1);
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.hotline.satisfied"), 0);
  resp_free(r);
}
END_TEST

/* Any part of a name (建华 finds 郭建华, not only 建华明) or of a case number; in the caller's
 * scope only; LIKE's own characters are plain text. */
START_TEST(search_any_part_of_name_or_case_number) {
  json_t *a = intake(clerk, 1, "郭建华");
  json_t *b = intake(clerk, 1, "建华明");
  json_t *c = intake(clerk, 1, "李建");
  json_t *d = intake(clerk2, 2, "王建华"); /* another centre's */
  json_t *e = intake(clerk, 1, "100%_张");
  const char *q[] = {"%E5%BB%BA%E5%8D%8E" /* 建华 */, "%E5%8D%8E" /* 华 */};
  for (int i = 0; i < 2; i++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/cases?q=%s", q[i]);
    resp *r = http_get(path, clerk);
    ck_status(r, 200);
    json_t *items = json_object_get(r->json, "items");
    bool got_a = false, got_b = false, got_c = false, got_d = false;
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
      long id = jint(it, "id");
      got_a |= id == jint(a, "id");
      got_b |= id == jint(b, "id");
      got_c |= id == jint(c, "id");
      got_d |= id == jint(d, "id");
    }
    ck_assert_msg(got_a, "%s: 郭建华 (the name's middle) not found", q[i]);
    ck_assert(got_b);
    ck_assert(!got_c);
    ck_assert_msg(!got_d, "another centre's case found");
    resp_free(r);
  }
  /* A case number by any part of it: its sequence number alone. */
  const char *no = jstr(a, "case_no");
  const char *di = strstr(no, "第");
  ck_assert_ptr_nonnull(di);
  char part[16] = "";
  snprintf(part, sizeof part, "%.4s", di + strlen("第"));
  char path[160];
  snprintf(path, sizeof path, "/api/v1/cases?q=%s", part);
  resp *r = http_get(path, clerk);
  ck_status(r, 200);
  bool found = false;
  size_t k;
  json_t *it;
  json_array_foreach(json_object_get(r->json, "items"), k, it) found |= jint(it, "id") == jint(a, "id");
  ck_assert_msg(found, "case number part %s", part);
  resp_free(r);
  /* % and _ are plain characters. */
  r = http_get("/api/v1/cases?q=0%25_", clerk);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  ck_assert_int_eq(jint(json_array_get(json_object_get(r->json, "items"), 0), "id"), jint(e, "id"));
  resp_free(r);
  json_decref(a);
  json_decref(b);
  json_decref(c);
  json_decref(d);
  json_decref(e);
}
END_TEST

/* q percent-encoded into out. */
static void url_encode(const char *q, char *out, size_t len) {
  size_t o = 0;
  for (const unsigned char *c = (const unsigned char *)q; *c && o + 4 < len; c++)
    o += (size_t)snprintf(out + o, len - o, "%%%02X", *c);
  out[o] = '\0';
}

/* The ids GET /cases?q=... gives `token`, page by page (limit 3, the cursor), newest first, as
 * "id,id,..."; each page no larger than asked, no case twice. */
static char *search_ids(const char *token, const char *q, const char *filter) {
  char enc[512], path[768], *ids = calloc(1, 1);
  url_encode(q, enc, sizeof enc);
  long cursor = 0, last = 0;
  for (int pages = 0;; pages++) {
    ck_assert_msg(pages < 200, "q=%s: no end to the pages", q);
    int n = cursor ? snprintf(path, sizeof path, "/api/v1/cases?q=%s&limit=3%s&cursor=%ld", enc, filter, cursor)
                   : snprintf(path, sizeof path, "/api/v1/cases?q=%s&limit=3%s", enc, filter);
    ck_assert(n > 0 && (size_t)n < sizeof path);
    resp *r = http_get(path, token);
    ck_status(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_le(json_array_size(items), 3);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
      long id = jint(it, "id");
      ck_assert_msg(!last || id < last, "q=%s: %ld after %ld", q, id, last);
      last = id;
      char *more = NULL;
      ck_assert(asprintf(&more, "%s%s%ld", ids, *ids ? "," : "", id) > 0);
      free(ids);
      ids = more;
    }
    const char *next = jstr(r->json, "next_cursor");
    cursor = next ? atol(next) : 0;
    resp_free(r);
    if (!cursor) break;
  }
  return ids;
}

/* The ids LIKE finds on the cases themselves (what the search did before case_name_parts) in
 * the name, the case number or a former case number, in `scope` (SQL on the cases' columns),
 * newest first. */
static char *like_ids(const char *q, const char *scope) {
  char sql[1024];
  snprintf(sql, sizeof sql,
           "SELECT COALESCE(string_agg(id::text, ',' ORDER BY id DESC), '') FROM cases"
           " WHERE (applicant_name LIKE '%%%s%%' OR case_no LIKE '%%%s%%'"
           " OR array_to_string(former_case_nos, ' ') LIKE '%%%s%%') AND %s",
           q, q, q, scope);
  return sql_value(sql);
}

static void same_as_like(const char *token, const char *who, const char *q, const char *filter,
                         const char *scope, int at_least) {
  char *got = search_ids(token, q, filter);
  char *want = like_ids(q, scope);
  ck_assert_msg(strcmp(got, want) == 0, "%s q=%s%s: found [%s], LIKE finds [%s]", who, q, filter,
                got, want);
  int n = *want ? 1 : 0;
  for (const char *c = want; *c; c++) n += *c == ',';
  ck_assert_msg(n >= at_least, "%s q=%s%s: %d cases, the test made %d", who, q, filter, n,
                at_least);
  free(got);
  free(want);
}

/* The parts case_name_parts holds for a case: "part@centre,..." in order of the part. */
static void ck_parts(long case_id, const char *want) {
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT string_agg(part || '@' || center_id, ',' ORDER BY part) FROM case_name_parts"
           " WHERE case_id = %ld", case_id);
  char *parts = sql_value(sql);
  ck_assert_str_eq(parts, want);
  free(parts);
}

/* Issue 15: the search by part of a name reads case_name_parts (0011_a_name_parts.sql), kept by
 * triggers, and finds exactly what LIKE on the cases finds: repeated characters, a case
 * transferred to another centre, a name corrected, a case number's part, a name and a q longer
 * than the parts kept (32 characters), over several pages, in the caller's scope only. */
START_TEST(search_by_part_finds_what_like_finds) {
  json_t *made[11];
  made[0] = intake(clerk, 1, "丽丽");
  made[1] = intake(clerk, 1, "王丽丽");
  made[2] = intake(clerk, 1, "李丽丽丽");
  made[3] = intake(clerk, 1, "张丽华");
  made[4] = intake(clerk2, 2, "丽丽芳"); /* another centre's */
  made[5] = intake(clerk, 1, "钱某某");  /* its name corrected below */
  made[6] = intake(clerk, 1, "李援朝");  /* 援 in its name and its case number */
  /* 40 characters: parts of up to 32 are kept, a longer q is matched with LIKE. */
  static const char long_name[] = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北";
  made[7] = intake(clerk, 1, long_name);
  /* 第 in three names and in every case number: the names give a full page of 3 (a q under 3
   * characters: the case numbers are walked back to that page's last), and 赵平's number, newer
   * than that page's last case, is in the page. */
  made[8] = intake(clerk, 1, "第五丽");
  json_decref(intake(clerk, 1, "赵平"));
  made[9] = intake(clerk, 1, "第五秀兰");
  made[10] = intake(clerk, 1, "第五明");
  /* Each part once, however often it occurs in the name. */
  ck_parts(jint(made[0], "id"), "丽@1,丽丽@1");
  char sql[256];

  /* Transferred to centre 2 (a civil case: one that may be), then sought by centre. */
  char id[19];
  make_id(id, "211104", "19800101", 'M', seq);
  seq += 2;
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                       "\"opposing_party\":\"某公司\",\"matter\":\"support_payment\","
                       "\"applicant\":{\"name\":\"周丽萍\",\"id_number\":\"%s\","
                       "\"household_size\":2,\"household_monthly_income_fen\":100000}}",
                       id);
  ck_status(r, 201);
  long moved = jint(r->json, "id");
  int version = (int)jint(r->json, "version");
  char former[64];
  snprintf(former, sizeof former, "%s", jstr(r->json, "case_no"));
  resp_free(r);
  char path[128];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/transfer", moved);
  r = http_postf(path, clerk, "{\"center_id\":2,\"reason\":\"办案机关在阳泉\",\"version\":%d}", version);
  ck_status(r, 200);
  resp_free(r);

  /* A name corrected in the database (PATCH /cases does not take the name). */
  snprintf(sql, sizeof sql, "UPDATE cases SET applicant_name = '钱丽娜' WHERE id = %ld RETURNING id",
           jint(made[5], "id"));
  free(sql_value(sql));

  char no_part[32] = "";
  const char *di = strstr(jstr(made[6], "case_no"), "第");
  ck_assert_ptr_nonnull(di);
  snprintf(no_part, sizeof no_part, "%.7s", di); /* 第 and its number's first four digits */
  char q32[128], q33[128];
  /* Characters 5-36 and 4-36 (three bytes each). */
  snprintf(q32, sizeof q32, "%.96s", long_name + 4 * 3);
  snprintf(q33, sizeof q33, "%.99s", long_name + 3 * 3);
  static const struct {
    const char *q;
    int clerk, admin; /* at least this many of the cases made here */
  } qs[] = {{"丽", 6, 8}, {"丽丽", 3, 4}, {"丽丽丽", 1, 1}, {"王丽", 1, 1}, {"丽娜", 1, 1},
            {"某某", 0, 0}, {"援", 1, 8}, {"丽萍", 0, 1}, {"芳", 0, 1}, {"第", 3, 3},
            {"第五", 3, 3}, {"五秀", 1, 1}};
  for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
    same_as_like(clerk, "clerk", qs[i].q, "", "center_id = 1", qs[i].clerk);
    same_as_like(clerk2, "clerk2", qs[i].q, "", "center_id = 2", 0);
    same_as_like(admin, "admin", qs[i].q, "", "true", qs[i].admin);
    same_as_like(admin, "admin", qs[i].q, "&center_id=2", "center_id = 2", 0);
    same_as_like(admin, "admin", qs[i].q, "&status=submitted", "status = 'submitted'", 0);
  }
  /* The transferred case: its new centre finds it, its old one no longer. */
  char *at2 = search_ids(clerk2, "丽萍", ""), *at1 = search_ids(clerk, "丽萍", "");
  char want[32];
  snprintf(want, sizeof want, "%ld", moved);
  ck_assert_str_eq(at2, want);
  ck_assert_str_eq(at1, "");
  free(at2);
  free(at1);
  /* And by the number it had before, which its receipt bears: whole, or its last digits and
   * 号 (a q of three characters or more, through the trigram index, and of two, walked). */
  char *by_former = search_ids(clerk2, former, "");
  ck_assert_msg(strcmp(by_former, want) == 0, "q=%s (its former number) found [%s], want [%s]",
                former, by_former, want);
  free(by_former);
  const char *hao = strstr(former, "号");
  ck_assert_ptr_nonnull(hao);
  char tail3[16], tail2[16];
  snprintf(tail3, sizeof tail3, "%.5s", hao - 2); /* two digits and 号 */
  snprintf(tail2, sizeof tail2, "%.4s", hao - 1); /* a digit and 号 */
  same_as_like(admin, "admin", former, "", "true", 1);
  same_as_like(clerk2, "clerk2", former, "", "center_id = 2", 1);
  same_as_like(clerk, "clerk", former, "", "center_id = 1", 0);
  same_as_like(admin, "admin", tail3, "", "true", 1);
  same_as_like(admin, "admin", tail2, "", "true", 1);
  same_as_like(clerk, "clerk", no_part, "", "center_id = 1", 1);
  same_as_like(clerk, "clerk", q32, "", "center_id = 1", 1);
  same_as_like(clerk, "clerk", q33, "", "center_id = 1", 1);
  same_as_like(admin, "admin", q33, "", "true", 1);
  for (int i = 0; i < 11; i++) json_decref(made[i]);
}
END_TEST

/* The admin above every centre renames a centre and changes its prefix: new numbers take it,
 * issued ones keep theirs; a centre's own admin may not; the region stays. */
START_TEST(centre_renamed_and_prefix_changed) {
  resp *r = http_postf("/api/v1/centers", admin,
                       "{\"name\":\"盘山县法律援助中心\",\"region_code\":\"211122\",\"case_no_prefix\":\"盘\"}");
  ck_status(r, 201);
  long id = jint(r->json, "id");
  resp_free(r);
  char *clerk3 = user_token(admin, "cf_clerk_ps", "clerk", id);
  json_t *before = intake(clerk3, id, "盘山甲");
  ck_assert_ptr_nonnull(strstr(jstr(before, "case_no"), "盘法援字"));
  char path[64];
  snprintf(path, sizeof path, "/api/v1/centers/%ld", id);
  r = http("PATCH", path, admin, "{\"name\":\"盘锦市盘山县法律援助中心\",\"case_no_prefix\":\"盘山\"}", NULL);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "name"), "盘锦市盘山县法律援助中心");
  ck_assert_str_eq(jstr(r->json, "case_no_prefix"), "盘山");
  ck_assert_str_eq(jstr(r->json, "region_code"), "211122");
  resp_free(r);
  json_t *after = intake(clerk3, id, "盘山乙");
  ck_assert_ptr_nonnull(strstr(jstr(after, "case_no"), "盘山法援字"));
  snprintf(path, sizeof path, "/api/v1/cases/%ld", jint(before, "id"));
  r = http_get(path, clerk3);
  ck_assert_str_eq(jstr(r->json, "case_no"), jstr(before, "case_no"));
  resp_free(r);
  /* Refused, changing nothing: another centre's name, the region, an unknown field, nothing. */
  snprintf(path, sizeof path, "/api/v1/centers/%ld", id);
  struct { const char *body; long status; const char *field; } bad[] = {
      {"{\"name\":\"盘锦市大洼区法律援助中心\"}", 409, "name"},
      {"{\"region_code\":\"211104\"}", 422, "region_code"},
      {"{\"colour\":\"red\"}", 422, "colour"},
      {"{}", 422, "name"},
      {"{\"case_no_prefix\":\"\"}", 422, "case_no_prefix"},
      {"{\"case_no_prefix\":\"一二三四五六七八九十一\"}", 422, "case_no_prefix"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = http("PATCH", path, admin, bad[i].body, NULL);
    ck_assert_msg(r->status == bad[i].status, "%s -> %ld %s", bad[i].body, r->status, r->body);
    ck_assert_msg(err_has_field(r, bad[i].field), "%s: %s", bad[i].body, r->body);
    resp_free(r);
  }
  r = http("PATCH", "/api/v1/centers/999999", admin, "{\"name\":\"无\"}", NULL);
  ck_status(r, 404);
  resp_free(r);
  /* A centre's own administrator may not. */
  char *local_admin = user_token(admin, "cf_admin_ps", "admin", id);
  r = http("PATCH", path, local_admin, "{\"name\":\"改名\"}", NULL);
  ck_status(r, 403);
  resp_free(r);
  r = http_get("/api/v1/centers?limit=500", admin);
  ck_assert_ptr_nonnull(strstr(r->body, "盘锦市盘山县法律援助中心"));
  resp_free(r);
  free(clerk3);
  free(local_admin);
  json_decref(before);
  json_decref(after);
}
END_TEST

/* A materials request names the papers it asks for (by kind); the case shows each as arrived
 * once a paper of its kind is put in the file after the request (one put in before does not
 * count). Papers only with request_materials, and only known kinds. */
static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

static void put_paper(const char *token, long case_id, const char *kind) {
  char path[96], hk[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments", case_id);
  snprintf(hk, sizeof hk, "X-Attachment-Kind: %s", kind);
  const char *h[] = {"Content-Type: application/pdf", hk, NULL};
  resp *r = http_bytes("POST", path, token, PDF, sizeof PDF - 1, h);
  ck_status(r, 201);
  resp_free(r);
}

static json_t *asked(long case_id, const char *token) {
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", case_id);
  resp *r = http_get(path, token);
  ck_status(r, 200);
  json_t *p = json_incref(jget(r->json, "materials_request.papers"));
  resp_free(r);
  ck_assert_msg(json_is_array(p), "materials_request.papers is not a list");
  return p;
}

START_TEST(materials_request_lists_papers_and_which_arrived) {
  char *reviewer = user_token(admin, "cf_reviewer", "reviewer", 1);
  json_t *c = intake(clerk, 1, "钱补材");
  long id = jint(c, "id"), v = jint(c, "version");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/decision", id);
  put_paper(clerk, id, "hardship_proof"); /* before the request: not an answer to it */
  static const char *const bad[] = {
      "{\"decision\":\"approve\",\"papers\":[\"identity\"]",
      "{\"decision\":\"request_materials\",\"reason\":\"补\",\"papers\":[\"passport\"]",
      "{\"decision\":\"request_materials\",\"reason\":\"补\",\"papers\":\"identity\"",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    resp *r = http_postf(path, reviewer, "%s,\"version\":%ld}", bad[i], v);
    ck_assert_msg(r->status == 422 && err_has_field(r, "papers"), "%s -> %ld %s", bad[i], r->status,
                  r->body);
    resp_free(r);
  }
  resp *r = http_postf(path, reviewer,
                       "{\"decision\":\"request_materials\",\"reason\":\"请补充身份证明和经济困难证明\","
                       "\"papers\":[\"hardship_proof\",\"identity\"],\"version\":%ld}",
                       v);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "materials_requested");
  resp_free(r);
  json_t *p = asked(id, clerk);
  /* In the order of the kinds (a set), whatever the request's order. */
  ck_assert_int_eq((int)json_array_size(p), 2);
  ck_assert_str_eq(jstr(json_array_get(p, 0), "kind"), "identity");
  ck_assert_str_eq(jstr(json_array_get(p, 1), "kind"), "hardship_proof");
  ck_assert(json_is_false(jget(json_array_get(p, 0), "arrived")));
  ck_assert(json_is_false(jget(json_array_get(p, 1), "arrived")));
  json_decref(p);
  put_paper(clerk, id, "identity");
  p = asked(id, clerk);
  ck_assert(json_is_true(jget(json_array_get(p, 0), "arrived")));
  ck_assert(json_is_false(jget(json_array_get(p, 1), "arrived")));
  json_decref(p);
  put_paper(clerk, id, "hardship_proof");
  p = asked(id, clerk);
  ck_assert(json_is_true(jget(json_array_get(p, 1), "arrived")));
  json_decref(p);
  /* A request without papers lists none. */
  json_t *d = intake(clerk, 1, "孙补材");
  snprintf(path, sizeof path, "/api/v1/cases/%ld/decision", jint(d, "id"));
  r = http_postf(path, reviewer, "{\"decision\":\"request_materials\",\"reason\":\"补\",\"version\":%ld}",
                 jint(d, "version"));
  ck_status(r, 200);
  resp_free(r);
  p = asked(jint(d, "id"), clerk);
  ck_assert_int_eq((int)json_array_size(p), 0);
  json_decref(p);
  json_decref(c);
  json_decref(d);
  free(reviewer);
}
END_TEST

/* Issue 15: an intake writes its name's parts before it takes its centre's number, so that the
 * counter row, locked from the number to the commit, is not held while they are written
 * (0012_a_name_parts_first.sql); the insert trigger still writes the parts of a case written
 * any other way. With the centre's counters locked by the test, the intake waits for its number
 * already holding its insert into case_name_parts; once they are free it is answered, with its
 * parts written once. */
typedef struct {
  const char *token;
  int status;
  long id;
  int port; /* the daemon asked (0: the suite's) */
} held_intake;

static void *held_intake_run(void *arg) {
  held_intake *h = arg;
  harness_target_port(h->port);
  char id[19];
  make_id(id, "211104", "19750505", 'F', 991);
  resp *r = http_postf("/api/v1/cases", h->token,
                       "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"欧阳秀\",\"id_number\":\"%s\"}}",
                       id);
  h->status = r->status;
  h->id = r->status == 201 ? jint(r->json, "id") : 0;
  resp_free(r);
  return NULL;
}

START_TEST(name_parts_written_before_the_number) {
  json_decref(intake(clerk, 1, "计数")); /* the centre's counter row for the year exists */
  PGconn *c = PQconnectdb(harness_owner_conninfo());
  ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
  PGresult *r = PQexec(c, "BEGIN; SELECT 1 FROM case_counters WHERE center_id = 1 FOR UPDATE");
  ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
  PQclear(r);
  held_intake h = {clerk, 0, 0, 0};
  pthread_t th;
  ck_assert_int_eq(pthread_create(&th, NULL, held_intake_run, &h), 0);
  /* The intake's backend waits (for the counter) holding its lock on case_name_parts. */
  char *held = sql_value_eventually(
      "SELECT count(*) FROM pg_locks l WHERE l.granted"
      " AND l.relation = 'case_name_parts'::regclass AND l.mode = 'RowExclusiveLock'"
      " AND l.pid IN (SELECT w.pid FROM pg_locks w WHERE NOT w.granted)",
      "1", 10000);
  r = PQexec(c, "COMMIT");
  PQclear(r);
  PQfinish(c);
  pthread_join(th, NULL);
  ck_assert_msg(strcmp(held, "1") == 0,
                "the intake waiting for its number held no insert into case_name_parts (%s)", held);
  free(held);
  ck_assert_int_eq(h.status, 201);
  ck_parts(h.id, "欧@1,欧阳@1,欧阳秀@1,秀@1,阳@1,阳秀@1");
  /* A case written by another hand (a copy of it under a new id, number and name): the trigger
   * writes its parts. */
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO cases SELECT (jsonb_populate_record(c, jsonb_build_object("
           "'id', nextval(pg_get_serial_sequence('cases', 'id')), 'case_no', c.case_no || '-副',"
           "'case_seq', c.case_seq + 100000, 'applicant_name', '司马光'))).* FROM cases c"
           " WHERE c.id = %ld RETURNING id",
           h.id);
  char *copy = sql_value(sql);
  ck_parts(atol(copy), "光@1,司@1,司马@1,司马光@1,马@1,马光@1");
  free(copy);
}
END_TEST

/* Issue 15: case reads have workers of their own (LEGALAID_READ_THREADS, one per core), so a
 * read is never queued behind writes that wait, and reads on two cores run on as few threads as
 * there are cores (tests/bench/RESULTS.md, "The read's tail and the number of workers"). A
 * daemon with one general worker: an intake holds it, waiting for its centre's number (the
 * counters locked by the test); a case read asked meanwhile is answered while it still waits. */
typedef struct {
  int port;
  const char *token;
  const char *path;
  int status;
  atomic_int done;
} read_apart;

static void *read_apart_run(void *arg) {
  read_apart *r = arg;
  harness_target_port(r->port);
  resp *x = http_get(r->path, r->token);
  r->status = (int)x->status;
  resp_free(x);
  atomic_store(&r->done, 1);
  return NULL;
}

START_TEST(case_read_not_queued_behind_waiting_writes) {
  json_t *c = intake(clerk, 1, "读者");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", (long)jint(c, "id"));
  json_decref(c);
  setenv("LEGALAID_THREADS", "1", 1);
  int pid, port = harness_extra_daemon(&pid);
  unsetenv("LEGALAID_THREADS");
  PGconn *pg = PQconnectdb(harness_owner_conninfo());
  ck_assert_int_eq(PQstatus(pg), CONNECTION_OK);
  PGresult *r = PQexec(pg, "BEGIN; SELECT 1 FROM case_counters WHERE center_id = 1 FOR UPDATE");
  ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
  PQclear(r);
  held_intake h = {clerk, 0, 0, port};
  pthread_t ti, tr;
  ck_assert_int_eq(pthread_create(&ti, NULL, held_intake_run, &h), 0);
  char *waits = sql_value_eventually(
      "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'", "1", 10000);
  read_apart rd = {port, clerk, path, 0, 0};
  ck_assert_int_eq(pthread_create(&tr, NULL, read_apart_run, &rd), 0);
  for (int i = 0; i < 100 && !atomic_load(&rd.done); i++) usleep(50 * 1000);
  int answered_while_held = atomic_load(&rd.done);
  r = PQexec(pg, "COMMIT");
  PQclear(r);
  PQfinish(pg);
  pthread_join(ti, NULL);
  pthread_join(tr, NULL);
  harness_extra_stop(pid);
  ck_assert_msg(strcmp(waits, "1") == 0, "the intake did not wait for its number (%s)", waits);
  free(waits);
  ck_assert_msg(answered_while_held,
                "a case read waited 5 s behind an intake waiting for its number");
  ck_assert_int_eq(rd.status, 200);
  ck_assert_int_eq(h.status, 201);
}
END_TEST

/* A misspelt applicant name is corrected through PATCH /cases/{id} (never cleared, no longer
 * than at intake): the case, its search by part of the name and its trail follow, and the trail
 * names the field, not the names. */
START_TEST(name_corrected_through_patch) {
  json_t *c = intake(clerk, 1, "钱某某错");
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  static const char *bad[] = {"\"\"", "\"  \"", "null",
                              "\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                              "一二三四五六七八九十一二三四五六七八九十一\""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char body[512];
    snprintf(body, sizeof body, "{\"applicant\":{\"name\":%s},\"version\":%d}", bad[i], v);
    resp *r = http("PATCH", path, clerk, body, NULL);
    if (i == 2) { /* null: not given, nothing changes */
      ck_status(r, 200);
      ck_assert_str_eq(jstr(r->json, "applicant.name"), "钱某某错");
      v = (int)jint(r->json, "version");
    } else {
      ck_assert_msg(r->status == 422, "%s -> %ld", bad[i], r->status);
      ck_assert(err_has_field(r, "applicant.name"));
    }
    resp_free(r);
  }
  char body[128];
  snprintf(body, sizeof body,
           "{\"applicant\":{\"name\":\"钱正确\"},\"reason\":\"登记时写错了字\",\"version\":%d}", v);
  resp *r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "applicant.name"), "钱正确");
  resp_free(r);
  char want[32];
  snprintf(want, sizeof want, "%ld", id);
  char *ids = search_ids(clerk, "正确", "");
  ck_assert_str_eq(ids, want);
  free(ids);
  ids = search_ids(clerk, "某某错", "");
  ck_assert_str_eq(ids, "");
  free(ids);
  ck_parts(id, "正@1,正确@1,确@1,钱@1,钱正@1,钱正确@1");
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM case_events WHERE case_id = %ld AND detail::text LIKE"
           " '%%applicant.name%%' AND detail::text NOT LIKE '%%钱%%'", id);
  char *n = sql_value(sql);
  ck_assert_str_eq(n, "1");
  free(n);
  /* The reason given is kept with it (it was dropped before). */
  snprintf(sql, sizeof sql,
           "SELECT detail->>'reason' FROM case_events WHERE case_id = %ld"
           " AND detail::text LIKE '%%applicant.name%%'", id);
  n = sql_value(sql);
  ck_assert_str_eq(n, "登记时写错了字");
  free(n);
}
END_TEST

/* The pages the process faulted in so far (minflt, the 10th field of /proc/PID/stat). */
static long minor_faults(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  ck_assert_msg(f != NULL, "no %s", path);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *p = strrchr(buf, ')'); /* past the command's name, which may hold spaces */
  ck_assert_ptr_nonnull(p);
  long v = -1;
  ck_assert_int_eq(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %ld", &v), 1);
  return v;
}

/* The pages faulted in by 20 requests for path (each on a new connection, as the harness asks). */
static long faults_of_20(int pid, const char *path) {
  long before = minor_faults(pid);
  for (int i = 0; i < 20; i++) {
    resp *r = http_get(path, clerk);
    ck_status(r, 200);
    resp_free(r);
  }
  return minor_faults(pid) - before;
}

/* A page of 80 cases (about 190 KB) served again and again does not map and fault in its
 * memory at each request: glibc gave such a block its own mmap, unmapped when freed, so each of
 * these requests faulted in about 100 pages more than a page of one case (main.c,
 * keep_reply_memory: searches at 16 connections 30% faster on this VM). Not under
 * AddressSanitizer, whose allocator is its own. */
START_TEST(large_pages_keep_their_memory) {
#if defined(__SANITIZE_ADDRESS__)
  return;
#endif
  for (int i = 0; i < 80; i++) json_decref(intake(clerk, 1, "容量试验"));
  int pid = harness_daemon_pid();
  ck_assert_int_gt(pid, 0);
  const char *big = "/api/v1/cases?center_id=1&limit=80", *small = "/api/v1/cases?center_id=1&limit=1";
  resp *r = http_get(big, clerk);
  ck_status(r, 200);
  ck_assert_int_eq((long)json_array_size(jget(r->json, "items")), 80);
  ck_assert_int_gt((long)r->len, 160000); /* over glibc's 128 KiB */
  resp_free(r);
  faults_of_20(pid, big); /* warm: every worker's memory, the prepared statements */
  faults_of_20(pid, small);
  long one = faults_of_20(pid, small), eighty = faults_of_20(pid, big);
  ck_assert_msg(eighty - one < 500,
                "20 pages of 80 cases faulted in %ld pages of memory, 20 of one case %ld", eighty,
                one);
}
END_TEST

static Suite *casefile_suite(void) {
  Suite *s = suite_create("api_casefile");
  TCase *t = tcase_create("casefile");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, health_at_the_root);
  tcase_add_test(t, satisfaction_apart_for_recipients_and_callers);
  tcase_add_test(t, search_any_part_of_name_or_case_number);
  tcase_add_test(t, search_by_part_finds_what_like_finds);
  tcase_add_test(t, name_parts_written_before_the_number);
  tcase_add_test(t, case_read_not_queued_behind_waiting_writes);
  tcase_add_test(t, name_corrected_through_patch);
  tcase_add_test(t, centre_renamed_and_prefix_changed);
  tcase_add_test(t, materials_request_lists_papers_and_which_arrived);
  tcase_add_test(t, large_pages_keep_their_memory);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("casefile");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "cf_clerk", "clerk", 1);
  clerk2 = user_token(admin, "cf_clerk2", "clerk", 2);
  sup = user_token(admin, "cf_sup", "supervisor", 2);
  (void)lawyer;
  int failed = run_suite(casefile_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
