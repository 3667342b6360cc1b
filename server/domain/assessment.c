#include "assessment.h"

#include <string.h>

/* 128-bit intermediates: a target in fen (<= 10^10) times a denominator and a weight. */
__extension__ typedef __int128 wide;

const indicator_def assessment_indicators[IND__COUNT] = {
    [IND_CASES] = {"cases", AL_OUTPUT, "数量指标", "法律援助案件数", IU_COUNT, "件"},
    [IND_PLEA_HELP_CASES] = {"plea_help_cases", AL_OUTPUT, "数量指标", "认罪认罚法律帮助案件数",
                             IU_COUNT, "件"},
    [IND_DUTY_LAWYERS_PER_DAY] = {"duty_lawyers_per_day", AL_OUTPUT, "数量指标",
                                  "派驻法律援助值班律师", IU_PER_DAY_X100, "人/天"},
    [IND_CONSULTATIONS] = {"consultations", AL_OUTPUT, "数量指标", "接待法律咨询", IU_COUNT, "人次"},
    [IND_HOTLINE_CALLS] = {"hotline_calls", AL_OUTPUT, "数量指标", "12348热线接听", IU_COUNT, "人次"},
    [IND_DUTY_COVERAGE] = {"duty_coverage_rate", AL_OUTPUT, "质量指标", "值班律师派驻达标率", IU_BP,
                           "%"},
    [IND_GOOD_RATE] = {"good_rate", AL_OUTPUT, "质量指标", "案件质量优良率", IU_BP, "%"},
    [IND_EXCELLENT_RATE] = {"excellent_rate", AL_OUTPUT, "质量指标", "案件质量优秀率", IU_BP, "%"},
    [IND_TIMELY_RATE] = {"timely_rate", AL_OUTPUT, "时效指标", "审查指派及时率", IU_BP, "%"},
    [IND_RECOVERED] = {"recovered_fen", AL_EFFECT, "经济效益指标", "为受援人挽回经济损失", IU_FEN,
                       "万元"},
    [IND_WORK_ORDERS_CLOSED] = {"work_orders_closed_rate", AL_EFFECT, "社会效益指标",
                                "12345热线工单办结率", IU_BP, "%"},
    [IND_SATISFACTION] = {"satisfaction_rate", AL_SATISFACTION, "服务对象满意度指标",
                          "服务对象满意度", IU_BP, "%"},
};

const char assessment_method_zh[] =
    "总分100分：预算执行率10分，产出指标50分，效益指标30分，服务对象满意度指标10分。"
    "预算执行率得分 = 10 × 实际执行金额 ÷ 实际到位金额（未录入到位金额时按预算金额），最高10分。"
    "同一级指标的分值由设定了年度指标值的三级指标平均分配；达到指标值得全部分值，"
    "未达到的按完成值 ÷ 指标值的比例得分；未设定指标值的一级指标不得分。"
    "等级：90分（含）以上为优，80分（含）至90分为良，60分（含）至80分为中，60分以下为差。";

const char *assessment_level_name(assess_level l) {
  static const char *const names[AL__COUNT] = {"项目执行情况", "产出指标", "效益指标",
                                               "满意度指标"};
  return l >= 0 && l < AL__COUNT ? names[l] : "";
}

int assessment_level_points(assess_level l) {
  static const int points[AL__COUNT] = {10, 50, 30, 10};
  return l >= 0 && l < AL__COUNT ? points[l] : 0;
}

const char *assessment_grade_name(int grade) {
  static const char *const names[] = {"优", "良", "中", "差"};
  return grade >= 0 && grade < 4 ? names[grade] : "";
}

int assessment_grade_of(int64_t total_x100) {
  return total_x100 >= 9000 ? 0 : total_x100 >= 8000 ? 1 : total_x100 >= 6000 ? 2 : 3;
}

/* num / den rounded half up, for num >= 0 and den > 0. */
static int64_t div_half_up(wide num, wide den) { return (int64_t)((2 * num + den) / (2 * den)); }

void assessment_score(const budget_input *b, const indicator_input in[IND__COUNT],
                      assessment *out) {
  memset(out, 0, sizeof *out);
  /* Budget execution: 10 points in proportion to the rate, at most 10. */
  int64_t base = b->received_set ? b->received_fen : b->allocated_set ? b->allocated_fen : 0;
  if ((b->received_set || b->allocated_set) && base > 0) {
    out->execution_known = true;
    out->execution_bp = div_half_up((wide)b->executed_fen * 10000, base);
    int64_t done = b->executed_fen < base ? b->executed_fen : base;
    out->budget_score_x100 = div_half_up((wide)done * assessment_level_points(AL_BUDGET) * 100, base);
    out->level_indicators[AL_BUDGET] = 1;
  }
  out->level_score_x100[AL_BUDGET] = out->budget_score_x100;
  /* The indicators with a target share their level's points equally; the hundredths left
   * over by the division go to the first ones, so that the shares add up to the level. */
  for (int i = 0; i < IND__COUNT; i++)
    if (in[i].target_set) out->level_indicators[assessment_indicators[i].level]++;
  int seen[AL__COUNT] = {0};
  for (int i = 0; i < IND__COUNT; i++) {
    indicator_result *r = &out->ind[i];
    const indicator_input *x = &in[i];
    assess_level l = assessment_indicators[i].level;
    r->measurable = x->actual_den > 0 && x->actual_num >= 0;
    r->actual = r->measurable ? div_half_up(x->actual_num, x->actual_den) : 0;
    r->met = -1;
    if (!x->target_set) continue;
    r->assessed = true;
    int n = out->level_indicators[l];
    int64_t points = (int64_t)assessment_level_points(l) * 100;
    r->weight_x100 = points / n + (seen[l] < points % n ? 1 : 0);
    seen[l]++;
    if (!r->measurable) continue;
    wide want = (wide)(x->target < 0 ? 0 : x->target) * x->actual_den;
    if (want == 0) {
      r->met = 1;
      r->score_x100 = r->weight_x100;
    } else {
      r->met = (wide)x->actual_num >= want;
      wide got = r->met ? want : (wide)x->actual_num;
      r->score_x100 = div_half_up(got * r->weight_x100, want);
    }
    out->level_score_x100[l] += r->score_x100;
  }
  for (int l = 0; l < AL__COUNT; l++) out->total_x100 += out->level_score_x100[l];
  out->grade = assessment_grade_of(out->total_x100);
}
