#include "eligibility.h"

#include <string.h>

#include "groups.h"

const char *const means_test_names[3] = {"required", "exempt", "not_applicable"};

/* What a rule does when it fires. */
typedef enum {
  K_NOTICE,       /* a notice from police, procuratorate or court: assign, no means test */
  K_MANDATORY,    /* Art. 25/28: defence whatever the means */
  K_DUTY_HELP,    /* Art. 30: duty lawyers' help, no means test */
  K_SCOPE,        /* a matter eligible on economic hardship */
  K_OUT_OF_SCOPE, /* not a matter the law covers */
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
static bool matter_is(const elig_facts *f, matter_t m) { return f->matter == (int)m; }

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
  return ct(f, CT_CRIMINAL_VICTIM) || (civil_like(f) && matter_is(f, MATTER_CRIMINAL_VICTIM));
}
static bool w_art31(const elig_facts *f) {
  if (ct(f, CT_STATE_COMPENSATION)) return true;
  if (!civil_like(f) || f->matter < 0) return false;
  switch ((matter_t)f->matter) {
    case MATTER_STATE_COMPENSATION:
    case MATTER_SOCIAL_INSURANCE:
    case MATTER_BEREAVEMENT_PENSION:
    case MATTER_SUPPORT_PAYMENT:
    case MATTER_LABOUR_REMUNERATION:
    case MATTER_EMPLOYMENT_CONFIRMATION:
    case MATTER_INCAPACITY_DECLARATION:
    case MATTER_PERSONAL_INJURY:
    case MATTER_ENVIRONMENTAL_DAMAGE:
      return true;
    default:
      return false;
  }
}
static bool w_art33(const elig_facts *f) {
  return civil_like(f) && matter_is(f, MATTER_RETRIAL_PETITION);
}
static bool w_non_litigation(const elig_facts *f) {
  return ct(f, CT_NOTARIZATION) || ct(f, CT_DOCUMENT_DRAFTING);
}
static bool w_out_of_scope(const elig_facts *f) {
  return civil_like(f) && !ct(f, CT_STATE_COMPENSATION) && matter_is(f, MATTER_OTHER);
}
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
static bool w_migrant(const elig_facts *f) {
  return (f->groups & GROUP_MIGRANT_WORKER) &&
         (matter_is(f, MATTER_LABOUR_REMUNERATION) || matter_is(f, MATTER_PERSONAL_INJURY));
}

#define RULE(id, art, text, kind, when) {{id, art, text}, kind, when}

static const rule_row rules[] = {
    RULE("art36_notice", "第三十六条",
         "公安机关、人民检察院、人民法院通知辩护或代理，法律援助机构应当在收到通知之日起三日内指派",
         K_NOTICE, w_notice),
    RULE("art25_minor", "第二十五条",
         "犯罪嫌疑人、被告人是未成年人，没有委托辩护人的，应当指派律师担任辩护人", K_MANDATORY,
         w_minor),
    RULE("art25_sensory", "第二十五条",
         "犯罪嫌疑人、被告人是视力、听力、言语残疾人，没有委托辩护人的，应当指派律师担任辩护人",
         K_MANDATORY, w_sensory),
    RULE("art25_mental", "第二十五条",
         "犯罪嫌疑人、被告人是不能完全辨认自己行为的成年人，没有委托辩护人的，应当指派律师担任辩护人",
         K_MANDATORY, w_mental),
    RULE("art25_life_or_death", "第二十五条",
         "犯罪嫌疑人、被告人可能被判处无期徒刑、死刑，没有委托辩护人的，应当指派律师担任辩护人",
         K_MANDATORY, w_life),
    RULE("art25_death_review", "第二十五条",
         "申请法律援助的死刑复核案件被告人，应当指派律师担任辩护人", K_MANDATORY, w_death_review),
    RULE("art25_in_absentia", "第二十五条",
         "缺席审判案件的被告人，没有委托辩护人的，应当指派律师担任辩护人", K_MANDATORY, w_absentia),
    RULE("art28_compulsory_treatment", "第二十八条",
         "强制医疗案件的被申请人或者被告人没有委托诉讼代理人的，应当指派律师为其提供法律援助",
         K_MANDATORY, w_compulsory),
    RULE("art26_experienced_lawyer", "第二十六条",
         "可能被判处无期徒刑、死刑的人以及死刑复核案件的被告人，应当指派具有三年以上相关执业经历的律师",
         K_INFO, w_art26),
    RULE("art30_duty_lawyer", "第三十条",
         "值班律师为没有辩护人的犯罪嫌疑人、被告人提供法律帮助，不需审查经济状况", K_DUTY_HELP,
         w_plea),
    RULE("art24_defence_hardship", "第二十四条",
         "刑事案件的犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人的，可以申请法律援助",
         K_SCOPE, w_defence_hardship),
    RULE("art29_victim", "第二十九条",
         "刑事公诉案件的被害人、自诉人及其法定代理人或近亲属，因经济困难没有委托诉讼代理人的，可以申请法律援助",
         K_SCOPE, w_victim),
    RULE("art31_matter", "第三十一条",
         "该事项属于因经济困难可以申请法律援助的民事、行政事项", K_SCOPE, w_art31),
    RULE("art33_retrial", "第三十三条",
         "当事人不服生效裁判申请再审，因经济困难没有委托代理人的，可以申请法律援助", K_SCOPE,
         w_art33),
    RULE("art22_non_litigation", "第二十二条",
         "代拟法律文书、公证等非诉讼法律服务属于法律援助形式，经济困难的可以申请", K_SCOPE,
         w_non_litigation),
    RULE("art31_out_of_scope", "第三十一条",
         "该事项不在法律规定的援助事项范围内（地方性法规另有规定的，由审查人员说明理由后调整）",
         K_OUT_OF_SCOPE, w_out_of_scope),
    RULE("art32_martyr", "第三十二条",
         "英雄烈士近亲属为维护英雄烈士的人格权益申请法律援助，不受经济困难条件的限制", K_NO_MEANS,
         w_martyr),
    RULE("art32_bravery", "第三十二条",
         "因见义勇为行为主张相关民事权益申请法律援助，不受经济困难条件的限制", K_NO_MEANS,
         w_bravery),
    RULE("art32_retrial_compensation", "第三十二条",
         "再审改判无罪请求国家赔偿申请法律援助，不受经济困难条件的限制", K_NO_MEANS,
         w_retrial_comp),
    RULE("art32_abuse", "第三十二条",
         "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益申请法律援助，不受经济困难条件的限制",
         K_NO_MEANS, w_abuse),
    RULE("art42_no_fixed_income", "第四十二条",
         "无固定生活来源的未成年人、老年人、残疾人等特定群体，免予核查经济困难状况", K_EXEMPT,
         w_no_income),
    RULE("art42_social_assistance", "第四十二条",
         "社会救助对象（含最低生活保障、特困供养人员），免予核查经济困难状况", K_EXEMPT,
         w_assistance),
    RULE("art42_judicial_assistance", "第四十二条", "司法救助对象，免予核查经济困难状况",
         K_EXEMPT, w_judicial),
    RULE("art42_veteran_benefits", "第四十二条", "优抚对象，免予核查经济困难状况", K_EXEMPT,
         w_veteran),
    RULE("art42_migrant_worker", "第四十二条",
         "进城务工人员申请支付劳动报酬或者请求工伤事故人身损害赔偿，免予核查经济困难状况",
         K_EXEMPT, w_migrant),
};

static const elig_rule rule_within = {
    "art34_within_threshold", "第三十四条",
    "家庭人均月收入未超过当地法律援助经济困难标准"};
static const elig_rule rule_above = {
    "art34_above_threshold", "第三十四条", "家庭人均月收入超过当地法律援助经济困难标准"};
static const elig_rule rule_statement = {
    "art41_statement", "第四十一条",
    "申请人应如实说明经济困难状况，可通过信息共享查询或由申请人作出个人诚信承诺"};

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
  if (FIRED(K_OUT_OF_SCOPE) || !FIRED(K_SCOPE)) {
    out->eligible = 0;
    out->means_test = MEANS_NOT_APPLICABLE;
    return;
  }
  if (FIRED(K_EXEMPT)) {
    out->eligible = 1;
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
    out->eligible = 1;
    add_rule(out, &rule_within);
  } else {
    out->eligible = 0;
    add_rule(out, &rule_above);
  }
#undef FIRED
}
