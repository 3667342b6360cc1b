#include "eligibility.h"

#include <string.h>

#include "groups.h"

const char *const means_test_names[3] = {"required", "exempt", "not_applicable"};

/* What a rule does when it fires. */
typedef enum {
  K_NOTICE,       /* a notice from police, procuratorate or court: assign, no means test */
  K_MANDATORY,    /* Art. 25/28: defence whatever the means */
  K_DUTY_HELP,    /* Art. 30: duty lawyers' help, no application, no means test */
  K_SCOPE,        /* a matter eligible on economic hardship */
  K_UNDETERMINED, /* a matter for laws, regulations and rules the engine does not hold (local
                     ones): on hardship, but whether it is covered is the reviewer's call */
  K_OUT_OF_SCOPE, /* not (yet) a matter the law covers */
  K_NO_MEANS,     /* Art. 32: no hardship condition at all */
  K_EXEMPT,       /* Art. 42: exempt from proving hardship */
  K_INFO,         /* shown to the reviewer, changes nothing */
} rule_kind;

typedef struct {
  elig_rule rule;
  rule_kind kind;
  bool (*when)(const elig_facts *f);
} rule_row;

static bool ct(const elig_facts *f, case_type_t t) { return f->case_type == (int)t; }
static bool ground(const elig_facts *f, criminal_ground_t g) {
  return ct(f, CT_CRIMINAL_DEFENSE) && (f->criminal_grounds & (1u << g));
}
static bool exempt(const elig_facts *f, exemption_t e) { return f->exemptions & (1u << e); }
static bool notice(const elig_facts *f) {
  return f->channel >= 0 && channel_is_notice((channel_t)f->channel);
}
static bool civil_like(const elig_facts *f) {
  return f->case_type >= 0 && case_type_needs_matter((case_type_t)f->case_type);
}
/* The matter of a civil-like case (state compensation cases are Art. 31 (一) by their type). */
static bool matter_is(const elig_facts *f, matter_t m) {
  return civil_like(f) && !ct(f, CT_STATE_COMPENSATION) && f->matter == (int)m;
}

static bool w_notice(const elig_facts *f) { return notice(f); }
static bool w_minor(const elig_facts *f) {
  return ground(f, CG_MINOR) || (ct(f, CT_CRIMINAL_DEFENSE) && (f->groups & GROUP_MINOR));
}
static bool w_sensory(const elig_facts *f) { return ground(f, CG_SENSORY_DISABILITY); }
static bool w_mental(const elig_facts *f) { return ground(f, CG_MENTAL_CAPACITY); }
static bool w_life(const elig_facts *f) { return ground(f, CG_LIFE_OR_DEATH_PENALTY); }
static bool w_death_review(const elig_facts *f) { return ground(f, CG_DEATH_REVIEW); }
static bool w_absentia(const elig_facts *f) { return ground(f, CG_IN_ABSENTIA); }
static bool w_compulsory(const elig_facts *f) { return ground(f, CG_COMPULSORY_TREATMENT); }
static bool w_art26(const elig_facts *f) { return w_life(f) || w_death_review(f); }
static bool w_plea(const elig_facts *f) { return ct(f, CT_PLEA_HELP); }
/* Art. 24 covers defence on hardship when no ground of Art. 25/28 applies. */
static bool w_defence_hardship(const elig_facts *f) {
  return ct(f, CT_CRIMINAL_DEFENSE) && !notice(f) && f->criminal_grounds == 0 &&
         !(f->groups & GROUP_MINOR);
}
static bool w_victim(const elig_facts *f) {
  return ct(f, CT_CRIMINAL_VICTIM) || matter_is(f, MATTER_CRIMINAL_VICTIM);
}
static bool w_31_1(const elig_facts *f) {
  return ct(f, CT_STATE_COMPENSATION) || matter_is(f, MATTER_STATE_COMPENSATION);
}
static bool w_31_2(const elig_facts *f) { return matter_is(f, MATTER_SOCIAL_INSURANCE); }
static bool w_31_3(const elig_facts *f) { return matter_is(f, MATTER_BEREAVEMENT_PENSION); }
static bool w_31_4(const elig_facts *f) { return matter_is(f, MATTER_SUPPORT_PAYMENT); }
static bool w_31_5(const elig_facts *f) {
  return matter_is(f, MATTER_LABOUR_REMUNERATION) || matter_is(f, MATTER_EMPLOYMENT_CONFIRMATION);
}
static bool w_31_6(const elig_facts *f) { return matter_is(f, MATTER_INCAPACITY_DECLARATION); }
static bool w_31_7(const elig_facts *f) {
  return matter_is(f, MATTER_WORK_INJURY) || matter_is(f, MATTER_TRAFFIC_INJURY) ||
         matter_is(f, MATTER_FOOD_DRUG_INJURY) || matter_is(f, MATTER_MEDICAL_INJURY);
}
static bool w_31_7_unknown(const elig_facts *f) { return matter_is(f, MATTER_PERSONAL_INJURY); }
static bool w_31_8(const elig_facts *f) { return matter_is(f, MATTER_ENVIRONMENTAL_DAMAGE); }
static bool w_31_9(const elig_facts *f) { return matter_is(f, MATTER_OTHER); }
static bool w_art33(const elig_facts *f) {
  return matter_is(f, MATTER_RETRIAL_PETITION) && f->retrial_ordered;
}
static bool w_art33_not(const elig_facts *f) {
  return matter_is(f, MATTER_RETRIAL_PETITION) && !f->retrial_ordered;
}
static bool w_drafting(const elig_facts *f) { return ct(f, CT_DOCUMENT_DRAFTING); }
static bool w_notarization(const elig_facts *f) { return ct(f, CT_NOTARIZATION); }
static bool w_martyr(const elig_facts *f) { return exempt(f, EX_MARTYR_RELATIVE); }
static bool w_bravery(const elig_facts *f) { return exempt(f, EX_BRAVERY); }
static bool w_retrial_comp(const elig_facts *f) { return exempt(f, EX_RETRIAL_COMPENSATION); }
static bool w_abuse(const elig_facts *f) { return exempt(f, EX_ABUSE_VICTIM); }
static bool w_no_income(const elig_facts *f) {
  return exempt(f, EX_NO_FIXED_INCOME) &&
         (f->groups & (GROUP_MINOR | GROUP_ELDERLY | GROUP_DISABLED));
}
static bool w_assistance(const elig_facts *f) {
  return exempt(f, EX_SOCIAL_ASSISTANCE) || (f->groups & GROUP_LOW_INCOME);
}
static bool w_judicial(const elig_facts *f) { return exempt(f, EX_JUDICIAL_ASSISTANCE); }
static bool w_veteran(const elig_facts *f) { return exempt(f, EX_VETERAN_BENEFITS); }
/* Art. 42 (三): wages, or injury damages from a WORK accident; no other matter. */
static bool w_migrant(const elig_facts *f) {
  return (f->groups & GROUP_MIGRANT_WORKER) &&
         (matter_is(f, MATTER_LABOUR_REMUNERATION) || matter_is(f, MATTER_WORK_INJURY));
}

/* The opening words of the articles that list cases; a rule quotes the item it applies. */
#define A22 "法律援助机构可以组织法律援助人员，依法提供下列形式的法律援助服务：……"
#define A25                                                                              \
  "刑事案件的犯罪嫌疑人、被告人属于下列人员之一，没有委托辩护人的，人民法院、人民检察院、" \
  "公安机关应当通知法律援助机构指派律师担任辩护人：……"
#define A31 "下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助：……"
#define A32 "有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制：……"
#define A42 "法律援助申请人有材料证明属于下列人员之一的，免予核查经济困难状况：……"

#define RULE(id, art, text, kind, when) {{id, art, text, NULL}, kind, when}
#define RULE_NOTE(id, art, text, note, kind, when) {{id, art, text, note}, kind, when}

static const rule_row rules[] = {
    RULE("art36_notice", "第三十六条",
         "法律援助机构收到通知后，应当在三日内指派律师并通知人民法院、人民检察院、公安机关。",
         K_NOTICE, w_notice),
    RULE("art25_minor", "第二十五条", A25 "（一）未成年人；", K_MANDATORY, w_minor),
    RULE("art25_sensory", "第二十五条", A25 "（二）视力、听力、言语残疾人；", K_MANDATORY,
         w_sensory),
    RULE("art25_mental", "第二十五条", A25 "（三）不能完全辨认自己行为的成年人；", K_MANDATORY,
         w_mental),
    RULE("art25_life_or_death", "第二十五条", A25 "（四）可能被判处无期徒刑、死刑的人；",
         K_MANDATORY, w_life),
    RULE("art25_death_review", "第二十五条", A25 "（五）申请法律援助的死刑复核案件被告人；",
         K_MANDATORY, w_death_review),
    RULE("art25_in_absentia", "第二十五条", A25 "（六）缺席审判案件的被告人；", K_MANDATORY,
         w_absentia),
    RULE("art28_compulsory_treatment", "第二十八条",
         "强制医疗案件的被申请人或者被告人没有委托诉讼代理人的，人民法院应当通知法律援助机构指派"
         "律师为其提供法律援助。",
         K_MANDATORY, w_compulsory),
    RULE("art26_experienced_lawyer", "第二十六条",
         "对可能被判处无期徒刑、死刑的人，以及死刑复核案件的被告人，法律援助机构收到人民法院、"
         "人民检察院、公安机关通知后，应当指派具有三年以上相关执业经历的律师担任辩护人。",
         K_INFO, w_art26),
    RULE_NOTE("art30_duty_lawyer", "第三十条",
              "值班律师依法为没有辩护人的犯罪嫌疑人、被告人提供法律咨询、程序选择建议、申请变更"
              "强制措施、对案件处理提出意见等法律帮助。",
              "值班律师法律帮助不经申请审查，不核查经济状况", K_DUTY_HELP, w_plea),
    RULE("art24_defence_hardship", "第二十四条",
         "刑事案件的犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，本人及其近亲属可以"
         "向法律援助机构申请法律援助。",
         K_SCOPE, w_defence_hardship),
    RULE("art29_victim", "第二十九条",
         "刑事公诉案件的被害人及其法定代理人或者近亲属，刑事自诉案件的自诉人及其法定代理人，刑事"
         "附带民事诉讼案件的原告人及其法定代理人，因经济困难没有委托诉讼代理人的，可以向法律援助"
         "机构申请法律援助。",
         K_SCOPE, w_victim),
    RULE("art31_1_state_compensation", "第三十一条", A31 "（一）依法请求国家赔偿；", K_SCOPE,
         w_31_1),
    RULE("art31_2_social_insurance", "第三十一条", A31 "（二）请求给予社会保险待遇或者社会救助；",
         K_SCOPE, w_31_2),
    RULE("art31_3_bereavement_pension", "第三十一条", A31 "（三）请求发给抚恤金；", K_SCOPE,
         w_31_3),
    RULE("art31_4_support_payment", "第三十一条", A31 "（四）请求给付赡养费、抚养费、扶养费；",
         K_SCOPE, w_31_4),
    RULE("art31_5_labour", "第三十一条", A31 "（五）请求确认劳动关系或者支付劳动报酬；", K_SCOPE,
         w_31_5),
    RULE("art31_6_incapacity", "第三十一条",
         A31 "（六）请求认定公民无民事行为能力或者限制民事行为能力；", K_SCOPE, w_31_6),
    RULE("art31_7_injury", "第三十一条",
         A31 "（七）请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿；", K_SCOPE,
         w_31_7),
    RULE_NOTE("art31_7_cause_unknown", "第三十一条",
              A31 "（七）请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿；",
              "申请未载明致害原因：仅上述四类事故的人身损害赔偿属于本项，其他原因由审查人员依据"
              "法律、法规、规章判断并说明理由",
              K_UNDETERMINED, w_31_7_unknown),
    RULE("art31_8_environment", "第三十一条", A31 "（八）请求环境污染、生态破坏损害赔偿；",
         K_SCOPE, w_31_8),
    RULE_NOTE("art31_9_other", "第三十一条", A31 "（九）法律、法规、规章规定的其他情形。",
              "是否属于法律、法规、规章（含地方性法规、规章）规定的其他事项，由审查人员判断并说明"
              "理由",
              K_UNDETERMINED, w_31_9),
    RULE("art33_retrial", "第三十三条",
         "当事人不服司法机关生效裁判或者决定提出申诉或者申请再审，人民法院决定、裁定再审或者人民"
         "检察院提出抗诉，因经济困难没有委托辩护人或者诉讼代理人的，本人及其近亲属可以向法律援助"
         "机构申请法律援助。",
         K_SCOPE, w_art33),
    RULE_NOTE("art33_retrial_not_ordered", "第三十三条",
              "当事人不服司法机关生效裁判或者决定提出申诉或者申请再审，人民法院决定、裁定再审或者"
              "人民检察院提出抗诉，……",
              "人民法院尚未决定、裁定再审，人民检察院也未提出抗诉：申诉、申请再审本身不属于法律"
              "援助范围",
              K_OUT_OF_SCOPE, w_art33_not),
    RULE("art22_2_drafting", "第二十二条", A22 "（二）代拟法律文书；", K_SCOPE, w_drafting),
    RULE_NOTE("art22_7_notarization", "第二十二条", A22 "（七）法律、法规、规章规定的其他形式。",
              "本法所列形式不含公证：公证法律援助依法规、规章（如省法律援助条例）提供，由审查人员"
              "依据当地规定判断并说明理由",
              K_UNDETERMINED, w_notarization),
    RULE("art32_martyr", "第三十二条", A32 "（一）英雄烈士近亲属为维护英雄烈士的人格权益；",
         K_NO_MEANS, w_martyr),
    RULE("art32_bravery", "第三十二条", A32 "（二）因见义勇为行为主张相关民事权益；", K_NO_MEANS,
         w_bravery),
    RULE("art32_retrial_compensation", "第三十二条", A32 "（三）再审改判无罪请求国家赔偿；",
         K_NO_MEANS, w_retrial_comp),
    RULE("art32_abuse", "第三十二条",
         A32 "（四）遭受虐待、遗弃或者家庭暴力的受害人主张相关权益；", K_NO_MEANS, w_abuse),
    RULE("art42_no_fixed_income", "第四十二条",
         A42 "（一）无固定生活来源的未成年人、老年人、残疾人等特定群体；", K_EXEMPT, w_no_income),
    RULE("art42_social_assistance", "第四十二条", A42 "（二）社会救助、司法救助或者优抚对象；",
         K_EXEMPT, w_assistance),
    RULE_NOTE("art42_judicial_assistance", "第四十二条",
              A42 "（二）社会救助、司法救助或者优抚对象；", "司法救助对象", K_EXEMPT, w_judicial),
    RULE_NOTE("art42_veteran_benefits", "第四十二条", A42 "（二）社会救助、司法救助或者优抚对象；",
              "优抚对象", K_EXEMPT, w_veteran),
    RULE("art42_migrant_worker", "第四十二条",
         A42 "（三）申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员；", K_EXEMPT,
         w_migrant),
};

#define A34                                                                              \
  "经济困难的标准，由省、自治区、直辖市人民政府根据本行政区域经济发展状况和法律援助工作需要" \
  "确定，并实行动态调整。"
static const elig_rule rule_within = {"art34_within_threshold", "第三十四条", A34,
                                      "家庭人均月收入未超过当地经济困难标准"};
static const elig_rule rule_above = {"art34_above_threshold", "第三十四条", A34,
                                     "家庭人均月收入超过当地经济困难标准"};
static const elig_rule rule_statement = {
    "art41_statement", "第四十一条",
    "因经济困难申请法律援助的，申请人应当如实说明经济困难状况。法律援助机构核查申请人的经济困难"
    "状况，可以通过信息共享查询，或者由申请人进行个人诚信承诺。",
    NULL};

size_t eligibility_rule_list(const elig_rule **out, size_t max) {
  static const elig_rule *const extra[] = {&rule_within, &rule_above, &rule_statement};
  size_t n = 0;
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++, n++)
    if (n < max) out[n] = &rules[i].rule;
  for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++, n++)
    if (n < max) out[n] = extra[i];
  return n;
}

static void add_rule(elig_result *out, const elig_rule *r) {
  if (out->nrules < ELIG_MAX_RULES) out->rules[out->nrules++] = r;
}

static void add_missing(elig_result *out, const char *field) {
  for (int i = 0; i < out->nmissing; i++)
    if (strcmp(out->missing[i], field) == 0) return;
  if (out->nmissing < ELIG_MAX_MISSING) out->missing[out->nmissing++] = field;
}

bool eligibility_within_threshold(int64_t income_fen, int64_t household_size,
                                  int64_t threshold_fen) {
  if (household_size < 1 || income_fen < 0 || threshold_fen < 0) return false;
  /* Both below 2^40 in practice; guard the product anyway. */
  if (threshold_fen > 0 && household_size > INT64_MAX / threshold_fen) return true;
  return income_fen <= threshold_fen * household_size;
}

void eligibility_evaluate(const elig_facts *f, elig_result *out) {
  memset(out, 0, sizeof *out);
  out->eligible = -1;
  out->means_test = MEANS_REQUIRED;
  unsigned fired = 0; /* bit per rule_kind */
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    if (!rules[i].when(f)) continue;
    add_rule(out, &rules[i].rule);
    fired |= 1u << rules[i].kind;
  }
#define FIRED(k) (fired & (1u << (k)))
  if (f->case_type < 0) {
    add_missing(out, "case_type");
    return;
  }
  if (FIRED(K_NOTICE) || FIRED(K_MANDATORY) || FIRED(K_DUTY_HELP)) {
    out->eligible = 1;
    out->mandatory = FIRED(K_MANDATORY) != 0;
    out->means_test = MEANS_NOT_APPLICABLE;
    return;
  }
  if (civil_like(f) && f->matter < 0 && !ct(f, CT_STATE_COMPENSATION) && !FIRED(K_NO_MEANS)) {
    add_missing(out, "matter");
    return;
  }
  if (FIRED(K_NO_MEANS)) {
    out->eligible = 1;
    out->means_test = MEANS_NOT_APPLICABLE;
    return;
  }
  if (FIRED(K_OUT_OF_SCOPE) || !(FIRED(K_SCOPE) || FIRED(K_UNDETERMINED))) {
    out->eligible = 0;
    out->means_test = MEANS_NOT_APPLICABLE;
    return;
  }
  /* A matter left to the reviewer is covered, if at all, on hardship like the others: the
   * answer stays undetermined unless the means alone refuse it. */
  bool undetermined = FIRED(K_UNDETERMINED) && !FIRED(K_SCOPE);
  if (FIRED(K_EXEMPT)) {
    out->eligible = undetermined ? -1 : 1;
    out->means_test = MEANS_EXEMPT;
    return;
  }
  out->means_test = MEANS_REQUIRED;
  add_rule(out, &rule_statement);
  if (!f->income_set) add_missing(out, "applicant.household_monthly_income_fen");
  if (!f->household_size_set) add_missing(out, "applicant.household_size");
  if (!f->threshold_known) add_missing(out, "hardship_threshold");
  if (out->nmissing) return;
  if (eligibility_within_threshold(f->household_monthly_income_fen, f->household_size,
                                   f->threshold_fen)) {
    out->eligible = undetermined ? -1 : 1;
    add_rule(out, &rule_within);
  } else {
    out->eligible = 0;
    add_rule(out, &rule_above);
  }
#undef FIRED
}
