/* The case file (卷宗): papers uploaded to a case, listed, downloaded; refused when they are not
 * what they claim, too large, or out of the caller's scope; kept through kill -9 with nothing
 * half-written; served by a second daemon on the same database. Without forking: it kills and
 * restarts the daemon. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char *admin, *clerk, *reviewer, *sup, *clerk2, *lawyer, *lawyer2;
static long lawyer_id;
static int seq = 300;

static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
/* A PNG signature and an IHDR chunk: bytes that hold NULs. */
static const unsigned char PNG[] = {0x89, 'P',  'N',  'G',  0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0,
                                    0x0D, 'I',  'H',  'D',  'R',  0,    0,    0,    1, 0, 0,
                                    0,    1,    8,    2,    0,    0,    0,    0x90, 0x77, 0x53,
                                    0xDE};

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

/* A case of centre 1 (civil, wages), recorded by the clerk. */
static long new_case(void) {
  char id[19];
  make_id(id, "211104", "19850303", (seq % 2) ? 'M' : 'F', seq);
  seq += 2;
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"channel\":\"window\",\"case_type\":\"civil\",\"matter\":\"labour_remuneration\","
                       "\"opposing_party\":\"某建筑公司\",\"applicant\":{\"name\":\"卷宗%d\",\"id_number\":\"%s\","
                       "\"groups\":[\"migrant_worker\"]}}",
                       seq, id);
  ck_status(r, 201);
  long cid = jint(r->json, "id");
  resp_free(r);
  return cid;
}

/* An upload to the daemon on `port`; key (or NULL) goes as Idempotency-Key. */
static resp *upload_key(int port, const char *token, long case_id, const char *ctype,
                        const char *kind, const char *fname, const void *b, size_t n,
                        const char *idem_key) {
  char path[96], h1[128], h2[128], h3[600], h4[200];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments", case_id);
  const char *h[5] = {NULL, NULL, NULL, NULL, NULL};
  int k = 0;
  if (idem_key) {
    snprintf(h4, sizeof h4, "Idempotency-Key: %s", idem_key);
    h[k++] = h4;
  }
  if (ctype) {
    snprintf(h1, sizeof h1, "Content-Type: %s", ctype);
    h[k++] = h1;
  }
  if (kind) {
    snprintf(h2, sizeof h2, "X-Attachment-Kind: %s", kind);
    h[k++] = h2;
  }
  if (fname) {
    snprintf(h3, sizeof h3, "X-Filename: %s", fname);
    h[k++] = h3;
  }
  return http_bytes_at(port, "POST", path, token, b, n, h);
}

static resp *upload(const char *token, long case_id, const char *ctype, const char *kind,
                    const char *fname, const void *b, size_t n) {
  return upload_key(harness_port(), token, case_id, ctype, kind, fname, b, n, NULL);
}

static long count_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long count_sql(const char *fmt, ...) {
  char q[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(q, sizeof q, fmt, ap);
  va_end(ap);
  char *v = sql_value(q);
  long n = atol(v);
  free(v);
  return n;
}

static resp *act(const char *token, long id, const char *what, const char *body) {
  char path[128];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/%s", id, what);
  return http("POST", path, token, body, NULL);
}

static int version_of(resp *r) {
  ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
  int v = (int)jint(r->json, "version");
  resp_free(r);
  return v;
}

START_TEST(upload_list_download) {
  long cid = new_case();
  /* 身份证.pdf, percent-encoded; a path in front of it is dropped. */
  resp *r = upload(clerk, cid, "application/pdf", "identity",
                   "C%3A%5Cscan%5C%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf", PDF, sizeof PDF - 1);
  ck_status(r, 201);
  long aid = jint(r->json, "id");
  ck_assert_str_eq(jstr(r->json, "kind"), "identity");
  ck_assert_str_eq(jstr(r->json, "filename"), "身份证.pdf");
  ck_assert_str_eq(jstr(r->json, "content_type"), "application/pdf");
  ck_assert_int_eq(jint(r->json, "size"), (long)(sizeof PDF - 1));
  ck_assert_int_eq(strlen(jstr(r->json, "sha256")), 64);
  ck_assert_ptr_nonnull(jstr(r->json, "uploaded_at"));
  ck_assert_int_gt(jint(r->json, "uploaded_by"), 0);
  char want[65];
  char q[160];
  snprintf(q, sizeof q, "SELECT encode(sha256(data), 'hex') FROM case_attachments WHERE id = %ld", aid);
  char *sha = sql_value(q);
  snprintf(want, sizeof want, "%s", sha);
  free(sha);
  ck_assert_str_eq(jstr(r->json, "sha256"), want);
  resp_free(r);
  /* A PNG with NULs in it, without a name: the kind and type make one. */
  r = upload(clerk, cid, "image/png", "hardship_proof", NULL, PNG, sizeof PNG);
  ck_status(r, 201);
  long pid = jint(r->json, "id");
  ck_assert_str_eq(jstr(r->json, "filename"), "hardship_proof.png");
  resp_free(r);

  char path[160];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments", cid);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert_int_eq(json_array_size(items), 2);
  ck_assert_int_eq(jint(json_array_get(items, 0), "id"), aid);
  ck_assert_int_eq(jint(json_array_get(items, 1), "id"), pid);
  ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
  resp_free(r);
  /* Paged: one at a time. */
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments?limit=1", cid);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  char next[64];
  snprintf(next, sizeof next, "%s", jstr(r->json, "next_cursor"));
  resp_free(r);
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments?limit=1&cursor=%s", cid, next);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  ck_assert_int_eq(jint(json_array_get(json_object_get(r->json, "items"), 0), "id"), pid);
  resp_free(r);

  /* The bytes, as they were, as a download; the read recorded. */
  snprintf(path, sizeof path, "/api/v1/attachments/%ld", pid);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  ck_assert_int_eq(r->len, sizeof PNG);
  ck_assert(memcmp(r->body, PNG, sizeof PNG) == 0);
  ck_assert_str_eq(resp_header(r, "Content-Type"), "image/png");
  ck_assert_str_eq(resp_header(r, "X-Content-Type-Options"), "nosniff");
  ck_assert_str_eq(resp_header(r, "Content-Disposition"),
                   "attachment; filename=\"hardship_proof.png\"; filename*=UTF-8''hardship_proof.png");
  resp_free(r);
  snprintf(path, sizeof path, "/api/v1/attachments/%ld", aid);
  r = http_get(path, clerk);
  ck_status(r, 200);
  ck_assert(r->len == sizeof PDF - 1 && memcmp(r->body, PDF, r->len) == 0);
  ck_assert_str_eq(resp_header(r, "Content-Disposition"),
                   "attachment; filename=\"_________.pdf\"; "
                   "filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf");
  resp_free(r);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM attachment_reads WHERE attachment_id = %ld", pid), 1);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM attachment_reads WHERE attachment_id = %ld", aid), 1);
  /* The audit trail of the case names each paper. */
  snprintf(path, sizeof path, "/api/v1/cases/%ld/events", cid);
  r = http_get(path, clerk);
  ck_status(r, 200);
  int seen = 0;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(r->json, "items"), i, e) {
    if (strcmp(jstr(e, "action"), "attachment") == 0) {
      seen++;
      ck_assert_int_gt(jint(e, "detail.attachment_id"), 0);
    }
  }
  ck_assert_int_eq(seen, 2);
  resp_free(r);
}
END_TEST

/* A body over the limit, sent whole by a client that does not ask first (no Expect: curl's
 * default below 1 MiB, many HTTP libraries always): the answer is 413, read after the last
 * byte was sent, not a connection reset while still sending. Raw socket: nothing in between. */
static void send_too_large(const char *path, const char *ctype, size_t n) {
  signal(SIGPIPE, SIG_IGN);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)harness_port())};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  ck_assert_int_eq(connect(s, (struct sockaddr *)&a, sizeof a), 0);
  char head[600];
  int hl = snprintf(head, sizeof head,
                    "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: %s\r\nX-Attachment-Kind: other\r\nContent-Length: %zu\r\n\r\n",
                    path, clerk, ctype, n);
  ck_assert_int_eq(write(s, head, (size_t)hl), hl);
  static unsigned char chunk[64 * 1024];
  size_t sent = 0;
  while (sent < n) {
    size_t k = n - sent < sizeof chunk ? n - sent : sizeof chunk;
    ssize_t w = write(s, chunk, k);
    ck_assert_msg(w > 0, "%s: the connection was closed with %zu of %zu bytes sent", path, sent, n);
    sent += (size_t)w;
  }
  char ans[4096];
  size_t got = 0;
  for (;;) {
    ssize_t r = read(s, ans + got, sizeof ans - 1 - got);
    if (r <= 0) break;
    got += (size_t)r;
    if (got >= sizeof ans - 1) break;
  }
  ans[got] = '\0';
  close(s);
  ck_assert_msg(strncmp(ans, "HTTP/1.1 413", 12) == 0, "%s: answered %.80s", path, ans);
  ck_assert_msg(strstr(ans, "payload_too_large") != NULL, "%s: %s", path, ans);
}

START_TEST(too_large_is_answered_to_a_client_that_did_not_ask_first) {
  long cid = new_case();
  char path[80];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/attachments", cid);
  send_too_large(path, "application/pdf", (size_t)20 * 1024 * 1024 + 1);
  send_too_large("/api/v1/cases", "application/json", (size_t)1024 * 1024 + 1);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid), 0);
  /* The daemon still answers. */
  resp *r = http_get("/api/v1/me", clerk);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

START_TEST(refusals_change_nothing) {
  long cid = new_case();
  long before = count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid);
  struct {
    const char *ctype, *kind, *fname;
    const void *b;
    size_t n;
    long status;
    const char *field;
  } bad[] = {
      {"text/plain", "other", "a.txt", "hello", 5, 415, NULL},
      {NULL, "other", "a.pdf", PDF, sizeof PDF - 1, 415, NULL},
      {"application/pdf", "other", "a.pdf", PNG, sizeof PNG, 415, NULL}, /* a PNG called a PDF */
      {"image/jpeg", "other", "a.jpg", PDF, sizeof PDF - 1, 415, NULL},
      {"application/pdf", "passport", "a.pdf", PDF, sizeof PDF - 1, 422, "X-Attachment-Kind"},
      {"application/pdf", NULL, "a.pdf", PDF, sizeof PDF - 1, 422, "X-Attachment-Kind"},
      {"application/pdf", "other", "bad%zzname.pdf", PDF, sizeof PDF - 1, 422, "X-Filename"},
      {"application/pdf", "other", "%FF%FE.pdf", PDF, sizeof PDF - 1, 422, "X-Filename"},
      {"application/pdf", "other", "a%0Ab.pdf", PDF, sizeof PDF - 1, 422, "X-Filename"},
      {"application/pdf", "other", "%2F..%2F", PDF, sizeof PDF - 1, 422, "X-Filename"},
      {"application/pdf", "other", "a.pdf", "", 0, 422, "file"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    resp *r = upload(clerk, cid, bad[i].ctype, bad[i].kind, bad[i].fname, bad[i].b, bad[i].n);
    ck_assert_msg(r->status == bad[i].status, "case %zu: %ld %s", i, r->status, r->body);
    if (bad[i].field) ck_assert_msg(err_has_field(r, bad[i].field), "case %zu: %s", i, r->body);
    ck_assert_msg(strstr(r->body, "\"message\"") != NULL, "case %zu: an error body", i);
    resp_free(r);
  }
  /* A 256-character name is one too many. */
  char longname[300] = "";
  for (int i = 0; i < 252; i++) strcat(longname, "a");
  strcat(longname, ".pdf");
  resp *r = upload(clerk, cid, "application/pdf", "other", longname, PDF, sizeof PDF - 1);
  ck_status(r, 422);
  resp_free(r);
  longname[251] = '\0';
  strcat(longname, ".pdf"); /* 255: fits */
  r = upload(clerk, cid, "application/pdf", "other", longname, PDF, sizeof PDF - 1);
  ck_status(r, 201);
  resp_free(r);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid),
                   before + 1);
  /* 20 MiB is the limit: one byte more is 413, the limit itself is taken. */
  size_t big = (size_t)20 * 1024 * 1024;
  unsigned char *buf = calloc(1, big + 1);
  buf[0] = 0xFF;
  buf[1] = 0xD8;
  buf[2] = 0xFF;
  r = upload(clerk, cid, "image/jpeg", "judgment", "big.jpg", buf, big + 1);
  ck_status(r, 413);
  ck_assert_str_eq(err_code(r), "payload_too_large");
  resp_free(r);
  r = upload(clerk, cid, "image/jpeg", "judgment", "big.jpg", buf, big);
  ck_status(r, 201);
  ck_assert_int_eq(jint(r->json, "size"), (long)big);
  long bid = jint(r->json, "id");
  char want[65];
  snprintf(want, sizeof want, "%s", jstr(r->json, "sha256"));
  resp_free(r);
  free(buf);
  /* Stored whole: its bytes' SHA-256 in the database is the one answered (not downloaded
   * again here: 20 MiB through a sanitizer build on a busy machine outlasts the client's
   * timeout; upload_list_download reads files back byte for byte). */
  char q[200];
  snprintf(q, sizeof q,
           "SELECT octet_length(data) || ' ' || encode(sha256(data), 'hex') FROM case_attachments"
           " WHERE id = %ld", bid);
  char *got = sql_value(q);
  char expect[128];
  snprintf(expect, sizeof expect, "%zu %s", big, want);
  ck_assert_str_eq(got, expect);
  free(got);
  /* The JSON routes still take JSON only, 1 MiB at most. */
  r = http("POST", "/api/v1/cases", clerk, "{}", (const char *[]){"Content-Type: application/pdf", NULL});
  ck_status(r, 415);
  resp_free(r);
  char *json = malloc(1024 * 1024 + 16);
  memset(json, ' ', 1024 * 1024 + 15);
  json[0] = '{';
  json[1024 * 1024 + 14] = '}';
  json[1024 * 1024 + 15] = '\0';
  r = http("POST", "/api/v1/cases", clerk, json, NULL);
  ck_status(r, 413);
  resp_free(r);
  free(json);
}
END_TEST

START_TEST(scope_and_roles) {
  long cid = new_case();
  resp *r = upload(clerk, cid, "application/pdf", "application", "申请书.pdf", PDF, sizeof PDF - 1);
  ck_status(r, 201);
  long aid = jint(r->json, "id");
  resp_free(r);
  char list[96], one[64];
  snprintf(list, sizeof list, "/api/v1/cases/%ld/attachments", cid);
  snprintf(one, sizeof one, "/api/v1/attachments/%ld", aid);
  /* Another centre's clerk, a lawyer not assigned: the case and its papers do not exist. */
  const char *outsiders[] = {clerk2, lawyer2, lawyer};
  for (int i = 0; i < 3; i++) {
    r = upload(outsiders[i], cid, "application/pdf", "other", "x.pdf", PDF, sizeof PDF - 1);
    ck_status(r, 404);
    resp_free(r);
    r = http_get(list, outsiders[i]);
    ck_status(r, 404);
    resp_free(r);
    r = http_get(one, outsiders[i]);
    ck_status(r, 404);
    resp_free(r);
  }
  r = http_get("/api/v1/attachments/99999999", clerk);
  ck_status(r, 404);
  resp_free(r);
  /* A supervisor sees the list (figures), not the papers (personal data). */
  r = http_get(list, sup);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  resp_free(r);
  r = http_get(one, sup);
  ck_status(r, 403);
  resp_free(r);
  r = upload(sup, cid, "application/pdf", "other", "x.pdf", PDF, sizeof PDF - 1);
  ck_status(r, 403);
  resp_free(r);
  r = upload(NULL, cid, "application/pdf", "other", "x.pdf", PDF, sizeof PDF - 1);
  ck_status(r, 401);
  resp_free(r);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid), 1);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM attachment_reads WHERE attachment_id = %ld", aid), 0);

  /* Assigned, the lawyer adds the judgment and reads the papers; once the file is archived
   * nothing more is added. */
  int v = version_of(act(reviewer, cid, "decision", "{\"decision\":\"approve\",\"version\":1}"));
  char body[160];
  snprintf(body, sizeof body, "{\"lawyer_id\":%ld,\"version\":%d}", lawyer_id, v);
  v = version_of(act(reviewer, cid, "assignment", body));
  snprintf(body, sizeof body, "{\"version\":%d}", v);
  v = version_of(act(lawyer, cid, "accept", body));
  r = upload(lawyer, cid, "image/png", "judgment", "%E5%88%A4%E5%86%B3%E4%B9%A6.png", PNG, sizeof PNG);
  ck_status(r, 201);
  ck_assert_str_eq(jstr(r->json, "filename"), "判决书.png");
  resp_free(r);
  r = http_get(one, lawyer);
  ck_status(r, 200);
  resp_free(r);
  char today[16];
  time_t now = time(NULL) + 8 * 3600; /* Asia/Shanghai */
  strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
  snprintf(body, sizeof body, "{\"stage\":\"first_instance\",\"started_on\":\"%s\"}", today);
  r = act(lawyer, cid, "stages", body);
  ck_assert_msg(r->status == 200 || r->status == 201, "%ld %s", r->status, r->body);
  v = (int)jint(r->json, "version");
  resp_free(r);
  snprintf(body, sizeof body,
           "{\"outcome\":\"调解结案\",\"recovered_fen\":1200000,\"closed_on\":\"%s\",\"version\":%d}",
           today, v);
  v = version_of(act(lawyer, cid, "closure", body));
  snprintf(body, sizeof body, "{\"version\":%d}", v);
  v = version_of(act(clerk, cid, "archive", body));
  r = upload(clerk, cid, "application/pdf", "closing_report", "结案.pdf", PDF, sizeof PDF - 1);
  ck_status(r, 409);
  resp_free(r);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid), 2);
}
END_TEST

/* ---- kill -9 with uploads in flight ---- */

#define UPLOADERS 3
#define PER_UPLOADER 40
#define UPLOAD_BYTES (256 * 1024)

typedef struct {
  long case_id;
  long ids[PER_UPLOADER];
  char sha[PER_UPLOADER][65];
  int failed, retries;
} uploader;

static atomic_int uploads_done;

static void *upload_loop(void *arg) {
  uploader *u = arg;
  unsigned char *buf = malloc(UPLOAD_BYTES);
  for (int i = 0; i < PER_UPLOADER; i++) {
    memcpy(buf, PDF, 5);
    for (size_t k = 5; k < UPLOAD_BYTES; k++) buf[k] = (unsigned char)(k * 31 + i * 7 + u->case_id);
    for (;;) {
      /* Retried with the same key until answered 201: a file stored whose answer the crash
       * lost is answered from the first time, not stored twice. */
      char key[64];
      snprintf(key, sizeof key, "kill-%ld-%d", u->case_id, i);
      resp *r = upload_key(harness_port(), clerk, u->case_id, "application/pdf", "other",
                           "kill.pdf", buf, UPLOAD_BYTES, key);
      if (r->status == 201) {
        u->ids[i] = jint(r->json, "id");
        snprintf(u->sha[i], sizeof u->sha[i], "%s", jstr(r->json, "sha256"));
        resp_free(r);
        atomic_fetch_add(&uploads_done, 1);
        break;
      }
      if (r->status != 0 && r->status != 503) u->failed++;
      u->retries++;
      resp_free(r);
      sleep_ms(50);
    }
  }
  free(buf);
  return NULL;
}

START_TEST(kill_9_keeps_every_answered_file_and_no_half) {
  uploader us[UPLOADERS];
  pthread_t t[UPLOADERS];
  memset(us, 0, sizeof us);
  for (int i = 0; i < UPLOADERS; i++) us[i].case_id = new_case();
  long rows_before = count_sql("SELECT count(*) FROM case_attachments WHERE true");

  /* First, a half-sent file: the daemon dies with 512 KiB of a 1 MiB body received. */
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)harness_port())};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  ck_assert_int_eq(connect(s, (struct sockaddr *)&a, sizeof a), 0);
  char head[512];
  int hl = snprintf(head, sizeof head,
                    "POST /api/v1/cases/%ld/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: application/pdf\r\nX-Attachment-Kind: other\r\nContent-Length: 1048576\r\n\r\n",
                    us[0].case_id, clerk);
  ck_assert_int_eq(write(s, head, (size_t)hl), hl);
  unsigned char *half = calloc(1, 512 * 1024);
  memcpy(half, PDF, 5);
  ck_assert_int_eq(write(s, half, 512 * 1024), 512 * 1024);
  free(half);
  sleep_ms(300);
  for (int i = 0; i < UPLOADERS; i++) pthread_create(&t[i], NULL, upload_loop, &us[i]);
  /* kill -9 a third of the way through, with uploads in flight. */
  while (atomic_load(&uploads_done) < UPLOADERS * PER_UPLOADER / 3) sleep_ms(5);
  harness_kill_daemon();
  close(s);
  sleep_ms(300);
  harness_restart_daemon();
  for (int i = 0; i < UPLOADERS; i++) pthread_join(t[i], NULL);
  int failed = 0, retries = 0;
  for (int i = 0; i < UPLOADERS; i++) {
    failed += us[i].failed;
    retries += us[i].retries;
  }
  fprintf(stderr, "kill -9: %d uploads, %d retried after the crash\n", UPLOADERS * PER_UPLOADER,
          retries);
  ck_assert_int_gt(retries, 0); /* the kill did land mid-stream */
  ck_assert_int_eq(failed, 0);
  /* Every file answered 201 is there, byte for byte (its SHA-256), with its event; no row is
   * half a file; the half-sent one left nothing. */
  for (int i = 0; i < UPLOADERS; i++)
    for (int k = 0; k < PER_UPLOADER; k++) {
      char q[400];
      snprintf(q, sizeof q,
               "SELECT count(*) FROM case_attachments a JOIN case_events e ON e.case_id = a.case_id"
               " AND e.action = 'attachment' AND (e.detail->>'attachment_id')::bigint = a.id"
               " WHERE a.id = %ld AND a.sha256 = '%s' AND encode(sha256(a.data), 'hex') = a.sha256",
               us[i].ids[k], us[i].sha[k]);
      char *v = sql_value(q);
      ck_assert_msg(strcmp(v, "1") == 0, "upload %d/%d (id %ld) lost", i, k, us[i].ids[k]);
      free(v);
    }
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE"
                             " (octet_length(data) <> size OR encode(sha256(data), 'hex') <> sha256)"),
                   0);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE true"),
                   rows_before + UPLOADERS * PER_UPLOADER);
}
END_TEST

START_TEST(idempotent_uploads) {
  long cid = new_case();
  resp *a = upload_key(harness_port(), clerk, cid, "image/png", "identity", "id.png", PNG,
                       sizeof PNG, "phone-1");
  resp *b = upload_key(harness_port(), clerk, cid, "image/png", "identity", "id.png", PNG,
                       sizeof PNG, "phone-1");
  ck_status(a, 201);
  ck_status(b, 201);
  ck_assert_int_eq(jint(a->json, "id"), jint(b->json, "id"));
  ck_assert_str_eq(resp_header(b, "Idempotent-Replayed"), "true");
  resp_free(a);
  resp_free(b);
  /* The same key with another kind (or file) is a mistake, not a retry. */
  b = upload_key(harness_port(), clerk, cid, "image/png", "notice", "id.png", PNG, sizeof PNG,
                 "phone-1");
  ck_status(b, 422);
  ck_assert(err_has_field(b, "Idempotency-Key"));
  resp_free(b);
  ck_assert_int_eq(count_sql("SELECT count(*) FROM case_attachments WHERE case_id = %ld", cid), 1);
}
END_TEST

START_TEST(a_second_daemon_serves_the_file) {
  long cid = new_case();
  resp *r = upload(clerk, cid, "image/png", "notice", "通知书.png", PNG, sizeof PNG);
  ck_status(r, 201);
  long aid = jint(r->json, "id");
  resp_free(r);
  int pid;
  int port = harness_extra_daemon(&pid);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/attachments/%ld", aid);
  r = http_bytes_at(port, "GET", path, reviewer, NULL, 0, NULL);
  ck_status(r, 200);
  ck_assert(r->len == sizeof PNG && memcmp(r->body, PNG, sizeof PNG) == 0);
  resp_free(r);
  /* And a file it takes, the first one serves. */
  r = upload_key(port, clerk, cid, "application/pdf", "other", "b.pdf", PDF, sizeof PDF - 1, NULL);
  ck_status(r, 201);
  long bid = jint(r->json, "id");
  resp_free(r);
  ck_assert_int_eq(harness_extra_stop(pid), 0);
  snprintf(path, sizeof path, "/api/v1/attachments/%ld", bid);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  ck_assert(r->len == sizeof PDF - 1 && memcmp(r->body, PDF, r->len) == 0);
  resp_free(r);
}
END_TEST


int main(void) {
  harness_start("attachments");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "at_clerk", "clerk", 1);
  clerk2 = user_token(admin, "at_clerk2", "clerk", 2);
  reviewer = user_token(admin, "at_reviewer", "reviewer", 1);
  sup = user_token(admin, "at_sup", "supervisor", 1);
  lawyer_id = create_user(admin, "at_lawyer", "lawyer", 1,
                          "{\"license_no\":\"21110201912340001\",\"firm\":\"辽宁某律所\",\"kind\":\"lawyer\","
                          "\"practice_years\":6,\"specialties\":[\"civil\"]}");
  lawyer = login("at_lawyer", USER_PASS);
  create_user(admin, "at_lawyer2", "lawyer", 1,
              "{\"license_no\":\"21110201912340002\",\"kind\":\"lawyer\",\"practice_years\":3}");
  lawyer2 = login("at_lawyer2", USER_PASS);
  Suite *s = suite_create("api_attachments");
  TCase *tc = tcase_create("attachments");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, upload_list_download);
  tcase_add_test(tc, refusals_change_nothing);
  tcase_add_test(tc, too_large_is_answered_to_a_client_that_did_not_ask_first);
  tcase_add_test(tc, scope_and_roles);
  tcase_add_test(tc, idempotent_uploads);
  tcase_add_test(tc, a_second_daemon_serves_the_file);
  tcase_add_test(tc, kill_9_keeps_every_answered_file_and_no_half);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
