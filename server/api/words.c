#include "words.h"

const char *const api_error_words[ERR__COUNT] = {
    [ERR_NONE] = "成功",
    [ERR_BAD_JSON] = "请求体不是合法的 JSON",
    [ERR_BAD_REQUEST] = "请求格式有误",
    [ERR_UNAUTHORIZED] = "请先登录",
    [ERR_FORBIDDEN] = "无权进行此操作",
    [ERR_NOT_FOUND] = "未找到",
    [ERR_METHOD_NOT_ALLOWED] = "不支持该请求方法",
    [ERR_CONFLICT] = "当前状态不允许此操作，或数据已被他人修改",
    [ERR_PAYLOAD_TOO_LARGE] = "请求体过大",
    [ERR_UNSUPPORTED_MEDIA_TYPE] = "请求体须为 application/json",
    [ERR_VALIDATION] = "填写的内容有误",
    [ERR_TOO_MANY_REQUESTS] = "尝试过于频繁，请稍后再试",
    [ERR_PASSWORD_CHANGE_REQUIRED] = "密码已由管理员重置，请先修改密码",
    [ERR_INTERNAL] = "服务器内部错误",
    [ERR_UNAVAILABLE] = "服务暂不可用（数据库无法连接），请稍后再试",
    [ERR_BUSY] = "服务器繁忙，请稍后再试",
    [ERR_AMBIGUOUS_LENGTH] = "请求长度不明确（Content-Length 重复或与 Transfer-Encoding 并用）",
};

static const char *const refusal_words[REFUSE__COUNT] = {
    [REFUSE_ROLE] = "当前角色无权进行此操作",
    [REFUSE_NOT_ASSIGNED_LAWYER] = "只有承办本案的律师可以进行此操作",
    [REFUSE_STATUS] = "案件当前状态不允许此操作",
    [REFUSE_MATERIALS_ONCE] = "补充材料只能一次性告知，本案已通知过",
    [REFUSE_ALREADY_GRADED] = "本案已评定质量等级",
    [REFUSE_SATISFACTION_RECORDED] = "本案已记录满意度回访",
    [REFUSE_OBJECTION_FILED] = "本案已提出过异议",
    [REFUSE_NO_OBJECTION] = "没有待处理的异议",
    [REFUSE_ARCHIVED] = "本案卷宗已归档",
    [REFUSE_REPLACEMENT_PENDING] = "已有待处理的更换律师申请",
    [REFUSE_NO_MATERIALS_ASKED] = "未曾通知补充材料，不能视为撤回申请",
    [REFUSE_NO_PAPERS_OWED] = "本案没有待补交的材料",
    [REFUSE_NOT_A_NOTICE] = "本案不是办案机关通知辩护（代理）的案件，无须函告",
    [REFUSE_ORGAN_NOTIFIED] = "已告知办案机关承办律师",
    [REFUSE_SAME_CENTER] = "案件已在该法律援助中心",
    [REFUSE_UNKNOWN_CENTER] = "没有这个法律援助中心",
    [REFUSE_SAME_LAWYER] = "该律师已是本案承办律师",
    [REFUSE_UNKNOWN_LAWYER] = "没有这位律师",
    [REFUSE_OTHER_CENTER] = "该律师不属于本法律援助中心",
    [REFUSE_LAWYER_INACTIVE] = "该律师已停用，不能指派",
    [REFUSE_NOT_A_LAWYER] = "刑事辩护和代理须指派律师承办",
    [REFUSE_NOT_QUALIFIED] =
        "可能判处无期徒刑、死刑或死刑复核案件，须指派具有三年以上相关执业经历的律师（第二十六条）",
    [REFUSE_CONFLICT_OF_INTEREST] = "利益冲突：对方当事人是或曾是该律师的委托人",
    [REFUSE_STAGE_NOT_FOR_TYPE] = "该阶段不适用于本案类型",
    [REFUSE_STAGE_BEFORE_APPLICATION] = "阶段开始日期早于申请日期",
    [REFUSE_CLOSED_BEFORE_APPLICATION] = "结案日期早于申请日期",
    [REFUSE_MATTER_NOT_FOR_TYPE] = "本案类型不需要填写事项",
    [REFUSE_GROUNDS_NOT_FOR_TYPE] = "仅刑事辩护案件适用",
    [REFUSE_GROUPS_CONTRADICT_ID] = "与身份证信息不符",
};

const char *api_refusal_words(case_refusal r) {
  return r > REFUSE_NONE && r < REFUSE__COUNT ? refusal_words[r] : NULL;
}

/* The same sentences as the refusals of an assignment. */
static const case_refusal assign_as_refusal[ASSIGN__COUNT] = {
    [ASSIGN_OTHER_CENTER] = REFUSE_OTHER_CENTER,
    [ASSIGN_INACTIVE] = REFUSE_LAWYER_INACTIVE,
    [ASSIGN_NOT_A_LAWYER] = REFUSE_NOT_A_LAWYER,
    [ASSIGN_NOT_QUALIFIED] = REFUSE_NOT_QUALIFIED,
    [ASSIGN_CONFLICT_OF_INTEREST] = REFUSE_CONFLICT_OF_INTEREST,
};

const char *api_assign_words(assign_refusal r) {
  return r > ASSIGN_OK && r < ASSIGN__COUNT ? refusal_words[assign_as_refusal[r]] : NULL;
}

static const char *const suggest_words[SUGGEST__COUNT] = {
    [SUGGEST_SPECIALTY] = "擅长该案件类型",
    [SUGGEST_TEN_YEARS] = "执业十年以上",
    [SUGGEST_THREE_YEARS] = "执业三年以上",
    [SUGGEST_ART26_QUALIFIED] = "符合第二十六条资历要求",
    [SUGGEST_NO_OPEN_CASES] = "目前没有在办案件",
    [SUGGEST_MANY_OPEN_CASES] = "在办案件较多",
    [SUGGEST_FEW_OPEN_CASES] = "在办案件较少",
    [SUGGEST_SAME_COUNTY] = "执业地与办案地同县区",
    [SUGGEST_SAME_CITY] = "执业地与办案地同市",
};

const char *api_suggest_words(suggest_reason r) {
  return r >= 0 && r < SUGGEST__COUNT ? suggest_words[r] : NULL;
}

void api_reply_refusal(http_reply *rep, case_refusal r) {
  const case_refusal_info *i = case_refusal_of(r);
  if (!i) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  http_err err = i->kind == LC_FORBIDDEN  ? ERR_FORBIDDEN
                 : i->kind == LC_CONFLICT ? ERR_CONFLICT
                                          : ERR_VALIDATION;
  http_reply_refusal(rep, err, api_refusal_words(r), i->key,
                     i->field ? json_pack("{s:s}", i->field, i->why) : NULL);
}
