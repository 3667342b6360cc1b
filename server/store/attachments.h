/* The papers of a case file, stored in the database (bytea, with the case's audit trail).
 * Every query carries the caller's scope: its centres and, for a lawyer, its own cases. */
#ifndef LA_STORE_ATTACHMENTS_H
#define LA_STORE_ATTACHMENTS_H
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "domain/attachment.h"
#include "domain/principal.h"
#include "idem.h"

typedef struct {
  attachment_kind_t kind;
  attachment_type_t type;
  const char *filename; /* UTF-8, checked */
  const unsigned char *data;
  size_t size;
  char sha256[65]; /* lower-case hex */
} attachment_in;

typedef enum {
  ATTACH_DONE,
  ATTACH_REPLAYED,   /* the Idempotency-Key's first answer, nothing added */
  ATTACH_KEY_REUSED, /* the Idempotency-Key came with another file: nothing added */
  ATTACH_NO_CASE,    /* no such case, or not the caller's */
  ATTACH_ARCHIVED, /* the case file is archived: closed to new papers */
} attach_outcome;

/* Adds a paper to a case the principal may see, with an 'attachment' event in the case's
 * audit trail, in one transaction (with the Idempotency-Key claim when key->key is set: a
 * retry after a lost answer gets the first one). On ATTACH_DONE and ATTACH_REPLAYED *json
 * (caller frees) is the attachment:
 * {"id","case_id","kind","filename","content_type","size","sha256","uploaded_at",
 *  "uploaded_by","uploaded_by_name"}. */
db_status store_attachment_add(const principal *p, int64_t case_id, const attachment_in *in,
                               const idem_req *key, attach_outcome *out, char **json);

/* The papers of a visible case, in upload order: {"items":[...],"next_cursor":"<id>"|null};
 * after_id pages (0: from the first). DB_NOT_FOUND when the case is not visible. */
db_status store_attachments_list(const principal *p, int64_t case_id, int64_t after_id, int limit,
                                 char **json);

typedef struct {
  unsigned char *data; /* malloc'd, caller frees */
  size_t len;
  int type;            /* attachment_type_t */
  char filename[4 * ATTACHMENT_NAME_MAX + 1];
} attachment_file;

/* A visible paper's bytes; the read is recorded (attachment_reads) in the same statement.
 * DB_NOT_FOUND when it does not exist or is out of scope (the same answer). */
db_status store_attachment_read(const principal *p, int64_t id, attachment_file *out);

#endif
