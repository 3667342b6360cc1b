#include <check.h>
#include <string.h>

#include "domain/assignment.h"
#include "domain/jurisdiction.h"
#include "domain/lifecycle.h"
#include "domain/principal.h"
#include "suites.h"

static lc_result check(case_action a, case_status_t st, role_t role, bool assigned) {
  case_state s = {.status = st};
  case_actor who = {role, assigned};
  return lifecycle_check(a, &s, &who, false);
}

/* The whole table: for every action, every status and every role, the verdict is OK exactly
 * when the status is allowed and the role is allowed; the wrong role is FORBIDDEN first. */
START_TEST(every_action_state_and_role) {
  static const struct {
    case_action a;
    unsigned from;
    int to; /* -1: same */
  } allowed[] = {
      {ACT_APPROVE, 1u << ST_SUBMITTED, ST_APPROVED},
      {ACT_REJECT, (1u << ST_SUBMITTED) | (1u << ST_MATERIALS_REQUESTED), ST_REJECTED},
      {ACT_REQUEST_MATERIALS, 1u << ST_SUBMITTED, ST_MATERIALS_REQUESTED},
      {ACT_MATERIALS_RECEIVED, 1u << ST_MATERIALS_REQUESTED, ST_SUBMITTED},
      {ACT_URGENT_AID, (1u << ST_SUBMITTED) | (1u << ST_MATERIALS_REQUESTED), ST_APPROVED},
      {ACT_ASSIGN, 1u << ST_APPROVED, ST_ASSIGNED},
      {ACT_ACCEPT, 1u << ST_ASSIGNED, ST_IN_PROGRESS},
      {ACT_DECLINE, 1u << ST_ASSIGNED, ST_APPROVED},
      {ACT_ADD_STAGE, 1u << ST_IN_PROGRESS, -1},
      {ACT_CLOSE, 1u << ST_IN_PROGRESS, ST_CLOSED},
      {ACT_GRADE, 1u << ST_CLOSED, -1},
      {ACT_TERMINATE, (1u << ST_APPROVED) | (1u << ST_ASSIGNED) | (1u << ST_IN_PROGRESS),
       ST_TERMINATED},
      {ACT_OBJECT, 1u << ST_REJECTED, -1},
      {ACT_REQUEST_REPLACEMENT, (1u << ST_ASSIGNED) | (1u << ST_IN_PROGRESS), -1},
      {ACT_SATISFACTION, (1u << ST_CLOSED) | (1u << ST_TERMINATED), -1},
      {ACT_UPDATE, (1u << ST_SUBMITTED) | (1u << ST_MATERIALS_REQUESTED), -1},
      {ACT_OVERRIDE_ELIGIBILITY, (1u << ST_SUBMITTED) | (1u << ST_MATERIALS_REQUESTED), -1},
  };
  int checked = 0;
  for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
    unsigned roles = lifecycle_roles(allowed[i].a);
    ck_assert_uint_ne(roles, 0);
    for (int st = 0; st < 8; st++)
      for (int role = 0; role < 5; role++) {
        lc_result r = check(allowed[i].a, (case_status_t)st, (role_t)role, true);
        bool role_ok = roles & ROLE_BIT(role);
        bool state_ok = allowed[i].from & (1u << st);
        if (!role_ok)
          ck_assert_int_eq(r.verdict, LC_FORBIDDEN);
        else if (!state_ok)
          ck_assert_msg(r.verdict == LC_CONFLICT, "%s from %d", lifecycle_action_name(allowed[i].a), st);
        else {
          ck_assert_int_eq(r.verdict, LC_OK);
          ck_assert_int_eq(r.to, allowed[i].to < 0 ? st : allowed[i].to);
        }
        checked++;
      }
  }
  ck_assert_int_eq(checked, 17 * 8 * 5);
}
END_TEST

START_TEST(lawyer_actions_need_the_assigned_lawyer) {
  lc_result r = check(ACT_ACCEPT, ST_ASSIGNED, ROLE_LAWYER, false);
  ck_assert_int_eq(r.verdict, LC_FORBIDDEN);
  r = check(ACT_CLOSE, ST_IN_PROGRESS, ROLE_LAWYER, false);
  ck_assert_int_eq(r.verdict, LC_FORBIDDEN);
  r = check(ACT_CLOSE, ST_IN_PROGRESS, ROLE_LAWYER, true);
  ck_assert_int_eq(r.verdict, LC_OK);
  ck_assert_int_eq(r.to, ST_CLOSED);
}
END_TEST

START_TEST(once_only_actions) {
  case_actor reviewer = {ROLE_REVIEWER, false}, clerk = {ROLE_CLERK, false};
  case_state s = {.status = ST_SUBMITTED, .materials_requested_before = true};
  ck_assert_int_eq(lifecycle_check(ACT_REQUEST_MATERIALS, &s, &reviewer, false).verdict, LC_CONFLICT);
  s = (case_state){.status = ST_CLOSED, .graded = true};
  ck_assert_int_eq(lifecycle_check(ACT_GRADE, &s, &reviewer, false).verdict, LC_CONFLICT);
  s = (case_state){.status = ST_CLOSED, .satisfaction_recorded = true};
  ck_assert_int_eq(lifecycle_check(ACT_SATISFACTION, &s, &clerk, false).verdict, LC_CONFLICT);
  s = (case_state){.status = ST_REJECTED, .objection_filed = true};
  ck_assert_int_eq(lifecycle_check(ACT_OBJECT, &s, &clerk, false).verdict, LC_CONFLICT);
  s = (case_state){.status = ST_REJECTED};
  ck_assert_int_eq(lifecycle_check(ACT_OBJECTION_DECIDE, &s, &reviewer, true).verdict, LC_CONFLICT);
  s.objection_pending = true;
  lc_result r = lifecycle_check(ACT_OBJECTION_DECIDE, &s, &reviewer, true);
  ck_assert_int_eq(r.verdict, LC_OK);
  ck_assert_int_eq(r.to, ST_APPROVED);
  r = lifecycle_check(ACT_OBJECTION_DECIDE, &s, &reviewer, false);
  ck_assert_int_eq(r.to, ST_REJECTED);
  /* A pending replacement lets an assigned case be assigned again. */
  s = (case_state){.status = ST_IN_PROGRESS};
  ck_assert_int_eq(lifecycle_check(ACT_ASSIGN, &s, &reviewer, false).verdict, LC_CONFLICT);
  s.replacement_pending = true;
  r = lifecycle_check(ACT_ASSIGN, &s, &reviewer, false);
  ck_assert_int_eq(r.verdict, LC_OK);
  ck_assert_int_eq(r.to, ST_ASSIGNED);
  ck_assert_int_eq(lifecycle_check(ACT_REQUEST_REPLACEMENT, &s, &clerk, false).verdict, LC_CONFLICT);
}
END_TEST

static assign_case criminal(unsigned grounds) {
  assign_case c = {1, CT_CRIMINAL_DEFENSE, grounds, "430602", "张三", NULL};
  return c;
}

static assign_lawyer lawyer(int years) {
  assign_lawyer l = {10, 1, true, LK_LAWYER, years, 1u << CT_CRIMINAL_DEFENSE, 0, "430602"};
  return l;
}

START_TEST(assignment_refusals) {
  const char *code;
  assign_case c = criminal(1u << CG_LIFE_OR_DEATH_PENALTY);
  assign_lawyer l = lawyer(2);
  ck_assert_ptr_nonnull(assignment_refusal(&c, &l, NULL, 0, &code));
  ck_assert_str_eq(code, "not_qualified");
  l.practice_years = 3; /* exactly three years qualifies */
  ck_assert_ptr_null(assignment_refusal(&c, &l, NULL, 0, &code));
  c = criminal(1u << CG_DEATH_REVIEW);
  l.practice_years = 2;
  ck_assert_ptr_nonnull(assignment_refusal(&c, &l, NULL, 0, &code));
  c = criminal(1u << CG_MINOR); /* no experience rule */
  ck_assert_ptr_null(assignment_refusal(&c, &l, NULL, 0, &code));
  l.center_id = 2;
  assignment_refusal(&c, &l, NULL, 0, &code);
  ck_assert_str_eq(code, "other_center");
  l = lawyer(5);
  l.active = false;
  assignment_refusal(&c, &l, NULL, 0, &code);
  ck_assert_str_eq(code, "inactive");
  l = lawyer(5);
  l.kind = LK_GRASSROOTS_WORKER;
  assignment_refusal(&c, &l, NULL, 0, &code);
  ck_assert_str_eq(code, "not_a_lawyer");
  assign_case civil = {1, CT_CIVIL, 0, NULL, "李四", NULL};
  ck_assert_ptr_null(assignment_refusal(&civil, &l, NULL, 0, &code));
}
END_TEST

START_TEST(conflicts_by_name_and_id) {
  const char *code;
  former_client clients[] = {{"张三", NULL}};
  assign_case c = criminal(0);
  assign_lawyer l = lawyer(5);
  ck_assert_ptr_nonnull(assignment_refusal(&c, &l, clients, 1, &code));
  ck_assert_str_eq(code, "conflict_of_interest");
  /* Same name, different resident IDs: another person. */
  former_client other[] = {{"张三", "430602199001010011"}};
  c.opposing_party_id_number = "430602199001010038";
  ck_assert_ptr_null(assignment_refusal(&c, &l, other, 1, &code));
  /* The same ID under another spelling of the name: the same person. */
  former_client same[] = {{"张叁", "430602199001010038"}};
  ck_assert_ptr_nonnull(assignment_refusal(&c, &l, same, 1, &code));
  ck_assert(conflict_matches("王五", "43060219900101003x",
                             &(former_client){"x", "43060219900101003X"}));
  ck_assert(!conflict_matches(NULL, NULL, &(former_client){"王五", NULL}));
}
END_TEST

START_TEST(suggestions_rank_and_explain) {
  assign_case c = {1, CT_CRIMINAL_DEFENSE, 0, "430602", NULL, NULL};
  assign_lawyer expert = lawyer(12), novice = lawyer(1), busy = lawyer(12);
  novice.specialties = 0;
  busy.open_cases = 8;
  suggestion a, b, d;
  assignment_suggest(&c, &expert, NULL, 0, &a);
  assignment_suggest(&c, &novice, NULL, 0, &b);
  assignment_suggest(&c, &busy, NULL, 0, &d);
  ck_assert_int_gt(a.score, b.score);
  ck_assert_int_gt(a.score, d.score);
  ck_assert_int_gt(a.nreasons, 1);
  ck_assert_ptr_null(a.refusal);
  assign_case life = {1, CT_CRIMINAL_DEFENSE, 1u << CG_LIFE_OR_DEATH_PENALTY, NULL, NULL, NULL};
  assignment_suggest(&life, &novice, NULL, 0, &b);
  ck_assert_ptr_nonnull(b.refusal);
  ck_assert_int_eq(b.score, 0);
}
END_TEST

START_TEST(jurisdiction_chain_rank_scope) {
  char ch[3][7];
  ck_assert_int_eq(region_chain("430981", ch), 3);
  ck_assert_str_eq(ch[0], "430981");
  ck_assert_str_eq(ch[1], "430900");
  ck_assert_str_eq(ch[2], "430000");
  ck_assert_int_eq(region_chain("140300", ch), 2);
  ck_assert_str_eq(ch[1], "140000");
  ck_assert_int_eq(region_chain("430000", ch), 1);
  ck_assert_int_eq(region_chain("43", ch), 0);
  ck_assert_int_eq(region_chain("43x981", ch), 0);
  ck_assert_int_eq(region_rank("430981", "430000"), 2);
  ck_assert_int_eq(region_rank("430981", "430981"), 0);
  ck_assert_int_eq(region_rank("430981", "430600"), -1);
  /* Scope from a county centre (芦淞区 430203). */
  ck_assert_int_eq(region_scope("430203", "430203"), SCOPE_LOCAL);
  ck_assert_int_eq(region_scope("430203", "430211"), SCOPE_CROSS_COUNTY);
  ck_assert_int_eq(region_scope("430203", "430200"), SCOPE_CROSS_COUNTY);
  ck_assert_int_eq(region_scope("430203", "430602"), SCOPE_IN_PROVINCE);
  ck_assert_int_eq(region_scope("430203", "110101"), -1);
  /* From a city centre (阳泉市 140300): districts local, counties cross-county. */
  ck_assert_int_eq(region_scope("140300", "140302"), SCOPE_LOCAL);
  ck_assert_int_eq(region_scope("140300", "140300"), SCOPE_LOCAL);
  ck_assert_int_eq(region_scope("140300", "140321"), SCOPE_CROSS_COUNTY);
  ck_assert_int_eq(region_scope("140300", "140105"), SCOPE_IN_PROVINCE);
  ck_assert_int_eq(region_scope("430000", "430981"), SCOPE_LOCAL);
  ck_assert_int_eq(region_scope("140300", "14030x"), -1);
}
END_TEST

Suite *lifecycle_suite(void) {
  Suite *s = suite_create("lifecycle");
  TCase *tc = tcase_create("lifecycle");
  tcase_add_test(tc, every_action_state_and_role);
  tcase_add_test(tc, lawyer_actions_need_the_assigned_lawyer);
  tcase_add_test(tc, once_only_actions);
  tcase_add_test(tc, assignment_refusals);
  tcase_add_test(tc, conflicts_by_name_and_id);
  tcase_add_test(tc, suggestions_rank_and_explain);
  tcase_add_test(tc, jurisdiction_chain_rank_scope);
  suite_add_tcase(s, tc);
  return s;
}
