/* Every unit suite over server/domain; unit_main.c runs them all. */
#ifndef LA_TESTS_UNIT_SUITES_H
#define LA_TESTS_UNIT_SUITES_H
#include <check.h>

Suite *date_suite(void);
Suite *idcard_suite(void);
Suite *groups_suite(void);
Suite *calendar_suite(void);
Suite *deadlines_suite(void);
Suite *people_suite(void);
Suite *eligibility_suite(void);
Suite *lifecycle_suite(void);
Suite *subsidy_suite(void);
Suite *attachment_suite(void);
Suite *duty_suite(void);
Suite *assessment_suite(void);
Suite *grade_pay_suite(void);
Suite *password_suite(void);

#endif
