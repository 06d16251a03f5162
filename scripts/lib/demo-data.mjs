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
