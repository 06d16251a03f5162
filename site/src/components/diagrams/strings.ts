// Words for the course diagrams, one table per language. Pages pass `lang`; a page may override any entry through
// the component's `labels` prop. Each multi-line entry is an array: SVG text does not wrap by itself.

export type DiagramLang = 'zh-CN' | 'en'

export interface TimelineStrings {
	title: string
	desc: string
	time: string
	sale: string
	reversalHeading: string
	reversal: string[]
	voidHeading: string
	void: string[]
	settlement: string
	refundHeading: string
	refund: string[]
}

export interface LifecycleStrings {
	title: string
	desc: string
	oneOf: string
	reported: string
	contacting: string
	voided: string
	refunded: string
	reversed: string
	escalated: string
	resolved: string
	resolvedNote: string
	closed: string
}

export const timelineStrings: Record<DiagramLang, TimelineStrings> = {
	'zh-CN': {
		title: '撤销、退货与冲正的时间线',
		desc:
			'一笔刷卡消费之后：在同一天（北京时间）、同一批次、还没结算时，可以在原终端撤销，全额、不收手续费，D0/秒到交易不能撤销；' +
			'结算之后只能退货，退回原卡、不退现金，可部分、累计不超过原金额，原手续费一般不退。' +
			'另一条路是冲正：终端没有收到应答时自动发起，主机把原交易回滚，不收费。',
		time: '时间',
		sale: '刷卡消费成功',
		reversalHeading: '冲正（自动）',
		reversal: ['终端没有收到应答或超时', '→ 主机回滚原交易，不收费'],
		voidHeading: '撤销窗口',
		void: ['当日（北京时间）· 同一批次 · 结算前', '全额 · 原终端 · 主管密码 · 原凭证号', '不收手续费；D0/秒到 不能撤销'],
		settlement: '结算（批次关闭）',
		refundHeading: '之后只能退货',
		refund: ['退回原卡，绝不退现金', '可部分、可多次，累计 ≤ 原金额', '原手续费一般不退（看套餐）'],
	},
	en: {
		title: 'Void, refund and reversal on a timeline',
		desc:
			'After a card sale: on the same business day (Beijing time), in the same batch and before settlement, the sale can be voided on the original terminal, ' +
			'for the full amount and with no fee; D0 / instant-settlement sales cannot be voided. After settlement only a refund is possible: ' +
			'to the same card, never in cash, partial allowed, never more than the original in total, and the original fee is usually kept. ' +
			'Reversal is a separate, automatic path: when the terminal gets no answer, the host rolls the sale back at no fee.',
		time: 'time',
		sale: 'Card sale approved',
		reversalHeading: 'Reversal (automatic)',
		reversal: ['Terminal got no answer or timed out', '→ host rolls the sale back, no fee'],
		voidHeading: 'Void window',
		void: [
			'Same business day (Beijing time),',
			'same batch, before settlement',
			'Full amount · original terminal',
			'supervisor password · voucher no.',
			'No fee · not with D0 / instant',
		],
		settlement: 'Settlement (batch closed)',
		refundHeading: 'Afterwards: refund only',
		refund: ['To the same card, never cash', 'Partial or repeated, total ≤ original', 'Fee usually not returned (plan)'],
	},
}

export const lifecycleStrings: Record<DiagramLang, LifecycleStrings> = {
	'zh-CN': {
		title: '异常交易处理流程',
		desc:
			'一起刷卡异常从“已报告”开始，接着联系持卡人；然后按情况走四条路之一：撤销、退货、冲正，或上报收单机构/银行并跟进截止时间；' +
			'处理完记为“已解决”，写明退款、手续费和补偿金额；核对无误后“关闭”。',
		oneOf: '按情况走其中一条',
		reported: '已报告',
		contacting: '联系持卡人',
		voided: '已撤销',
		refunded: '已退货',
		reversed: '已冲正',
		escalated: '已上报收单/银行',
		resolved: '已解决',
		resolvedNote: '记下退款、手续费、补偿',
		closed: '已关闭',
	},
	en: {
		title: 'How an incident moves to closed',
		desc:
			'An incident starts as reported, then the cardholder is contacted. It then takes one of four paths: voided, refunded, reversed, ' +
			'or escalated to the acquirer or bank with a due date. When handled it is resolved, with the refund, fee and compensation amounts recorded, and then closed.',
		oneOf: 'one of these, as the case needs',
		reported: 'Reported',
		contacting: 'Contacting cardholder',
		voided: 'Voided',
		refunded: 'Refunded',
		reversed: 'Reversed',
		escalated: 'Escalated',
		resolved: 'Resolved',
		resolvedNote: 'refund, fee, compensation noted',
		closed: 'Closed',
	},
}
