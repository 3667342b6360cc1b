/* The people on a case: identity documents, unknown suspects, agents and several recipients
 * (domain/people.h, domain/intake.h). */
#include <check.h>
#include <string.h>

#include "domain/groups.h"
#include "domain/intake.h"
#include "domain/people.h"
#include "suites.h"

#define NOW 1717200000 /* 2024-06-01 08:00 +08:00 */

static day_t D(const char *s) {
  day_t d = 0;
  ck_assert_msg(date_parse(s, strlen(s), &d), "%s", s);
  return d;
}

static void base(intake *in, int channel) {
  memset(in, 0, sizeof *in);
  in->channel = channel;
  in->matter = in->stage = -1;
  in->case_type = channel >= CHANNEL_NOTICE_POLICE ? CT_CRIMINAL_DEFENSE : -1;
  if (channel >= CHANNEL_NOTICE_POLICE) {
    in->stage = STAGE_INVESTIGATION;
    in->notice_organ_name = "某公安局";
    in->notice_no = "通字1号";
  }
  in->applicant.id_type = -1;
  in->agent.relation = in->agent.id_type = -1;
  in->received_at = NOW;
  in->received_at_set = true;
}

START_TEST(documents) {
  ck_assert_ptr_null(people_document_reason(IDT_HK_MACAO_PERMIT, "H12345678", 9));
  ck_assert_ptr_null(people_document_reason(IDT_HK_MACAO_PERMIT, "M1234567890", 11));
  ck_assert_ptr_nonnull(people_document_reason(IDT_HK_MACAO_PERMIT, "X12345678", 9));
  ck_assert_ptr_null(people_document_reason(IDT_TAIWAN_PERMIT, "12345678", 8));
  ck_assert_ptr_null(people_document_reason(IDT_TAIWAN_PERMIT, "1234567890B", 11));
  ck_assert_ptr_nonnull(people_document_reason(IDT_TAIWAN_PERMIT, "1234567", 7));
  ck_assert_ptr_null(people_document_reason(IDT_PASSPORT, "E12345678", 9));
  ck_assert_ptr_nonnull(people_document_reason(IDT_PASSPORT, "e1234", 5));
  ck_assert_ptr_null(people_document_reason(IDT_FOREIGN_PERMANENT_RESIDENT, "USA110085061510", 15));
  /* The 2023 card: 9, 16 digits, GB 11643's check character. */
  char card[19] = "93114419850101123";
  card[17] = idcard_check_char(card);
  ck_assert_ptr_null(people_document_reason(IDT_FOREIGN_PERMANENT_RESIDENT, card, 18));
  card[17] = card[17] == '0' ? '1' : '0';
  ck_assert_str_eq(people_document_reason(IDT_FOREIGN_PERMANENT_RESIDENT, card, 18),
                   "check character mismatch");
}
END_TEST

/* A suspect the police could not identify: only on a notice, and nothing else is required. */
START_TEST(unknown_identity_only_on_notice) {
  intake in;
  field_errors fe = {0};
  base(&in, CHANNEL_NOTICE_POLICE);
  in.applicant.id_type = IDT_UNKNOWN;
  ck_assert_msg(intake_check(&in, NOW, &fe), "%s: %s", fe.n ? fe.e[0].field : "",
                fe.n ? fe.e[0].reason : "");
  ck_assert(!in.birth_known);
  ck_assert_uint_eq(in.groups, 0);
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.id_type = IDT_UNKNOWN;
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "applicant.id_type"));
  /* Known on a notice without a type: a resident ID is required, as before. */
  base(&in, CHANNEL_NOTICE_COURT);
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "applicant.id_number"));
  ck_assert(fe_has(&fe, "applicant.name"));
}
END_TEST

/* Another document: birth date and sex are given, and the groups follow from them. */
START_TEST(passport_holder_gives_birth_and_sex) {
  intake in;
  field_errors fe = {0};
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.name = "Anna Schmidt";
  in.applicant.id_type = IDT_PASSPORT;
  in.applicant.id_number = "C01X00T47";
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "applicant.birth_date"));
  ck_assert(fe_has(&fe, "applicant.sex"));
  in.applicant.birth_date_set = true;
  in.applicant.birth_date = D("2008-02-29");
  in.applicant.sex = 'F';
  memset(&fe, 0, sizeof fe);
  ck_assert(intake_check(&in, NOW, &fe));
  ck_assert_uint_eq(in.groups, GROUP_MINOR | GROUP_WOMAN);
  /* With a resident ID they may be given too, but must agree with it. */
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.name = "甲";
  in.applicant.id_number = "11010120070101002X";
  in.applicant.sex = 'M';
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "applicant.sex"));
}
END_TEST

/* A guardian applies for a 16-year-old (Art. 24, 40). */
START_TEST(agent_checked) {
  intake in;
  field_errors fe = {0};
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.name = "小明";
  in.applicant.id_number = "110101200801010019";
  in.agent.present = true;
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "agent.name"));
  ck_assert(fe_has(&fe, "agent.relation"));
  in.agent.name = "明爸爸";
  in.agent.relation = AGENT_GUARDIAN;
  in.agent.id_number = "110101197001010017"; /* check character wrong */
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "agent.id_number"));
  in.agent.id_number = "110101197001010016";
  memset(&fe, 0, sizeof fe);
  ck_assert_msg(intake_check(&in, NOW, &fe), "%s: %s", fe.n ? fe.e[0].field : "",
                fe.n ? fe.e[0].reason : "");
  ck_assert(in.groups & GROUP_MINOR);
}
END_TEST

/* A group wage claim: each recipient checked, groups of each, the same person twice refused. */
START_TEST(several_recipients) {
  intake in;
  field_errors fe = {0};
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.name = "代表";
  in.applicant.id_number = "110101197001010016";
  recipient_in r[3];
  memset(r, 0, sizeof r);
  r[0] = (recipient_in){"工人甲", "110101197001010016", -1, false, 0, 0, GROUP_MIGRANT_WORKER, false, 0};
  r[1] = (recipient_in){"工人乙", "11010120070101002X", -1, false, 0, 0, GROUP_MIGRANT_WORKER, false, 0};
  r[2] = (recipient_in){"Worker", "E12345678", IDT_PASSPORT, true, 0, 'M', 0, false, 0};
  r[2].birth_date = D("1960-05-01");
  in.recipients = r;
  in.nrecipients = 3;
  ck_assert_msg(intake_check(&in, NOW, &fe), "%s: %s", fe.n ? fe.e[0].field : "",
                fe.n ? fe.e[0].reason : "");
  ck_assert_uint_eq(r[0].groups, GROUP_MIGRANT_WORKER);
  ck_assert_uint_eq(r[1].groups, GROUP_MIGRANT_WORKER | GROUP_MINOR | GROUP_WOMAN);
  ck_assert_uint_eq(r[2].groups, GROUP_ELDERLY);
  r[2].id_number = "11010120070101002X";
  r[2].id_type = -1;
  r[2].birth_date_set = false;
  r[2].sex = 0;
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "recipients[2].id_number"));
  r[2].id_number = "123";
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "recipients[2].id_number"));
}
END_TEST

/* Art. 39: forwarded from custody; the hours it took are kept, the order checked. */
START_TEST(forwarded_from_custody) {
  intake in;
  field_errors fe = {0};
  base(&in, CHANNEL_WINDOW);
  in.case_type = CT_PLEA_HELP;
  in.applicant.name = "在押";
  in.applicant.id_number = "110101197001010016";
  in.forwarded = true;
  in.forwarded_by = FWD_DETENTION_CENTRE;
  in.custody_received_set = true;
  in.custody_received_at = NOW - 30 * 3600;
  ck_assert(intake_check(&in, NOW, &fe));
  ck_assert_int_eq(in.forwarding_hours, 30);
  in.custody_received_at = NOW + 3600;
  memset(&fe, 0, sizeof fe);
  ck_assert(!intake_check(&in, NOW, &fe));
  ck_assert(fe_has(&fe, "forwarded.received_at"));
}
END_TEST

Suite *people_suite(void) {
  Suite *s = suite_create("people");
  TCase *tc = tcase_create("people");
  tcase_add_test(tc, documents);
  tcase_add_test(tc, unknown_identity_only_on_notice);
  tcase_add_test(tc, passport_holder_gives_birth_and_sex);
  tcase_add_test(tc, agent_checked);
  tcase_add_test(tc, several_recipients);
  tcase_add_test(tc, forwarded_from_custody);
  suite_add_tcase(s, tc);
  return s;
}
