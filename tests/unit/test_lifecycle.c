/* The case lifecycle (domain/lifecycle.h): who may do what from which status, and what each
 * decision changes. The expected table is written out here from API.md and DOMAIN.md, not
 * read from the production one. */
#include <check.h>
#include <string.h>

#include "domain/assignment.h"
#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/jurisdiction.h"
#include "domain/lifecycle.h"
#include "domain/principal.h"
#include "suites.h"

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert(date_parse(s, strlen(s), &d));
  return d;
}

#define S(st) (1u << (st))
#define R(r) (1u << (r))
#define SAME (-1)

static const struct {
  case_action a;
  unsigned from;
  int to;
  unsigned roles;
  bool assigned_only;
} expected[] = {
    {ACT_APPROVE, S(ST_SUBMITTED), ST_APPROVED, R(ROLE_REVIEWER), false},
    {ACT_REJECT, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_REJECTED, R(ROLE_REVIEWER), false},
    {ACT_REQUEST_MATERIALS, S(ST_SUBMITTED), ST_MATERIALS_REQUESTED, R(ROLE_REVIEWER), false},
    {ACT_MATERIALS_RECEIVED, S(ST_MATERIALS_REQUESTED), ST_SUBMITTED, R(ROLE_CLERK), false},
    {ACT_URGENT_AID, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_APPROVED, R(ROLE_REVIEWER),
     false},
    {ACT_ASSIGN, S(ST_APPROVED), ST_ASSIGNED, R(ROLE_REVIEWER) | R(ROLE_ADMIN), false},
    {ACT_ACCEPT, S(ST_ASSIGNED), ST_IN_PROGRESS, R(ROLE_LAWYER), true},
    {ACT_DECLINE, S(ST_ASSIGNED), ST_APPROVED, R(ROLE_LAWYER), true},
    {ACT_ADD_STAGE, S(ST_IN_PROGRESS), SAME, R(ROLE_LAWYER), true},
    {ACT_CLOSE, S(ST_IN_PROGRESS), ST_CLOSED, R(ROLE_LAWYER), true},
    {ACT_GRADE, S(ST_CLOSED) | S(ST_TERMINATED), SAME, R(ROLE_REVIEWER), false},
    {ACT_TERMINATE, S(ST_APPROVED) | S(ST_ASSIGNED) | S(ST_IN_PROGRESS), ST_TERMINATED,
     R(ROLE_REVIEWER), false},
    {ACT_OBJECT, S(ST_REJECTED) | S(ST_TERMINATED), SAME, R(ROLE_CLERK) | R(ROLE_REVIEWER), false},
    {ACT_OBJECTION_DECIDE, S(ST_REJECTED) | S(ST_TERMINATED), ST_APPROVED /* upheld */,
     R(ROLE_BUREAU), false},
    {ACT_WITHDRAW, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_WITHDRAWN,
     R(ROLE_CLERK) | R(ROLE_REVIEWER), false},
    {ACT_PAPERS_RECEIVED, S(ST_APPROVED) | S(ST_ASSIGNED) | S(ST_IN_PROGRESS), SAME, R(ROLE_CLERK),
     false},
    {ACT_NOTIFY_ORGAN, S(ST_ASSIGNED) | S(ST_IN_PROGRESS), SAME, R(ROLE_CLERK) | R(ROLE_REVIEWER),
     false},
    {ACT_TRANSFER, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_SUBMITTED,
     R(ROLE_CLERK) | R(ROLE_REVIEWER) | R(ROLE_ADMIN), false},
    {ACT_REQUEST_REPLACEMENT, S(ST_ASSIGNED) | S(ST_IN_PROGRESS), SAME,
     R(ROLE_CLERK) | R(ROLE_REVIEWER), false},
    {ACT_SATISFACTION, S(ST_CLOSED) | S(ST_TERMINATED), SAME, R(ROLE_CLERK), false},
    {ACT_UPDATE, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), SAME,
     R(ROLE_CLERK) | R(ROLE_REVIEWER) | R(ROLE_ADMIN), false},
    {ACT_OVERRIDE_ELIGIBILITY, S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), SAME, R(ROLE_REVIEWER),
     false},
    {ACT_ARCHIVE, S(ST_CLOSED), SAME, R(ROLE_CLERK) | R(ROLE_REVIEWER) | R(ROLE_ADMIN), false},
};
#define NEXPECTED (sizeof expected / sizeof expected[0])

#define LAWYER_ID 10

/* A criminal defence case of 岳阳楼区 received 2025-01-05, its lawyer LAWYER_ID. */
static case_state a_case(case_status_t st) {
  case_state s;
  memset(&s, 0, sizeof s);
  s.id = 1;
  s.center_id = 1;
  s.lawyer_id = LAWYER_ID;
  s.version = 3;
  s.status = st;
  s.case_type = CT_CRIMINAL_DEFENSE;
  s.channel = CHANNEL_WINDOW;
  s.stage = STAGE_TRIAL;
  s.matter = -1;
  s.application_date = D("2025-01-05");
  s.deadline_mode = DEADLINE_CALENDAR_DAYS;
  strcpy(s.center_region, "430602");
  strcpy(s.venue_region_code, "430602");
  strcpy(s.opposing_party, "某检察院");
  s.birth_known = true;
  s.birth_date = D("1980-01-01");
  s.sex = 'M';
  return s;
}

/* What a valid request of each action asks, and what it needs to know. */
static case_request a_request(case_action a) {
  case_request rq;
  memset(&rq, 0, sizeof rq);
  rq.action = a;
  rq.reason = "理由";
  rq.lawyer_id = LAWYER_ID + 1;
  rq.stage.stage = STAGE_TRIAL;
  rq.stage.started_on = D("2025-01-10");
  rq.closure.outcome = "判决";
  rq.closure.closed_on = D("2025-02-01");
  rq.grade = GRADE_GOOD;
  rq.ground = TG_OWN_LAWYER;
  rq.upheld = true;
  rq.update.matter = -1;
  rq.center_id = 2;
  rq.withdrawal_kind = WITHDRAWAL_APPLICANT;
  return rq;
}

static case_facts some_facts(void) {
  case_facts f;
  memset(&f, 0, sizeof f);
  f.lawyer_found = true;
  f.lawyer = (assign_lawyer){LAWYER_ID + 1, 1, true, LK_LAWYER, 5, 0, 0, "430602"};
  f.lawyer_name = "另一位律师";
  f.today = D("2025-03-03");
  f.now = 1740960000; /* 2025-03-03 08:00 +08:00 */
  f.calendar = &cal_china_2024_2026;
  f.center_found = true;
  return f;
}

static case_refusal decide(const case_state *s, role_t role, int64_t user, const case_request *rq,
                           case_change *ch) {
  case_actor who = {role, user};
  case_facts f = some_facts();
  return case_decide(s, &who, rq, &f, ch);
}

/* Every action from every status by every role: the wrong role is refused first, then the
 * wrong status; otherwise the change leads where API.md says. */
START_TEST(every_action_state_and_role) {
  ck_assert_int_eq(NEXPECTED, ACT__COUNT);
  int checked = 0;
  for (size_t i = 0; i < NEXPECTED; i++) {
    case_request rq = a_request(expected[i].a);
    for (int st = 0; st < ST__COUNT; st++)
      for (int role = 0; role < ROLE__COUNT; role++) {
        case_state s = a_case((case_status_t)st);
        if (expected[i].a == ACT_OBJECTION_DECIDE) s.objection_filed = s.objection_pending = true;
        if (expected[i].a == ACT_ASSIGN) s.lawyer_id = 0;
        if (expected[i].a == ACT_PAPERS_RECEIVED) s.papers_owed = true;
        if (expected[i].a == ACT_NOTIFY_ORGAN) s.channel = CHANNEL_NOTICE_COURT;
        case_change ch;
        case_refusal r = decide(&s, (role_t)role, role == ROLE_LAWYER ? LAWYER_ID : 99, &rq, &ch);
        const char *name = lifecycle_action_name(expected[i].a);
        if (!(expected[i].roles & R(role)))
          ck_assert_msg(r == REFUSE_ROLE, "%s by %s from %s: %d", name,
                        enum_name(&ENUM_ROLE, role), enum_name(&ENUM_STATUS, st), r);
        else if (!(expected[i].from & S(st)))
          ck_assert_msg(r == REFUSE_STATUS, "%s from %s: %d", name, enum_name(&ENUM_STATUS, st), r);
        else {
          ck_assert_msg(r == REFUSE_NONE, "%s by %s from %s: %d", name,
                        enum_name(&ENUM_ROLE, role), enum_name(&ENUM_STATUS, st), r);
          ck_assert_int_eq(ch.to, expected[i].to == SAME ? st : expected[i].to);
          case_change_free(&ch);
        }
        checked++;
      }
  }
  ck_assert_int_eq(checked, (int)NEXPECTED * ST__COUNT * ROLE__COUNT);
}
END_TEST

START_TEST(lawyer_actions_need_the_assigned_lawyer) {
  for (size_t i = 0; i < NEXPECTED; i++) {
    if (!expected[i].assigned_only) continue;
    case_request rq = a_request(expected[i].a);
    for (int st = 0; st < ST__COUNT; st++) {
      if (!(expected[i].from & S(st))) continue;
      case_state s = a_case((case_status_t)st);
      case_change ch;
      ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID + 5, &rq, &ch), REFUSE_NOT_ASSIGNED_LAWYER);
      ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_NONE);
      case_change_free(&ch);
    }
  }
}
END_TEST

/* The action's route allows exactly its roles (api/routes.c reads these constants). */
START_TEST(route_roles_are_the_actions_roles) {
  ck_assert_uint_eq(ACT_GRADE_ROLES, R(ROLE_REVIEWER));
  ck_assert_uint_eq(ACT_ACCEPT_ROLES, R(ROLE_LAWYER));
  ck_assert_uint_eq(ACT_ASSIGN_ROLES, R(ROLE_REVIEWER) | R(ROLE_ADMIN));
  ck_assert_uint_eq(ACT_ARCHIVE_ROLES, R(ROLE_CLERK) | R(ROLE_REVIEWER) | R(ROLE_ADMIN));
}
END_TEST

START_TEST(once_only_actions) {
  case_change ch;
  case_state s = a_case(ST_SUBMITTED);
  s.materials_requested = true;
  case_request rq = a_request(ACT_REQUEST_MATERIALS);
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 1, &rq, &ch), REFUSE_MATERIALS_ONCE);
  s = a_case(ST_CLOSED);
  s.graded = true;
  rq = a_request(ACT_GRADE);
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 1, &rq, &ch), REFUSE_ALREADY_GRADED);
  s = a_case(ST_CLOSED);
  s.satisfaction_recorded = true;
  rq = a_request(ACT_SATISFACTION);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 1, &rq, &ch), REFUSE_SATISFACTION_RECORDED);
  s = a_case(ST_REJECTED);
  s.objection_filed = true;
  rq = a_request(ACT_OBJECT);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 1, &rq, &ch), REFUSE_OBJECTION_FILED);
  s = a_case(ST_REJECTED);
  rq = a_request(ACT_OBJECTION_DECIDE);
  ck_assert_int_eq(decide(&s, ROLE_BUREAU, 1, &rq, &ch), REFUSE_NO_OBJECTION);
  s = a_case(ST_CLOSED);
  s.archived = true;
  rq = a_request(ACT_ARCHIVE);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 1, &rq, &ch), REFUSE_ARCHIVED);
  s = a_case(ST_IN_PROGRESS);
  s.replacement_pending = true;
  rq = a_request(ACT_REQUEST_REPLACEMENT);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 1, &rq, &ch), REFUSE_REPLACEMENT_PENDING);
}
END_TEST

/* Approval: the decision, who and when, and the assignment due 3 days later. */
START_TEST(approval_sets_the_assignment_deadline) {
  case_state s = a_case(ST_SUBMITTED);
  case_request rq = a_request(ACT_APPROVE);
  rq.reason = NULL;
  case_change ch;
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 7, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.decision.how, CV_SET);
  ck_assert_int_eq(ch.set.decision.v, DECISION_APPROVE);
  ck_assert_int_eq(ch.set.decision_reason.how, CV_NULL);
  ck_assert_int_eq(ch.set.decided_at.how, CV_NOW);
  ck_assert_int_eq(ch.set.decided_by.v, 7);
  ck_assert_int_eq(ch.set.assignment_due.v, D("2025-03-06"));
  ck_assert_int_eq(ch.set.materials_request.how, CV_KEEP);
  ck_assert_str_eq(ch.event.decision.v, "approve");
  ck_assert_int_eq(ch.event.reason.how, CV_KEEP); /* no reason given: none recorded */
  ck_assert_int_eq(ch.event.assignment_due.v, D("2025-03-06"));
  /* Working days: 2025-10-01..08 are holidays (the calendar has 2024-2026). */
  s.deadline_mode = DEADLINE_WORKING_DAYS;
  case_actor who = {ROLE_REVIEWER, 7};
  case_facts f = some_facts();
  f.today = D("2025-09-30");
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_msg(ch.set.assignment_due.v > D("2025-10-08"), "due %d", ch.set.assignment_due.v);
}
END_TEST

/* Papers arrived: the days waited do not count, where they fall (issue 12 point 6: applied
 * Monday 2025-03-03, papers asked Friday 03-07 and back Monday 03-10, working days: due 03-13,
 * not 03-17 as when the paused calendar days were added at the start); a notice case has 3
 * days, not 7. */
START_TEST(materials_received_pauses_the_clock) {
  case_state s = a_case(ST_MATERIALS_REQUESTED);
  s.application_date = s.clock_start = D("2025-03-03");
  s.deadline_mode = DEADLINE_WORKING_DAYS;
  s.materials_requested = true;
  s.materials_requested_on = D("2025-03-07");
  case_request rq = a_request(ACT_MATERIALS_RECEIVED);
  rq.comment = "身份证复印件已交";
  case_change ch;
  case_actor who = {ROLE_CLERK, 3};
  case_facts f = some_facts();
  f.today = D("2025-03-10");
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_SUBMITTED);
  ck_assert_int_eq(ch.set.paused_days.v, 3);
  ck_assert_int_eq(ch.set.materials_received_on.v, D("2025-03-10"));
  ck_assert_int_eq(ch.set.decision_due.v, D("2025-03-13"));
  ck_assert_int_eq(ch.event.paused_days.v, 3);
  ck_assert_str_eq(ch.event.comment.v, "身份证复印件已交");
  /* Calendar days, a notice: 3 days not counting (03-07, 03-10]: 04, 05, 06. */
  s.deadline_mode = DEADLINE_CALENDAR_DAYS;
  s.channel = CHANNEL_NOTICE_COURT;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.decision_due.v, D("2025-03-06"));
  /* A transferred case counts from the day the competent centre received it. */
  s.channel = CHANNEL_WINDOW;
  s.clock_start = D("2025-03-05");
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  /* 06, 07, (08-10 paused), 11, 12, 13, 14, 15 (a Saturday: Monday). */
  ck_assert_int_eq(ch.set.decision_due.v, D("2025-03-17"));
}
END_TEST

START_TEST(assignment_checks_the_lawyer) {
  case_state s = a_case(ST_APPROVED);
  s.lawyer_id = 0;
  s.criminal_grounds = 1u << CG_LIFE_OR_DEATH_PENALTY;
  case_request rq = a_request(ACT_ASSIGN);
  case_actor who = {ROLE_REVIEWER, 2};
  case_change ch;
  case_facts f = some_facts();
  f.lawyer_found = false;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_UNKNOWN_LAWYER);
  f = some_facts();
  f.lawyer.practice_years = 2; /* Art. 26 needs 3 */
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NOT_QUALIFIED);
  f = some_facts();
  f.lawyer.center_id = 2;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_OTHER_CENTER);
  f = some_facts();
  former_client client = {"某检察院", NULL};
  f.clients = &client;
  f.nclients = 1;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_CONFLICT_OF_INTEREST);
  f = some_facts();
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.lawyer_id.v, LAWYER_ID + 1);
  ck_assert_int_eq(ch.set.assigned_at.how, CV_NOW);
  ck_assert_int_eq(ch.start_assignment, LAWYER_ID + 1);
  ck_assert_int_eq(ch.end_assignment, -1);
  ck_assert_int_eq(ch.event.previous_lawyer_id.how, CV_NULL);
  ck_assert_str_eq(ch.event.lawyer_name.v, "另一位律师");
  /* Again to the same lawyer: refused. */
  s.lawyer_id = LAWYER_ID + 1;
  s.status = ST_IN_PROGRESS;
  s.replacement_pending = true;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_SAME_LAWYER);
  /* A replacement (Art. 55): the old assignment ends, the request is cleared. */
  s.lawyer_id = LAWYER_ID;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_ASSIGNED);
  ck_assert_int_eq(ch.end_assignment, ASSIGNMENT_REPLACED);
  ck_assert_int_eq(ch.set.replacement_requested_at.how, CV_NULL);
  ck_assert_int_eq(ch.event.previous_lawyer_id.v, LAWYER_ID);
}
END_TEST

START_TEST(decline_stage_close_terminate) {
  case_change ch;
  case_state s = a_case(ST_ASSIGNED);
  case_request rq = a_request(ACT_DECLINE);
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_APPROVED);
  ck_assert_int_eq(ch.set.lawyer_id.how, CV_NULL);
  ck_assert_int_eq(ch.end_assignment, ASSIGNMENT_DECLINED);
  /* A stage: of the case's type, not before the application. */
  s = a_case(ST_IN_PROGRESS);
  rq = a_request(ACT_ADD_STAGE);
  rq.stage.stage = STAGE_FIRST_INSTANCE;
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_STAGE_NOT_FOR_TYPE);
  rq = a_request(ACT_ADD_STAGE);
  rq.stage.started_on = D("2025-01-04");
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_STAGE_BEFORE_APPLICATION);
  rq.stage.started_on = D("2025-01-05");
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_NONE);
  ck_assert(ch.add_stage);
  ck_assert_int_eq(ch.stage, STAGE_TRIAL);
  ck_assert_int_eq(ch.set.stage.v, STAGE_TRIAL);
  ck_assert_int_eq(ch.event.ended_on.how, CV_KEEP);
  /* Closure: not before the application; the assignment ends. */
  rq = a_request(ACT_CLOSE);
  rq.closure.closed_on = D("2025-01-01");
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_CLOSED_BEFORE_APPLICATION);
  rq = a_request(ACT_CLOSE);
  rq.closure.recovered_fen = 123400;
  ck_assert_int_eq(decide(&s, ROLE_LAWYER, LAWYER_ID, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_CLOSED);
  ck_assert_int_eq(ch.end_assignment, ASSIGNMENT_CLOSED);
  ck_assert_int_eq(ch.set.recovered_fen.v, 123400);
  /* Termination ends an assignment only when there is one. */
  rq = a_request(ACT_TERMINATE);
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.end_assignment, ASSIGNMENT_TERMINATED);
  ck_assert_int_eq(ch.set.termination_ground.v, TG_OWN_LAWYER);
  s = a_case(ST_APPROVED);
  s.lawyer_id = 0;
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.end_assignment, -1);
}
END_TEST

/* Issue 12 points 11-15: withdrawal, an objection to a termination, the papers owed after
 * urgent aid, the organ told who the lawyer is, a transfer. */
START_TEST(procedures_of_the_law) {
  case_change ch;
  /* Deemed withdrawn (视为撤回) only once papers were asked for. */
  case_state s = a_case(ST_SUBMITTED);
  case_request rq = a_request(ACT_WITHDRAW);
  rq.withdrawal_kind = WITHDRAWAL_MATERIALS_NOT_SUPPLIED;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NO_MATERIALS_ASKED);
  s = a_case(ST_MATERIALS_REQUESTED);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_WITHDRAWN);
  ck_assert_int_eq(ch.set.withdrawal_kind.v, WITHDRAWAL_MATERIALS_NOT_SUPPLIED);
  /* The bureau upholds an objection to a termination: approved again, the lawyer off it. */
  s = a_case(ST_TERMINATED);
  s.objection_filed = s.objection_pending = true;
  rq = a_request(ACT_OBJECTION_DECIDE);
  ck_assert_int_eq(decide(&s, ROLE_BUREAU, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_APPROVED);
  ck_assert_int_eq(ch.set.lawyer_id.how, CV_NULL);
  rq.upheld = false;
  ck_assert_int_eq(decide(&s, ROLE_BUREAU, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_TERMINATED);
  /* Urgent aid with papers owed: due 5 days on (2025-03-08, a Saturday: Monday). */
  s = a_case(ST_SUBMITTED);
  rq = a_request(ACT_URGENT_AID);
  rq.owed.papers = "劳动合同";
  rq.owed.days = 5;
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.papers_due.v, D("2025-03-10"));
  ck_assert_str_eq(ch.set.papers_owed.v, "劳动合同");
  /* They arrive at the window: the same route as a materials request's papers. */
  s = a_case(ST_APPROVED);
  rq = a_request(ACT_MATERIALS_RECEIVED);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_STATUS);
  s.papers_owed = true;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.action, ACT_PAPERS_RECEIVED);
  ck_assert_int_eq(ch.set.papers_received_at.how, CV_NOW);
  /* Art. 36: a notice case assigned on 03-03: the organ is told by 03-06. */
  s = a_case(ST_APPROVED);
  s.lawyer_id = 0;
  s.channel = CHANNEL_NOTICE_COURT;
  rq = a_request(ACT_ASSIGN);
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.organ_notice_due.v, D("2025-03-06"));
  s.channel = CHANNEL_WINDOW;
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.organ_notice_due.how, CV_KEEP);
  s = a_case(ST_ASSIGNED);
  rq = a_request(ACT_NOTIFY_ORGAN);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NOT_A_NOTICE);
  s.channel = CHANNEL_NOTICE_POLICE;
  s.organ_notified = true;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_ORGAN_NOTIFIED);
  /* A transfer: to another, existing centre; the clock starts again there. */
  s = a_case(ST_SUBMITTED);
  rq = a_request(ACT_TRANSFER);
  rq.center_id = s.center_id;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_SAME_CENTER);
  rq.center_id = 2;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.transfer_to, 2);
  ck_assert_int_eq(ch.set.clock_started_on.v, D("2025-03-03"));
  ck_assert_int_eq(ch.set.decision_due.v, D("2025-03-10"));
}
END_TEST

START_TEST(objection_upheld_or_not) {
  case_state s = a_case(ST_REJECTED);
  s.objection_filed = s.objection_pending = true;
  case_request rq = a_request(ACT_OBJECTION_DECIDE);
  case_change ch;
  ck_assert_int_eq(decide(&s, ROLE_REVIEWER, 2, &rq, &ch), REFUSE_ROLE);
  ck_assert_int_eq(decide(&s, ROLE_ADMIN, 2, &rq, &ch), REFUSE_ROLE);
  ck_assert_int_eq(decide(&s, ROLE_BUREAU, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_APPROVED);
  ck_assert_int_eq(ch.set.decision.v, DECISION_APPROVE);
  ck_assert_int_eq(ch.set.assignment_due.v, D("2025-03-06"));
  rq.upheld = false;
  ck_assert_int_eq(decide(&s, ROLE_BUREAU, 2, &rq, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.to, ST_REJECTED);
  ck_assert_int_eq(ch.set.decision.how, CV_KEEP);
  ck_assert_int_eq(ch.set.objection_upheld.v, false);
  /* Filing one: due in 5 days. */
  s = a_case(ST_REJECTED);
  rq = a_request(ACT_OBJECT);
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_NONE);
  /* 03-08 is a Saturday: the period ends on Monday (issue 12). */
  ck_assert_int_eq(ch.set.objection_due.v, D("2025-03-10"));
}
END_TEST

/* Grading prices one claim per stage and lawyer with the tables of the year it closed in. */
START_TEST(grading_prices_each_stage) {
  static const subsidy_cell cells[] = {
      {ITEM_CRIMINAL_INVESTIGATION, -1, 80000, 150000, UNIT_CASE_STAGE, false},
      {ITEM_CRIMINAL_TRIAL, -1, 150000, 320000, UNIT_CASE_STAGE, false},
  };
  static const subsidy_table hunan = {2, "430000", 2025, 1, cells, 2, NULL, 0};
  const subsidy_table *tables[] = {&hunan};
  case_stage_fact stages[] = {{1, LAWYER_ID, STAGE_INVESTIGATION, "", D("2025-01-10"), true},
                              {2, LAWYER_ID, STAGE_TRIAL, "430602", D("2025-02-10"), true},
                              {3, LAWYER_ID, STAGE_TRIAL, "430602", D("2025-02-11"), true},
                              {4, LAWYER_ID, STAGE_PROSECUTION, "", D("2025-01-20"), true}};
  case_state s = a_case(ST_CLOSED);
  s.closed_year = 2025;
  ck_assert_int_eq(case_claim_year(&s, D("2026-01-03")), 2025);
  case_request rq = a_request(ACT_GRADE);
  rq.grade = GRADE_EXCELLENT;
  case_actor who = {ROLE_REVIEWER, 2};
  case_facts f = some_facts();
  f.stages = stages;
  f.nstages = 4;
  f.tables = tables;
  f.ntables = 1;
  case_change ch;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 2); /* the trial once; prosecution has no cell */
  ck_assert_int_eq(ch.claims[0].item, ITEM_CRIMINAL_INVESTIGATION);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 150000);
  ck_assert_int_eq(ch.claims[0].stage_id, 1);
  ck_assert_int_eq(ch.claims[1].item, ITEM_CRIMINAL_TRIAL);
  ck_assert_int_eq(ch.claims[1].quote.total_fen, 320000);
  ck_assert_int_eq(ch.claims[1].year, 2025);
  ck_assert_int_eq(ch.nunpriced, 1);
  ck_assert_int_eq(ch.unpriced[0], ITEM_CRIMINAL_PROSECUTION);
  ck_assert_int_eq(ch.set.grade.v, GRADE_EXCELLENT);
  ck_assert(ch.event_claims);
  case_change_free(&ch);
  /* No stage recorded: the case's own stage, for its lawyer. */
  f.nstages = 0;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 1);
  ck_assert_int_eq(ch.claims[0].item, ITEM_CRIMINAL_TRIAL);
  ck_assert_int_eq(ch.claims[0].stage_id, 0);
  case_change_free(&ch);
}
END_TEST

/* A terminated case is graded for what was done (API.md 1.1): the stages it finished, priced
 * with the tables of the year it was terminated in; a stage under way earns nothing, nor the
 * case's intake stage; a case paid once needs a finished stage. */
START_TEST(grading_a_terminated_case) {
  static const subsidy_cell cells[] = {
      {ITEM_CRIMINAL_INVESTIGATION, -1, 80000, 150000, UNIT_CASE_STAGE, false},
      {ITEM_CRIMINAL_PROSECUTION, -1, 80000, 180000, UNIT_CASE_STAGE, false},
      {ITEM_CIVIL, -1, 150000, 500000, UNIT_CASE, false},
  };
  static const subsidy_table hunan = {2, "430000", 2025, 1, cells, 3, NULL, 0};
  const subsidy_table *tables[] = {&hunan};
  case_stage_fact stages[] = {{1, LAWYER_ID, STAGE_INVESTIGATION, "", D("2025-01-10"), true},
                              {2, LAWYER_ID, STAGE_PROSECUTION, "", D("2025-02-10"), false}};
  case_state s = a_case(ST_TERMINATED);
  s.terminated_year = 2025;
  ck_assert_int_eq(case_claim_year(&s, D("2026-01-03")), 2025);
  case_request rq = a_request(ACT_GRADE);
  rq.grade = GRADE_PASS;
  case_actor who = {ROLE_REVIEWER, 2};
  case_facts f = some_facts();
  f.stages = stages;
  f.nstages = 2;
  f.tables = tables;
  f.ntables = 1;
  case_change ch;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 1);
  ck_assert_int_eq(ch.claims[0].item, ITEM_CRIMINAL_INVESTIGATION);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 80000);
  ck_assert_int_eq(ch.claims[0].year, 2025);
  ck_assert_int_eq(ch.set.grade.v, GRADE_PASS);
  case_change_free(&ch);
  /* Nothing finished: graded, nothing to pay (not the intake stage either). */
  stages[0].finished = false;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 0);
  case_change_free(&ch);
  /* A civil case terminated before any stage ended earns nothing; after one ended, its fee. */
  s.case_type = CT_CIVIL;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 0);
  case_change_free(&ch);
  stages[1].finished = true;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 1);
  ck_assert_int_eq(ch.claims[0].item, ITEM_CIVIL);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 150000);
  case_change_free(&ch);
  /* Once only, as for a closed case. */
  s.graded = true;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_ALREADY_GRADED);
}
END_TEST

/* Plea-leniency help is priced once per case, or per day helped where the table says so; the
 * jurisdiction's grade pay decides where in the band (Yuanjiang: the minimum). */
START_TEST(grading_plea_help_with_the_jurisdictions_grade_pay) {
  static const subsidy_cell per_case[] = {{ITEM_PLEA_HELP, -1, 20000, 50000, UNIT_CASE, true}};
  static const subsidy_cell per_day[] = {{ITEM_PLEA_HELP, -1, 20000, 50000, UNIT_DAY, false}};
  static const subsidy_table t_case = {2, "430000", 2025, 2, per_case, 1, NULL, 0};
  static const subsidy_table t_day = {3, "430000", 2025, 3, per_day, 1, NULL, 0};
  const subsidy_table *tables[] = {&t_case};
  case_stage_fact stages[] = {{1, LAWYER_ID, STAGE_PROSECUTION, "", D("2025-01-10"), true},
                              {2, LAWYER_ID, STAGE_TRIAL, "", D("2025-02-10"), true},
                              {3, LAWYER_ID, STAGE_TRIAL, "", D("2025-02-10"), false}};
  case_state s = a_case(ST_CLOSED);
  s.case_type = CT_PLEA_HELP;
  s.stage = STAGE_PROSECUTION;
  s.closed_year = 2025;
  memcpy(s.center_region, "430981", 7);
  case_request rq = a_request(ACT_GRADE);
  rq.grade = GRADE_EXCELLENT;
  case_actor who = {ROLE_REVIEWER, 2};
  case_facts f = some_facts();
  f.stages = stages;
  f.nstages = 3;
  f.tables = tables;
  f.ntables = 1;
  case_change ch;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.nclaims, 1); /* once per case, not per stage */
  ck_assert_int_eq(ch.claims[0].item, ITEM_PLEA_HELP);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 50000); /* the default: excellent = max */
  ck_assert(ch.claims[0].quote.is_default);
  case_change_free(&ch);
  grade_pay minimum = {{{GP_MIN, 0}, {GP_MIN, 0}, {GP_MIN, 0}, {GP_ZERO, 0}}};
  f.grade_pay = &minimum;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 20000);
  ck_assert_int_eq(ch.claims[0].quote.rule.kind, GP_MIN);
  case_change_free(&ch);
  /* Per day: the two distinct days its stages started on. */
  tables[0] = &t_day;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.claims[0].quote.quantity, 2);
  ck_assert_int_eq(ch.claims[0].quote.total_fen, 40000);
  case_change_free(&ch);
}
END_TEST

/* The applicant's data changes: the rules of an intake apply, eligibility is computed again. */
START_TEST(update_recomputes_eligibility) {
  case_state s = a_case(ST_SUBMITTED);
  s.case_type = CT_CIVIL;
  s.stage = -1;
  s.matter = MATTER_LABOUR_REMUNERATION;
  case_request rq = a_request(ACT_UPDATE);
  case_change ch;
  rq.update.matter = MATTER_OTHER;
  s.case_type = CT_PLEA_HELP;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_MATTER_NOT_FOR_TYPE);
  s.case_type = CT_CIVIL;
  rq = a_request(ACT_UPDATE);
  rq.update.grounds_given = true;
  rq.update.criminal_grounds = 1u << CG_MINOR;
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_GROUNDS_NOT_FOR_TYPE);
  rq = a_request(ACT_UPDATE);
  rq.update.groups_given = true;
  rq.update.groups = 1u << GROUPIX_MINOR; /* born 1980 */
  ck_assert_int_eq(decide(&s, ROLE_CLERK, 2, &rq, &ch), REFUSE_GROUPS_CONTRADICT_ID);
  /* Income given, low enough: eligible on hardship; the groups and fields recorded. */
  rq = a_request(ACT_UPDATE);
  rq.update.household_size_given = rq.update.income_given = true;
  rq.update.household_size = 3;
  rq.update.household_monthly_income_fen = 150000;
  rq.update.ethnicity = "壮族";
  rq.update.phone = "";
  case_actor who = {ROLE_CLERK, 2};
  case_facts f = some_facts();
  f.threshold_known = true;
  f.threshold_fen = 100000;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert(ch.eligibility_changed);
  ck_assert_int_eq(ch.eligibility.eligible, 1);
  ck_assert_int_eq(ch.event.eligible.v, true);
  ck_assert_uint_eq(ch.set.groups.v, 1u << GROUPIX_ETHNIC_MINORITY);
  ck_assert_int_eq(ch.set.flagged_groups.how, CV_KEEP);
  ck_assert_int_eq(ch.set.applicant_phone.how, CV_NULL);
  ck_assert_int_eq(ch.set.household_monthly_income_fen.v, 150000);
  ck_assert_int_eq(ch.nevent_names, 4);
  ck_assert_str_eq(ch.event_names[0], "applicant.phone");
  ck_assert_str_eq(ch.event_names[3], "applicant.household_monthly_income_fen");
  /* Above the threshold: not eligible. */
  f.threshold_fen = 40000;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.eligibility.eligible, 0);
}
END_TEST

/* A misspelt name is corrected like the rest of the applicant's data, the trail naming the field
 * (not the names). */
START_TEST(update_corrects_the_name) {
  case_state s = a_case(ST_SUBMITTED);
  case_request rq = a_request(ACT_UPDATE);
  rq.update.name = "王小明";
  rq.reason = NULL;
  case_actor who = {ROLE_CLERK, 2};
  case_facts f = some_facts();
  case_change ch;
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.applicant_name.how, CV_SET);
  ck_assert_str_eq(ch.set.applicant_name.v, "王小明");
  ck_assert_int_eq(ch.set.applicant_phone.how, CV_KEEP);
  ck_assert_int_eq(ch.nevent_names, 1);
  ck_assert_str_eq(ch.event_names[0], "applicant.name");
  ck_assert_int_eq(ch.event.reason.how, CV_KEEP); /* no reason given */
  rq.reason = "申请人更正了姓名的错别字";
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.event.reason.how, CV_SET);
  ck_assert_str_eq(ch.event.reason.v, "申请人更正了姓名的错别字");
  /* Not given: kept. */
  rq = a_request(ACT_UPDATE);
  rq.update.summary = "补充案情";
  ck_assert_int_eq(case_decide(&s, &who, &rq, &f, &ch), REFUSE_NONE);
  ck_assert_int_eq(ch.set.applicant_name.how, CV_KEEP);
}
END_TEST

START_TEST(every_refusal_has_a_key_and_kind) {
  for (int r = REFUSE_NONE + 1; r < REFUSE__COUNT; r++) {
    const case_refusal_info *i = case_refusal_of((case_refusal)r);
    ck_assert_ptr_nonnull(i);
    ck_assert_ptr_nonnull(i->key);
    ck_assert((i->kind == LC_INVALID) == (i->field != NULL));
  }
  ck_assert_ptr_null(case_refusal_of(REFUSE_NONE));
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
  assign_case c = criminal(1u << CG_LIFE_OR_DEATH_PENALTY);
  assign_lawyer l = lawyer(2);
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_NOT_QUALIFIED);
  l.practice_years = 3; /* exactly three years qualifies */
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_OK);
  c = criminal(1u << CG_DEATH_REVIEW);
  l.practice_years = 2;
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_NOT_QUALIFIED);
  c = criminal(1u << CG_MINOR); /* no experience rule */
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_OK);
  l.center_id = 2;
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_OTHER_CENTER);
  l = lawyer(5);
  l.active = false;
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_INACTIVE);
  l = lawyer(5);
  l.kind = LK_GRASSROOTS_WORKER;
  ck_assert_int_eq(assignment_refusal(&c, &l, NULL, 0), ASSIGN_NOT_A_LAWYER);
  assign_case civil = {1, CT_CIVIL, 0, NULL, "李四", NULL};
  ck_assert_int_eq(assignment_refusal(&civil, &l, NULL, 0), ASSIGN_OK);
}
END_TEST

START_TEST(conflicts_by_name_and_id) {
  former_client clients[] = {{"张三", NULL}};
  assign_case c = criminal(0);
  assign_lawyer l = lawyer(5);
  ck_assert_int_eq(assignment_refusal(&c, &l, clients, 1), ASSIGN_CONFLICT_OF_INTEREST);
  /* Same name, different resident IDs: another person. */
  former_client other[] = {{"张三", "430602199001010011"}};
  c.opposing_party_id_number = "430602199001010038";
  ck_assert_int_eq(assignment_refusal(&c, &l, other, 1), ASSIGN_OK);
  /* The same ID under another spelling of the name: the same person. */
  former_client same[] = {{"张叁", "430602199001010038"}};
  ck_assert_int_eq(assignment_refusal(&c, &l, same, 1), ASSIGN_CONFLICT_OF_INTEREST);
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
  ck_assert_int_eq(a.reasons[0], SUGGEST_SPECIALTY);
  ck_assert_int_eq(a.refusal, ASSIGN_OK);
  assign_case life = {1, CT_CRIMINAL_DEFENSE, 1u << CG_LIFE_OR_DEATH_PENALTY, NULL, NULL, NULL};
  assignment_suggest(&life, &novice, NULL, 0, &b);
  ck_assert_int_eq(b.refusal, ASSIGN_NOT_QUALIFIED);
  ck_assert_int_eq(b.score, 0);
}
END_TEST

/* Every status, by name, in the sets of domain/case.h the queries select by. A new status
 * fails here until it is placed (a withdrawn case: ended, counted or not, ...). */
START_TEST(every_status_in_its_sets) {
  enum { ENDED = 1, COUNTED = 2, DECISION = 4, ASSIGNMENT = 8, LAWYER = 16, CLAIM = 32,
         CLAIM_UNGRADED = 64, CLAIM_FINISHED = 128 };
  static const struct {
    const char *name;
    unsigned sets;
  } want[] = {
      {"submitted", COUNTED | DECISION},
      {"materials_requested", COUNTED},
      {"approved", COUNTED | ASSIGNMENT | CLAIM},
      {"rejected", ENDED},
      {"assigned", COUNTED | LAWYER | CLAIM},
      {"in_progress", COUNTED | LAWYER | CLAIM},
      {"closed", ENDED | COUNTED | CLAIM_UNGRADED},
      {"terminated", ENDED | COUNTED | CLAIM_FINISHED},
      {"withdrawn", ENDED},
  };
  const struct {
    unsigned bit, set;
  } sets[] = {{ENDED, CASE_ENDED},           {COUNTED, CASE_COUNTED},
              {DECISION, CASE_AWAITING_DECISION}, {ASSIGNMENT, CASE_AWAITING_ASSIGNMENT},
              {LAWYER, CASE_WITH_LAWYER},    {CLAIM, CASE_CLAIM_AHEAD},
              {CLAIM_UNGRADED, CASE_CLAIM_WHEN_UNGRADED},
              {CLAIM_FINISHED, CASE_CLAIM_FINISHED_STAGES}};
  ck_assert_int_eq(sizeof want / sizeof want[0], ST__COUNT);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int st = enum_find(&ENUM_STATUS, want[i].name, strlen(want[i].name));
    ck_assert_msg(st >= 0, "no status %s", want[i].name);
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++)
      ck_assert_msg(((sets[k].set & ST_BIT(st)) != 0) == ((want[i].sets & sets[k].bit) != 0),
                    "%s: set %u", want[i].name, sets[k].bit);
  }
  for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++)
    ck_assert_uint_eq(sets[k].set >> ST__COUNT, 0);
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
  tcase_add_test(tc, route_roles_are_the_actions_roles);
  tcase_add_test(tc, once_only_actions);
  tcase_add_test(tc, approval_sets_the_assignment_deadline);
  tcase_add_test(tc, materials_received_pauses_the_clock);
  tcase_add_test(tc, assignment_checks_the_lawyer);
  tcase_add_test(tc, decline_stage_close_terminate);
  tcase_add_test(tc, objection_upheld_or_not);
  tcase_add_test(tc, procedures_of_the_law);
  tcase_add_test(tc, grading_prices_each_stage);
  tcase_add_test(tc, grading_a_terminated_case);
  tcase_add_test(tc, grading_plea_help_with_the_jurisdictions_grade_pay);
  tcase_add_test(tc, update_recomputes_eligibility);
  tcase_add_test(tc, update_corrects_the_name);
  tcase_add_test(tc, every_refusal_has_a_key_and_kind);
  tcase_add_test(tc, assignment_refusals);
  tcase_add_test(tc, conflicts_by_name_and_id);
  tcase_add_test(tc, suggestions_rank_and_explain);
  tcase_add_test(tc, jurisdiction_chain_rank_scope);
  tcase_add_test(tc, every_status_in_its_sets);
  suite_add_tcase(s, tc);
  return s;
}
