// The documents a case can print, and which of them its state allows: shared by the case page
// (its list of forms) and the print page (which refuses, saying why, a form the case does not
// have). Twelve forms of SF/T 0024-2017 and the Legal Aid Law; the decisions and letters are
// 公文 laid out after GB/T 9704-2012, the others are forms (表).

const CRIMINAL = ['criminal_defense', 'criminal_victim', 'plea_help'];
const decided = (c, d) => c.decision && c.decision.decision === d;

// key → [name, 公文?, why it cannot print (null: it can)]
export const FORMS = {
  application: ['法律援助申请表', false, () => null],
  materials: ['补充材料通知书', true, (c) => (c.materials_request ? null : '本案没有通知补充材料。')],
  grant: ['给予法律援助决定书', true, (c) => (c.decision && c.decision.decision !== 'reject' ? null
    : c.status === 'rejected' ? '本案已决定不予法律援助，没有给予法律援助决定书。' : '本案尚未作出给予法律援助的决定。')],
  refuse: ['不予法律援助决定书', true, (c) => (decided(c, 'reject') ? null
    : c.decision ? '本案已决定给予法律援助，没有不予法律援助决定书。' : '本案尚未作出决定。')],
  assignment: ['指派通知书', true, (c) => (c.lawyer_id ? null : '本案尚未指派律师。')],
  organ_letter: ['法律援助公函（告知办案机关）', true, (c) => (!CRIMINAL.includes(c.case_type) ? '告知办案机关的公函用于刑事案件（第三十六条），本案不是刑事案件。'
    : c.lawyer_id ? null : '本案尚未指派律师，指派后才能告知办案机关。')],
  agreement: ['法律援助委托协议', false, (c) => (c.lawyer_id ? null : '本案尚未指派律师，指派后由受援人与承办律师签订。')],
  termination: ['终止法律援助决定书', true, (c) => (c.termination ? null : '本案没有终止法律援助。')],
  closing_review: ['结案审查表', false, (c) => (c.closure ? null : '本案尚未结案。')],
  quality: ['案件质量评估表', false, (c) => (c.closure || c.termination ? null : '案件结案或终止后才评估办案质量。')],
  service: ['送达回证', false, (c) => (c.decision || c.termination ? null : '本案还没有需要送达的决定书。')],
  follow_up: ['回访记录表', false, (c) => (c.closure || c.termination ? null : '案件结案或终止后才回访受援人。')],
};

export const formName = (key) => (FORMS[key] ? FORMS[key][0] : null);
// Why a case cannot print a form: null when it can; a sentence when it cannot.
export function whyNot(c, key) {
  if (!FORMS[key]) return `没有“${key}”这种文书。`;
  return FORMS[key][2](c);
}
// The forms a case can print now, in the order of the case's life.
export const formsFor = (c) => Object.keys(FORMS).filter((k) => whyNot(c, k) === null);
