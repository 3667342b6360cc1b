/* The password rule of API.md 1.1: at least 12 characters, not the username (in any case),
 * not a common or dictionary password. Pure: the list itself lives in the database
 * (common_passwords, db/reference/60_common_passwords.sql); this says which forms of a password
 * to look up there. */
#ifndef LA_DOMAIN_PASSWORD_H
#define LA_DOMAIN_PASSWORD_H
#include <stddef.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 256
#define PASSWORD_FORMS 4

typedef enum {
  PW_OK = 0,
  PW_TOO_SHORT,      /* fewer than 12 characters (code points) */
  PW_TOO_LONG,       /* more than 256 bytes, or not UTF-8 */
  PW_IS_USERNAME,    /* the username, in any case */
  PW_TOO_SIMPLE,     /* fewer than 5 different characters, or a run like 123456789012 */
  PW_COMMON,         /* one of its forms is on the list (decided by the caller) */
} password_verdict;

/* The checks that need no list. username may be NULL. */
password_verdict password_check(const char *password, const char *username);
/* The forms of a password to look up in the common list, lower-case ASCII letters: the whole
 * password; its core (leading and trailing digits and symbols taken off); the core with
 * look-alike digits read as letters (p4ssw0rd -> password); the unit of a repeated core
 * (passwordpassword -> password). Writes up to PASSWORD_FORMS distinct forms of 3 characters
 * or more; returns how many. */
int password_list_forms(const char *password, char out[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1]);
/* A short English reason for a verdict (the `fields` text of the 422). */
const char *password_reason(password_verdict v);

#endif
