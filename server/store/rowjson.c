/* A row's JSON object written from its columns (pg.h, db_row_json): the reply's shape is the
 * view's (api/views.c names and types the columns), the writing is here, generic.
 *
 * Why not json_build_object: for a page of 50 cases PostgreSQL spent 2.1 ms building their JSON
 * and 0.2 ms selecting the same columns as text (pgbench, tests/bench/RESULTS.md, "A case's
 * JSON written by the daemon"): json_build_object looks up each argument's type and output
 * function in the catalogue caches at every call. Here each column costs a copy and, for text,
 * an escape. The text is the one json_build_object writes, byte for byte: the same separators
 * (", " and " : "), the same escapes (escape_json), the same dates (XSD: "T" between the date
 * and the time, the offset always with its minutes): tests/store,
 * rows_as_json_as_postgresql_writes_them. */
#include <stdio.h>
#include <string.h>

#include "pg.h"

/* Type OIDs (PostgreSQL's pg_type.dat: fixed since 7.x). */
enum {
  OID_BOOL = 16,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_TEXT = 25,
  OID_JSON = 114,
  OID_BPCHAR = 1042,
  OID_VARCHAR = 1043,
  OID_DATE = 1082,
  OID_TIMESTAMPTZ = 1184,
  OID_JSONB = 3802,
};

#define JSON_COL "j:"
#define MAX_DEPTH 8

/* A JSON string of s (n bytes) as PostgreSQL's escape_json writes it: the quote, the backslash
 * and the control characters escaped (\b \f \n \r \t by name, the others as \u00XX), every other
 * byte as it is. */
void db_json_string(sql_text *out, const char *s, size_t n) {
  sql_addn(out, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    sql_addn(out, s + run, i - run);
    run = i + 1;
    char esc[8];
    switch (ch) {
      case '"': sql_addn(out, "\\\"", 2); break;
      case '\\': sql_addn(out, "\\\\", 2); break;
      case '\b': sql_addn(out, "\\b", 2); break;
      case '\f': sql_addn(out, "\\f", 2); break;
      case '\n': sql_addn(out, "\\n", 2); break;
      case '\r': sql_addn(out, "\\r", 2); break;
      case '\t': sql_addn(out, "\\t", 2); break;
      default:
        snprintf(esc, sizeof esc, "\\u%04x", ch);
        sql_addn(out, esc, 6);
    }
  }
  sql_addn(out, s + run, n - run);
  sql_addn(out, "\"", 1);
}

/* A timestamptz's text (DateStyle ISO, which every connection of the store sets:
 * "2024-03-05 08:30:00+08", "... 08:30:00.25+05:30", "... BC", "infinity") as JSON writes it
 * (XSD: "2024-03-05T08:30:00+08:00"): the first space becomes a T and an offset of whole hours
 * gains its ":00"; the rest (fraction, " BC", infinity) is the same in both. */
static void json_timestamptz(sql_text *out, const char *s, size_t n) {
  const char *sp = memchr(s, ' ', n);
  if (!sp || n > 64) {
    db_json_string(out, s, n);
    return;
  }
  char buf[72];
  memcpy(buf, s, n);
  size_t at = (size_t)(sp - s), len = n;
  buf[at] = 'T';
  /* The offset: the first sign after the time (HH:MM:SS is 8 bytes past the T). */
  for (size_t i = at + 9; i < len; i++) {
    if (buf[i] != '+' && buf[i] != '-') continue;
    size_t d = i + 1;
    while (d < len && buf[d] >= '0' && buf[d] <= '9') d++;
    if (d - i - 1 == 2 && (d == len || buf[d] != ':')) {
      memmove(buf + d + 3, buf + d, len - d);
      memcpy(buf + d, ":00", 3);
      len += 3;
    }
    break;
  }
  sql_addn(out, "\"", 1);
  sql_addn(out, buf, len);
  sql_addn(out, "\"", 1);
}

static bool json_value(sql_text *out, const PGresult *r, int row, int col) {
  if (PQgetisnull(r, row, col)) {
    sql_addn(out, "null", 4);
    return true;
  }
  const char *v = PQgetvalue(r, row, col);
  size_t n = (size_t)PQgetlength(r, row, col);
  switch (PQftype(r, col)) {
    case OID_BOOL:
      if (*v == 't')
        sql_addn(out, "true", 4);
      else
        sql_addn(out, "false", 5);
      return true;
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_JSON:
    case OID_JSONB:
      sql_addn(out, v, n);
      return true;
    case OID_TEXT:
    case OID_VARCHAR:
    case OID_BPCHAR:
    case OID_DATE: /* ISO: the text JSON writes */
      db_json_string(out, v, n);
      return true;
    case OID_TIMESTAMPTZ:
      json_timestamptz(out, v, n);
      return true;
    default:
      fprintf(stderr, "db: a JSON column %s of type %u, which db_row_json does not write\n",
              PQfname(r, col), PQftype(r, col));
      return false;
  }
}

/* Columns "j:<path>": path a key, or keys joined by dots for a key of an object; "j:<path>{", a
 * boolean, opens the object at path (its keys follow it), or writes null for it when false or
 * NULL (its keys are then skipped). Other columns (the keys lists filter by) are not written. */
bool db_row_json(const PGresult *r, int row, sql_text *out) {
  const char *open[MAX_DEPTH]; /* the open objects' paths (without the brace) */
  size_t open_len[MAX_DEPTH];
  bool first[MAX_DEPTH + 1];
  int depth = 0;
  const char *skip = NULL; /* the path of a null object, whose keys are skipped */
  size_t skip_len = 0;
  first[0] = true;
  sql_addn(out, "{", 1);
  int nf = PQnfields(r);
  for (int col = 0; col < nf; col++) {
    const char *name = PQfname(r, col);
    if (strncmp(name, JSON_COL, 2) != 0) continue;
    const char *path = name + 2;
    size_t len = strlen(path);
    bool opens = len > 0 && path[len - 1] == '{';
    if (opens) len--;
    if (skip && len > skip_len && path[skip_len] == '.' && memcmp(path, skip, skip_len) == 0)
      continue;
    skip = NULL;
    size_t parent = len;
    while (parent > 0 && path[parent - 1] != '.') parent--;
    size_t parent_len = parent ? parent - 1 : 0;
    while (depth > 0 && !(open_len[depth - 1] == parent_len &&
                          memcmp(open[depth - 1], path, parent_len) == 0)) {
      sql_addn(out, "}", 1);
      depth--;
    }
    if (parent_len && !depth) {
      fprintf(stderr, "db: the JSON column %s comes outside its object\n", name);
      return false;
    }
    if (!first[depth]) sql_addn(out, ", ", 2);
    first[depth] = false;
    sql_addn(out, "\"", 1);
    sql_addn(out, path + parent, len - parent);
    sql_addn(out, "\" : ", 4);
    if (!opens) {
      if (!json_value(out, r, row, col)) return false;
    } else if (PQgetisnull(r, row, col) || *PQgetvalue(r, row, col) != 't') {
      sql_addn(out, "null", 4);
      skip = path;
      skip_len = len;
    } else if (depth == MAX_DEPTH) {
      fprintf(stderr, "db: the JSON column %s nests too deep\n", name);
      return false;
    } else {
      sql_addn(out, "{", 1);
      open[depth] = path;
      open_len[depth] = len;
      first[++depth] = true;
    }
  }
  for (; depth >= 0; depth--) sql_addn(out, "}", 1);
  return !out->failed;
}

char *db_row_json_dup(const PGresult *r, int row) {
  sql_text t = {0};
  if (!db_row_json(r, row, &t)) {
    sql_free(&t);
    return NULL;
  }
  return t.s;
}
