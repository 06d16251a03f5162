// The demo world `npm start` seeds through the admin API (so seeding exercises the real routes).
export const demo = {
  agents: [
    { agent_id: 'AG-EAST', name: '华东支付服务（一级代理）' },
    { agent_id: 'AG-HZ', name: '杭州西湖收单服务（二级代理）', parent_agent_id: 'AG-EAST' },
  ],
  merchants: [{ merchant_no: '898330158120001', name: '西湖便利店', agent_id: 'AG-HZ' }],
  terminals: [
    { terminal_id: 'XH000001', merchant_no: '898330158120001', model: 'Newland N910 (传统 POS)', serial_no: 'N910-22A7-0419' },
    { terminal_id: 'XH000002', merchant_no: '898330158120001', model: 'Lakala 电签 P3', serial_no: 'LKL-P3-6613-0087' },
  ],
  people: [
    { role: 'manager', staff_no: '900', name: '陈店长', merchant_no: '898330158120001' },
    { role: 'staff', staff_no: '001', name: '王芳', merchant_no: '898330158120001' },
    { role: 'staff', staff_no: '002', name: '李强', merchant_no: '898330158120001' },
    { role: 'agent', staff_no: '01', name: '周代理', agent_id: 'AG-HZ' },
    { role: 'admin', staff_no: 'A01', name: '运营管理员' },
  ],
}

// A few incidents reported by terminal XH000001, so the console is not empty. Fixed dates and keys:
// re-seeding replays them instead of creating new ones.
export const demoIncidents = [
  { key: 'demo-incident-0001', body: { kind: 'wrong_card', occurred_at: '2026-11-20T10:12:00+08:00', amount: 12800, card: { bin: '622202', last4: '4321' }, card_type: 'debit', settlement: 'T1', batch_settled: true, terminal_id: 'XH000001', trace_no: '000318', batch_no: '000112', reference_no: '112233445566', operator: '01', cardholder: { name: '张伟', phone: '13800138000' }, description: '顾客递来两张卡，收银员刷了另一张。', merchant_rate: '0.6%' } },
  { key: 'demo-incident-0002', body: { kind: 'declined_but_debited', occurred_at: '2026-11-21T19:40:00+08:00', amount: 5600, card: { last4: '8812' }, card_type: 'credit', settlement: 'T1', terminal_id: 'XH000001', trace_no: '000402', batch_no: '000113', description: '终端提示交易超时，没有打印签购单，顾客收到扣款短信。' } },
  { key: 'demo-incident-0003', body: { kind: 'wrong_amount', amount_direction: 'too_high', occurred_at: '2026-11-22T09:05:00+08:00', amount: 100000, card: { bin: '436742', last4: '0917' }, card_type: 'credit', settlement: 'D0', terminal_id: 'XH000001', trace_no: '000455', batch_no: '000114', description: '应收 100.00 元，输成了 1,000.00 元。' } },
]

