/* A legal aid application as taken in at the window, the hotline or online: the rules that
 * decide whether it is complete and well-formed, and what follows from it. Pure. */
#ifndef LA_DOMAIN_INTAKE_H
#define LA_DOMAIN_INTAKE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "eligibility.h"
#include "enums.h"
#include "idcard.h"

#define FIELD_ERRORS_MAX 32

/* Field-level errors: stable field paths of API.md and short English reasons (static
 * strings; a path built at run time, "recipients[2].id_number", is kept in `own`). */
typedef struct {
  struct {
    const char *field;
    const char *reason;
    char own[48];
  } e[FIELD_ERRORS_MAX];
  int n;
} field_errors;

void fe_add(field_errors *fe, const char *field, const char *reason);
/* fe_add with the path prefix + "." + field, copied. */
void fe_add_at(field_errors *fe, const char *prefix, const char *field, const char *reason);
bool fe_has(const field_errors *fe, const char *field);
/* Whether a text the person must give is missing: NULL, empty or only blanks. */
bool intake_blank(const char *s);

typedef struct {
  const char *name, *id_number, *phone, *address, *ethnicity; /* NULL when absent */
  int id_type;          /* id_type_t, -1 absent (a resident ID) */
  bool birth_date_set;  /* given directly: needed for any document but a resident ID */
  day_t birth_date;
  char sex;             /* 'M', 'F', 0 absent */
  unsigned flagged_groups;                                     /* group bits as given */
  int64_t household_size;
  bool household_size_set;
  int64_t household_monthly_income_fen;
  bool income_set;
} applicant_in;

/* Who applies on the recipient's behalf (Art. 24, 40): a guardian for a minor. */
typedef struct {
  bool present;
  const char *name, *id_number, *phone; /* NULL when absent */
  int relation;                         /* agent_relation_t, -1 absent */
  int id_type;                          /* id_type_t, -1 absent (a resident ID) */
} agent_in;

/* One of several recipients (a group wage claim). */
typedef struct {
  const char *name, *id_number;
  int id_type; /* -1: a resident ID */
  bool birth_date_set;
  day_t birth_date;
  char sex;
  unsigned flagged_groups;
  /* Derived by intake_check: */
  bool birth_known;
  unsigned groups;
} recipient_in;

#define INTAKE_MAX_RECIPIENTS 500

/* The intake body of POST /cases, parsed (strings borrowed from the request). */
typedef struct {
  int64_t center_id;
  int channel;   /* channel_t, -1 absent */
  int case_type; /* case_type_t, -1 absent */
  int matter;    /* matter_t, -1 absent */
  int stage;     /* stage_t, -1 absent */
  int64_t received_at; /* epoch seconds */
  bool received_at_set;
  const char *venue_region_code, *summary, *opposing_party, *opposing_party_id_number;
  unsigned criminal_grounds; /* criminal_ground_t bits */
  unsigned exemptions;       /* exemption_t bits */
  const char *notice_organ_name, *notice_no;
  bool notice_present;
  applicant_in applicant;
  agent_in agent;
  recipient_in *recipients; /* NULL and 0: the applicant is the one recipient (not owned) */
  size_t nrecipients;
  bool retrial_ordered;     /* Art. 33 */
  /* Art. 39: forwarded from custody, received there at custody_received_at. */
  bool forwarded;
  int forwarded_by;         /* forwarder_t */
  const char *forwarded_by_name;
  bool custody_received_set;
  int64_t custody_received_at; /* epoch seconds */

  /* The jurisdiction's deadline rules, set by the caller before intake_check (defaults:
   * calendar days, no holiday calendar). */
  int deadline_mode; /* deadline_mode of calendar.h */
  const void *calendar; /* const holiday_calendar *, may be NULL */

  /* Derived by intake_check: */
  day_t application_date; /* received_at's date in Asia/Shanghai */
  idcard_info id;         /* from the resident ID */
  bool birth_known;       /* from the resident ID, or given with another document */
  unsigned groups;        /* derived | flagged */
  int64_t forwarding_hours; /* Art. 39: from custody to the centre; > 24 is late */
  day_t decision_due;     /* when a decision is due */
  bool deadline_provisional; /* counted through a year whose holidays are not loaded */
  bool assignment_due_set;
  day_t assignment_due; /* notice cases: assign within 3 days of the notice */
} intake;

/* Days the law allows (Art. 43, 36). */
#define DECISION_DAYS 7
#define ASSIGNMENT_DAYS 3
#define NOTICE_ASSIGNMENT_DAYS 3
/* The days a decision is due in after a complete application: notice cases are assigned
 * within 3 days of the notice, the others decided within 7. */
int intake_decision_days(channel_t c);

/* Checks the rules an intake must meet beyond the shape of its fields (which the API's
 * validator checked): a real resident ID, required fields per case type and channel, a
 * stage that fits the case type, a received_at not in the future, and so on. `now` is the
 * current instant (epoch seconds); received_at defaults to it. Fills the derived fields.
 * Returns true when fe stayed empty. */
bool intake_check(intake *in, int64_t now, field_errors *fe);
/* The agent (Art. 24, 40) as intake and a correction check it: named, a relation, an identity
 * document that is known and well formed. */
void agent_check(const agent_in *g, day_t today, field_errors *fe);
/* The derived part of intake_check alone (groups and deadlines), for an eligibility check of an
 * incomplete form whose only faults were absent fields: groups the resident ID decides are
 * derived only when it is given. False (with fe) when flagged groups contradict the ID. */
bool intake_derive(intake *in, field_errors *fe);

/* The facts the eligibility engine looks at, from an intake (its derived groups included) and
 * the hardship threshold of its centre: the one place they are assembled, for a new
 * application and for a case whose data changed. */
void intake_eligibility_facts(const intake *in, bool threshold_known, int64_t threshold_fen,
                              elig_facts *out);

#endif
