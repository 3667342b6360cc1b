#include "subsidy.h"

#include <string.h>

#include "jurisdiction.h"

static const subsidy_cell *find_cell(const subsidy_table *t, int item, int scope, bool *scoped) {
  const subsidy_cell *any = NULL;
  *scoped = false;
  for (int i = 0; i < t->ncells; i++) {
    const subsidy_cell *c = &t->cells[i];
    if (c->item != item) continue;
    if (c->scope < 0)
      any = c;
    else {
      *scoped = true;
      if (c->scope == scope) return c;
    }
  }
  return any;
}

static bool has_item(const subsidy_table *t, int item) {
  for (int i = 0; i < t->ncells; i++)
    if (t->cells[i].item == item) return true;
  return false;
}

subsidy_status subsidy_compute(const subsidy_table *const *tables, int ntables,
                               const char *center_region, const subsidy_request *req,
                               subsidy_quote *out) {
  memset(out, 0, sizeof *out);
  if (req->quantity < 1 || req->quantity > 10000) return SUBSIDY_BAD_QUANTITY;
  const subsidy_table *best = NULL;
  int best_rank = 99;
  for (int i = 0; i < ntables; i++) {
    if (!has_item(tables[i], req->item)) continue;
    int rank = region_rank(center_region, tables[i]->jurisdiction);
    if (rank < 0) continue;
    if (rank < best_rank || (rank == best_rank && tables[i]->year > best->year)) {
      best = tables[i];
      best_rank = rank;
    }
  }
  if (!best) return SUBSIDY_NO_TABLE;
  bool scoped;
  const subsidy_cell *cell = find_cell(best, req->item, req->scope, &scoped);
  if (!cell) return SUBSIDY_NO_SCOPE;
  out->table = best;
  out->scope = cell->scope;
  out->unit = cell->unit;
  out->min_fen = cell->min_fen;
  out->max_fen = cell->max_fen;
  out->quantity = req->quantity;
  /* Checked arithmetic: a table that passed its bounds check elsewhere (or data from before
   * the bounds) must still never wrap a total. */
  if (cell->min_fen < 0 || cell->max_fen > SUBSIDY_MAX_FEN || cell->min_fen > cell->max_fen)
    return SUBSIDY_TOO_LARGE;
  out->is_default = cell->is_default;
  if (req->grade >= GRADE_EXCELLENT && req->grade <= GRADE_FAIL) {
    out->rule = (req->pay ? req->pay : &GRADE_PAY_DEFAULT)->by_grade[req->grade];
    out->unit_amount_fen = grade_pay_for(req->pay, cell->min_fen, cell->max_fen, req->grade);
  } else {
    out->rule = (grade_pay_rule){GP_ZERO, 0};
    out->unit_amount_fen = 0;
  }
  if (__builtin_mul_overflow(out->unit_amount_fen, req->quantity, &out->amount_fen) ||
      out->amount_fen > SUBSIDY_MAX_FEN)
    return SUBSIDY_TOO_LARGE;
  if (req->grade != GRADE_FAIL) {
    for (int i = 0; i < req->naddons; i++) {
      for (int k = 0; k < best->naddons; k++) {
        const subsidy_addon *a = &best->addons[k];
        if (strcmp(a->code, req->addons[i].code) != 0) continue;
        if (a->item >= 0 && a->item != req->item) continue;
        if (a->amount_fen < 0 || a->cap_fen < 0 || a->cap_fen > SUBSIDY_MAX_FEN)
          return SUBSIDY_TOO_LARGE;
        int64_t count = req->addons[i].count < 0 ? 0 : req->addons[i].count;
        int64_t v;
        if (__builtin_mul_overflow(count, a->amount_fen, &v) || v > a->cap_fen) v = a->cap_fen;
        if (__builtin_add_overflow(out->addons_fen, v, &out->addons_fen) ||
            out->addons_fen > SUBSIDY_MAX_FEN)
          return SUBSIDY_TOO_LARGE;
      }
    }
  }
  if (__builtin_add_overflow(out->amount_fen, out->addons_fen, &out->total_fen) ||
      out->total_fen > SUBSIDY_MAX_FEN)
    return SUBSIDY_TOO_LARGE;
  return SUBSIDY_OK;
}

int subsidy_item_for(int case_type, int stage) {
  switch (case_type) {
    case CT_CRIMINAL_DEFENSE:
    case CT_CRIMINAL_VICTIM:
      switch (stage) {
        case STAGE_INVESTIGATION:
          return ITEM_CRIMINAL_INVESTIGATION;
        case STAGE_PROSECUTION:
          return ITEM_CRIMINAL_PROSECUTION;
        case STAGE_TRIAL:
        case STAGE_SECOND_INSTANCE: /* a second trial */
        case STAGE_RETRIAL:
          return ITEM_CRIMINAL_TRIAL;
        case STAGE_DEATH_REVIEW:
          return ITEM_CRIMINAL_DEATH_REVIEW;
        default:
          return -1;
      }
    case CT_CIVIL:
    case CT_STATE_COMPENSATION:
      return ITEM_CIVIL;
    case CT_ADMINISTRATIVE:
      return ITEM_ADMINISTRATIVE;
    case CT_LABOR_ARBITRATION:
      return ITEM_ARBITRATION;
    case CT_NOTARIZATION:
      return ITEM_NOTARIZATION;
    case CT_DOCUMENT_DRAFTING:
      return ITEM_DOCUMENT_DRAFTING;
    case CT_PLEA_HELP:
      return ITEM_PLEA_HELP;
    default:
      return -1;
  }
}

int64_t subsidy_case_quantity(int unit, int64_t days) {
  if (unit != UNIT_DAY) return 1;
  return days < 1 ? 1 : days > 10000 ? 10000 : days;
}

bool subsidy_per_stage(int case_type) {
  return case_type == CT_CRIMINAL_DEFENSE || case_type == CT_CRIMINAL_VICTIM;
}

int subsidy_item_for_station(station_t station) {
  switch (station) {
    case STATION_COURT:
    case STATION_PROCURATORATE:
    case STATION_DETENTION_CENTRE:
      return ITEM_DUTY_LAWYER_DAY;
    case STATION_SERVICE_HALL:
      return ITEM_SERVICE_HALL_DAY;
    case STATION_HOTLINE_12348:
      return ITEM_HOTLINE_DAY;
    default:
      return -1;
  }
}

claim_refusal claim_may_advance(claim_status_t status, bool pay, bool pay_after_archive,
                                bool for_case, bool case_archived) {
  if (!pay) return status == CLAIM_COMPUTED ? CLAIM_MAY : CLAIM_NOT_COMPUTED;
  if (status != CLAIM_APPROVED) return CLAIM_NOT_APPROVED;
  if (pay_after_archive && for_case && !case_archived) return CLAIM_HELD_UNTIL_ARCHIVED;
  return CLAIM_MAY;
}
