#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_SHEETS 4
#define MAX_COLS 16

struct xlsx_sheet {
  lxw_worksheet *ws;
  lxw_format *const *fmt; /* the book's formats */
  double width[MAX_COLS]; /* the widest cell written per column, in character units */
};

struct xlsx_book {
  char path[128];
  lxw_workbook *wb;
  lxw_format *fmt[XS__COUNT];
  xlsx_sheet sheets[MAX_SHEETS];
  int nsheets;
};

static const char *tmp_dir(void) {
  const char *t = getenv("TMPDIR");
  return t && *t && strlen(t) < 80 ? t : "/tmp";
}

xlsx_book *xlsx_book_new(void) {
  xlsx_book *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  snprintf(b->path, sizeof b->path, "%s/legalaid-xlsx.XXXXXX", tmp_dir());
  int fd = mkstemp(b->path);
  if (fd < 0) {
    free(b);
    return NULL;
  }
  close(fd);
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmp_dir()};
  b->wb = workbook_new_opt(b->path, &opt);
  if (!b->wb) {
    unlink(b->path);
    free(b);
    return NULL;
  }
  static const char *const numfmt[XS__COUNT] = {
      [XS_INT] = "0",         [XS_DEC2] = "0.00",   [XS_YUAN] = "#,##0.00",
      [XS_WAN] = "0.0000",    [XS_WAN2] = "0.00",   [XS_PERCENT] = "0.00%",
  };
  for (int i = 0; i < XS__COUNT; i++) {
    lxw_format *f = workbook_add_format(b->wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (i != XS_TITLE) format_set_border(f, LXW_BORDER_THIN);
    if (numfmt[i]) format_set_num_format(f, numfmt[i]);
    if (i == XS_HEAD) {
      format_set_bold(f);
      format_set_bg_color(f, 0xDDEBF7);
      format_set_align(f, LXW_ALIGN_CENTER);
      format_set_text_wrap(f);
    }
    if (i == XS_TITLE) {
      format_set_bold(f);
      format_set_font_size(f, 16);
      format_set_align(f, LXW_ALIGN_CENTER);
    }
    if (i == XS_NOTE) format_set_text_wrap(f);
    b->fmt[i] = f;
  }
  return b;
}

xlsx_sheet *xlsx_sheet_add(xlsx_book *b, const char *name) {
  if (b->nsheets >= MAX_SHEETS) return NULL;
  xlsx_sheet *s = &b->sheets[b->nsheets];
  s->ws = workbook_add_worksheet(b->wb, name);
  if (!s->ws) return NULL;
  s->fmt = b->fmt;
  b->nsheets++;
  return s;
}

/* Display width: a CJK (or other wide) character counts two, ASCII one. */
static double text_width(const char *t) {
  double w = 0;
  for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
    if (*p < 0x80)
      w += 1;
    else if ((*p & 0xC0) != 0x80)
      w += 2; /* the lead byte of a multi-byte character */
  }
  return w;
}

static void widen(xlsx_sheet *s, int col, double w) {
  if (col >= 0 && col < MAX_COLS && w > s->width[col]) s->width[col] = w;
}

void xlsx_text(xlsx_sheet *s, int row, int col, const char *text, xlsx_style st) {
  if (!s || !text) return;
  worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, text, s->fmt[st]);
  if (st != XS_NOTE && st != XS_TITLE) widen(s, col, text_width(text));
}

void xlsx_number(xlsx_sheet *s, int row, int col, double v, xlsx_style st) {
  if (!s) return;
  worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, v, s->fmt[st]);
  char shown[48];
  switch (st) {
    case XS_INT:
      snprintf(shown, sizeof shown, "%.0f", v);
      break;
    case XS_PERCENT:
      snprintf(shown, sizeof shown, "%.2f%%", v * 100);
      break;
    case XS_WAN:
      snprintf(shown, sizeof shown, "%.4f", v);
      break;
    case XS_YUAN:
      /* with thousands separators */
      snprintf(shown, sizeof shown, "%.2f", v);
      widen(s, col, text_width(shown) + text_width(shown) / 4);
      return;
    default:
      snprintf(shown, sizeof shown, "%.2f", v);
  }
  widen(s, col, text_width(shown));
}

void xlsx_blank(xlsx_sheet *s, int row, int col, xlsx_style st) {
  if (s) worksheet_write_blank(s->ws, (lxw_row_t)row, (lxw_col_t)col, s->fmt[st]);
}

void xlsx_merge(xlsx_sheet *s, int row, int col, int last_row, int last_col, const char *text,
                xlsx_style st) {
  if (!s) return;
  worksheet_merge_range(s->ws, (lxw_row_t)row, (lxw_col_t)col, (lxw_row_t)last_row,
                        (lxw_col_t)last_col, text ? text : "", s->fmt[st]);
}

void xlsx_freeze(xlsx_sheet *s, int rows) {
  if (s) worksheet_freeze_panes(s->ws, (lxw_row_t)rows, 0);
}

void xlsx_a4(xlsx_sheet *s) {
  if (!s) return;
  worksheet_set_paper(s->ws, 9);
  worksheet_fit_to_pages(s->ws, 1, 0);
}

void xlsx_book_discard(xlsx_book *b) {
  if (!b) return;
  /* workbook_close writes the file; there is no way to drop a book unwritten. */
  workbook_close(b->wb);
  unlink(b->path);
  free(b);
}

bool xlsx_book_close(xlsx_book *b, char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  for (int i = 0; i < b->nsheets; i++)
    for (int c = 0; c < MAX_COLS; c++)
      if (b->sheets[i].width[c] > 0) {
        double w = b->sheets[i].width[c] + 2;
        worksheet_set_column(b->sheets[i].ws, (lxw_col_t)c, (lxw_col_t)c, w > 60 ? 60 : w, NULL);
      }
  lxw_error e = workbook_close(b->wb);
  bool ok = e == LXW_NO_ERROR;
  if (ok) {
    FILE *f = fopen(b->path, "rb");
    ok = f != NULL;
    if (ok) {
      char *buf = NULL;
      size_t cap = 0, n = 0;
      for (;;) {
        if (n == cap) {
          size_t ncap = cap ? cap * 2 : 65536;
          char *nb = realloc(buf, ncap);
          if (!nb) {
            ok = false;
            break;
          }
          buf = nb;
          cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
      }
      if (ferror(f)) ok = false;
      fclose(f);
      if (ok) {
        *out = buf;
        *len = n;
      } else {
        free(buf);
      }
    }
  }
  unlink(b->path);
  free(b);
  return ok;
}

void xlsx_reply(http_reply *rep, char *out, size_t len, const char *filename) {
  char disposition[160];
  snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
  http_reply_body(rep, 200, out, len,
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  http_reply_header(rep, "Content-Disposition", disposition);
}
