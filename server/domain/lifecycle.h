/* The case lifecycle of DOMAIN.md as one state machine: which action may happen in which
 * state, by which role, and where it leads. Every transition endpoint asks it. Pure. */
#ifndef LA_DOMAIN_LIFECYCLE_H
#define LA_DOMAIN_LIFECYCLE_H
#include <stdbool.h>

#include "enums.h"

typedef enum {
  ACT_APPROVE,
  ACT_REJECT,
  ACT_REQUEST_MATERIALS,
  ACT_MATERIALS_RECEIVED,
  ACT_URGENT_AID,          /* Art. 44: aid before the decision */
  ACT_ASSIGN,
  ACT_ACCEPT,
  ACT_DECLINE,
  ACT_ADD_STAGE,
  ACT_CLOSE,
  ACT_GRADE,
  ACT_TERMINATE,           /* Art. 48 */
  ACT_OBJECT,              /* Art. 49: the refused applicant objects */
  ACT_OBJECTION_DECIDE,    /* the judicial bureau's answer */
  ACT_REQUEST_REPLACEMENT, /* Art. 55 */
  ACT_SATISFACTION,
  ACT_UPDATE,              /* the applicant's data and the case facts change */
  ACT_OVERRIDE_ELIGIBILITY,
  ACT_ARCHIVE, /* the closed case's file is archived */
  ACT__COUNT
} case_action;

/* The action's name in the audit trail ("approve", "assign", ...). */
const char *lifecycle_action_name(case_action a);

/* What the case looks like for the machine. */
typedef struct {
  case_status_t status;
  bool materials_requested_before; /* papers are asked for once (Art. 43) */
  bool graded;
  bool satisfaction_recorded;
  bool objection_pending;
  bool objection_filed;
  bool replacement_pending;
  bool archived;
} case_state;

/* Who acts. */
typedef struct {
  role_t role;
  bool is_assigned_lawyer; /* the lawyer the case is assigned to */
} case_actor;

typedef enum {
  LC_OK = 0,
  LC_FORBIDDEN, /* this role (or this lawyer) may not act: 403 */
  LC_CONFLICT,  /* not in this state: 409 */
} lc_verdict;

typedef struct {
  lc_verdict verdict;
  case_status_t to; /* the new status (the same when the action keeps it) */
  const char *why;  /* for LC_CONFLICT / LC_FORBIDDEN: a Chinese sentence */
} lc_result;

/* Whether `actor` may do `a` to a case in state `s`, and the status that follows.
 * For ACT_OBJECTION_DECIDE, `upheld` says whether the bureau upheld the objection (the case
 * is then approved); it is ignored for other actions. */
lc_result lifecycle_check(case_action a, const case_state *s, const case_actor *actor,
                          bool upheld);

/* The roles an action allows (ROLE_BIT mask), for the route table and the tests. */
unsigned lifecycle_roles(case_action a);

#endif
