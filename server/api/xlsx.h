/* Spreadsheets a supervisor opens in WPS or Excel, written with libxlsxwriter: Chinese text,
 * numbers as numbers with their display format (yuan with two decimals, 万元, percentages),
 * column widths that fit what was written (a CJK character counts as two), a frozen header.
 * libxlsxwriter 1.1.4 (Debian 12) writes only to a file: the book goes to a private temporary
 * file that is read back and removed. */
#ifndef LA_API_XLSX_H
#define LA_API_XLSX_H
#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

typedef struct xlsx_book xlsx_book;
typedef struct xlsx_sheet xlsx_sheet;

typedef enum {
  XS_TEXT,    /* plain text, bordered */
  XS_HEAD,    /* a heading: bold, shaded, centred */
  XS_TITLE,   /* the sheet's title: bold, large, centred */
  XS_NOTE,    /* wrapped text (long notes) */
  XS_INT,     /* 0 */
  XS_DEC2,    /* 0.00 */
  XS_YUAN,    /* #,##0.00 (yuan) */
  XS_WAN,     /* 0.0000 (万元, to the yuan) */
  XS_WAN2,    /* 0.00 (万元, as the reports write them) */
  XS_PERCENT, /* 0.00% (a fraction: 0.9996 shows 99.96%) */
  XS__COUNT
} xlsx_style;

/* NULL when the temporary file cannot be made. */
xlsx_book *xlsx_book_new(void);
/* A sheet of the book (name of at most 31 characters, no []:*?/\). */
xlsx_sheet *xlsx_sheet_add(xlsx_book *b, const char *name);
void xlsx_text(xlsx_sheet *s, int row, int col, const char *text, xlsx_style st);
void xlsx_number(xlsx_sheet *s, int row, int col, double v, xlsx_style st);
void xlsx_blank(xlsx_sheet *s, int row, int col, xlsx_style st);
/* A merged range with text; not counted in the column widths. */
void xlsx_merge(xlsx_sheet *s, int row, int col, int last_row, int last_col, const char *text,
                xlsx_style st);
/* Rows above `rows` stay in view while scrolling. */
void xlsx_freeze(xlsx_sheet *s, int rows);
/* A4 portrait, fitted to the page's width, for printing. */
void xlsx_a4(xlsx_sheet *s);
/* Sets the widths, writes the book and frees it; *out (malloc'd) holds the file. */
bool xlsx_book_close(xlsx_book *b, char **out, size_t *len);
/* Frees a book without writing it (error paths). */
void xlsx_book_discard(xlsx_book *b);

/* The content type of API.md 1.1 and a download name ("annual-2024.xlsx"): takes out. */
void xlsx_reply(http_reply *rep, char *out, size_t len, const char *filename);

#endif
