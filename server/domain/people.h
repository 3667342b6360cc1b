/* The people on a case (API.md 1.1): the applicant's identity document, which is not always a
 * mainland resident ID, the agent who applies on the recipient's behalf (Art. 24, 40), and
 * the recipients of a case with several. Pure. */
#ifndef LA_DOMAIN_PEOPLE_H
#define LA_DOMAIN_PEOPLE_H
#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "enums.h"
#include "idcard.h"

/* Whether a document number of that type is well-formed (a resident ID is checked as GB
 * 11643 by idcard_parse, not here): NULL when fine, else a stable English reason.
 * hk_macao_permit: H or M and 8 or 10 digits; taiwan_permit: 8 digits, or 10 and an optional
 * letter; passport: 5-17 capital letters and digits; foreign_permanent_resident: three
 * capital letters and 12 digits, or the 18-character card of 2023 (9, 16 digits, a check
 * character as GB 11643's). */
const char *people_document_reason(id_type_t type, const char *s, size_t len);

/* A person whose identity is given by a document: birth date and sex come from a resident
 * ID, else they are given. */
typedef struct {
  int id_type;          /* id_type_t; -1 absent (a resident ID) */
  const char *name, *id_number; /* NULL when absent */
  bool birth_date_set;
  day_t birth_date;
  char sex;             /* 'M', 'F', 0 absent */
} person_in;

/* Checks a person at `path` ("applicant", "recipients[2]", ...): every fault goes to the
 * callback (field path built from path, static reason). unknown_allowed: the identity may
 * be unknown (a notice case's suspect): then name, number and birth date may be left out.
 * On success fills *birth_known, *birth, *sex for the groups. */
typedef void (*people_fault)(void *ctx, const char *path, const char *field, const char *reason);
bool people_check_person(const person_in *p, const char *path, bool unknown_allowed, day_t today,
                         day_t application_date, bool *birth_known, day_t *birth, char *sex,
                         people_fault fault, void *ctx);

#endif
