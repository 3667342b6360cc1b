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
    [ERR_INTERNAL] = "服务器内部错误",
    [ERR_UNAVAILABLE] = "服务暂不可用（数据库无法连接），请稍后再试",
    [ERR_BUSY] = "服务器繁忙，请稍后再试",
};
