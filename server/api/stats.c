/* GET /stats/cases, /stats/hotline, /stats/annual: JSON, or CSV for format=csv or
 * Accept: text/csv (UTF-8 with a byte-order mark and a header row, so that a spreadsheet
 * opens it with the right characters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/timestamp.h"
#include "handlers.h"
#include "http/query.h"
#include "money.h"
#include "store/stats.h"

/* Chinese names of the enumerations' values, for labels in replies and CSV. */
static const struct {
  const char *key, *zh;
} zh_names[] = {
    {"criminal_defense", "刑事辩护"}, {"criminal_victim", "刑事代理"},
    {"plea_help", "认罪认罚法律帮助"}, {"civil", "民事"}, {"administrative", "行政"},
    {"labor_arbitration", "劳动仲裁"}, {"state_compensation", "国家赔偿"},
    {"notarization", "公证"}, {"document_drafting", "代写法律文书"},
    {"window", "窗口"}, {"hotline_12348", "12348热线"}, {"online", "网络"},
    {"notice_police", "公安机关通知"}, {"notice_procuratorate", "检察院通知"},
    {"notice_court", "法院通知"}, {"submitted", "待审查"}, {"materials_requested", "待补材料"},
    {"approved", "已批准待指派"}, {"rejected", "不予援助"}, {"assigned", "已指派"},
    {"in_progress", "承办中"}, {"closed", "已结案"}, {"terminated", "已终止"},
    {"minor", "未成年人"}, {"elderly", "老年人"}, {"woman", "妇女"},
    {"ethnic_minority", "少数民族"}, {"migrant_worker", "农民工"}, {"disabled", "残疾人"},
    {"military", "军人军属"}, {"low_income", "低保特困"}, {"labour", "劳动"},
    {"marriage_family", "婚姻家庭"}, {"debt", "债务"}, {"traffic_accident", "交通事故"},
    {"land", "土地"}, {"housing", "房屋"}, {"personal_injury", "人身损害"},
    {"consumer", "消费"}, {"criminal", "刑事"}, {"social_security", "社会保障"},
    {"other", "其他"}, {"none", "未填"}, {"answered", "已解答"},
    {"referred_mediation", "转调解"}, {"referred_agency", "转其他部门"},
    {"work_order_12345", "12345工单"}, {"converted", "转为援助申请"},
    {"on_site", "现场"}, {"phone", "电话"},
};

static const char *zh(const char *key) {
  for (size_t i = 0; i < sizeof zh_names / sizeof zh_names[0]; i++)
    if (strcmp(zh_names[i].key, key) == 0) return zh_names[i].zh;
  return NULL;
}

static bool wants_csv(const http_request *req, http_reply *rep, bool *csv) {
  const char *f = http_query(req, "format");
  *csv = false;
  if (f) {
    if (strcmp(f, "csv") == 0)
      *csv = true;
    else if (strcmp(f, "json") != 0) {
      http_reply_field_error(rep, ERR_VALIDATION, "format", "json or csv");
      return false;
    }
    return true;
  }
  const char *accept = http_header(req, "Accept");
  if (accept && strstr(accept, "text/csv")) *csv = true;
  return true;
}

/* The centres to aggregate: center_id (one the principal sees; with include_children its
 * counties too), or every centre the principal sees. *single: the one centre, or 0. */
static bool stats_scope(http_request *req, http_reply *rep, center_set *centers,
                        int64_t *single) {
  const principal *p = api_principal(req);
  int64_t center = 0;
  bool set = false, children = false;
  *single = 0;
  memset(centers, 0, sizeof *centers);
  if (!api_query_int(req, "center_id", 1, INT64_MAX, &center, &set, rep) ||
      !api_query_bool(req, "include_children", &children, rep))
    return false;
  if (set) {
    if (!principal_sees_center(p, center)) {
      http_reply_error(rep, ERR_NOT_FOUND, "没有这个中心，或不在您的管辖范围内", NULL);
      return false;
    }
    if (children) {
      db_status s = store_centers_under(p, center, centers);
      if (s != DB_OK) {
        api_reply_db(rep, s);
        return false;
      }
    } else {
      centers->ids[centers->n++] = center;
      *single = center;
    }
    return true;
  }
  if (p->all_centers) {
    centers->all = true;
    return true;
  }
  memcpy(centers->ids, p->centers, p->ncenters * sizeof p->centers[0]);
  centers->n = p->ncenters;
  if (p->ncenters == 1) *single = p->centers[0];
  return true;
}

static bool stats_period_of(http_request *req, http_reply *rep, stats_period *per) {
  int64_t year = 0;
  memset(per, 0, sizeof *per);
  if (!api_query_int(req, "year", 2000, 2100, &year, NULL, rep) ||
      !api_query_date(req, "from", &per->from, &per->from_set, rep) ||
      !api_query_date(req, "to", &per->to, &per->to_set, rep))
    return false;
  if (year && (per->from_set || per->to_set)) {
    http_reply_field_error(rep, ERR_VALIDATION, "year", "year or from/to, not both");
    return false;
  }
  per->year = (int)year;
  if (!year && !per->from_set && !per->to_set) per->year = date_year(ts_local_date(api_now()));
  return true;
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *f, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

/* Closes the memory stream (which sets *buf and *len) and sends it. */
static void reply_csv(http_reply *rep, FILE *f, char **buf, size_t *len, const char *name) {
  fclose(f);
  char disposition[160];
  snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.csv\"", name);
  http_reply_body(rep, 200, *buf, *len, "text/csv; charset=utf-8");
  http_reply_header(rep, "Content-Disposition", disposition);
}

/* Fills null labels with the Chinese name of the key. */
static void label_rows(json_t *o) {
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(o, "rows"), i, row) {
    if (json_is_null(json_object_get(row, "label"))) {
      const char *k = json_string_value(json_object_get(row, "key"));
      const char *z = k ? zh(k) : NULL;
      json_object_set_new(row, "label", z ? json_string(z) : json_string(k ? k : ""));
    }
  }
}

static void reply_rows(http_reply *rep, char *json, bool csv, const char *name) {
  json_t *o = json_loads(json, 0, NULL);
  free(json);
  if (!o) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  label_rows(o);
  if (!csv) {
    http_reply_json(rep, 200, o);
    return;
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  fputs("\xEF\xBB\xBFkey,label,count\r\n", f);
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(o, "rows"), i, row) {
    csv_field(f, json_string_value(json_object_get(row, "key")));
    fputc(',', f);
    csv_field(f, json_string_value(json_object_get(row, "label")));
    fprintf(f, ",%lld\r\n", (long long)json_integer_value(json_object_get(row, "count")));
  }
  fprintf(f, "total,合计,%lld\r\n", (long long)json_integer_value(json_object_get(o, "total")));
  json_decref(o);
  reply_csv(rep, f, &buf, &len, name);
}

static db_status cases_by(const center_set *centers, const stats_period *per, int key,
                          char **json) {
  return store_stats_cases(centers, per, (stats_case_key)key, json);
}

static db_status hotline_by(const center_set *centers, const stats_period *per, int key,
                            char **json) {
  return store_stats_hotline(centers, per, (stats_hotline_key)key, json);
}

/* A grouped count of /stats/cases or /stats/hotline: group_by one of keys, the scope, the
 * period, JSON rows or CSV named "<what>-by-<key>". */
static void grouped(http_request *req, http_reply *rep, const char *const *keys, const char *hint,
                    const char *what,
                    db_status (*fetch)(const center_set *, const stats_period *, int, char **)) {
  static const char *const allowed[] = {"group_by", "center_id", "include_children", "year",
                                        "from",     "to",        "format",           NULL};
  if (!api_query_only(req, allowed, rep)) return;
  const char *g = http_query(req, "group_by");
  int key = -1;
  for (int i = 0; g && keys[i]; i++)
    if (strcmp(keys[i], g) == 0) key = i;
  if (key < 0) {
    http_reply_field_error(rep, ERR_VALIDATION, "group_by", hint);
    return;
  }
  center_set centers;
  int64_t single;
  stats_period per;
  bool csv;
  if (!wants_csv(req, rep, &csv) || !stats_scope(req, rep, &centers, &single) ||
      !stats_period_of(req, rep, &per))
    return;
  char *json = NULL;
  db_status s = fetch(&centers, &per, key, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "%s-by-%s", what, g);
  reply_rows(rep, json, csv, name);
}

void h_stats_cases(http_request *req, http_reply *rep) {
  grouped(req, rep, stats_case_keys,
          "case_type, channel, status, group, month, matter, lawyer or center", "cases", cases_by);
}

void h_stats_hotline(http_request *req, http_reply *rep) {
  grouped(req, rep, stats_hotline_keys, "topic, outcome, day, hour or operator", "hotline",
          hotline_by);
}

/* Every value of an enumeration present, 0 when missing. */
static void fill_zeros(json_t *obj, const la_enum *e) {
  if (!json_is_object(obj)) return;
  for (size_t i = 0; i < e->count; i++)
    if (!json_object_get(obj, e->values[i])) json_object_set_new(obj, e->values[i], json_integer(0));
}

/* Adds the integer fields of b into a (for summing several centres' budgets). */
static void add_budget(json_t *a, json_t *b) {
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v) {
    if (!json_is_integer(v) || strcmp(k, "year") == 0 || strcmp(k, "center_id") == 0) continue;
    json_t *old = json_object_get(a, k);
    json_object_set_new(a, k, json_integer((old ? json_integer_value(old) : 0) + json_integer_value(v)));
  }
}

static void flatten(FILE *f, const char *prefix, json_t *v) {
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      char key[256];
      snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", k);
      flatten(f, key, x);
    }
    return;
  }
  const char *last = strrchr(prefix, '.');
  const char *z = zh(last ? last + 1 : prefix);
  csv_field(f, prefix);
  fputc(',', f);
  csv_field(f, z ? z : "");
  fputc(',', f);
  if (json_is_integer(v))
    fprintf(f, "%lld", (long long)json_integer_value(v));
  else if (json_is_real(v))
    fprintf(f, "%.4f", json_real_value(v));
  else if (json_is_string(v))
    csv_field(f, json_string_value(v));
  else if (json_is_boolean(v))
    fputs(json_is_true(v) ? "true" : "false", f);
  fputs("\r\n", f);
}

void h_stats_annual(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "year", "include_children", "format", NULL};
  if (!api_query_only(req, allowed, rep)) return;
  center_set centers;
  int64_t single, year = 0;
  bool csv, year_set = false;
  if (!wants_csv(req, rep, &csv) || !stats_scope(req, rep, &centers, &single) ||
      !api_query_int(req, "year", 2000, 2100, &year, &year_set, rep))
    return;
  if (!year_set) year = date_year(ts_local_date(api_now()));
  char *json = NULL;
  db_status s = store_stats_annual(&centers, (int)year, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t *o = json_loads(json, 0, NULL);
  free(json);
  if (!o) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  json_t *cases = json_object_get(o, "cases");
  fill_zeros(json_object_get(cases, "by_type"), &ENUM_CASE_TYPE);
  fill_zeros(json_object_get(cases, "by_channel"), &ENUM_CHANNEL);
  fill_zeros(json_object_get(cases, "by_group"), &ENUM_GROUP);
  /* The budget: one centre's, or the sum of the centres aggregated. */
  json_t *budget = NULL;
  if (single) {
    s = (db_status)api_budget_json(single, (int)year, &budget);
  } else if (!centers.all) {
    budget = json_object();
    for (size_t i = 0; i < centers.n && s == DB_OK; i++) {
      json_t *one = NULL;
      s = (db_status)api_budget_json(centers.ids[i], (int)year, &one);
      if (s == DB_OK) add_budget(budget, one);
      json_decref(one);
    }
    json_t *alloc = json_object_get(budget, "allocated_fen"), *paid = json_object_get(budget, "paid_fen");
    json_int_t a = alloc ? json_integer_value(alloc) : 0;
    json_object_set_new(budget, "execution_rate",
                        a > 0 ? json_real((double)(long long)((double)json_integer_value(paid) *
                                                                  10000.0 / (double)a + 0.5) /
                                          10000.0)
                              : json_null());
  }
  if (s != DB_OK) {
    json_decref(o);
    json_decref(budget);
    api_reply_db(rep, s);
    return;
  }
  json_object_set_new(o, "budget", budget ? budget : json_null());
  json_object_set_new(o, "year", json_integer(year));
  json_object_set_new(o, "center_id", single ? json_integer(single) : json_null());
  if (!csv) {
    http_reply_json(rep, 200, o);
    return;
  }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  fputs("\xEF\xBB\xBFmetric,label,value\r\n", f);
  flatten(f, "", o);
  json_decref(o);
  char name[64];
  snprintf(name, sizeof name, "annual-%lld", (long long)year);
  reply_csv(rep, f, &buf, &len, name);
}
