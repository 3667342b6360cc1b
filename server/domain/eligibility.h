/* Eligibility under the Legal Aid Law (2021): pure and table-driven. Every answer lists the
 * rules that fired, each with its article and a Chinese sentence, and the fields still
 * missing for an answer. */
#ifndef LA_DOMAIN_ELIGIBILITY_H
#define LA_DOMAIN_ELIGIBILITY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enums.h"

/* The facts the law looks at (from an intake). */
typedef struct {
  int channel;   /* channel_t, -1 unknown */
  int case_type; /* case_type_t, -1 unknown */
  int matter;    /* matter_t, -1 none */
  unsigned criminal_grounds; /* criminal_ground_t bits */
  unsigned exemptions;       /* exemption_t bits */
  unsigned groups;           /* group bits (groups.h), derived and flagged */
  /* Art. 33: a court decided on a retrial or the procuratorate protested. */
  bool retrial_ordered;
  bool household_size_set, income_set;
  int64_t household_size;
  int64_t household_monthly_income_fen;
  /* The hardship threshold (Art. 34): monthly household income per person, in fen, of the
   * most specific jurisdiction that has one; threshold_known false when none does. */
  bool threshold_known;
  int64_t threshold_fen;
} elig_facts;

typedef enum { MEANS_REQUIRED, MEANS_EXEMPT, MEANS_NOT_APPLICABLE } means_test_t;
extern const char *const means_test_names[3];

typedef struct {
  const char *id;      /* stable, e.g. "art25_minor" */
  const char *article; /* "第二十五条" */
  const char *text;    /* the article's words (a list item with its opening words, "……" for
                          what is left out): server/domain/LAW.md */
  const char *note;    /* what the engine concludes, in Chinese; NULL when the text says it */
} elig_rule;

#define ELIG_MAX_RULES 16
#define ELIG_MAX_MISSING 8

typedef struct {
  int eligible; /* 1 yes, 0 no, -1 undetermined until `missing` arrives */
  bool mandatory;
  means_test_t means_test;
  const elig_rule *rules[ELIG_MAX_RULES];
  int nrules;
  const char *missing[ELIG_MAX_MISSING]; /* field paths of API.md */
  int nmissing;
} elig_result;

/* Every rule the engine can answer with (for LAW.md and its test): up to max pointers into
 * static storage; returns how many there are. */
size_t eligibility_rule_list(const elig_rule **out, size_t max);

/* Applies the law to the facts. */
void eligibility_evaluate(const elig_facts *f, elig_result *out);

/* Whether per-person income is within the threshold: income <= threshold x household size
 * (compared in fen without division, so exactly at the threshold qualifies). */
bool eligibility_within_threshold(int64_t income_fen, int64_t household_size,
                                  int64_t threshold_fen);

#endif
