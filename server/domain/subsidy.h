/* Lawyer subsidies by stage and region (DOMAIN.md "Lawyer subsidies"): pure, integer fen. */
#ifndef LA_DOMAIN_SUBSIDY_H
#define LA_DOMAIN_SUBSIDY_H
#include <stdbool.h>
#include <stdint.h>

#include "enums.h"
#include "grade_pay.h"

/* Every amount is bounded (API.md 1.1): 0 <= fen <= 10^10 per cell, add-on or claim. */
#define SUBSIDY_MAX_FEN ((int64_t)10000000000)

typedef struct {
  int item;  /* subsidy_item_t */
  int scope; /* scope_t, or -1: any scope */
  int64_t min_fen, max_fen;
  int unit; /* subsidy_unit_t */
  bool is_default; /* a placeholder the service ships until the jurisdiction's figure is entered */
} subsidy_cell;

typedef struct {
  char code[41];
  int item; /* subsidy_item_t, or -1: every item */
  int64_t amount_fen; /* per unit counted */
  int64_t cap_fen;    /* per claim */
} subsidy_addon;

/* One jurisdiction's table for a year (a version of it). Not owned. */
typedef struct {
  int64_t id;
  char jurisdiction[7];
  int year, version;
  const subsidy_cell *cells;
  int ncells;
  const subsidy_addon *addons;
  int naddons;
} subsidy_table;

typedef struct {
  int item;  /* subsidy_item_t */
  int grade; /* grade_t */
  int scope; /* scope_t, or -1 when the venue is unknown or out of province */
  int64_t quantity; /* >= 1 */
  /* Add-on counts by code (e.g. "related_case": 2). */
  struct {
    const char *code;
    int64_t count;
  } addons[8];
  int naddons;
  /* Where in the band each grade pays in the jurisdiction (NULL: the default, max / mid /
   * min / zero). */
  const grade_pay *pay;
} subsidy_request;

typedef enum {
  SUBSIDY_OK = 0,
  SUBSIDY_NO_TABLE, /* no table of any of the jurisdictions has the item */
  SUBSIDY_NO_SCOPE, /* the item's band depends on the scope, and there is no band for it */
  SUBSIDY_BAD_QUANTITY,
  SUBSIDY_TOO_LARGE, /* the total (or a cell of the table) would pass SUBSIDY_MAX_FEN */
} subsidy_status;

typedef struct {
  const subsidy_table *table; /* the table used */
  int scope;                  /* the cell's scope (-1: any) */
  int unit;
  int64_t min_fen, max_fen;
  int64_t unit_amount_fen; /* by grade, under the rule */
  grade_pay_rule rule;     /* where in the band the grade paid */
  bool is_default;         /* the cell is a placeholder */
  int64_t amount_fen;      /* unit amount x quantity: 0, or within [min, max] x quantity */
  int64_t addons_fen;      /* capped add-ons */
  int64_t total_fen;       /* amount + add-ons */
  int64_t quantity;
} subsidy_quote;

/* Prices a request. tables are the candidate tables of the jurisdictions, in any order;
 * center_region decides which is most specific (county, else city, else province); the first
 * table in that order holding the item is used. */
subsidy_status subsidy_compute(const subsidy_table *const *tables, int ntables,
                               const char *center_region, const subsidy_request *req,
                               subsidy_quote *out);

/* The item a case stage or case is paid under: criminal stages map to their criminal_* items;
 * civil and state compensation to civil; administrative; labour arbitration to arbitration;
 * notarization; document drafting; plea-leniency help (认罪认罚法律帮助) to plea_help, once per
 * case. -1 when there is none. */
int subsidy_item_for(int case_type, int stage);
/* How many units a case's claim counts: a band per day (plea help where the table says so)
 * counts the days the lawyer helped (the distinct days its stages started on, at least one);
 * any other unit one. */
int64_t subsidy_case_quantity(int unit, int64_t days);
/* Whether a case type is paid per stage (criminal) rather than once per case. */
bool subsidy_per_stage(int case_type);
/* Whether a claim may go on: computed, then approved, then paid; where the jurisdiction
 * pays only once the case file is archived (pay_after_archive), a case's claim waits for it. */
typedef enum {
  CLAIM_MAY = 0,
  CLAIM_NOT_COMPUTED,        /* only a computed claim is approved */
  CLAIM_NOT_APPROVED,        /* only an approved claim is paid */
  CLAIM_HELD_UNTIL_ARCHIVED, /* the case's file is not archived yet */
} claim_refusal;
claim_refusal claim_may_advance(claim_status_t status, bool pay, bool pay_after_archive,
                                bool for_case, bool case_archived);

/* The item a duty day at a station is paid under: -1 for none. */
int subsidy_item_for_station(station_t station);

#endif
