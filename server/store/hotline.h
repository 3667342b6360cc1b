/* 12348 hotline calls, the follow-up queue, conversion into an application, consultations. */
#ifndef LA_STORE_HOTLINE_H
#define LA_STORE_HOTLINE_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/date.h"
#include "domain/intake.h"
#include "domain/principal.h"
#include "idem.h"

typedef struct {
  int64_t center_id, operator_id;
  int kind, topic, outcome; /* enum indexes */
  int64_t started_at;       /* epoch seconds */
  int64_t duration_s;
  const char *caller_phone, *caller_region_code, *summary; /* may be NULL */
  bool follow_up;
  int satisfied; /* -1 unknown, 0, 1 */
  bool dues_set;
  day_t transfer_due, feedback_due;
} call_new;

typedef struct {
  char *json;
  idem_outcome idem;
  int replay_status; /* IDEM_REPLAY: the status the first answer had */
} call_create_result;

/* Records a call (with the Idempotency-Key claim when key->key is set). */
db_status store_call_create(const call_new *k, const idem_req *key, call_create_result *out);

typedef struct {
  int64_t center_id, operator_id; /* 0: any */
  int topic, outcome, kind;       /* -1: any */
  const char *phone;              /* exact full number */
  bool follow_up_queue;           /* only the open follow-up queue */
  bool from_set, to_set;
  day_t from, to;
  int64_t before_id;
  int limit;
} call_filter;

/* Calls in the principal's centres, newest first, phones masked. */
db_status store_calls_list(const principal *p, const call_filter *f, char **json);
/* A caller's earlier calls and cases by the full phone number: {"calls":[...],"cases":[...]}
 * (phones and resident IDs masked). */
db_status store_caller_lookup(const principal *p, const char *phone, char **json);
/* Marks a call in the follow-up queue handled. DB_NOT_FOUND: no such call in scope;
 * DB_CONFLICT: the call is not in the queue. */
db_status store_call_handle(const principal *p, int64_t id, const char *note, int satisfied,
                            char **json);
/* Turns a call into an application in one transaction: the case (channel hotline_12348, the
 * call's centre) and the call's outcome `converted` with its link; *json the new case.
 * DB_NOT_FOUND: no such call in scope; DB_CONFLICT: converted already. The intake is
 * prepared against the call's centre, found first with store_call_center. */
db_status store_call_center(const principal *p, int64_t id, int64_t *center_id);
db_status store_call_convert(const principal *p, int64_t id, const intake *in, const char *elig,
                             char **json);

typedef struct {
  int64_t center_id, actor;
  int channel, topic;
  int64_t at;
  const char *summary;
  int satisfied; /* -1 not rated, 0, 1 */
} consultation_new;
db_status store_consultation_create(const consultation_new *c, char **json);

#endif
