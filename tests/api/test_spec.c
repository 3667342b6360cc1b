/* api-spec/openapi.yaml and the route table describe the same routes: a route served but not
 * described, or described but not served, fails. And every code the other layers hand the
 * api has its words. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/words.h"

#ifndef OPENAPI_PATH
#error "OPENAPI_PATH must name api-spec/openapi.yaml"
#endif

#define MAX_OPS 256

typedef struct {
  char method[8];
  char path[160];
} op;

static op spec_ops[MAX_OPS];
static int nspec;

/* Reads "paths:" of the spec: a path at two spaces of indent, its methods at four. */
static void load_spec(void) {
  FILE *f = fopen(OPENAPI_PATH, "r");
  ck_assert_msg(f != NULL, "cannot open %s", OPENAPI_PATH);
  char line[1024], path[160] = "";
  int in_paths = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "paths:", 6) == 0) {
      in_paths = 1;
      continue;
    }
    if (!in_paths) continue;
    if (line[0] != ' ' && line[0] != '\n' && line[0] != '#') break; /* the next top-level key */
    if (strncmp(line, "  /", 3) == 0) {
      char *colon = strrchr(line, ':');
      ck_assert_ptr_nonnull(colon);
      snprintf(path, sizeof path, "%.*s", (int)(colon - line - 2), line + 2);
      continue;
    }
    static const char *methods[] = {"get", "post", "put", "delete", "patch"};
    for (int i = 0; i < 5; i++) {
      char want[32];
      snprintf(want, sizeof want, "    %s:", methods[i]);
      if (strncmp(line, want, strlen(want)) == 0 && path[0]) {
        ck_assert_int_lt(nspec, MAX_OPS);
        for (int k = 0; methods[i][k]; k++)
          spec_ops[nspec].method[k] = (char)(methods[i][k] - 'a' + 'A');
        snprintf(spec_ops[nspec].path, sizeof spec_ops[nspec].path, "%s", path);
        nspec++;
      }
    }
  }
  fclose(f);
}

static const char *strip_base(const char *pattern) {
  return strncmp(pattern, "/api/v1", 7) == 0 ? pattern + 7 : pattern;
}

START_TEST(every_route_is_described) {
  load_spec();
  ck_assert_int_gt(nspec, 0);
  for (size_t i = 0; i < api_nroutes; i++) {
    int found = 0;
    for (int k = 0; k < nspec; k++)
      if (strcmp(spec_ops[k].method, api_routes[i].method) == 0 &&
          strcmp(spec_ops[k].path, strip_base(api_routes[i].pattern)) == 0)
        found = 1;
    ck_assert_msg(found, "served but not in openapi.yaml: %s %s", api_routes[i].method,
                  api_routes[i].pattern);
  }
}
END_TEST

START_TEST(every_description_is_served) {
  load_spec();
  for (int k = 0; k < nspec; k++) {
    int found = 0;
    for (size_t i = 0; i < api_nroutes; i++)
      if (strcmp(spec_ops[k].method, api_routes[i].method) == 0 &&
          strcmp(spec_ops[k].path, strip_base(api_routes[i].pattern)) == 0)
        found = 1;
    ck_assert_msg(found, "in openapi.yaml but not served: %s %s", spec_ops[k].method,
                  spec_ops[k].path);
  }
}
END_TEST

START_TEST(no_route_twice) {
  for (size_t i = 0; i < api_nroutes; i++)
    for (size_t j = i + 1; j < api_nroutes; j++)
      ck_assert_msg(!(strcmp(api_routes[i].method, api_routes[j].method) == 0 &&
                      strcmp(api_routes[i].pattern, api_routes[j].pattern) == 0),
                    "twice: %s %s", api_routes[i].method, api_routes[i].pattern);
}
END_TEST

/* A refusal, an error, a lawyer's refusal or merit added without its words is caught here,
 * not by a user reading a null message. */
START_TEST(every_code_has_words) {
  for (int e = ERR_NONE + 1; e < ERR__COUNT; e++)
    ck_assert_msg(api_error_words[e] && *api_error_words[e], "http_err %d has no words", e);
  for (int r = REFUSE_NONE + 1; r < REFUSE__COUNT; r++)
    ck_assert_msg(api_refusal_words((case_refusal)r), "refusal %s has no words",
                  case_refusal_of((case_refusal)r)->key);
  for (int r = ASSIGN_OK + 1; r < ASSIGN__COUNT; r++)
    ck_assert_msg(api_assign_words((assign_refusal)r), "assignment refusal %d has no words", r);
  for (int r = 0; r < SUGGEST__COUNT; r++)
    ck_assert_msg(api_suggest_words((suggest_reason)r), "suggestion reason %d has no words", r);
}
END_TEST

int main(void) {
  Suite *s = suite_create("api_spec");
  TCase *tc = tcase_create("spec");
  tcase_add_test(tc, every_route_is_described);
  tcase_add_test(tc, every_description_is_served);
  tcase_add_test(tc, no_route_twice);
  tcase_add_test(tc, every_code_has_words);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
