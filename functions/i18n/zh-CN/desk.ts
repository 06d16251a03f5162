/** 事件台（接口层）的中文消息：权限、流转、导出。en/desk.ts 有同样的键。 */
export const desk = {
  'incidents.admin_cannot_report': '事件由终端或本商户的店员、店长提交；管理员账户没有所属商户。',
  'incidents.other_terminal': '终端只能为自己提交事件：请求体里的终端号与签名终端不一致。',
  'incidents.terminal_not_yours': '终端 {terminal_id} 不属于本商户。',
  'incidents.fee_effect.rate_unknown': '未提供商户费率，暂不能计算手续费影响；退回金额见上。',
  'incidents.facts.changed': '情况变化：{facts}；已重新给出处理建议。',
  'incidents.facts.finished': '该事件的状态是“{status}”，情况不能再更改。',
  'incidents.facts.settled_stays': '已记录这一批已结算；结算不能撤回。',
  'incidents.fee_effect.difference_unknown': '只退多收的差额；请按正确金额计算退款和手续费。',
  'incidents.occurred_in_future': '发生时间晚于当前时间，请检查终端时钟。',
  'incidents.not_found': '找不到该事件。',
  'incidents.changed_meanwhile': '事件状态刚被他人更改，请刷新后重试。',
  'incidents.key_required': '终端提交事件必须带 Idempotency-Key 请求头，重试时沿用同一个值。',
  'incidents.batch.too_many': '一次最多提交 100 条事件。',
  'incidents.bad_cursor': '分页游标无效，请从第一页重新开始。',
  'incidents.csv.header': '事件编号,状态,类型,商户号,终端号,发生时间(UTC),上报时间(UTC),金额(元),卡号,卡类型,结算方式,凭证号,批次号,参考号,处理建议,截止时间(UTC),是否逾期,持卡人,说明',
  'incidents.inspection.terminal_unknown': '终端 {terminal_id} 不属于本商户。',
} as const
