/* Every handler of the route table, by resource. */
#ifndef LA_API_HANDLERS_H
#define LA_API_HANDLERS_H
#include "http/http.h"

/* users.c */
void h_user_update(http_request *req, http_reply *rep);
void h_users_create(http_request *req, http_reply *rep);
void h_users_list(http_request *req, http_reply *rep);
void h_lawyers_list(http_request *req, http_reply *rep);
/* refdata.c */
void h_health(http_request *req, http_reply *rep);
void h_centers_list(http_request *req, http_reply *rep);
void h_centers_create(http_request *req, http_reply *rep);
void h_center_update(http_request *req, http_reply *rep);
void h_regions_list(http_request *req, http_reply *rep);
/* cases.c */
void h_cases_create(http_request *req, http_reply *rep);
void h_cases_list(http_request *req, http_reply *rep);
void h_case_get(http_request *req, http_reply *rep);
void h_case_get_batch(http_request **reqs, http_reply **reps, int n);
void h_case_events(http_request *req, http_reply *rep);
/* attachments.c */
void h_case_attachment_upload(http_request *req, http_reply *rep);
void h_case_attachments_list(http_request *req, http_reply *rep);
void h_attachment_get(http_request *req, http_reply *rep);
/* eligibility.c */
void h_eligibility_check(http_request *req, http_reply *rep);
/* lifecycle.c */
void h_case_decision(http_request *req, http_reply *rep);
void h_case_materials(http_request *req, http_reply *rep);
void h_case_urgent(http_request *req, http_reply *rep);
void h_eligibility_rules(http_request *req, http_reply *rep);
void h_holidays_get(http_request *req, http_reply *rep);
void h_holidays_put(http_request *req, http_reply *rep);
void h_case_withdrawal(http_request *req, http_reply *rep);
void h_case_organ_notification(http_request *req, http_reply *rep);
void h_case_transfer(http_request *req, http_reply *rep);
void h_case_assignment(http_request *req, http_reply *rep);
void h_case_accept(http_request *req, http_reply *rep);
void h_case_decline(http_request *req, http_reply *rep);
void h_case_stages(http_request *req, http_reply *rep);
void h_case_closure(http_request *req, http_reply *rep);
void h_case_grade(http_request *req, http_reply *rep);
void h_case_termination(http_request *req, http_reply *rep);
void h_case_satisfaction(http_request *req, http_reply *rep);
void h_case_objection(http_request *req, http_reply *rep);
void h_case_objection_decision(http_request *req, http_reply *rep);
void h_case_replacement(http_request *req, http_reply *rep);
void h_case_eligibility_override(http_request *req, http_reply *rep);
void h_case_update(http_request *req, http_reply *rep);
void h_case_archive(http_request *req, http_reply *rep);
/* money.c */
void h_standards_list(http_request *req, http_reply *rep);
void h_standards_put(http_request *req, http_reply *rep);
void h_subsidy_quote(http_request *req, http_reply *rep);
void h_subsidies_list(http_request *req, http_reply *rep);
void h_subsidy_approve(http_request *req, http_reply *rep);
void h_subsidy_pay(http_request *req, http_reply *rep);
void h_duty_shift_create(http_request *req, http_reply *rep);
void h_budget_put(http_request *req, http_reply *rep);
void h_budget_get(http_request *req, http_reply *rep);
void h_targets_put(http_request *req, http_reply *rep);
void h_targets_get(http_request *req, http_reply *rep);
/* lawyers.c */
void h_lawyer_update(http_request *req, http_reply *rep);
void h_case_lawyer_suggestions(http_request *req, http_reply *rep);
/* hotline.c */
void h_calls_create(http_request *req, http_reply *rep);
void h_calls_list(http_request *req, http_reply *rep);
void h_follow_ups(http_request *req, http_reply *rep);
void h_caller_lookup(http_request *req, http_reply *rep);
void h_call_handle(http_request *req, http_reply *rep);
void h_call_convert(http_request *req, http_reply *rep);
void h_consultation_create(http_request *req, http_reply *rep);
/* stats.c */
void h_stats_cases(http_request *req, http_reply *rep);
void h_stats_hotline(http_request *req, http_reply *rep);
void h_stats_annual(http_request *req, http_reply *rep);
/* reports.c */
void h_stats_performance(http_request *req, http_reply *rep);
void h_stats_self_assessment(http_request *req, http_reply *rep);
void h_work_order_create(http_request *req, http_reply *rep);
void h_work_orders_list(http_request *req, http_reply *rep);
void h_work_order_close(http_request *req, http_reply *rep);
void h_duty_shifts_list(http_request *req, http_reply *rep);
/* jurisdiction.c */
void h_thresholds_list(http_request *req, http_reply *rep);
void h_threshold_put(http_request *req, http_reply *rep);
void h_settings_list(http_request *req, http_reply *rep);
void h_settings_put(http_request *req, http_reply *rep);

#endif
