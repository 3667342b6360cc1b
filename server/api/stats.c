/* GET /stats/cases, /stats/hotline, /stats/annual: JSON, or CSV for format=csv or
 * Accept: text/csv (UTF-8 with a byte-order mark and a Chinese header row, so that a spreadsheet
 * opens it with the right characters; each row keeps its key in a column of its own for
 * programs), and the annual report as XLSX for format=xlsx. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/timestamp.h"
#include "handlers.h"
#include "http/query.h"
#include "money.h"
#include "reports.h"
#include "store/stats.h"
#include "xlsx.h"

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
    {"on_site", "现场"}, {"phone", "电话"}, {"excellent", "优秀"}, {"good", "良好"},
    {"pass", "合格"}, {"fail", "不合格"},
};

const char *api_zh(const char *key) {
  for (size_t i = 0; i < sizeof zh_names / sizeof zh_names[0]; i++)
    if (strcmp(zh_names[i].key, key) == 0) return zh_names[i].zh;
  return NULL;
}

typedef enum { FMT_JSON, FMT_CSV, FMT_XLSX } stats_format;

/* format=json|csv (|xlsx where xlsx_ok), else the Accept header; JSON by default. */
static bool wants_format(const http_request *req, http_reply *rep, bool xlsx_ok, stats_format *fmt) {
  const char *f = http_query(req, "format");
  *fmt = FMT_JSON;
  if (f) {
    if (strcmp(f, "csv") == 0)
      *fmt = FMT_CSV;
    else if (xlsx_ok && strcmp(f, "xlsx") == 0)
      *fmt = FMT_XLSX;
    else if (strcmp(f, "json") != 0) {
      http_reply_field_error(rep, ERR_VALIDATION, "format", xlsx_ok ? "json, csv or xlsx" : "json or csv");
      return false;
    }
    return true;
  }
  const char *accept = http_header(req, "Accept");
  if (accept && strstr(accept, "text/csv")) *fmt = FMT_CSV;
  if (xlsx_ok && accept && strstr(accept, "spreadsheetml")) *fmt = FMT_XLSX;
  return true;
}

static bool wants_csv(const http_request *req, http_reply *rep, bool *csv) {
  stats_format fmt;
  if (!wants_format(req, rep, false, &fmt)) return false;
  *csv = fmt == FMT_CSV;
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

/* A CSV field, quoted when it holds a comma, a quote or a line break. A text that begins with
 * =, +, -, @, a tab or a carriage return is prefixed with ' (API.md 1.1), so that a spreadsheet
 * never runs a display name as a formula. */
static void csv_field(FILE *f, const char *s) {
  if (!s) return;
  bool formula = *s && strchr("=+-@\t\r", *s);
  if (!strpbrk(s, ",\"\r\n")) {
    if (formula) fputc('\'', f);
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula) fputc('\'', f);
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
      const char *z = k ? api_zh(k) : NULL;
      json_object_set_new(row, "label", z ? json_string(z) : json_string(k ? k : ""));
    }
  }
}

/* The CSV's Chinese headings of a grouped count: what is grouped, and what is counted. */
typedef struct {
  const char *key, *what;
} heading;

static void reply_rows(http_reply *rep, char *json, bool csv, const char *name,
                       const char *group_heading, const char *count_heading) {
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
  fputs("\xEF\xBB\xBF", f);
  csv_field(f, group_heading);
  fputc(',', f);
  csv_field(f, count_heading);
  fputs(",代码\r\n", f);
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(o, "rows"), i, row) {
    csv_field(f, json_string_value(json_object_get(row, "label")));
    fprintf(f, ",%lld,", (long long)json_integer_value(json_object_get(row, "count")));
    csv_field(f, json_string_value(json_object_get(row, "key")));
    fputs("\r\n", f);
  }
  fprintf(f, "合计,%lld,total\r\n", (long long)json_integer_value(json_object_get(o, "total")));
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
static void grouped(http_request *req, http_reply *rep, const char *const *keys,
                    const char *const *headings, const char *count_heading, const char *hint,
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
  reply_rows(rep, json, csv, name, headings[key], count_heading);
}

void h_stats_cases(http_request *req, http_reply *rep) {
  static const char *const headings[SC__COUNT] = {
      [SC_CASE_TYPE] = "案件类型", [SC_CHANNEL] = "受理渠道", [SC_STATUS] = "案件状态",
      [SC_GROUP] = "特殊群体",     [SC_MONTH] = "月份",       [SC_MATTER] = "援助事项",
      [SC_LAWYER] = "承办律师",    [SC_CENTER] = "法律援助中心"};
  grouped(req, rep, stats_case_keys, headings, "案件数",
          "case_type, channel, status, group, month, matter, lawyer or center", "cases", cases_by);
}

void h_stats_hotline(http_request *req, http_reply *rep) {
  static const char *const headings[SH__COUNT] = {
      [SH_TOPIC] = "咨询主题", [SH_OUTCOME] = "处理结果", [SH_DAY] = "日期",
      [SH_HOUR] = "时段",      [SH_OPERATOR] = "接线员"};
  grouped(req, rep, stats_hotline_keys, headings, "来电数", "topic, outcome, day, hour or operator",
          "hotline", hotline_by);
}

/* A row's value as the CSV writes it: yuan with two decimals, a rate as a percentage with two
 * decimals; empty for null. */
static void csv_value(FILE *f, json_t *v, annual_kind kind) {
  if (json_is_integer(v) && kind == AR_FEN) {
    long long fen = (long long)json_integer_value(v);
    fprintf(f, "%s%lld.%02lld", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
            (fen < 0 ? -fen : fen) % 100);
  } else if (json_is_number(v) && kind == AR_RATE) {
    fprintf(f, "%.2f", json_number_value(v) * 100.0);
  } else if (json_is_number(v) && kind == AR_PER_DAY) {
    fprintf(f, "%.2f", json_number_value(v));
  } else if (json_is_integer(v)) {
    fprintf(f, "%lld", (long long)json_integer_value(v));
  } else if (json_is_real(v)) {
    fprintf(f, "%.4f", json_real_value(v));
  }
}

static void annual_csv(http_reply *rep, json_t *o, int year) {
  annual_row *rows;
  size_t n = api_annual_rows(&rows);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  fputs("\xEF\xBB\xBF类别,项目,数值,单位,代码\r\n", f);
  for (size_t i = 0; i < n; i++) {
    csv_field(f, rows[i].section);
    fputc(',', f);
    csv_field(f, rows[i].label);
    fputc(',', f);
    csv_value(f, api_json_path(o, rows[i].path), rows[i].kind);
    fputc(',', f);
    csv_field(f, rows[i].unit);
    fputc(',', f);
    csv_field(f, rows[i].path);
    fputs("\r\n", f);
  }
  free(rows);
  char name[64];
  snprintf(name, sizeof name, "annual-%d", year);
  reply_csv(rep, f, &buf, &len, name);
}

/* The same rows as the CSV, as numbers with their formats; the heading row stays in view. */
static void annual_xlsx(http_reply *rep, json_t *o, int year) {
  xlsx_book *book = xlsx_book_new();
  xlsx_sheet *s = book ? xlsx_sheet_add(book, "年度统计") : NULL;
  if (!s) {
    xlsx_book_discard(book);
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  static const char *const head[] = {"类别", "项目", "数值", "单位", "代码"};
  for (int c = 0; c < 5; c++) xlsx_text(s, 0, c, head[c], XS_HEAD);
  xlsx_freeze(s, 1);
  annual_row *rows;
  size_t n = api_annual_rows(&rows);
  for (size_t i = 0; i < n; i++) {
    int r = (int)i + 1;
    json_t *v = api_json_path(o, rows[i].path);
    xlsx_text(s, r, 0, rows[i].section, XS_TEXT);
    xlsx_text(s, r, 1, rows[i].label, XS_TEXT);
    if (!json_is_number(v))
      xlsx_blank(s, r, 2, XS_TEXT);
    else if (rows[i].kind == AR_FEN)
      xlsx_number(s, r, 2, json_number_value(v) / 100.0, XS_YUAN);
    else if (rows[i].kind == AR_RATE)
      xlsx_number(s, r, 2, json_number_value(v), XS_PERCENT);
    else if (rows[i].kind == AR_PER_DAY)
      xlsx_number(s, r, 2, json_number_value(v), XS_DEC2);
    else
      xlsx_number(s, r, 2, json_number_value(v), XS_INT);
    xlsx_text(s, r, 3, rows[i].unit, XS_TEXT);
    xlsx_text(s, r, 4, rows[i].path, XS_TEXT);
  }
  free(rows);
  char *out = NULL;
  size_t len = 0;
  if (!xlsx_book_close(book, &out, &len)) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "annual-%d.xlsx", year);
  xlsx_reply(rep, out, len, name);
}

void h_stats_annual(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "year", "include_children", "format", NULL};
  if (!api_query_only(req, allowed, rep)) return;
  center_set centers;
  int64_t single, year = 0;
  bool year_set = false;
  stats_format fmt;
  if (!wants_format(req, rep, true, &fmt) || !stats_scope(req, rep, &centers, &single) ||
      !api_query_int(req, "year", 2000, 2100, &year, &year_set, rep))
    return;
  if (!year_set) year = date_year(ts_local_date(api_now()));
  json_t *o = NULL;
  db_status s = (db_status)api_annual_build(&centers, single, (int)year, &o);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  if (fmt == FMT_CSV)
    annual_csv(rep, o, (int)year);
  else if (fmt == FMT_XLSX)
    annual_xlsx(rep, o, (int)year);
  if (fmt != FMT_JSON) {
    json_decref(o);
    return;
  }
  http_reply_json(rep, 200, o);
}
