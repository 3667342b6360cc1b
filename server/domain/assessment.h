/* The performance self-assessment (项目支出绩效自评表) of a centre's legal aid project for a
 * year, scored from the year's figures against the year's targets. Pure, integer arithmetic.
 * The method is written down in assessment.md beside this file:
 *   budget execution 10 points, outputs 50, effects 30, satisfaction 10; within a level the
 *   points are shared equally by the indicators that have a target; an indicator earns its
 *   share in proportion to actual / target, at most the whole share; 优 >= 90, 良 >= 80,
 *   中 >= 60, else 差. */
#ifndef LA_DOMAIN_ASSESSMENT_H
#define LA_DOMAIN_ASSESSMENT_H
#include <stdbool.h>
#include <stdint.h>

typedef enum { AL_BUDGET, AL_OUTPUT, AL_EFFECT, AL_SATISFACTION, AL__COUNT } assess_level;

typedef enum {
  IND_CASES,
  IND_PLEA_HELP_CASES,
  IND_DUTY_LAWYERS_PER_DAY,
  IND_CONSULTATIONS,
  IND_HOTLINE_CALLS,
  IND_DUTY_COVERAGE,
  IND_GOOD_RATE,
  IND_EXCELLENT_RATE,
  IND_TIMELY_RATE,
  IND_RECOVERED,
  IND_WORK_ORDERS_CLOSED,
  IND_SATISFACTION,
  IND__COUNT
} indicator_t;

/* The unit of an indicator's target and actual. */
typedef enum {
  IU_COUNT,        /* cases, people, calls */
  IU_PER_DAY_X100, /* lawyers a day, in hundredths */
  IU_BP,           /* a rate in basis points (9800 = 98%) */
  IU_FEN,          /* money */
} indicator_unit;

typedef struct {
  const char *key;    /* stable name: the target's field in PUT /targets too */
  assess_level level; /* 一级指标 */
  const char *level2; /* 二级指标, as the form names it */
  const char *name;   /* 三级指标 */
  indicator_unit unit;
  const char *unit_zh; /* how the form writes the unit: 件, 人次, 人/天, %, 万元 */
} indicator_def;

extern const indicator_def assessment_indicators[IND__COUNT];

/* 项目执行情况 / 产出指标 / 效益指标 / 满意度指标 */
const char *assessment_level_name(assess_level l);
/* 10, 50, 30, 10 */
int assessment_level_points(assess_level l);
/* 优, 良, 中, 差 for grades 0..3 */
const char *assessment_grade_name(int grade);
/* The grade of a total in hundredths of a point: 优 >= 9000, 良 >= 8000, 中 >= 6000, else 差. */
int assessment_grade_of(int64_t total_x100);

typedef struct {
  bool target_set;
  int64_t target; /* in the unit, >= 0 */
  /* The actual as a fraction in the unit: a count over 1, satisfied * 10000 over ratings,
   * lawyer-days * 100 over working days. actual_den 0: nothing to measure. */
  int64_t actual_num, actual_den;
} indicator_input;

typedef struct {
  bool assessed;         /* a target is set: the indicator carries points */
  int met;               /* 1 met, 0 missed, -1 not known (no target, or nothing to measure) */
  bool measurable;       /* actual_den > 0 */
  int64_t actual;        /* actual_num / actual_den in the unit, half up */
  int64_t weight_x100;   /* its share of its level's points, in hundredths */
  int64_t score_x100;    /* earned, in hundredths */
} indicator_result;

typedef struct {
  bool allocated_set, received_set;
  int64_t allocated_fen, received_fen, executed_fen;
} budget_input;

typedef struct {
  indicator_result ind[IND__COUNT];
  /* 预算执行率 = executed / received (实际执行金额 / 实际到位金额), or over the allocation while
   * nothing is recorded as received. */
  bool execution_known;
  int64_t execution_bp;
  int64_t budget_score_x100;
  int64_t level_score_x100[AL__COUNT];
  int level_indicators[AL__COUNT]; /* indicators with a target per level (budget: 1 or 0) */
  int64_t total_x100;
  int grade;
} assessment;

void assessment_score(const budget_input *b, const indicator_input in[IND__COUNT],
                      assessment *out);

/* The method in one paragraph of Chinese, for the report's foot. */
extern const char assessment_method_zh[];

#endif
