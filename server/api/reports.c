/* The year's reports as the centres account for them: /stats/annual's object with the grades,
 * the satisfaction by source, the 12345 work orders and the stationed duty per working day;
 * GET /stats/performance and GET /stats/self-assessment (the 项目支出绩效自评表, JSON or XLSX),
 * both read from that one object so that every actual can be found again in /stats/annual;
 * incoming 12345 work orders; the duty shifts' day log. */
#include "reports.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/assessment.h"
#include "domain/duty.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "handlers.h"
#include "http/query.h"
#include "money.h"
#include "store/money.h"
#include "store/reports.h"
#include "store/stats.h"
#include "validate.h"
#include "xlsx.h"

/* ---- the annual object ---- */

json_t *api_json_path(json_t *o, const char *path) {
  char key[96];
  const char *p = path;
  while (o && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n >= sizeof key) return NULL;
    memcpy(key, p, n);
    key[n] = '\0';
    o = json_is_object(o) ? json_object_get(o, key) : NULL;
    p += n + (dot ? 1 : 0);
  }
  return o;
}

static int64_t path_int(json_t *o, const char *path) {
  json_t *v = api_json_path(o, path);
  return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* num / den to four decimals, or null. */
static json_t *rate_json(int64_t num, int64_t den) {
  return den > 0 ? json_real(round((double)num * 10000.0 / (double)den) / 10000.0) : json_null();
}

/* Every value of an enumeration present, 0 when missing. */
static void fill_zeros(json_t *obj, const la_enum *e) {
  if (!json_is_object(obj)) return;
  for (size_t i = 0; i < e->count; i++)
    if (!json_object_get(obj, e->values[i])) json_object_set_new(obj, e->values[i], json_integer(0));
}

/* Adds the integer fields of b into a (several centres' budgets). */
static void add_budget(json_t *a, json_t *b) {
  const char *k;
  json_t *v;
  json_object_foreach(b, k, v) {
    if (!json_is_integer(v) || strcmp(k, "year") == 0 || strcmp(k, "center_id") == 0) continue;
    json_t *old = json_object_get(a, k);
    json_object_set_new(a, k, json_integer((old ? json_integer_value(old) : 0) + json_integer_value(v)));
  }
}

/* The budget: one centre's, or the sum of the centres aggregated (every centre: none). */
static int annual_budget(const center_set *centers, int64_t single, int year, json_t **out) {
  *out = NULL;
  if (single) return api_budget_json(single, year, out);
  if (centers->all) return DB_OK;
  json_t *budget = json_object();
  db_status s = DB_OK;
  for (size_t i = 0; i < centers->n && s == DB_OK; i++) {
    json_t *one = NULL;
    s = (db_status)api_budget_json(centers->ids[i], year, &one);
    if (s == DB_OK) add_budget(budget, one);
    json_decref(one);
  }
  if (s != DB_OK) {
    json_decref(budget);
    return (int)s;
  }
  json_t *alloc = json_object_get(budget, "allocated_fen"), *paid = json_object_get(budget, "paid_fen");
  json_int_t a = alloc ? json_integer_value(alloc) : 0;
  json_object_set_new(budget, "execution_rate",
                      rate_json(paid ? (int64_t)json_integer_value(paid) : 0, (int64_t)a));
  *out = budget;
  return DB_OK;
}

/* Stationed duty lawyers per working day of the year (to today for the current year), with
 * the day's log; against the centre's target when one centre is asked for. */
static int annual_duty(const center_set *centers, int64_t single, int year, json_t *extra, json_t **out) {
  targets_row t;
  memset(&t, 0, sizeof t);
  if (single) {
    db_status s = store_targets_get(single, year, &t);
    if (s != DB_OK) return (int)s;
  }
  day_t from, to;
  duty_year_period(year, ts_local_date(api_now()), &from, &to);
  duty_day *days = NULL;
  size_t n = 0;
  if (to >= from) {
    db_status s = store_duty_days(centers, from, to, &days, &n);
    if (s != DB_OK) return (int)s;
  }
  bool target = t.set[IND_DUTY_LAWYERS_PER_DAY];
  duty_summary d = duty_summarise(api_calendar(), from, to, days, n, target,
                                  t.value[IND_DUTY_LAWYERS_PER_DAY]);
  free(days);
  json_t *log = json_object_get(extra, "duty_log");
  *out = json_pack(
      "{s:I, s:I, s:f, s:o, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "stationed_lawyer_days",
      (json_int_t)d.lawyer_days, "working_days", (json_int_t)d.working_days,
      "lawyers_per_working_day", (double)d.per_day_x100 / 100.0, "target_lawyers_per_day",
      target ? json_real((double)t.value[IND_DUTY_LAWYERS_PER_DAY] / 100.0) : json_null(),
      "days_with_duty", (json_int_t)d.days_with_duty, "days_meeting_target",
      (json_int_t)d.days_meeting_target, "coverage_rate",
      target ? rate_json(d.days_meeting_target, d.working_days) : json_null(),
      "off_day_lawyer_days", (json_int_t)d.off_day_lawyer_days, "stationed_shifts",
      (json_int_t)path_int(log, "stationed_shifts"), "other_shifts",
      (json_int_t)path_int(log, "other_shifts"), "received", (json_int_t)path_int(log, "received"),
      "consultations", (json_int_t)path_int(log, "consultations"), "plea_witnessed",
      (json_int_t)path_int(log, "plea_witnessed"));
  return DB_OK;
}

int api_annual_build(const center_set *centers, int64_t single, int year, json_t **out) {
  *out = NULL;
  char *text = NULL;
  db_status s = store_stats_annual(centers, year, &text);
  if (s != DB_OK) return (int)s;
  json_t *o = json_loads(text, 0, NULL);
  free(text);
  if (!o) return DB_ERROR;
  char *extra_text = NULL;
  if ((s = store_report_extra(centers, year, &extra_text)) != DB_OK) {
    json_decref(o);
    return (int)s;
  }
  json_t *extra = json_loads(extra_text, 0, NULL);
  free(extra_text);
  if (!extra) {
    json_decref(o);
    return DB_ERROR;
  }
  json_t *cases = json_object_get(o, "cases");
  fill_zeros(json_object_get(cases, "by_type"), &ENUM_CASE_TYPE);
  fill_zeros(json_object_get(cases, "by_channel"), &ENUM_CHANNEL);
  fill_zeros(json_object_get(cases, "by_group"), &ENUM_GROUP);
  /* Quality: the cases of the year by the grade given at closure (优秀率, 优良率). */
  int64_t graded = path_int(cases, "graded"), excellent = path_int(cases, "by_grade.excellent"),
          good = path_int(cases, "by_grade.good");
  json_object_set_new(cases, "excellent_or_good", json_integer(excellent + good));
  json_object_set_new(cases, "excellent_rate", rate_json(excellent, graded));
  json_object_set_new(cases, "good_rate", rate_json(excellent + good, graded));
  /* 12345 work orders: sent out (calls) and received, with how many were closed. */
  json_t *wo = json_deep_copy(json_object_get(extra, "work_orders_12345"));
  json_object_set_new(wo, "outgoing", json_integer(path_int(o, "hotline.work_orders_12345")));
  json_object_set_new(wo, "closed_rate",
                      rate_json(path_int(wo, "closed"), path_int(wo, "incoming")));
  json_object_set_new(o, "work_orders_12345", wo);
  /* Timeliness: decisions and assignments together, as the performance target counts them. */
  json_t *t = json_object_get(o, "timeliness");
  int64_t due = path_int(t, "decided") + path_int(t, "assigned");
  int64_t timely = path_int(t, "decided_on_time") + path_int(t, "assigned_on_time");
  json_object_set_new(t, "due", json_integer(due));
  json_object_set_new(t, "timely", json_integer(timely));
  json_object_set_new(t, "timely_rate", rate_json(timely, due));
  json_t *duty = NULL, *budget = NULL;
  s = (db_status)annual_duty(centers, single, year, extra, &duty);
  if (s == DB_OK) s = (db_status)annual_budget(centers, single, year, &budget);
  json_decref(extra);
  if (s != DB_OK) {
    json_decref(duty);
    json_decref(o);
    return (int)s;
  }
  json_object_set_new(o, "duty", duty);
  json_object_set_new(o, "budget", budget ? budget : json_null());
  json_object_set_new(o, "year", json_integer(year));
  json_object_set_new(o, "center_id", single ? json_integer(single) : json_null());
  *out = o;
  return DB_OK;
}

/* ---- the annual report's rows (CSV and XLSX) ---- */

typedef struct {
  const char *section, *label, *path;
  annual_kind kind;
  const char *unit;
} row_def;

/* A row per value of an enumeration under a path ("cases.by_type"). */
typedef struct {
  const char *section, *prefix, *path;
  const la_enum *e;
  const char *unit;
} row_enum;

static void push(annual_row *rows, size_t *n, const char *section, const char *label,
                 const char *path, annual_kind kind, const char *unit) {
  annual_row *r = &rows[(*n)++];
  snprintf(r->section, sizeof r->section, "%s", section);
  snprintf(r->label, sizeof r->label, "%s", label);
  snprintf(r->path, sizeof r->path, "%s", path);
  r->kind = kind;
  r->unit = unit;
}

static void push_enum(annual_row *rows, size_t *n, const char *section, const char *prefix,
                      const char *path, const la_enum *e, const char *unit) {
  for (size_t i = 0; i < e->count; i++) {
    char label[96], p[96];
    const char *z = api_zh(e->values[i]);
    snprintf(label, sizeof label, "%s%s", prefix, z ? z : e->values[i]);
    snprintf(p, sizeof p, "%s.%s", path, e->values[i]);
    push(rows, n, section, label, p, AR_COUNT, unit);
  }
}

size_t api_annual_rows(annual_row **out) {
  annual_row *rows = calloc(160, sizeof *rows);
  size_t n = 0;
  if (!rows) {
    *out = NULL;
    return 0;
  }
#define ROW(sec, label, path, kind, unit) push(rows, &n, sec, label, path, kind, unit)
  ROW("报表", "年度", "year", AR_COUNT, "年");
  ROW("案件", "受理法律援助案件", "cases.total", AR_COUNT, "件");
  push_enum(rows, &n, "案件", "按类型：", "cases.by_type", &ENUM_CASE_TYPE, "件");
  push_enum(rows, &n, "案件", "按渠道：", "cases.by_channel", &ENUM_CHANNEL, "件");
  push_enum(rows, &n, "受援人", "特殊群体：", "cases.by_group", &ENUM_GROUP, "人");
  ROW("案件质量", "已评定质量等级", "cases.graded", AR_COUNT, "件");
  push_enum(rows, &n, "案件质量", "评定为", "cases.by_grade", &ENUM_GRADE, "件");
  ROW("案件质量", "优秀率", "cases.excellent_rate", AR_RATE, "%");
  ROW("案件质量", "优良率", "cases.good_rate", AR_RATE, "%");
  ROW("法律咨询", "接待咨询", "consultations.total", AR_COUNT, "人次");
  ROW("法律咨询", "现场咨询", "consultations.by_channel.on_site", AR_COUNT, "人次");
  ROW("法律咨询", "来电咨询", "consultations.by_channel.phone", AR_COUNT, "人次");
  ROW("法律咨询", "其中12348热线", "consultations.by_channel.hotline_12348", AR_COUNT, "人次");
  ROW("法律咨询", "网络咨询", "consultations.by_channel.online", AR_COUNT, "人次");
  ROW("12348热线", "来电", "hotline.calls", AR_COUNT, "人次");
  ROW("12348热线", "转为援助申请", "hotline.converted", AR_COUNT, "件");
  ROW("12348热线", "投诉", "hotline.complaints", AR_COUNT, "件");
  ROW("12348热线", "建议", "hotline.suggestions", AR_COUNT, "件");
  ROW("12345工单", "转出12345工单", "work_orders_12345.outgoing", AR_COUNT, "件");
  ROW("12345工单", "收到12345工单", "work_orders_12345.incoming", AR_COUNT, "件");
  ROW("12345工单", "办结12345工单", "work_orders_12345.closed", AR_COUNT, "件");
  ROW("12345工单", "办结率", "work_orders_12345.closed_rate", AR_RATE, "%");
  ROW("值班律师", "值班记录（各值班点）", "duty_lawyer_days", AR_COUNT, "人日");
  ROW("值班律师", "派驻值班律师人日（工作日）", "duty.stationed_lawyer_days", AR_COUNT, "人日");
  ROW("值班律师", "工作日", "duty.working_days", AR_COUNT, "天");
  ROW("值班律师", "每个工作日派驻值班律师", "duty.lawyers_per_working_day", AR_PER_DAY, "人/天");
  ROW("值班律师", "目标：每天派驻值班律师", "duty.target_lawyers_per_day", AR_PER_DAY, "人/天");
  ROW("值班律师", "达到目标的工作日", "duty.days_meeting_target", AR_COUNT, "天");
  ROW("值班律师", "派驻达标率", "duty.coverage_rate", AR_RATE, "%");
  ROW("值班律师", "休息日派驻人日", "duty.off_day_lawyer_days", AR_COUNT, "人日");
  ROW("值班律师", "接待群众", "duty.received", AR_COUNT, "人次");
  ROW("值班律师", "解答咨询", "duty.consultations", AR_COUNT, "人次");
  ROW("值班律师", "见证认罪认罚具结", "duty.plea_witnessed", AR_COUNT, "件");
  ROW("满意度", "评价", "satisfaction.ratings", AR_COUNT, "条");
  ROW("满意度", "满意", "satisfaction.satisfied", AR_COUNT, "条");
  ROW("满意度", "满意率", "satisfaction.rate", AR_RATE, "%");
  ROW("满意度", "案件回访评价", "satisfaction.by_source.cases.ratings", AR_COUNT, "条");
  ROW("满意度", "案件回访满意", "satisfaction.by_source.cases.satisfied", AR_COUNT, "条");
  ROW("满意度", "热线来电评价", "satisfaction.by_source.hotline.ratings", AR_COUNT, "条");
  ROW("满意度", "热线来电满意", "satisfaction.by_source.hotline.satisfied", AR_COUNT, "条");
  ROW("满意度", "咨询评价", "satisfaction.by_source.consultations.ratings", AR_COUNT, "条");
  ROW("满意度", "咨询满意", "satisfaction.by_source.consultations.satisfied", AR_COUNT, "条");
  ROW("时效", "审查决定", "timeliness.decided", AR_COUNT, "件");
  ROW("时效", "按期决定", "timeliness.decided_on_time", AR_COUNT, "件");
  ROW("时效", "按期决定率", "timeliness.decided_on_time_rate", AR_RATE, "%");
  ROW("时效", "指派", "timeliness.assigned", AR_COUNT, "件");
  ROW("时效", "按期指派", "timeliness.assigned_on_time", AR_COUNT, "件");
  ROW("时效", "按期指派率", "timeliness.assigned_on_time_rate", AR_RATE, "%");
  ROW("时效", "审查指派及时率", "timeliness.timely_rate", AR_RATE, "%");
  ROW("经济效益", "为受援人挽回经济损失", "recovered_fen", AR_FEN, "元");
  ROW("经济效益", "为农民工追回工资", "recovered_wages_fen", AR_FEN, "元");
  ROW("办案补贴", "已审核补贴", "subsidies.approved_fen", AR_FEN, "元");
  ROW("办案补贴", "已支付补贴", "subsidies.paid_fen", AR_FEN, "元");
  ROW("经费", "预算金额", "budget.allocated_fen", AR_FEN, "元");
  ROW("经费", "实际到位金额", "budget.received_fen", AR_FEN, "元");
  ROW("经费", "已审核补贴（含已支付）", "budget.committed_fen", AR_FEN, "元");
  ROW("经费", "已支付", "budget.paid_fen", AR_FEN, "元");
  ROW("经费", "待审核补贴", "budget.pending_fen", AR_FEN, "元");
  ROW("经费", "在办案件按最低标准尚需支付", "budget.open_cases_min_fen", AR_FEN, "元");
  ROW("经费", "预计需要", "budget.projected_need_fen", AR_FEN, "元");
  ROW("经费", "预计缺口", "budget.projected_shortfall_fen", AR_FEN, "元");
  ROW("经费", "预算执行率", "budget.execution_rate", AR_RATE, "%");
#undef ROW
  *out = rows;
  return n;
}

/* ---- indicators: each actual read from the annual object ---- */

/* Where an indicator's actual is in /stats/annual: the value shown, and for a rate or an
 * average the numerator and denominator it is computed from. */
static const struct {
  const char *field, *numerator, *denominator;
} indicator_source[IND__COUNT] = {
    [IND_CASES] = {"cases.total", NULL, NULL},
    [IND_PLEA_HELP_CASES] = {"cases.by_type.plea_help", NULL, NULL},
    [IND_DUTY_LAWYERS_PER_DAY] = {"duty.lawyers_per_working_day", "duty.stationed_lawyer_days",
                                  "duty.working_days"},
    [IND_CONSULTATIONS] = {"consultations.total", NULL, NULL},
    [IND_HOTLINE_CALLS] = {"hotline.calls", NULL, NULL},
    [IND_DUTY_COVERAGE] = {"duty.coverage_rate", "duty.days_meeting_target", "duty.working_days"},
    [IND_GOOD_RATE] = {"cases.good_rate", "cases.excellent_or_good", "cases.graded"},
    [IND_EXCELLENT_RATE] = {"cases.excellent_rate", "cases.by_grade.excellent", "cases.graded"},
    [IND_TIMELY_RATE] = {"timeliness.timely_rate", "timeliness.timely", "timeliness.due"},
    [IND_RECOVERED] = {"recovered_fen", NULL, NULL},
    [IND_WORK_ORDERS_CLOSED] = {"work_orders_12345.closed_rate", "work_orders_12345.closed",
                                "work_orders_12345.incoming"},
    [IND_SATISFACTION] = {"satisfaction.rate", "satisfaction.satisfied", "satisfaction.ratings"},
};

/* The actuals as fractions in each indicator's unit, from the annual object. */
static void indicator_inputs(json_t *annual, const targets_row *t, indicator_input in[IND__COUNT]) {
  for (int i = 0; i < IND__COUNT; i++) {
    indicator_input *x = &in[i];
    memset(x, 0, sizeof *x);
    x->target_set = t->set[i];
    x->target = t->value[i];
    if (!indicator_source[i].numerator) {
      x->actual_num = path_int(annual, indicator_source[i].field);
      x->actual_den = 1;
      continue;
    }
    /* The shown value null (no denominator, or the coverage without a duty target): nothing
     * to measure. */
    if (!json_is_number(api_json_path(annual, indicator_source[i].field))) continue;
    int64_t num = path_int(annual, indicator_source[i].numerator);
    x->actual_den = path_int(annual, indicator_source[i].denominator);
    x->actual_num = assessment_indicators[i].unit == IU_BP ? num * 10000 : num * 100;
  }
}

static json_t *score_json(int64_t x100) { return json_real((double)x100 / 100.0); }

/* "40件", "3.00人/天", "98.00%", "479.64万元" */
static void indicator_text(indicator_t i, int64_t v, char *out, size_t len) {
  const indicator_def *d = &assessment_indicators[i];
  switch (d->unit) {
    case IU_BP:
      snprintf(out, len, "%.2f%%", (double)v / 100.0);
      break;
    case IU_PER_DAY_X100:
      snprintf(out, len, "%.2f%s", (double)v / 100.0, d->unit_zh);
      break;
    case IU_FEN:
      snprintf(out, len, "%.2f%s", (double)v / 1000000.0, d->unit_zh);
      break;
    default:
      snprintf(out, len, "%lld%s", (long long)v, d->unit_zh);
  }
}

static const char *unit_key(indicator_unit u) {
  static const char *const keys[] = {"count", "per_day", "rate", "fen"};
  return keys[u];
}

/* ---- GET /stats/performance and /stats/self-assessment: the centre and year ---- */

static bool center_and_year(http_request *req, http_reply *rep, const char *const *allowed,
                            int64_t *center, int *year) {
  int64_t c = 0, y = 0;
  bool cs = false, ys = false;
  if (!api_query_only(req, allowed, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &c, &cs, rep) ||
      !api_query_int(req, "year", 2000, 2100, &y, &ys, rep))
    return false;
  const principal *p = api_principal(req);
  if (!cs) c = p->center_id;
  if (!ys) y = date_year(ts_local_date(api_now()));
  if (!c) {
    http_reply_field_error(rep, ERR_VALIDATION, "center_id", "required");
    return false;
  }
  if (!principal_sees_center(p, c)) {
    http_reply_error(rep, ERR_NOT_FOUND, "没有这个中心，或不在您的管辖范围内", NULL);
    return false;
  }
  *center = c;
  *year = (int)y;
  return true;
}

/* The annual object of one centre, its targets and the scores. */
typedef struct {
  json_t *annual;
  targets_row targets;
  indicator_input in[IND__COUNT];
  budget_input budget;
  assessment a;
  char center_name[128];
} scored;

static db_status score_center(int64_t center, int year, scored *x) {
  memset(x, 0, sizeof *x);
  center_set one = {.all = false, .ids = {center}, .n = 1};
  db_status s = (db_status)api_annual_build(&one, center, year, &x->annual);
  if (s == DB_OK) s = store_targets_get(center, year, &x->targets);
  if (s == DB_OK) s = store_center_name(center, x->center_name, sizeof x->center_name);
  if (s != DB_OK) {
    json_decref(x->annual);
    x->annual = NULL;
    return s;
  }
  indicator_inputs(x->annual, &x->targets, x->in);
  json_t *b = json_object_get(x->annual, "budget");
  x->budget.allocated_set = json_is_true(json_object_get(b, "allocated_set"));
  x->budget.allocated_fen = path_int(b, "allocated_fen");
  x->budget.received_set = json_is_integer(json_object_get(b, "received_fen"));
  x->budget.received_fen = path_int(b, "received_fen");
  x->budget.executed_fen = path_int(b, "paid_fen");
  assessment_score(&x->budget, x->in, &x->a);
  return DB_OK;
}

void h_stats_performance(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "year", NULL};
  int64_t center;
  int year;
  if (!center_and_year(req, rep, allowed, &center, &year)) return;
  scored *x = malloc(sizeof *x);
  db_status s = x ? score_center(center, year, x) : DB_ERROR;
  if (s != DB_OK) {
    free(x);
    api_reply_db(rep, s);
    return;
  }
  /* The four of version 1 first, in their order, then the others. */
  static const indicator_t order[IND__COUNT] = {
      IND_CASES,         IND_DUTY_LAWYERS_PER_DAY, IND_SATISFACTION, IND_TIMELY_RATE,
      IND_PLEA_HELP_CASES, IND_CONSULTATIONS,      IND_HOTLINE_CALLS, IND_DUTY_COVERAGE,
      IND_GOOD_RATE,     IND_EXCELLENT_RATE,       IND_RECOVERED,    IND_WORK_ORDERS_CLOSED};
  json_t *items = json_array();
  for (int k = 0; k < IND__COUNT; k++) {
    indicator_t i = order[k];
    const indicator_result *r = &x->a.ind[i];
    json_array_append_new(
        items,
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "indicator", assessment_indicators[i].key,
                  "label", assessment_indicators[i].name, "unit",
                  unit_key(assessment_indicators[i].unit), "target",
                  x->targets.set[i] ? api_indicator_value(i, x->targets.value[i]) : json_null(),
                  "actual", r->measurable ? api_indicator_value(i, r->actual) : json_null(),
                  "met", r->met < 0 ? json_null() : json_boolean(r->met)));
  }
  json_t *a = x->annual;
  json_t *counts = json_pack(
      "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "duty_shifts",
      (json_int_t)path_int(a, "duty_lawyer_days"), "duty_days",
      (json_int_t)path_int(a, "duty.days_with_duty"), "stationed_lawyer_days",
      (json_int_t)path_int(a, "duty.stationed_lawyer_days"), "working_days",
      (json_int_t)path_int(a, "duty.working_days"), "days_meeting_target",
      (json_int_t)path_int(a, "duty.days_meeting_target"), "ratings",
      (json_int_t)path_int(a, "satisfaction.ratings"), "satisfied",
      (json_int_t)path_int(a, "satisfaction.satisfied"), "decided",
      (json_int_t)path_int(a, "timeliness.decided"), "decided_on_time",
      (json_int_t)path_int(a, "timeliness.decided_on_time"), "assigned",
      (json_int_t)path_int(a, "timeliness.assigned"), "assigned_on_time",
      (json_int_t)path_int(a, "timeliness.assigned_on_time"), "graded",
      (json_int_t)path_int(a, "cases.graded"));
  json_decref(x->annual);
  free(x);
  http_reply_json(rep, 200,
                  json_pack("{s:I, s:i, s:o, s:o}", "center_id", (json_int_t)center, "year", year,
                            "items", items, "counts", counts));
}

/* The self-assessment as JSON (API.md 1.1 "Reports"). */
static json_t *self_assessment_json(const scored *x, int64_t center, int year) {
  char src[96];
  snprintf(src, sizeof src, "/api/v1/stats/annual?center_id=%lld&year=%d", (long long)center, year);
  const assessment *a = &x->a;
  const budget_input *b = &x->budget;
  json_t *budget = json_pack(
      "{s:I, s:b, s:o, s:I, s:o, s:i, s:o, s:{s:s, s:s, s:s, s:s}}", "allocated_fen",
      (json_int_t)b->allocated_fen, "allocated_set", b->allocated_set, "received_fen",
      b->received_set ? json_integer(b->received_fen) : json_null(), "executed_fen",
      (json_int_t)b->executed_fen, "execution_rate",
      a->execution_known ? json_real((double)a->execution_bp / 10000.0) : json_null(), "weight",
      assessment_level_points(AL_BUDGET), "score", score_json(a->budget_score_x100), "source",
      "path", src, "allocated", "budget.allocated_fen", "received", "budget.received_fen",
      "executed", "budget.paid_fen");
  json_t *indicators = json_array(), *notes = json_array();
  for (int i = 0; i < IND__COUNT; i++) {
    const indicator_def *d = &assessment_indicators[i];
    const indicator_result *r = &a->ind[i];
    char target_text[48] = "", actual_text[48] = "";
    if (x->targets.set[i]) indicator_text((indicator_t)i, x->targets.value[i], target_text, sizeof target_text);
    if (r->measurable) indicator_text((indicator_t)i, r->actual, actual_text, sizeof actual_text);
    json_t *source = json_pack("{s:s, s:s}", "path", src, "field", indicator_source[i].field);
    if (indicator_source[i].numerator) {
      json_object_set_new(source, "numerator", json_string(indicator_source[i].numerator));
      json_object_set_new(source, "denominator", json_string(indicator_source[i].denominator));
    }
    json_array_append_new(
        indicators,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:b, s:o, s:o, s:o}",
                  "key", d->key, "level1", assessment_level_name(d->level), "level2", d->level2,
                  "name", d->name, "unit", unit_key(d->unit), "unit_zh", d->unit_zh, "target",
                  x->targets.set[i] ? api_indicator_value((indicator_t)i, x->targets.value[i])
                                    : json_null(),
                  "actual", r->measurable ? api_indicator_value((indicator_t)i, r->actual) : json_null(),
                  "target_text", target_text, "actual_text", actual_text, "met",
                  r->met < 0 ? json_null() : json_boolean(r->met), "assessed", r->assessed,
                  "weight", score_json(r->weight_x100), "score", score_json(r->score_x100),
                  "source", source));
    if (r->assessed && !r->measurable) {
      char note[160];
      snprintf(note, sizeof note, "%s：本年度无可计算的数据，不得分", d->name);
      json_array_append_new(notes, json_string(note));
    }
  }
  json_t *levels = json_array();
  for (int l = 0; l < AL__COUNT; l++) {
    json_array_append_new(levels, json_pack("{s:s, s:i, s:o, s:i}", "level1",
                                            assessment_level_name((assess_level)l), "weight",
                                            assessment_level_points((assess_level)l), "score",
                                            score_json(a->level_score_x100[l]), "indicators",
                                            a->level_indicators[l]));
    if (l != AL_BUDGET && a->level_indicators[l] == 0) {
      char note[160];
      snprintf(note, sizeof note, "%s未设定年度指标值，本项不得分", assessment_level_name((assess_level)l));
      json_array_append_new(notes, json_string(note));
    }
  }
  if (!a->execution_known)
    json_array_append_new(notes, json_string("未录入预算金额或实际到位金额，预算执行率不得分"));
  return json_pack("{s:I, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o}", "center_id",
                   (json_int_t)center, "center_name", x->center_name, "year", year, "project",
                   "法律援助业务经费", "budget", budget, "indicators", indicators, "levels",
                   levels, "total_score", score_json(a->total_x100), "grade",
                   assessment_grade_name(a->grade), "method", assessment_method_zh, "notes",
                   notes);
}

/* The indicator's target or actual as a spreadsheet number in its display unit. */
static void xlsx_indicator(xlsx_sheet *s, int row, int col, indicator_t i, bool known, int64_t v) {
  if (!known) {
    xlsx_blank(s, row, col, XS_TEXT);
    return;
  }
  switch (assessment_indicators[i].unit) {
    case IU_BP:
      xlsx_number(s, row, col, (double)v / 10000.0, XS_PERCENT);
      break;
    case IU_PER_DAY_X100:
      xlsx_number(s, row, col, (double)v / 100.0, XS_DEC2);
      break;
    case IU_FEN:
      xlsx_number(s, row, col, (double)v / 1000000.0, XS_WAN2);
      break;
    default:
      xlsx_number(s, row, col, (double)v, XS_INT);
  }
}

/* The form of seed 001 (阳泉市项目支出绩效自评表), one sheet. */
static bool self_assessment_xlsx(const scored *x, json_t *j, char **out, size_t *len) {
  xlsx_book *book = xlsx_book_new();
  if (!book) return false;
  xlsx_sheet *s = xlsx_sheet_add(book, "绩效自评表");
  const assessment *a = &x->a;
  char title[200];
  snprintf(title, sizeof title, "%lld年度项目支出绩效自评表", (long long)json_integer_value(json_object_get(j, "year")));
  xlsx_merge(s, 0, 0, 0, 9, title, XS_TITLE);
  xlsx_text(s, 1, 0, "实施单位", XS_HEAD);
  xlsx_merge(s, 1, 1, 1, 3, x->center_name, XS_TEXT);
  xlsx_text(s, 1, 4, "项目名称", XS_HEAD);
  xlsx_merge(s, 1, 5, 1, 6, "法律援助业务经费", XS_TEXT);
  xlsx_text(s, 1, 7, "评价年度", XS_HEAD);
  xlsx_number(s, 1, 8, (double)json_integer_value(json_object_get(j, "year")), XS_INT);
  xlsx_text(s, 2, 0, "项目预算金额（万元）", XS_HEAD);
  xlsx_text(s, 2, 2, "实际到位金额（万元）", XS_HEAD);
  xlsx_text(s, 2, 4, "实际执行金额（万元）", XS_HEAD);
  xlsx_text(s, 2, 6, "预算执行率", XS_HEAD);
  xlsx_text(s, 2, 8, "分值／得分", XS_HEAD);
  if (x->budget.allocated_set)
    xlsx_number(s, 2, 1, (double)x->budget.allocated_fen / 1000000.0, XS_WAN);
  else
    xlsx_blank(s, 2, 1, XS_TEXT);
  if (x->budget.received_set)
    xlsx_number(s, 2, 3, (double)x->budget.received_fen / 1000000.0, XS_WAN);
  else
    xlsx_blank(s, 2, 3, XS_TEXT);
  xlsx_number(s, 2, 5, (double)x->budget.executed_fen / 1000000.0, XS_WAN);
  if (a->execution_known)
    xlsx_number(s, 2, 7, (double)a->execution_bp / 10000.0, XS_PERCENT);
  else
    xlsx_blank(s, 2, 7, XS_TEXT);
  xlsx_number(s, 2, 9, (double)a->budget_score_x100 / 100.0, XS_DEC2);
  static const char *const head[] = {"一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值",
                                     "单位",     "是否完成", "分值",     "得分",       "数据来源"};
  int row = 4;
  for (int c = 0; c < 10; c++) xlsx_text(s, row, c, head[c], XS_HEAD);
  xlsx_freeze(s, row + 1);
  row++;
  /* Level by level as the form runs: each level's indicators with a target, or a line saying
   * it has none. */
  for (int l = AL_OUTPUT; l < AL__COUNT; l++) {
    char level1[64];
    snprintf(level1, sizeof level1, "%s（%d分）", assessment_level_name((assess_level)l),
             assessment_level_points((assess_level)l));
    if (!a->level_indicators[l]) {
      xlsx_text(s, row, 0, level1, XS_TEXT);
      xlsx_merge(s, row, 1, row, 6, "未设定年度指标值", XS_TEXT);
      xlsx_number(s, row, 7, assessment_level_points((assess_level)l), XS_DEC2);
      xlsx_number(s, row, 8, 0, XS_DEC2);
      xlsx_blank(s, row, 9, XS_TEXT);
      row++;
      continue;
    }
    for (int i = 0; i < IND__COUNT; i++) {
      const indicator_result *r = &a->ind[i];
      const indicator_def *d = &assessment_indicators[i];
      if (!r->assessed || (int)d->level != l) continue;
      xlsx_text(s, row, 0, level1, XS_TEXT);
      xlsx_text(s, row, 1, d->level2, XS_TEXT);
      xlsx_text(s, row, 2, d->name, XS_TEXT);
      xlsx_indicator(s, row, 3, (indicator_t)i, true, x->targets.value[i]);
      xlsx_indicator(s, row, 4, (indicator_t)i, r->measurable, r->actual);
      xlsx_text(s, row, 5, d->unit_zh, XS_TEXT);
      xlsx_text(s, row, 6, r->met < 0 ? "无数据" : r->met ? "是" : "否", XS_TEXT);
      xlsx_number(s, row, 7, (double)r->weight_x100 / 100.0, XS_DEC2);
      xlsx_number(s, row, 8, (double)r->score_x100 / 100.0, XS_DEC2);
      xlsx_text(s, row, 9, indicator_source[i].field, XS_TEXT);
      row++;
    }
  }
  xlsx_text(s, row, 0, "总分", XS_HEAD);
  xlsx_blank(s, row, 1, XS_TEXT);
  xlsx_number(s, row, 8, (double)a->total_x100 / 100.0, XS_DEC2);
  xlsx_text(s, row, 6, "自评等级", XS_HEAD);
  xlsx_text(s, row, 7, assessment_grade_name(a->grade), XS_TEXT);
  row++;
  xlsx_text(s, row, 0, "评分方法", XS_HEAD);
  xlsx_merge(s, row, 1, row + 2, 9, assessment_method_zh, XS_NOTE);
  row += 3;
  size_t i;
  json_t *note;
  json_array_foreach(json_object_get(j, "notes"), i, note) {
    xlsx_text(s, row, 0, "说明", XS_HEAD);
    xlsx_merge(s, row, 1, row, 9, json_string_value(note), XS_NOTE);
    row++;
  }
  xlsx_a4(s);
  return xlsx_book_close(book, out, len);
}

/* format=json (default) or xlsx, or Accept naming the XLSX type. */
static bool wants_xlsx(const http_request *req, http_reply *rep, bool *xlsx) {
  const char *f = http_query(req, "format");
  *xlsx = false;
  if (f) {
    if (strcmp(f, "xlsx") == 0)
      *xlsx = true;
    else if (strcmp(f, "json") != 0) {
      http_reply_field_error(rep, ERR_VALIDATION, "format", "json or xlsx");
      return false;
    }
    return true;
  }
  const char *accept = http_header(req, "Accept");
  if (accept && strstr(accept, "spreadsheetml")) *xlsx = true;
  return true;
}

void h_stats_self_assessment(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "year", "format", NULL};
  int64_t center;
  int year;
  bool xlsx;
  if (!center_and_year(req, rep, allowed, &center, &year) || !wants_xlsx(req, rep, &xlsx)) return;
  scored *x = malloc(sizeof *x);
  db_status s = x ? score_center(center, year, x) : DB_ERROR;
  if (s != DB_OK) {
    free(x);
    api_reply_db(rep, s);
    return;
  }
  json_t *j = self_assessment_json(x, center, year);
  if (!xlsx) {
    json_decref(x->annual);
    free(x);
    http_reply_json(rep, 200, j);
    return;
  }
  char *out = NULL;
  size_t len = 0;
  bool ok = self_assessment_xlsx(x, j, &out, &len);
  json_decref(x->annual);
  json_decref(j);
  free(x);
  if (!ok) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "self-assessment-%lld-%d.xlsx", (long long)center, year);
  xlsx_reply(rep, out, len, name);
}

/* ---- incoming 12345 work orders ---- */

typedef struct {
  jv_int center_id;
  jv_str order_no, summary;
  int topic;
  jv_ts received_at;
  jv_date due_on;
} work_order_body;

static const jv_field work_order_fields[] = {
    {"center_id", JV_INT, offsetof(work_order_body, center_id), false, 1, INT64_MAX, NULL, NULL, 0},
    {"order_no", JV_STRING, offsetof(work_order_body, order_no), true, 1, 40, NULL,
     jv_check_no_control, 0},
    {"received_at", JV_TIMESTAMP, offsetof(work_order_body, received_at), true, 0, 0, NULL, NULL, 0},
    {"due_on", JV_DATE, offsetof(work_order_body, due_on), false, 0, 0, NULL, NULL, 0},
    {"topic", JV_ENUM, offsetof(work_order_body, topic), true, 0, 0, &ENUM_TOPIC, NULL, 0},
    {"summary", JV_STRING, offsetof(work_order_body, summary), false, 0, 4000, NULL, NULL, 0},
};

void h_work_order_create(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  json_t *root = jv_body(req, rep);
  if (!root) return;
  work_order_body b;
  memset(&b, 0, sizeof b);
  b.topic = -1;
  json_t *errors = json_object();
  jv_parse(root, work_order_fields, JV_FIELD_COUNT(work_order_fields), &b, errors);
  int64_t center = api_body_center(p, b.center_id.set, b.center_id.v, errors);
  api_not_in_future(errors, "received_at", b.received_at.set, b.received_at.epoch_s);
  if (api_body_refused(rep, errors, p, center, NULL)) {
    json_decref(root);
    return;
  }
  work_order_new w = {center,          p->user_id,     b.order_no.s, b.summary.s, b.topic,
                      b.received_at.epoch_s, b.due_on.set, b.due_on.v};
  char *json = NULL;
  db_status s = store_work_order_create(&w, &json);
  json_decref(root);
  if (s == DB_CONFLICT) {
    http_reply_error(rep, ERR_CONFLICT, "本中心已登记该编号的12345工单",
                     json_pack("{s:s}", "order_no", "already recorded"));
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 201, json);
}

typedef struct {
  jv_str result;
} work_order_close_body;

static const jv_field work_order_close_fields[] = {
    {"result", JV_STRING, offsetof(work_order_close_body, result), true, 1, 2000, NULL, NULL, 0},
};

void h_work_order_close(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  work_order_close_body b;
  memset(&b, 0, sizeof b);
  json_t *errors = json_object();
  if (!jv_parse(root, work_order_close_fields, JV_FIELD_COUNT(work_order_close_fields), &b,
                errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  work_order_close_outcome outcome = WO_NOT_FOUND;
  char *json = NULL;
  db_status s = store_work_order_close(api_principal(req), id, b.result.s, &outcome, &json);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  if (outcome == WO_NOT_FOUND) {
    http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
    return;
  }
  if (outcome == WO_ALREADY_CLOSED) {
    http_reply_error(rep, ERR_CONFLICT, "该工单已办结", NULL);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

static const char *const open_values[] = {"open", "closed", NULL};
static const la_enum open_enum = {"status", open_values, 2};

void h_work_orders_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "status", "from", "to", "limit", "cursor", NULL};
  work_order_filter f;
  memset(&f, 0, sizeof f);
  int status = -1;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &f.limit, &f.before_id, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &f.center_id, NULL, rep) ||
      !api_query_enum(req, "status", &open_enum, &status, rep) ||
      !api_query_date(req, "from", &f.from, &f.from_set, rep) ||
      !api_query_date(req, "to", &f.to, &f.to_set, rep))
    return;
  f.open = status < 0 ? -1 : status == 0 ? 1 : 0;
  char *json = NULL;
  db_status s = store_work_orders_list(api_principal(req), &f, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

/* ---- the duty shifts (the day's log) ---- */

void h_duty_shifts_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "lawyer_id", "station", "from",
                                        "to",        "limit",     "cursor",  NULL};
  duty_filter f;
  memset(&f, 0, sizeof f);
  f.station = -1;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &f.limit, &f.before_id, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &f.center_id, NULL, rep) ||
      !api_query_int(req, "lawyer_id", 1, INT64_MAX, &f.lawyer_id, NULL, rep) ||
      !api_query_enum(req, "station", &ENUM_STATION, &f.station, rep) ||
      !api_query_date(req, "from", &f.from, &f.from_set, rep) ||
      !api_query_date(req, "to", &f.to, &f.to_set, rep))
    return;
  char *json = NULL;
  db_status s = store_duty_shifts_list(api_principal(req), &f, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}
