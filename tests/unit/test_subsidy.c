#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "domain/jurisdiction.h"
#include "domain/subsidy.h"
#include "suites.h"

#define Y(yuan) ((int64_t)(yuan) * 100)

/* The two seed tables, cell for cell as in DOMAIN.md. */
static const subsidy_cell yangquan_cells[] = {
    {ITEM_CRIMINAL_INVESTIGATION, SCOPE_LOCAL, Y(800), Y(900), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_INVESTIGATION, SCOPE_CROSS_COUNTY, Y(800), Y(1200), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_INVESTIGATION, SCOPE_IN_PROVINCE, Y(1000), Y(1500), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_PROSECUTION, SCOPE_LOCAL, Y(600), Y(900), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_PROSECUTION, SCOPE_CROSS_COUNTY, Y(800), Y(1200), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_PROSECUTION, SCOPE_IN_PROVINCE, Y(1000), Y(1500), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_TRIAL, SCOPE_LOCAL, Y(1000), Y(1500), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_TRIAL, SCOPE_CROSS_COUNTY, Y(1800), Y(2480), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_TRIAL, SCOPE_IN_PROVINCE, Y(2300), Y(3780), UNIT_CASE_STAGE, false},
    {ITEM_NOTARIZATION, -1, Y(200), Y(300), UNIT_CASE, false},
    {ITEM_DUTY_LAWYER_DAY, -1, Y(200), Y(500), UNIT_LAWYER_DAY, false},
    {ITEM_DOCUMENT_DRAFTING, -1, Y(100), Y(300), UNIT_PIECE, false},
    {ITEM_SERVICE_HALL_DAY, -1, Y(500), Y(500), UNIT_DAY, false},
    {ITEM_HOTLINE_DAY, -1, Y(500), Y(500), UNIT_DAY, false},
};
static const subsidy_cell hunan_cells[] = {
    {ITEM_CRIMINAL_INVESTIGATION, -1, Y(800), Y(1500), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_PROSECUTION, -1, Y(800), Y(1800), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_TRIAL, -1, Y(1500), Y(3200), UNIT_CASE_STAGE, false},
    {ITEM_CRIMINAL_DEATH_REVIEW, -1, Y(1500), Y(3000), UNIT_CASE_STAGE, false},
    {ITEM_CIVIL, -1, Y(1500), Y(5000), UNIT_CASE, false},
    {ITEM_ADMINISTRATIVE, -1, Y(1500), Y(5000), UNIT_CASE, false},
    {ITEM_ARBITRATION, -1, Y(1500), Y(5000), UNIT_CASE, false},
};
static const subsidy_table yangquan = {1, "140300", 2024, 1, yangquan_cells, 14, NULL, 0};
static const subsidy_table hunan = {2, "430000", 2023, 1, hunan_cells, 7, NULL, 0};

/* The expected amount of each cell by grade, in yuan: max, midpoint to the yuan, min, 0. */
static void check_cells(const subsidy_table *t, const char *region) {
  const subsidy_table *ts[] = {t};
  for (int i = 0; i < t->ncells; i++) {
    const subsidy_cell *c = &t->cells[i];
    int64_t want[4] = {c->max_fen, ((c->min_fen + c->max_fen) / 2 + 50) / 100 * 100, c->min_fen, 0};
    for (int g = 0; g < 4; g++) {
      subsidy_request rq = {c->item, g, c->scope, 1, {{0}}, 0, NULL};
      subsidy_quote q;
      ck_assert_int_eq(subsidy_compute(ts, 1, region, &rq, &q), SUBSIDY_OK);
      ck_assert_msg(q.amount_fen == want[g], "cell %d grade %d: %lld want %lld", i, g,
                    (long long)q.amount_fen, (long long)want[g]);
      ck_assert_int_eq(q.min_fen, c->min_fen);
      ck_assert_int_eq(q.max_fen, c->max_fen);
      ck_assert_int_eq(q.unit, c->unit);
      ck_assert_ptr_eq(q.table, t);
    }
  }
}

START_TEST(yangquan_every_cell_every_grade) {
  check_cells(&yangquan, "140300");
  /* Spot checks in yuan, from DOMAIN.md. */
  const subsidy_table *ts[] = {&yangquan};
  subsidy_quote q;
  subsidy_request rq = {ITEM_CRIMINAL_TRIAL, GRADE_GOOD, SCOPE_CROSS_COUNTY, 1, {{0}}, 0, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.amount_fen, Y(2140));
  rq = (subsidy_request){ITEM_CRIMINAL_TRIAL, GRADE_EXCELLENT, SCOPE_IN_PROVINCE, 1, {{0}}, 0, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.amount_fen, Y(3780));
  rq = (subsidy_request){ITEM_CRIMINAL_INVESTIGATION, GRADE_PASS, SCOPE_LOCAL, 1, {{0}}, 0, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.amount_fen, Y(800));
}
END_TEST

START_TEST(hunan_every_cell_every_grade) {
  check_cells(&hunan, "430981");
  const subsidy_table *ts[] = {&hunan};
  subsidy_quote q;
  subsidy_request rq = {ITEM_CIVIL, GRADE_GOOD, SCOPE_IN_PROVINCE, 1, {{0}}, 0, NULL};
  ck_assert_int_eq(subsidy_compute(ts, 1, "430981", &rq, &q), SUBSIDY_OK);
  ck_assert_int_eq(q.amount_fen, Y(3250)); /* no region scope: any scope takes the band */
}
END_TEST

START_TEST(grade_rounding) {
  ck_assert_int_eq(grade_pay_for(NULL, Y(1000), Y(1501), GRADE_GOOD), Y(1251)); /* 1250.5 up */
  ck_assert_int_eq(grade_pay_for(NULL, Y(800), Y(900), GRADE_GOOD), Y(850));
  ck_assert_int_eq(grade_pay_for(NULL, 12345, 12345, GRADE_GOOD), 12345); /* kept in the band */
  ck_assert_int_eq(grade_pay_for(NULL, 12345, 12399, GRADE_GOOD), 12399);
  ck_assert_int_eq(grade_pay_for(NULL, Y(100), Y(300), GRADE_FAIL), 0);
}
END_TEST

START_TEST(fallback_county_city_province) {
  static const subsidy_cell county_cells[] = {{ITEM_CIVIL, -1, Y(2000), Y(2500), UNIT_CASE, false}};
  static const subsidy_cell city_cells[] = {{ITEM_CIVIL, -1, Y(1800), Y(2200), UNIT_CASE, false},
                                            {ITEM_ADMINISTRATIVE, -1, Y(1700), Y(2100), UNIT_CASE, false}};
  static const subsidy_table county = {10, "430981", 2024, 1, county_cells, 1, NULL, 0};
  static const subsidy_table city = {11, "430900", 2024, 1, city_cells, 2, NULL, 0};
  const subsidy_table *ts[] = {&hunan, &city, &county};
  subsidy_quote q;
  subsidy_request rq = {ITEM_CIVIL, GRADE_PASS, -1, 1, {{0}}, 0, NULL};
  subsidy_compute(ts, 3, "430981", &rq, &q);
  ck_assert_ptr_eq(q.table, &county);
  ck_assert_int_eq(q.amount_fen, Y(2000));
  rq.item = ITEM_ADMINISTRATIVE; /* not in the county's table: the city's */
  subsidy_compute(ts, 3, "430981", &rq, &q);
  ck_assert_ptr_eq(q.table, &city);
  rq.item = ITEM_CRIMINAL_TRIAL; /* only the province has it */
  subsidy_compute(ts, 3, "430981", &rq, &q);
  ck_assert_ptr_eq(q.table, &hunan);
  /* Another city of Hunan ignores 益阳's and 沅江's tables. */
  rq.item = ITEM_CIVIL;
  subsidy_compute(ts, 3, "430203", &rq, &q);
  ck_assert_ptr_eq(q.table, &hunan);
  rq.item = ITEM_HOTLINE_DAY;
  ck_assert_int_eq(subsidy_compute(ts, 3, "430981", &rq, &q), SUBSIDY_NO_TABLE);
  const subsidy_table *none[] = {&yangquan};
  rq.item = ITEM_CIVIL;
  ck_assert_int_eq(subsidy_compute(none, 1, "140300", &rq, &q), SUBSIDY_NO_TABLE);
}
END_TEST

START_TEST(scope_is_required_where_bands_differ) {
  const subsidy_table *ts[] = {&yangquan};
  subsidy_quote q;
  subsidy_request rq = {ITEM_CRIMINAL_TRIAL, GRADE_PASS, -1, 1, {{0}}, 0, NULL};
  ck_assert_int_eq(subsidy_compute(ts, 1, "140300", &rq, &q), SUBSIDY_NO_SCOPE);
  /* Derived from codes: a trial in 平定县 for the city centre is cross-county. */
  rq.scope = region_scope("140300", "140321");
  ck_assert_int_eq(subsidy_compute(ts, 1, "140300", &rq, &q), SUBSIDY_OK);
  ck_assert_int_eq(q.amount_fen, Y(1800));
  rq.scope = region_scope("140300", "140105"); /* 太原: in the province */
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.amount_fen, Y(2300));
}
END_TEST

START_TEST(quantity_and_addon_cap) {
  static const subsidy_addon addons[] = {{"related_case", ITEM_CRIMINAL_TRIAL, Y(300), Y(1000)},
                                         {"remote", -1, Y(100), Y(100)}};
  static const subsidy_table t = {20, "140300", 2024, 1, yangquan_cells, 14, addons, 2};
  const subsidy_table *ts[] = {&t};
  subsidy_quote q;
  subsidy_request rq = {ITEM_DUTY_LAWYER_DAY, GRADE_EXCELLENT, -1, 5, {{0}}, 0, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.amount_fen, Y(2500));
  ck_assert_int_eq(q.unit_amount_fen, Y(500));
  rq = (subsidy_request){ITEM_CRIMINAL_TRIAL, GRADE_PASS, SCOPE_LOCAL, 1, {{"related_case", 2}}, 1, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.addons_fen, Y(600));
  ck_assert_int_eq(q.total_fen, Y(1600));
  rq.addons[0].count = 10; /* capped at 1000 */
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.addons_fen, Y(1000));
  rq.addons[0].count = INT64_MAX / 2; /* no overflow */
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.addons_fen, Y(1000));
  /* An add-on for another item does not apply; an every-item one does. */
  rq = (subsidy_request){ITEM_NOTARIZATION, GRADE_PASS, -1, 1, {{"related_case", 2}, {"remote", 1}}, 2, NULL};
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.addons_fen, Y(100));
  /* A failed grade pays nothing, add-ons included. */
  rq.grade = GRADE_FAIL;
  subsidy_compute(ts, 1, "140300", &rq, &q);
  ck_assert_int_eq(q.total_fen, 0);
  rq.quantity = 0;
  ck_assert_int_eq(subsidy_compute(ts, 1, "140300", &rq, &q), SUBSIDY_BAD_QUANTITY);
}
END_TEST

/* Property: for random bands, grades, scopes and quantities, the amount is 0 or within
 * [min, max] x quantity, and 0 exactly for a failed grade. */
START_TEST(property_amount_within_band) {
  unsigned seed = 20241124;
  for (int n = 0; n < 20000; n++) {
    int64_t a = rand_r(&seed) % 1000000, b = rand_r(&seed) % 1000000;
    subsidy_cell cell = {rand_r(&seed) % ITEM__COUNT, -1, a < b ? a : b, a < b ? b : a, rand_r(&seed) % 5, false};
    subsidy_table t = {1, "430000", 2024, 1, &cell, 1, NULL, 0};
    const subsidy_table *ts[] = {&t};
    subsidy_request rq = {cell.item, rand_r(&seed) % 4, rand_r(&seed) % 4 - 1,
                          1 + rand_r(&seed) % 400, {{0}}, 0, NULL};
    subsidy_quote q;
    ck_assert_int_eq(subsidy_compute(ts, 1, "430981", &rq, &q), SUBSIDY_OK);
    if (rq.grade == GRADE_FAIL)
      ck_assert_int_eq(q.amount_fen, 0);
    else
      ck_assert_msg(q.amount_fen >= cell.min_fen * rq.quantity &&
                        q.amount_fen <= cell.max_fen * rq.quantity,
                    "band %lld-%lld q %lld grade %d -> %lld", (long long)cell.min_fen,
                    (long long)cell.max_fen, (long long)rq.quantity, rq.grade,
                    (long long)q.amount_fen);
    ck_assert_int_eq(q.total_fen, q.amount_fen + q.addons_fen);
  }
}
END_TEST

START_TEST(items_for_cases_and_stations) {
  ck_assert_int_eq(subsidy_item_for(CT_CRIMINAL_DEFENSE, STAGE_TRIAL), ITEM_CRIMINAL_TRIAL);
  ck_assert_int_eq(subsidy_item_for(CT_CRIMINAL_VICTIM, STAGE_INVESTIGATION), ITEM_CRIMINAL_INVESTIGATION);
  ck_assert_int_eq(subsidy_item_for(CT_CRIMINAL_DEFENSE, STAGE_DEATH_REVIEW), ITEM_CRIMINAL_DEATH_REVIEW);
  ck_assert_int_eq(subsidy_item_for(CT_CRIMINAL_DEFENSE, -1), -1);
  ck_assert_int_eq(subsidy_item_for(CT_CIVIL, -1), ITEM_CIVIL);
  ck_assert_int_eq(subsidy_item_for(CT_LABOR_ARBITRATION, STAGE_ARBITRATION), ITEM_ARBITRATION);
  ck_assert_int_eq(subsidy_item_for(CT_PLEA_HELP, STAGE_TRIAL), ITEM_PLEA_HELP); /* issue 13 */
  ck_assert_int_eq(subsidy_item_for(CT_PLEA_HELP, -1), ITEM_PLEA_HELP);
  ck_assert(!subsidy_per_stage(CT_PLEA_HELP));
  ck_assert_int_eq(subsidy_case_quantity(UNIT_CASE, 5), 1);
  ck_assert_int_eq(subsidy_case_quantity(UNIT_DAY, 0), 1);
  ck_assert_int_eq(subsidy_case_quantity(UNIT_DAY, 3), 3);
  ck_assert_int_eq(subsidy_item_for(CT_DOCUMENT_DRAFTING, -1), ITEM_DOCUMENT_DRAFTING);
  ck_assert_int_eq(subsidy_item_for_station(STATION_COURT), ITEM_DUTY_LAWYER_DAY);
  ck_assert_int_eq(subsidy_item_for_station(STATION_PROCURATORATE), ITEM_DUTY_LAWYER_DAY);
  ck_assert_int_eq(subsidy_item_for_station(STATION_DETENTION_CENTRE), ITEM_DUTY_LAWYER_DAY);
  ck_assert_int_eq(subsidy_item_for_station(STATION_SERVICE_HALL), ITEM_SERVICE_HALL_DAY);
  ck_assert_int_eq(subsidy_item_for_station(STATION_HOTLINE_12348), ITEM_HOTLINE_DAY);
  ck_assert_int_eq(subsidy_item_for_station((station_t)STATION__COUNT), -1);
}
END_TEST

/* Claims go computed -> approved -> paid; a jurisdiction may hold payment until the file is
 * archived, for a case's claim (a duty day has no file). */
START_TEST(claims_advance_in_order) {
  ck_assert_int_eq(claim_may_advance(CLAIM_COMPUTED, false, false, true, false), CLAIM_MAY);
  ck_assert_int_eq(claim_may_advance(CLAIM_APPROVED, false, false, true, false), CLAIM_NOT_COMPUTED);
  ck_assert_int_eq(claim_may_advance(CLAIM_PAID, false, false, true, false), CLAIM_NOT_COMPUTED);
  ck_assert_int_eq(claim_may_advance(CLAIM_COMPUTED, true, false, true, false), CLAIM_NOT_APPROVED);
  ck_assert_int_eq(claim_may_advance(CLAIM_PAID, true, false, true, true), CLAIM_NOT_APPROVED);
  ck_assert_int_eq(claim_may_advance(CLAIM_APPROVED, true, false, true, false), CLAIM_MAY);
  ck_assert_int_eq(claim_may_advance(CLAIM_APPROVED, true, true, true, false),
                   CLAIM_HELD_UNTIL_ARCHIVED);
  ck_assert_int_eq(claim_may_advance(CLAIM_APPROVED, true, true, true, true), CLAIM_MAY);
  ck_assert_int_eq(claim_may_advance(CLAIM_APPROVED, true, true, false, false), CLAIM_MAY);
  ck_assert(subsidy_per_stage(CT_CRIMINAL_DEFENSE));
  ck_assert(!subsidy_per_stage(CT_CIVIL));
}
END_TEST


/* Issue 12, point 8: criminal cases go on to a second instance and a retrial; both are trials
 * (审判), priced as a criminal trial stage. Civil stages stay out of criminal cases. */
START_TEST(criminal_second_instance_and_retrial) {
  static const case_type_t crim[] = {CT_CRIMINAL_DEFENSE, CT_CRIMINAL_VICTIM};
  for (int i = 0; i < 2; i++) {
    ck_assert(stage_fits_case_type(STAGE_SECOND_INSTANCE, crim[i]));
    ck_assert(stage_fits_case_type(STAGE_RETRIAL, crim[i]));
    ck_assert(!stage_fits_case_type(STAGE_FIRST_INSTANCE, crim[i]));
    ck_assert(!stage_fits_case_type(STAGE_ENFORCEMENT, crim[i]));
    ck_assert_int_eq(subsidy_item_for(crim[i], STAGE_SECOND_INSTANCE), ITEM_CRIMINAL_TRIAL);
    ck_assert_int_eq(subsidy_item_for(crim[i], STAGE_RETRIAL), ITEM_CRIMINAL_TRIAL);
  }
  /* Plea help by duty lawyers ends with the first trial; civil cases keep theirs. */
  ck_assert(!stage_fits_case_type(STAGE_SECOND_INSTANCE, CT_PLEA_HELP));
  ck_assert(stage_fits_case_type(STAGE_SECOND_INSTANCE, CT_CIVIL));
  ck_assert(stage_fits_case_type(STAGE_RETRIAL, CT_ADMINISTRATIVE));
  ck_assert(!stage_fits_case_type(STAGE_TRIAL, CT_CIVIL));
}
END_TEST

Suite *subsidy_suite(void) {
  Suite *s = suite_create("subsidy");
  TCase *tc = tcase_create("subsidy");
  tcase_add_test(tc, yangquan_every_cell_every_grade);
  tcase_add_test(tc, hunan_every_cell_every_grade);
  tcase_add_test(tc, grade_rounding);
  tcase_add_test(tc, fallback_county_city_province);
  tcase_add_test(tc, scope_is_required_where_bands_differ);
  tcase_add_test(tc, quantity_and_addon_cap);
  tcase_add_test(tc, property_amount_within_band);
  tcase_add_test(tc, items_for_cases_and_stations);
  tcase_add_test(tc, criminal_second_instance_and_retrial);
  tcase_add_test(tc, claims_advance_in_order);
  suite_add_tcase(s, tc);
  return s;
}
