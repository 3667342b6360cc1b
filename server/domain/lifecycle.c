#include "lifecycle.h"

#include "principal.h"

#define S(x) (1u << (x))
#define SAME (-1)

typedef struct {
  const char *name;
  unsigned from;  /* status bits */
  int to;         /* case_status_t, or SAME */
  unsigned roles; /* ROLE_BIT mask */
  bool assigned_lawyer_only;
} transition;

static const transition table[ACT__COUNT] = {
    [ACT_APPROVE] = {"approve", S(ST_SUBMITTED), ST_APPROVED, ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_REJECT] = {"reject", S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_REJECTED,
                    ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_REQUEST_MATERIALS] = {"request_materials", S(ST_SUBMITTED), ST_MATERIALS_REQUESTED,
                               ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_MATERIALS_RECEIVED] = {"materials_received", S(ST_MATERIALS_REQUESTED), ST_SUBMITTED,
                                ROLE_BIT(ROLE_CLERK), false},
    [ACT_URGENT_AID] = {"urgent_aid", S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), ST_APPROVED,
                        ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_ASSIGN] = {"assign", S(ST_APPROVED), ST_ASSIGNED,
                    ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_ADMIN), false},
    [ACT_ACCEPT] = {"accept", S(ST_ASSIGNED), ST_IN_PROGRESS, ROLE_BIT(ROLE_LAWYER), true},
    [ACT_DECLINE] = {"decline", S(ST_ASSIGNED), ST_APPROVED, ROLE_BIT(ROLE_LAWYER), true},
    [ACT_ADD_STAGE] = {"stage", S(ST_IN_PROGRESS), SAME, ROLE_BIT(ROLE_LAWYER), true},
    [ACT_CLOSE] = {"close", S(ST_IN_PROGRESS), ST_CLOSED, ROLE_BIT(ROLE_LAWYER), true},
    [ACT_GRADE] = {"grade", S(ST_CLOSED), SAME, ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_TERMINATE] = {"terminate", S(ST_APPROVED) | S(ST_ASSIGNED) | S(ST_IN_PROGRESS),
                       ST_TERMINATED, ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_OBJECT] = {"objection", S(ST_REJECTED), SAME,
                    ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_OBJECTION_DECIDE] = {"objection_decision", S(ST_REJECTED), SAME,
                              ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_ADMIN), false},
    [ACT_REQUEST_REPLACEMENT] = {"replacement_request", S(ST_ASSIGNED) | S(ST_IN_PROGRESS), SAME,
                                 ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_SATISFACTION] = {"satisfaction", S(ST_CLOSED) | S(ST_TERMINATED), SAME,
                          ROLE_BIT(ROLE_CLERK), false},
    [ACT_UPDATE] = {"update", S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), SAME,
                    ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_ADMIN), false},
    [ACT_OVERRIDE_ELIGIBILITY] = {"eligibility_override",
                                  S(ST_SUBMITTED) | S(ST_MATERIALS_REQUESTED), SAME,
                                  ROLE_BIT(ROLE_REVIEWER), false},
    [ACT_ARCHIVE] = {"archive", S(ST_CLOSED), SAME,
                     ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_ADMIN), false},
};

const char *lifecycle_action_name(case_action a) {
  return a >= 0 && a < ACT__COUNT ? table[a].name : "unknown";
}

unsigned lifecycle_roles(case_action a) { return a >= 0 && a < ACT__COUNT ? table[a].roles : 0; }

static lc_result conflict(const char *why) { return (lc_result){LC_CONFLICT, ST_SUBMITTED, why}; }

lc_result lifecycle_check(case_action a, const case_state *s, const case_actor *actor,
                          bool upheld) {
  if (a < 0 || a >= ACT__COUNT) return (lc_result){LC_FORBIDDEN, s->status, "未知操作"};
  const transition *t = &table[a];
  if (!(t->roles & ROLE_BIT(actor->role)))
    return (lc_result){LC_FORBIDDEN, s->status, "当前角色无权进行此操作"};
  if (t->assigned_lawyer_only && !actor->is_assigned_lawyer)
    return (lc_result){LC_FORBIDDEN, s->status, "只有承办本案的律师可以进行此操作"};
  unsigned from = t->from;
  /* A pending request to replace the lawyer lets the case be assigned again (Art. 55). */
  if (a == ACT_ASSIGN && s->replacement_pending) from |= S(ST_ASSIGNED) | S(ST_IN_PROGRESS);
  if (!(from & S(s->status))) return conflict("案件当前状态不允许此操作");
  switch (a) {
    case ACT_REQUEST_MATERIALS:
      if (s->materials_requested_before) return conflict("补充材料只能一次性告知，本案已通知过");
      break;
    case ACT_GRADE:
      if (s->graded) return conflict("本案已评定质量等级");
      break;
    case ACT_SATISFACTION:
      if (s->satisfaction_recorded) return conflict("本案已记录满意度回访");
      break;
    case ACT_OBJECT:
      if (s->objection_filed) return conflict("本案已提出过异议");
      break;
    case ACT_OBJECTION_DECIDE:
      if (!s->objection_pending) return conflict("没有待处理的异议");
      return (lc_result){LC_OK, upheld ? ST_APPROVED : ST_REJECTED, NULL};
    case ACT_ARCHIVE:
      if (s->archived) return conflict("本案卷宗已归档");
      break;
    case ACT_REQUEST_REPLACEMENT:
      if (s->replacement_pending) return conflict("已有待处理的更换律师申请");
      break;
    default:
      break;
  }
  return (lc_result){LC_OK, t->to == SAME ? s->status : (case_status_t)t->to, NULL};
}
