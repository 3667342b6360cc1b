/* The papers of a case file (卷宗): their kinds, the file types accepted, and the checks on a
 * file's bytes and name. Pure: no I/O. */
#ifndef LA_DOMAIN_ATTACHMENT_H
#define LA_DOMAIN_ATTACHMENT_H
#include <stdbool.h>
#include <stddef.h>

#include "enums.h"

#define ATTACHMENT_MAX_BYTES ((size_t)20 * 1024 * 1024) /* 20 MiB */
#define ATTACHMENT_NAME_MAX 255                         /* characters */

/* The kinds (ENUM_ATTACHMENT_KIND) and types (ENUM_ATTACHMENT_TYPE) are in enums.h. */

/* The type a Content-Type header names (its parameters ignored, letter case too), or -1. */
int attachment_type_of(const char *content_type);
/* Whether the bytes begin as a file of that type does (PDF "%PDF-", JPEG FF D8 FF, PNG's
 * eight-byte signature). */
bool attachment_bytes_match(attachment_type_t t, const unsigned char *b, size_t len);
/* The usual file name extension of a type, without the dot ("pdf", "jpg", "png"). */
const char *attachment_extension(attachment_type_t t);

typedef enum {
  AN_OK,
  AN_EMPTY,      /* nothing left of it */
  AN_BAD_ESCAPE, /* a % not followed by two hex digits */
  AN_NOT_UTF8,
  AN_CONTROL,    /* a control character */
  AN_TOO_LONG,   /* over ATTACHMENT_NAME_MAX characters */
} attachment_name_result;

/* Decodes a percent-encoded UTF-8 file name (X-Filename) into out (outlen bytes, at least
 * 4 * ATTACHMENT_NAME_MAX + 1). A path is cut to its last part ("C:\a\b.pdf" → "b.pdf");
 * leading and trailing blanks go. */
attachment_name_result attachment_name_decode(const char *in, char *out, size_t outlen);

/* A Content-Disposition value that names the file: an ASCII fallback (other bytes, quotes
 * and backslashes as "_") and RFC 5987's filename* with the UTF-8 name percent-encoded.
 * out needs 3 * strlen(name) + 64 bytes; false when it does not fit. */
bool attachment_disposition(const char *name, char *out, size_t outlen);

#endif
