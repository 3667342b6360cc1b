/* The route table: method, path pattern, handler, roles allowed. Who may call what is
 * declared here and nowhere else; api_dispatch enforces it. */
#include "auth.h"
#include "common.h"
#include "handlers.h"

#define R(role) ROLE_BIT(ROLE_##role)
#define ADMIN R(ADMIN)
#define CLERK R(CLERK)
#define REVIEWER R(REVIEWER)
#define LAWYER R(LAWYER)
#define SUPERVISOR R(SUPERVISOR)

#define V1 "/api/v1"

const http_route api_routes[] = {
    {"GET", V1 "/health", h_health, ROUTE_PUBLIC, "liveness and database reachability"},
    {"POST", V1 "/session", h_session_create, ROUTE_PUBLIC, "sign in"},
    {"DELETE", V1 "/session", h_session_delete, ROUTE_PUBLIC, "sign out"},
    {"GET", V1 "/me", h_me, ROLES_ALL, "the signed-in user"},
    {"POST", V1 "/users", h_users_create, ADMIN, "create a user"},
    {"GET", V1 "/users", h_users_list, ADMIN | SUPERVISOR, "list users"},
    {"GET", V1 "/lawyers", h_lawyers_list, ROLES_STAFF, "list lawyers"},
    {"GET", V1 "/centers", h_centers_list, ROLES_ALL, "list centres"},
    {"POST", V1 "/centers", h_centers_create, ADMIN, "create a centre"},
    {"GET", V1 "/regions", h_regions_list, ROLES_ALL, "list regions"},
    {"POST", V1 "/cases", h_cases_create, CLERK | REVIEWER | ADMIN, "record an application"},
    {"GET", V1 "/cases", h_cases_list, ROLES_ALL, "list cases"},
    {"GET", V1 "/cases/{id}", h_case_get, ROLES_ALL, "one case"},
    {"GET", V1 "/cases/{id}/events", h_case_events, ROLES_ALL, "a case's audit trail"},
};

const size_t api_nroutes = sizeof api_routes / sizeof api_routes[0];
