#include <check.h>
#include <string.h>

#include "domain/groups.h"
#include "domain/intake.h"
#include "suites.h"

static day_t D(const char *s) {
  day_t d = 0;
  date_parse(s, strlen(s), &d);
  return d;
}

START_TEST(minor_at_18th_birthday) {
  day_t birth = D("2006-06-01");
  ck_assert(groups_derive(true, birth, 'M', NULL, D("2024-05-31")) & GROUP_MINOR);
  ck_assert(!(groups_derive(true, birth, 'M', NULL, D("2024-06-01")) & GROUP_MINOR));
  ck_assert(!(groups_derive(true, birth, 'M', NULL, D("2024-06-02")) & GROUP_MINOR));
}
END_TEST

START_TEST(elderly_at_60th_birthday) {
  day_t birth = D("1964-06-01");
  ck_assert(!(groups_derive(true, birth, 'M', NULL, D("2024-05-31")) & GROUP_ELDERLY));
  ck_assert(groups_derive(true, birth, 'M', NULL, D("2024-06-01")) & GROUP_ELDERLY);
  ck_assert(!(groups_derive(false, birth, 'M', NULL, D("2024-06-01")) & GROUP_ELDERLY));
}
END_TEST

START_TEST(woman_and_ethnicity) {
  day_t birth = D("1990-01-01"), on = D("2024-01-01");
  ck_assert(groups_derive(true, birth, 'F', NULL, on) & GROUP_WOMAN);
  ck_assert(!(groups_derive(true, birth, 'M', NULL, on) & GROUP_WOMAN));
  ck_assert(!(groups_derive(true, birth, 0, NULL, on) & GROUP_WOMAN));
  ck_assert(!(groups_derive(true, birth, 'M', "汉族", on) & GROUP_ETHNIC_MINORITY));
  ck_assert(!(groups_derive(true, birth, 'M', "汉", on) & GROUP_ETHNIC_MINORITY));
  ck_assert(groups_derive(true, birth, 'M', "壮族", on) & GROUP_ETHNIC_MINORITY);
  ck_assert(groups_derive(true, birth, 'M', "土家族", on) & GROUP_ETHNIC_MINORITY);
  ck_assert(!(groups_derive(true, birth, 'M', "", on) & GROUP_ETHNIC_MINORITY));
  ck_assert(!(groups_derive(true, birth, 'M', NULL, on) & GROUP_ETHNIC_MINORITY));
  ck_assert_uint_eq(groups_derive(true, birth, 'M', "汉族", on), 0);
}
END_TEST

/* The names of API.md, in the order of the group bits. */
START_TEST(names) {
  static const char *n[] = {"minor",          "elderly",  "woman",    "ethnic_minority",
                            "migrant_worker", "disabled", "military", "low_income"};
  static const unsigned bits[] = {GROUP_MINOR,          GROUP_ELDERLY,  GROUP_WOMAN,
                                  GROUP_ETHNIC_MINORITY, GROUP_MIGRANT_WORKER, GROUP_DISABLED,
                                  GROUP_MILITARY,       GROUP_LOW_INCOME};
  ck_assert_uint_eq(ENUM_GROUP.count, 8);
  for (unsigned i = 0; i < 8; i++) {
    int k = enum_find(&ENUM_GROUP, n[i], strlen(n[i]));
    ck_assert_int_ge(k, 0);
    ck_assert_uint_eq(GROUP_BIT(k), bits[i]);
  }
  ck_assert_int_eq(enum_find(&ENUM_GROUP, "rich", 4), -1);
  ck_assert_int_eq(enum_find(&ENUM_GROUP, "mino", 4), -1);
}
END_TEST

static void civil_intake(intake *in, const char *id_number) {
  memset(in, 0, sizeof *in);
  in->channel = in->matter = in->stage = -1;
  in->case_type = -1;
  in->applicant.name = "申请人";
  in->applicant.id_number = id_number;
  in->applicant.flagged_groups = GROUP_MIGRANT_WORKER;
  in->received_at = 1717200000; /* 2024-06-01 08:00 +08:00 */
  in->received_at_set = true;
}

START_TEST(intake_groups_with_and_without_the_id) {
  intake in;
  field_errors fe = {0};
  /* A girl of 17 (born 2007-01-01): minor and woman from the ID, migrant worker as flagged. */
  civil_intake(&in, "11010120070101002X");
  ck_assert(intake_check(&in, 1717200000, &fe));
  ck_assert_uint_eq(in.groups, GROUP_MINOR | GROUP_WOMAN | GROUP_MIGRANT_WORKER);
  /* 06-08 is a Saturday: without a holiday calendar, the Monday. */
  ck_assert_int_eq(in.decision_due, D("2024-06-10"));
  /* No ID yet (an eligibility check of a form being filled in): the check refuses it, the
   * derivation alone keeps the flagged groups and derives none from an ID it does not have. */
  civil_intake(&in, NULL);
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, 1717200000, &fe));
  ck_assert(fe_has(&fe, "applicant.id_number"));
  memset(&fe, 0, sizeof fe);
  ck_assert(intake_derive(&in, &fe));
  ck_assert_uint_eq(in.groups, GROUP_MIGRANT_WORKER);
  ck_assert_int_eq(in.decision_due, D("2024-06-10"));
  /* Flagging a group the ID contradicts is refused. */
  civil_intake(&in, "110101198001010010");
  in.applicant.flagged_groups = GROUP_ELDERLY;
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, 1717200000, &fe));
  ck_assert(fe_has(&fe, "applicant.groups"));
}
END_TEST

Suite *groups_suite(void) {
  Suite *s = suite_create("groups");
  TCase *tc = tcase_create("groups");
  tcase_add_test(tc, minor_at_18th_birthday);
  tcase_add_test(tc, elderly_at_60th_birthday);
  tcase_add_test(tc, woman_and_ethnicity);
  tcase_add_test(tc, names);
  tcase_add_test(tc, intake_groups_with_and_without_the_id);
  suite_add_tcase(s, tc);
  return s;
}
