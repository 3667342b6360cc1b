/* Runs every unit suite over server/domain (no database, milliseconds). */
#include <stdlib.h>

#include "suites.h"

int main(void) {
  SRunner *sr = srunner_create(date_suite());
  srunner_add_suite(sr, idcard_suite());
  srunner_add_suite(sr, groups_suite());
  srunner_add_suite(sr, calendar_suite());
  srunner_add_suite(sr, deadlines_suite());
  srunner_add_suite(sr, people_suite());
  srunner_add_suite(sr, eligibility_suite());
  srunner_add_suite(sr, lifecycle_suite());
  srunner_add_suite(sr, subsidy_suite());
  srunner_add_suite(sr, attachment_suite());
  srunner_add_suite(sr, duty_suite());
  srunner_add_suite(sr, assessment_suite());
  srunner_add_suite(sr, grade_pay_suite());
  srunner_add_suite(sr, password_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
