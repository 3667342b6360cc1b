/* The papers of a case file: the types accepted, the bytes checked against them, the file
 * names decoded from X-Filename and put back into Content-Disposition. */
#include <string.h>

#include "domain/attachment.h"
#include "suites.h"

START_TEST(content_types) {
  ck_assert_int_eq(attachment_type_of("application/pdf"), AT_PDF);
  ck_assert_int_eq(attachment_type_of("IMAGE/JPEG"), AT_JPEG);
  ck_assert_int_eq(attachment_type_of(" image/png; charset=binary"), AT_PNG);
  ck_assert_int_eq(attachment_type_of("image/pngx"), -1);
  ck_assert_int_eq(attachment_type_of("image/png x"), -1);
  ck_assert_int_eq(attachment_type_of("text/plain"), -1);
  ck_assert_int_eq(attachment_type_of(""), -1);
  ck_assert_int_eq(attachment_type_of(NULL), -1);
  ck_assert_str_eq(attachment_extension(AT_JPEG), "jpg");
}
END_TEST

START_TEST(bytes_are_what_they_claim) {
  const unsigned char pdf[] = "%PDF-1.7\n", jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0},
                      png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0};
  ck_assert(attachment_bytes_match(AT_PDF, pdf, sizeof pdf - 1));
  ck_assert(attachment_bytes_match(AT_JPEG, jpeg, sizeof jpeg));
  ck_assert(attachment_bytes_match(AT_PNG, png, sizeof png));
  ck_assert(!attachment_bytes_match(AT_PDF, png, sizeof png));
  ck_assert(!attachment_bytes_match(AT_PNG, jpeg, sizeof jpeg));
  ck_assert(!attachment_bytes_match(AT_JPEG, jpeg, 2)); /* too short */
  ck_assert(!attachment_bytes_match(AT_PNG, png, 7));
  ck_assert(!attachment_bytes_match(AT_PDF, NULL, 0));
}
END_TEST

START_TEST(names) {
  char out[4 * ATTACHMENT_NAME_MAX + 1];
  ck_assert_int_eq(attachment_name_decode("%E5%88%A4%E5%86%B3%E4%B9%A6.pdf", out, sizeof out), AN_OK);
  ck_assert_str_eq(out, "判决书.pdf");
  ck_assert_int_eq(attachment_name_decode("scan 01.jpg", out, sizeof out), AN_OK);
  ck_assert_str_eq(out, "scan 01.jpg");
  /* A path keeps its last part; blanks around go. */
  ck_assert_int_eq(attachment_name_decode("C%3A%5Cdocs%5C  a.pdf ", out, sizeof out), AN_OK);
  ck_assert_str_eq(out, "a.pdf");
  ck_assert_int_eq(attachment_name_decode("../../etc/passwd", out, sizeof out), AN_OK);
  ck_assert_str_eq(out, "passwd");
  ck_assert_int_eq(attachment_name_decode("a/", out, sizeof out), AN_EMPTY);
  ck_assert_int_eq(attachment_name_decode("%2F..", out, sizeof out), AN_EMPTY);
  ck_assert_int_eq(attachment_name_decode("", out, sizeof out), AN_EMPTY);
  ck_assert_int_eq(attachment_name_decode("   ", out, sizeof out), AN_EMPTY);
  ck_assert_int_eq(attachment_name_decode("a%2", out, sizeof out), AN_BAD_ESCAPE);
  ck_assert_int_eq(attachment_name_decode("a%g0", out, sizeof out), AN_BAD_ESCAPE);
  ck_assert_int_eq(attachment_name_decode("%FF.pdf", out, sizeof out), AN_NOT_UTF8);
  ck_assert_int_eq(attachment_name_decode("%C0%AF.pdf", out, sizeof out), AN_NOT_UTF8); /* overlong */
  ck_assert_int_eq(attachment_name_decode("%ED%A0%80.pdf", out, sizeof out), AN_NOT_UTF8); /* surrogate */
  ck_assert_int_eq(attachment_name_decode("a%00b", out, sizeof out), AN_CONTROL);
  ck_assert_int_eq(attachment_name_decode("a%0Db", out, sizeof out), AN_CONTROL);
  ck_assert_int_eq(attachment_name_decode("a%7Fb", out, sizeof out), AN_CONTROL);
  ck_assert_int_eq(attachment_name_decode("a%C2%85b", out, sizeof out), AN_CONTROL); /* NEL */
  /* 255 characters fit (here 255 Chinese ones: 765 bytes), 256 do not. */
  char in[256 * 9 + 1] = "";
  for (int i = 0; i < 255; i++) strcat(in, "%E6%A1%88");
  ck_assert_int_eq(attachment_name_decode(in, out, sizeof out), AN_OK);
  ck_assert_int_eq(strlen(out), 765);
  strcat(in, "%E6%A1%88");
  ck_assert_int_eq(attachment_name_decode(in, out, sizeof out), AN_TOO_LONG);
  char small[8];
  ck_assert_int_eq(attachment_name_decode("abcdefghij", small, sizeof small), AN_TOO_LONG);
}
END_TEST

START_TEST(disposition) {
  char out[256];
  ck_assert(attachment_disposition("判决书 (1).pdf", out, sizeof out));
  ck_assert_str_eq(out, "attachment; filename=\"_________ (1).pdf\"; "
                        "filename*=UTF-8''%E5%88%A4%E5%86%B3%E4%B9%A6%20%281%29.pdf");
  ck_assert(attachment_disposition("a\"b\\c.png", out, sizeof out));
  ck_assert_str_eq(out, "attachment; filename=\"a_b_c.png\"; filename*=UTF-8''a%22b%5Cc.png");
  char tiny[40];
  ck_assert(!attachment_disposition("a-rather-long-name.pdf", tiny, sizeof tiny));
}
END_TEST

Suite *attachment_suite(void) {
  Suite *s = suite_create("attachment");
  TCase *tc = tcase_create("attachment");
  tcase_add_test(tc, content_types);
  tcase_add_test(tc, bytes_are_what_they_claim);
  tcase_add_test(tc, names);
  tcase_add_test(tc, disposition);
  suite_add_tcase(s, tc);
  return s;
}
