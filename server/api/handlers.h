/* Every handler of the route table, by resource. */
#ifndef LA_API_HANDLERS_H
#define LA_API_HANDLERS_H
#include "http/http.h"

/* users.c */
void h_users_create(http_request *req, http_reply *rep);
void h_users_list(http_request *req, http_reply *rep);
void h_lawyers_list(http_request *req, http_reply *rep);
/* refdata.c */
void h_health(http_request *req, http_reply *rep);
void h_centers_list(http_request *req, http_reply *rep);
void h_centers_create(http_request *req, http_reply *rep);
void h_regions_list(http_request *req, http_reply *rep);
/* cases.c */
void h_cases_create(http_request *req, http_reply *rep);
void h_cases_list(http_request *req, http_reply *rep);
void h_case_get(http_request *req, http_reply *rep);
void h_case_events(http_request *req, http_reply *rep);
/* eligibility.c */
void h_eligibility_check(http_request *req, http_reply *rep);

#endif
