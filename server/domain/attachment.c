#include "attachment.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int attachment_type_of(const char *ct) {
  if (!ct) return -1;
  while (*ct == ' ' || *ct == '\t') ct++;
  size_t n = strcspn(ct, "; \t");
  for (int i = 0; ENUM_ATTACHMENT_TYPE.values[i]; i++)
    if (strlen(ENUM_ATTACHMENT_TYPE.values[i]) == n && strncasecmp(ct, ENUM_ATTACHMENT_TYPE.values[i], n) == 0) {
      const char *rest = ct + n;
      while (*rest == ' ' || *rest == '\t') rest++;
      return *rest == '\0' || *rest == ';' ? i : -1;
    }
  return -1;
}

bool attachment_bytes_match(attachment_type_t t, const unsigned char *b, size_t len) {
  static const unsigned char pdf[] = {'%', 'P', 'D', 'F', '-'};
  static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF};
  static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  const unsigned char *sig = t == AT_PDF ? pdf : t == AT_JPEG ? jpeg : png;
  size_t n = t == AT_PDF ? sizeof pdf : t == AT_JPEG ? sizeof jpeg : sizeof png;
  return b && len >= n && memcmp(b, sig, n) == 0;
}

const char *attachment_extension(attachment_type_t t) {
  return t == AT_PDF ? "pdf" : t == AT_JPEG ? "jpg" : "png";
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Code points of valid UTF-8, or -1. */
static long utf8_chars(const unsigned char *u, size_t len) {
  long n = 0;
  for (size_t i = 0; i < len; n++) {
    unsigned char c = u[i];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2 : (c & 0xF0) == 0xE0 ? 3
                            : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0 || i + k > len) return -1;
    for (size_t j = 1; j < k; j++)
      if ((u[i + j] & 0xC0) != 0x80) return -1;
    /* Overlong three-byte forms and UTF-16 surrogates are not UTF-8. */
    if (k == 3 && ((c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] >= 0xA0))) return -1;
    if (k == 4 && ((c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] >= 0x90))) return -1;
    i += k;
  }
  return n;
}

attachment_name_result attachment_name_decode(const char *in, char *out, size_t outlen) {
  if (!in || outlen < 2) return AN_EMPTY;
  size_t o = 0;
  for (const char *p = in; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '%') {
      int h = p[1] ? hexval(p[1]) : -1, l = h >= 0 && p[2] ? hexval(p[2]) : -1;
      if (h < 0 || l < 0) return AN_BAD_ESCAPE;
      c = (unsigned char)(h * 16 + l);
      p += 2;
    }
    if (c == 0 || c < 0x20 || c == 0x7F) return AN_CONTROL;
    if (o + 1 >= outlen) return AN_TOO_LONG;
    if (c == '/' || c == '\\') { /* a path: keep what follows its last separator */
      o = 0;
      continue;
    }
    out[o++] = (char)c;
  }
  out[o] = '\0';
  /* Blanks around the name go. */
  size_t start = 0;
  while (out[start] == ' ') start++;
  while (o > start && out[o - 1] == ' ') out[--o] = '\0';
  if (start) memmove(out, out + start, o - start + 1), o -= start;
  if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) return AN_EMPTY;
  long chars = utf8_chars((const unsigned char *)out, o);
  if (chars < 0) return AN_NOT_UTF8;
  /* C1 controls (U+0080..U+009F) are controls too. */
  for (size_t i = 0; i + 1 < o; i++)
    if ((unsigned char)out[i] == 0xC2 && (unsigned char)out[i + 1] < 0xA0) return AN_CONTROL;
  if (chars > ATTACHMENT_NAME_MAX) return AN_TOO_LONG;
  return AN_OK;
}

bool attachment_disposition(const char *name, char *out, size_t outlen) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0;
  const char *head = "attachment; filename=\"";
  size_t hl = strlen(head);
  if (hl + 1 > outlen) return false;
  memcpy(out, head, hl);
  o = hl;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (o + 2 > outlen) return false;
    out[o++] = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\' ? (char)*p : '_';
  }
  const char *mid = "\"; filename*=UTF-8''";
  size_t ml = strlen(mid);
  if (o + ml + 1 > outlen) return false;
  memcpy(out + o, mid, ml);
  o += ml;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    /* RFC 5987 attr-char: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ */
    if (isalnum(*p) || strchr("!#$&+-.^_`|~", *p)) {
      if (o + 2 > outlen) return false;
      out[o++] = (char)*p;
    } else {
      if (o + 4 > outlen) return false;
      out[o++] = '%';
      out[o++] = hex[*p >> 4];
      out[o++] = hex[*p & 15];
    }
  }
  out[o] = '\0';
  return true;
}
