#include <check.h>
#include <string.h>

#include "domain/eligibility.h"
#include "domain/groups.h"
#include "suites.h"

static elig_facts base(int case_type) {
  elig_facts f;
  memset(&f, 0, sizeof f);
  f.channel = CHANNEL_WINDOW;
  f.case_type = case_type;
  f.matter = -1;
  f.threshold_known = true;
  f.threshold_fen = 193000; /* 1930 yuan */
  return f;
}

static bool fired(const elig_result *r, const char *id) {
  for (int i = 0; i < r->nrules; i++)
    if (strcmp(r->rules[i]->id, id) == 0) return true;
  return false;
}

static bool missing(const elig_result *r, const char *field) {
  for (int i = 0; i < r->nmissing; i++)
    if (strcmp(r->missing[i], field) == 0) return true;
  return false;
}

static void means(elig_facts *f, int64_t income, int64_t size) {
  f->income_set = f->household_size_set = true;
  f->household_monthly_income_fen = income;
  f->household_size = size;
}

START_TEST(mandatory_defence_every_ground) {
  static const struct {
    criminal_ground_t g;
    const char *rule;
  } grounds[] = {
      {CG_MINOR, "art25_minor"},
      {CG_SENSORY_DISABILITY, "art25_sensory"},
      {CG_MENTAL_CAPACITY, "art25_mental"},
      {CG_LIFE_OR_DEATH_PENALTY, "art25_life_or_death"},
      {CG_DEATH_REVIEW, "art25_death_review"},
      {CG_IN_ABSENTIA, "art25_in_absentia"},
      {CG_COMPULSORY_TREATMENT, "art28_compulsory_treatment"},
  };
  for (size_t i = 0; i < sizeof grounds / sizeof grounds[0]; i++) {
    elig_facts f = base(CT_CRIMINAL_DEFENSE);
    f.criminal_grounds = 1u << grounds[i].g;
    means(&f, 100000000, 1); /* rich: the means do not matter */
    elig_result r;
    eligibility_evaluate(&f, &r);
    ck_assert_int_eq(r.eligible, 1);
    ck_assert(r.mandatory);
    ck_assert_int_eq(r.means_test, MEANS_NOT_APPLICABLE);
    ck_assert_msg(fired(&r, grounds[i].rule), "%s", grounds[i].rule);
    ck_assert_int_eq(r.nmissing, 0);
    /* Each rule carries its article and a sentence. */
    for (int k = 0; k < r.nrules; k++) {
      ck_assert_ptr_nonnull(strstr(r.rules[k]->article, "第"));
      ck_assert_uint_gt(strlen(r.rules[k]->text), 10);
    }
  }
  /* Art. 26 rides along with life/death and death review. */
  elig_facts f = base(CT_CRIMINAL_DEFENSE);
  f.criminal_grounds = 1u << CG_LIFE_OR_DEATH_PENALTY;
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert(fired(&r, "art26_experienced_lawyer"));
}
END_TEST

START_TEST(minor_applicant_in_criminal_defence_is_mandatory) {
  elig_facts f = base(CT_CRIMINAL_DEFENSE);
  f.groups = GROUP_MINOR;
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert(r.mandatory);
  ck_assert(fired(&r, "art25_minor"));
}
END_TEST

START_TEST(defence_without_grounds_needs_means) {
  elig_facts f = base(CT_CRIMINAL_DEFENSE);
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, -1);
  ck_assert(!r.mandatory);
  ck_assert(fired(&r, "art24_defence_hardship"));
  ck_assert(missing(&r, "applicant.household_monthly_income_fen"));
  ck_assert(missing(&r, "applicant.household_size"));
  means(&f, 300000, 2); /* 1500 yuan a head */
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert_int_eq(r.means_test, MEANS_REQUIRED);
  ck_assert(fired(&r, "art34_within_threshold"));
  ck_assert(fired(&r, "art41_statement"));
}
END_TEST

START_TEST(income_exactly_at_threshold) {
  elig_facts f = base(CT_CIVIL);
  f.matter = MATTER_SUPPORT_PAYMENT;
  means(&f, 193000 * 3, 3); /* exactly 1930 yuan a head */
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert(fired(&r, "art34_within_threshold"));
  means(&f, 193000 * 3 + 1, 3); /* one fen above */
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 0);
  ck_assert(fired(&r, "art34_above_threshold"));
  ck_assert(eligibility_within_threshold(0, 1, 0));
  ck_assert(!eligibility_within_threshold(1, 1, 0));
  ck_assert(!eligibility_within_threshold(100, 0, 100));
}
END_TEST

START_TEST(every_art31_matter_in_scope) {
  static const matter_t in[] = {MATTER_STATE_COMPENSATION, MATTER_SOCIAL_INSURANCE,
                                MATTER_BEREAVEMENT_PENSION, MATTER_SUPPORT_PAYMENT,
                                MATTER_LABOUR_REMUNERATION, MATTER_EMPLOYMENT_CONFIRMATION,
                                MATTER_INCAPACITY_DECLARATION, MATTER_PERSONAL_INJURY,
                                MATTER_ENVIRONMENTAL_DAMAGE};
  static const case_type_t types[] = {CT_CIVIL, CT_ADMINISTRATIVE, CT_LABOR_ARBITRATION};
  for (size_t t = 0; t < 3; t++)
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
      elig_facts f = base(types[t]);
      f.matter = in[i];
      means(&f, 100000, 1);
      elig_result r;
      eligibility_evaluate(&f, &r);
      ck_assert_int_eq(r.eligible, 1);
      ck_assert(fired(&r, "art31_matter"));
    }
  elig_facts f = base(CT_CIVIL);
  f.matter = MATTER_RETRIAL_PETITION;
  means(&f, 100000, 1);
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert(fired(&r, "art33_retrial"));
  ck_assert_int_eq(r.eligible, 1);
  f.matter = MATTER_OTHER;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 0);
  ck_assert(fired(&r, "art31_out_of_scope"));
  f = base(CT_STATE_COMPENSATION);
  means(&f, 100000, 1);
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  f = base(CT_CIVIL);
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, -1);
  ck_assert(missing(&r, "matter"));
}
END_TEST

START_TEST(victims_and_non_litigation) {
  elig_facts f = base(CT_CRIMINAL_VICTIM);
  means(&f, 100000, 1);
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert(fired(&r, "art29_victim"));
  ck_assert_int_eq(r.eligible, 1);
  f = base(CT_DOCUMENT_DRAFTING);
  means(&f, 900000, 1);
  eligibility_evaluate(&f, &r);
  ck_assert(fired(&r, "art22_non_litigation"));
  ck_assert_int_eq(r.eligible, 0);
}
END_TEST

START_TEST(plea_help_and_notices) {
  elig_facts f = base(CT_PLEA_HELP);
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert(fired(&r, "art30_duty_lawyer"));
  ck_assert_int_eq(r.means_test, MEANS_NOT_APPLICABLE);
  f = base(CT_CRIMINAL_DEFENSE);
  f.channel = CHANNEL_NOTICE_COURT;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert(fired(&r, "art36_notice"));
  ck_assert(!fired(&r, "art24_defence_hardship"));
}
END_TEST

START_TEST(art32_no_hardship_condition) {
  static const struct {
    exemption_t e;
    const char *rule;
  } ex[] = {{EX_MARTYR_RELATIVE, "art32_martyr"},
            {EX_BRAVERY, "art32_bravery"},
            {EX_RETRIAL_COMPENSATION, "art32_retrial_compensation"},
            {EX_ABUSE_VICTIM, "art32_abuse"}};
  for (size_t i = 0; i < 4; i++) {
    elig_facts f = base(CT_CIVIL);
    f.matter = MATTER_OTHER; /* even outside Art. 31's list */
    f.exemptions = 1u << ex[i].e;
    means(&f, 99999999, 1);
    elig_result r;
    eligibility_evaluate(&f, &r);
    ck_assert_int_eq(r.eligible, 1);
    ck_assert_int_eq(r.means_test, MEANS_NOT_APPLICABLE);
    ck_assert(fired(&r, ex[i].rule));
  }
}
END_TEST

START_TEST(art42_exempt_from_proving_hardship) {
  elig_facts f = base(CT_CIVIL);
  f.matter = MATTER_SUPPORT_PAYMENT;
  f.exemptions = 1u << EX_SOCIAL_ASSISTANCE;
  elig_result r;
  eligibility_evaluate(&f, &r); /* no income given: not needed */
  ck_assert_int_eq(r.eligible, 1);
  ck_assert_int_eq(r.means_test, MEANS_EXEMPT);
  ck_assert(fired(&r, "art42_social_assistance"));
  ck_assert_int_eq(r.nmissing, 0);
  /* 低保 flagged as a group works the same. */
  f.exemptions = 0;
  f.groups = GROUP_LOW_INCOME;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.means_test, MEANS_EXEMPT);
  /* No fixed income: only for minors, the elderly, the disabled. */
  f.groups = 0;
  f.exemptions = 1u << EX_NO_FIXED_INCOME;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.means_test, MEANS_REQUIRED);
  ck_assert(!fired(&r, "art42_no_fixed_income"));
  f.groups = GROUP_ELDERLY;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.means_test, MEANS_EXEMPT);
  ck_assert(fired(&r, "art42_no_fixed_income"));
  static const exemption_t others[] = {EX_JUDICIAL_ASSISTANCE, EX_VETERAN_BENEFITS};
  for (int i = 0; i < 2; i++) {
    f.groups = 0;
    f.exemptions = 1u << others[i];
    eligibility_evaluate(&f, &r);
    ck_assert_int_eq(r.means_test, MEANS_EXEMPT);
  }
}
END_TEST

START_TEST(migrant_worker_wages_or_work_injury) {
  elig_facts f = base(CT_LABOR_ARBITRATION);
  f.groups = GROUP_MIGRANT_WORKER;
  f.matter = MATTER_LABOUR_REMUNERATION;
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, 1);
  ck_assert_int_eq(r.means_test, MEANS_EXEMPT);
  ck_assert(fired(&r, "art42_migrant_worker"));
  f.matter = MATTER_PERSONAL_INJURY;
  eligibility_evaluate(&f, &r);
  ck_assert(fired(&r, "art42_migrant_worker"));
  /* Another matter: the means test applies. */
  f.matter = MATTER_SOCIAL_INSURANCE;
  eligibility_evaluate(&f, &r);
  ck_assert(!fired(&r, "art42_migrant_worker"));
  ck_assert_int_eq(r.means_test, MEANS_REQUIRED);
  /* Not a migrant worker: no exemption. */
  f.groups = 0;
  f.matter = MATTER_LABOUR_REMUNERATION;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.means_test, MEANS_REQUIRED);
}
END_TEST

START_TEST(unknown_threshold_is_missing) {
  elig_facts f = base(CT_CIVIL);
  f.matter = MATTER_SUPPORT_PAYMENT;
  f.threshold_known = false;
  means(&f, 100, 1);
  elig_result r;
  eligibility_evaluate(&f, &r);
  ck_assert_int_eq(r.eligible, -1);
  ck_assert(missing(&r, "hardship_threshold"));
  f = base(-1);
  eligibility_evaluate(&f, &r);
  ck_assert(missing(&r, "case_type"));
}
END_TEST

Suite *eligibility_suite(void) {
  Suite *s = suite_create("eligibility");
  TCase *tc = tcase_create("eligibility");
  tcase_add_test(tc, mandatory_defence_every_ground);
  tcase_add_test(tc, minor_applicant_in_criminal_defence_is_mandatory);
  tcase_add_test(tc, defence_without_grounds_needs_means);
  tcase_add_test(tc, income_exactly_at_threshold);
  tcase_add_test(tc, every_art31_matter_in_scope);
  tcase_add_test(tc, victims_and_non_litigation);
  tcase_add_test(tc, plea_help_and_notices);
  tcase_add_test(tc, art32_no_hardship_condition);
  tcase_add_test(tc, art42_exempt_from_proving_hardship);
  tcase_add_test(tc, migrant_worker_wages_or_work_injury);
  tcase_add_test(tc, unknown_threshold_is_missing);
  suite_add_tcase(s, tc);
  return s;
}
