/* legalaid-ha-stream: a stream of intakes (POST /api/v1/cases) for the failover test.
 *
 *   legalaid-ha-stream URL TOKEN CLIENTS SECONDS RUN_ID
 *
 * CLIENTS threads each post one application after another for SECONDS seconds. Every
 * application carries its own Idempotency-Key; an answer other than 201 (503 while the
 * database is away, or no answer at all) is retried with the same key and body every 100 ms
 * until it is 201, so every application begun ends up recorded exactly once, or the run gives
 * up after SECONDS + 90 s and says so. One line per attempt on stdout:
 *
 *   <unix ms> <client> <key> <attempt> <status> <case_no or ->
 *
 * (status 0: no HTTP answer). The test reads these lines; this program judges nothing. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/idcard.h"

static const char *g_url, *g_token, *g_run;
static long g_seconds;
static long long g_t0;
static pthread_mutex_t g_out = PTHREAD_MUTEX_INITIALIZER;
static int g_gave_up;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

typedef struct {
  char *p;
  size_t n;
} buf;

static size_t collect(char *data, size_t size, size_t nmemb, void *userp) {
  buf *b = userp;
  size_t add = size * nmemb;
  char *np = realloc(b->p, b->n + add + 1);
  if (!np) return 0;
  memcpy(np + b->n, data, add);
  b->p = np;
  b->n += add;
  b->p[b->n] = '\0';
  return add;
}

/* A valid resident ID, different for every (client, seq): born 1960-01-01 plus some days,
 * region 430981 (沅江市). */
static void resident_id(char out[19], int client, long seq) {
  long i = (long)client * 100000 + seq;
  struct tm tm = {.tm_year = 60, .tm_mon = 0, .tm_mday = 1 + (int)(i / 1000), .tm_hour = 12};
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  char digits[64];
  snprintf(digits, sizeof digits, "430981%04d%02d%02d%03ld", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, i % 1000);
  memcpy(out, digits, 17);
  out[17] = idcard_check_char(digits);
  out[18] = '\0';
}

static void *client(void *arg) {
  int id = (int)(long)arg;
  CURL *c = curl_easy_init();
  if (!c) return NULL;
  char url[512], auth[600];
  snprintf(url, sizeof url, "%s/api/v1/cases", g_url);
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", g_token);
  for (long seq = 1; now_ms() - g_t0 < g_seconds * 1000; seq++) {
    char key[128], keyh[160], rid[19], body[512];
    snprintf(key, sizeof key, "%s-%d-%ld", g_run, id, seq);
    snprintf(keyh, sizeof keyh, "Idempotency-Key: %s", key);
    resident_id(rid, id, seq);
    snprintf(body, sizeof body,
             "{\"channel\":\"window\",\"case_type\":\"plea_help\","
             "\"applicant\":{\"name\":\"流%d号%ld\",\"id_number\":\"%s\"}}",
             id, seq, rid);
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, auth);
    h = curl_slist_append(h, keyh);
    for (int attempt = 1;; attempt++) {
      buf b = {0};
      curl_easy_setopt(c, CURLOPT_URL, url);
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
      curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
      /* Longer than any statement the daemon waits on, so a slow answer is still an answer. */
      curl_easy_setopt(c, CURLOPT_TIMEOUT, 90L);
      long status = 0;
      if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
      char case_no[128] = "-";
      if (status == 201 && b.p) {
        json_t *j = json_loads(b.p, 0, NULL);
        const char *cn = json_string_value(json_object_get(j, "case_no"));
        if (cn) snprintf(case_no, sizeof case_no, "%s", cn);
        json_decref(j);
      }
      free(b.p);
      pthread_mutex_lock(&g_out);
      printf("%lld %d %s %d %ld %s\n", now_ms(), id, key, attempt, status, case_no);
      fflush(stdout);
      pthread_mutex_unlock(&g_out);
      if (status == 201) break;
      if (now_ms() - g_t0 > (g_seconds + 90) * 1000) {
        pthread_mutex_lock(&g_out);
        g_gave_up = 1;
        pthread_mutex_unlock(&g_out);
        break;
      }
      sleep_ms(100);
    }
    curl_slist_free_all(h);
  }
  curl_easy_cleanup(c);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s URL TOKEN CLIENTS SECONDS RUN_ID\n", argv[0]);
    return 2;
  }
  g_url = argv[1];
  g_token = argv[2];
  int n = atoi(argv[3]);
  g_seconds = atol(argv[4]);
  g_run = argv[5];
  if (n < 1 || n > 64 || g_seconds < 1) {
    fprintf(stderr, "CLIENTS must be 1..64 and SECONDS positive\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_ALL);
  g_t0 = now_ms();
  pthread_t th[64];
  for (int i = 0; i < n; i++) pthread_create(&th[i], NULL, client, (void *)(long)(i + 1));
  for (int i = 0; i < n; i++) pthread_join(th[i], NULL);
  curl_global_cleanup();
  if (g_gave_up) fprintf(stderr, "legalaid-ha-stream: gave up on an application after %ld s\n",
                         g_seconds + 90);
  return g_gave_up ? 1 : 0;
}
