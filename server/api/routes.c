/* The route table: method, path pattern, handler, roles allowed. Who may call what is
 * declared here, except for the actions on a case: their roles are the lifecycle's
 * (domain/lifecycle.h, ACT_..._ROLES), declared there once and enforced here first. */
#include "auth.h"
#include "common.h"
#include "domain/lifecycle.h"
#include "handlers.h"

#define R(role) ROLE_BIT(ROLE_##role)
#define ADMIN R(ADMIN)
#define CLERK R(CLERK)
#define REVIEWER R(REVIEWER)
#define LAWYER R(LAWYER)
#define SUPERVISOR R(SUPERVISOR)

#define V1 "/api/v1"

/* Most routes leave the last field (the worker class) out: the default, 0. Sign-in and
 * everything else that hashes a password runs on its own workers (API_QUEUE_AUTH), so that a
 * flood of sign-ins (argon2id, deliberately slow) never delays a case read. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const http_route api_routes[] = {
    {"GET", V1 "/health", h_health, ROUTE_PUBLIC, "liveness and database reachability"},
    {"POST", V1 "/session", h_session_create, ROUTE_PUBLIC, "sign in", API_QUEUE_AUTH},
    {"DELETE", V1 "/session", h_session_delete, ROUTE_PUBLIC, "sign out"},
    {"GET", V1 "/me", h_me, ROLES_ALL | ROUTE_PASSWORD_CHANGE, "the signed-in user"},
    {"PUT", V1 "/me/password", h_me_password, ROLES_ALL | ROUTE_PASSWORD_CHANGE,
     "change one's own password; the other sessions end", API_QUEUE_AUTH},
    {"PATCH", V1 "/users/{id}", h_user_update, ADMIN, "disable or enable a user, rename it"},
    {"POST", V1 "/users/{id}/password-reset", h_user_password_reset, ADMIN,
     "a temporary password the user must change", API_QUEUE_AUTH},
    {"POST", V1 "/users", h_users_create, ADMIN, "create a user", API_QUEUE_AUTH},
    {"GET", V1 "/users", h_users_list, ADMIN | SUPERVISOR, "list users"},
    {"GET", V1 "/lawyers", h_lawyers_list, ROLES_STAFF, "list lawyers"},
    {"GET", V1 "/centers", h_centers_list, ROLES_ALL, "list centres"},
    {"POST", V1 "/centers", h_centers_create, ADMIN, "create a centre"},
    {"GET", V1 "/regions", h_regions_list, ROLES_ALL, "list regions"},
    {"POST", V1 "/cases", h_cases_create, CLERK | REVIEWER | ADMIN, "record an application"},
    {"GET", V1 "/cases", h_cases_list, ROLES_ALL, "list cases"},
    {"GET", V1 "/cases/{id}", h_case_get, ROLES_ALL, "one case"},
    {"GET", V1 "/cases/{id}/events", h_case_events, ROLES_ALL, "a case's audit trail"},
    {"PATCH", V1 "/cases/{id}", h_case_update, ACT_UPDATE_ROLES,
     "change the applicant's data; eligibility is computed again"},
    {"POST", V1 "/eligibility/check", h_eligibility_check, ROLES_STAFF, "eligibility, stored nowhere"},
    {"POST", V1 "/cases/{id}/eligibility-override", h_case_eligibility_override, ACT_OVERRIDE_ELIGIBILITY_ROLES,
     "override the eligibility answer with a reason"},
    {"POST", V1 "/cases/{id}/decision", h_case_decision,
     ACT_APPROVE_ROLES | ACT_REJECT_ROLES | ACT_REQUEST_MATERIALS_ROLES, "approve, reject, ask for papers"},
    {"POST", V1 "/cases/{id}/materials", h_case_materials, ACT_MATERIALS_RECEIVED_ROLES, "the papers arrived"},
    {"POST", V1 "/cases/{id}/urgent-aid", h_case_urgent, ACT_URGENT_AID_ROLES, "aid before the decision (Art. 44)"},
    {"GET", V1 "/cases/{id}/lawyer-suggestions", h_case_lawyer_suggestions, REVIEWER | ADMIN,
     "lawyers ranked for the case"},
    {"POST", V1 "/cases/{id}/assignment", h_case_assignment, ACT_ASSIGN_ROLES, "assign a lawyer"},
    {"POST", V1 "/cases/{id}/accept", h_case_accept, ACT_ACCEPT_ROLES, "the lawyer accepts"},
    {"POST", V1 "/cases/{id}/decline", h_case_decline, ACT_DECLINE_ROLES, "the lawyer declines"},
    {"POST", V1 "/cases/{id}/stages", h_case_stages, ACT_ADD_STAGE_ROLES, "record a stage"},
    {"POST", V1 "/cases/{id}/closure", h_case_closure, ACT_CLOSE_ROLES, "close the case"},
    {"POST", V1 "/cases/{id}/grade", h_case_grade, ACT_GRADE_ROLES, "grade a closed case"},
    {"POST", V1 "/cases/{id}/termination", h_case_termination, ACT_TERMINATE_ROLES, "terminate (Art. 48)"},
    {"POST", V1 "/cases/{id}/satisfaction", h_case_satisfaction, ACT_SATISFACTION_ROLES, "the follow-up call"},
    {"POST", V1 "/cases/{id}/objection", h_case_objection, ACT_OBJECT_ROLES,
     "the refused applicant objects (Art. 49)"},
    {"POST", V1 "/cases/{id}/objection/decision", h_case_objection_decision, ACT_OBJECTION_DECIDE_ROLES,
     "the judicial bureau's answer to the objection"},
    {"POST", V1 "/cases/{id}/replacement-request", h_case_replacement, ACT_REQUEST_REPLACEMENT_ROLES,
     "the recipient asks for another lawyer (Art. 55)"},
    {"POST", V1 "/cases/{id}/archive", h_case_archive, ACT_ARCHIVE_ROLES,
     "the closed case's file is archived"},
    {"PATCH", V1 "/lawyers/{id}", h_lawyer_update, ADMIN, "change a lawyer's profile"},
    {"GET", V1 "/subsidy-standards", h_standards_list, ROLES_ALL, "subsidy standards"},
    {"PUT", V1 "/subsidy-standards/{jurisdiction}/{year}", h_standards_put, ADMIN,
     "replace a jurisdiction's table for a year (the old version is kept)"},
    {"POST", V1 "/subsidies/quote", h_subsidy_quote, ROLES_ALL, "price an item, storing nothing"},
    {"GET", V1 "/subsidies", h_subsidies_list, ROLES_ALL, "subsidy claims"},
    {"POST", V1 "/subsidies/{id}/approve", h_subsidy_approve, SUPERVISOR | ADMIN, "approve a claim"},
    {"POST", V1 "/subsidies/{id}/pay", h_subsidy_pay, SUPERVISOR | ADMIN, "pay a claim"},
    {"POST", V1 "/duty-shifts", h_duty_shift_create, CLERK | SUPERVISOR | ADMIN,
     "a duty lawyer's day at a station, with the day's log: one claim"},
    {"GET", V1 "/duty-shifts", h_duty_shifts_list, CLERK | SUPERVISOR | ADMIN,
     "duty shifts and their day's log"},
    {"PUT", V1 "/budgets/{center_id}/{year}", h_budget_put, SUPERVISOR | ADMIN, "set the allocation"},
    {"GET", V1 "/budgets/{center_id}/{year}", h_budget_get, SUPERVISOR | ADMIN | REVIEWER,
     "budget execution and the projected shortfall"},
    {"PUT", V1 "/targets/{center_id}/{year}", h_targets_put, SUPERVISOR | ADMIN, "set the targets"},
    {"GET", V1 "/targets/{center_id}/{year}", h_targets_get, SUPERVISOR | ADMIN, "the targets"},
    {"GET", V1 "/stats/performance", h_stats_performance, SUPERVISOR | ADMIN,
     "each target beside its actual", API_QUEUE_STATS},
    {"GET", V1 "/stats/cases", h_stats_cases, SUPERVISOR | ADMIN, "cases counted by a key",
     API_QUEUE_STATS},
    {"GET", V1 "/stats/hotline", h_stats_hotline, SUPERVISOR | ADMIN, "calls counted by a key",
     API_QUEUE_STATS},
    {"GET", V1 "/stats/annual", h_stats_annual, SUPERVISOR | ADMIN,
     "the figures of an annual report (JSON, CSV or XLSX)", API_QUEUE_STATS},
    {"GET", V1 "/stats/self-assessment", h_stats_self_assessment, SUPERVISOR | ADMIN,
     "the performance self-assessment (项目支出绩效自评表), JSON or XLSX", API_QUEUE_STATS},
    {"POST", V1 "/hotline/calls", h_calls_create, CLERK, "log a 12348 call"},
    {"GET", V1 "/hotline/calls", h_calls_list, CLERK | REVIEWER | SUPERVISOR | ADMIN, "calls"},
    {"GET", V1 "/hotline/callers/{phone}", h_caller_lookup, CLERK | REVIEWER | ADMIN,
     "a caller's earlier calls and cases by the full number"},
    {"POST", V1 "/hotline/calls/{id}/convert", h_call_convert, CLERK,
     "turn a call into a legal aid application"},
    {"GET", V1 "/hotline/follow-ups", h_follow_ups, CLERK | SUPERVISOR | ADMIN,
     "the follow-up queue"},
    {"POST", V1 "/hotline/calls/{id}/follow-up", h_call_handle, CLERK,
     "the follow-up of a call is done"},
    {"POST", V1 "/consultations", h_consultation_create, CLERK,
     "a consultation at the window, by phone or online"},
    {"POST", V1 "/hotline/work-orders", h_work_order_create, CLERK,
     "a work order the 12345 hotline sent to the centre"},
    {"GET", V1 "/hotline/work-orders", h_work_orders_list, CLERK | SUPERVISOR | ADMIN,
     "incoming 12345 work orders"},
    {"POST", V1 "/hotline/work-orders/{id}/closure", h_work_order_close, CLERK,
     "a 12345 work order is closed (办结)"},
    {"GET", V1 "/hardship-thresholds", h_thresholds_list, ROLES_STAFF, "hardship thresholds"},
    {"PUT", V1 "/hardship-thresholds/{region_code}", h_threshold_put, ADMIN,
     "set a jurisdiction's hardship threshold"},
    {"GET", V1 "/jurisdiction-settings", h_settings_list, ROLES_STAFF, "deadline and payment settings"},
    {"PUT", V1 "/jurisdiction-settings/{region_code}", h_settings_put, ADMIN,
     "set a jurisdiction's deadline mode and payment rule"},
};

const size_t api_nroutes = sizeof api_routes / sizeof api_routes[0];
