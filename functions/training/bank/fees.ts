/**
 * 费率与分润 / Fees and profit share.
 * Every amount answer is integer fen, worked out by hand with integer arithmetic (see the comment
 * on each item) and checked again by test/training/bank.test.ts.
 */
import { amountPrompt, choice, text, trueFalse } from './build'
import type { QuestionBank } from './types'

export const fees: QuestionBank = [
  {
    id: 'fe-three-parts',
    module: 'fees',
    topic: 'fee-parts',
    type: 'multiple',
    prompt: text('商户支付的刷卡手续费由哪几部分组成？（多选）', 'Which parts make up the card fee a merchant pays? (Choose all that apply.)'),
    choices: [
      choice('a', '发卡行服务费', 'The issuer fee'),
      choice('b', '代理商激活费', 'An agent activation fee'),
      choice('c', '网络服务费', 'The network fee'),
      choice('d', '收单服务费', 'The acquirer fee'),
      choice('e', '印花税', 'Stamp duty'),
    ],
    answer: ['a', 'c', 'd'],
    explanation: text(
      '自 2016 年 9 月起，刷卡手续费分为发卡行服务费、网络服务费和收单服务费三部分，商户看到的是合在一起的一个费率。',
      'Since September 2016 a card fee has three parts — issuer fee, network fee and acquirer fee — which the merchant sees as one combined rate.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-debit-cap',
    module: 'fees',
    topic: 'caps',
    type: 'amount',
    prompt: amountPrompt(
      '一笔 5,000 元的借记卡消费，发卡行服务费按 0.35% 收取、每笔封顶 13 元。这笔的发卡行服务费是多少元？',
      'A 5,000-yuan debit card sale. The issuer fee is 0.35%, capped at 13 yuan per transaction. What is the issuer fee on this sale?',
    ),
    // 500000 fen × 35 / 10000 = 1750 fen > cap 1300 fen → 1300
    answer: 1300,
    explanation: text(
      '5,000 × 0.35% = 17.50 元，超过 13 元封顶，所以按 13.00 元收取。借记卡交易额超过约 3,714.29 元，封顶就开始起作用。',
      '5,000 × 0.35% = 17.50 yuan, above the 13-yuan cap, so the fee is 13.00 yuan. For debit cards the cap starts to bite above about 3,714.29 yuan.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-cap-threshold',
    module: 'fees',
    topic: 'caps',
    type: 'single',
    prompt: text(
      '借记卡发卡行服务费为 0.35%、每笔封顶 13 元。交易额大约超过多少元时，封顶开始起作用？',
      'The debit issuer fee is 0.35%, capped at 13 yuan per sale. Above roughly what amount does the cap start to apply?',
    ),
    choices: [
      choice('a', '1,300 元', '1,300 yuan'),
      choice('b', '3,714.29 元', '3,714.29 yuan'),
      choice('c', '10,000 元', '10,000 yuan'),
      choice('d', '13,000 元', '13,000 yuan'),
    ],
    answer: 'b',
    explanation: text(
      '13 ÷ 0.35% ≈ 3,714.29 元，超过这个金额，发卡行服务费就固定为 13 元。网络服务费的 3.25 元封顶则从 10,000 元开始起作用。',
      '13 ÷ 0.35% ≈ 3,714.29 yuan; above that the issuer fee stays at 13 yuan. The network fee\'s 3.25-yuan cap starts to apply at 10,000 yuan.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-credit-no-cap',
    module: 'fees',
    topic: 'caps',
    type: 'true_false',
    prompt: text(
      '按指导价，信用卡的发卡行服务费为 0.45%，不设每笔封顶。',
      'Under the guide prices, the credit card issuer fee is 0.45% with no per-transaction cap.',
    ),
    choices: trueFalse(),
    answer: 'true',
    explanation: text(
      '13 元封顶只适用于借记卡的 0.35%。信用卡按 0.45% 计算，交易额越大，发卡行服务费越高。',
      'The 13-yuan cap applies only to the 0.35% debit fee. The credit card fee is a flat 0.45%, so it keeps growing with the amount.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-network-fee',
    module: 'fees',
    topic: 'fee-parts',
    type: 'amount',
    prompt: amountPrompt(
      '网络服务费向收单方按 0.0325% 收取、每笔封顶 3.25 元。一笔 2,000 元的刷卡，收单方这一侧的网络服务费是多少元？',
      'The network fee on the acquiring side is 0.0325%, capped at 3.25 yuan per transaction. What is it on a 2,000-yuan card sale?',
    ),
    // 200000 fen × 325 / 1000000 = 65 fen (cap 325 fen not reached)
    answer: 65,
    explanation: text(
      '2,000 × 0.0325% = 0.65 元，没有达到 3.25 元的封顶。交易额到 10,000 元时封顶才开始起作用。',
      '2,000 × 0.0325% = 0.65 yuan, below the 3.25-yuan cap, which only starts to apply at 10,000 yuan.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-acquirer-share',
    module: 'fees',
    topic: 'fee-parts',
    type: 'amount',
    prompt: amountPrompt(
      '一笔 10,000 元的信用卡消费，商户费率 0.6%。发卡行服务费按 0.45%、网络服务费按 0.0325%（封顶 3.25 元）收取，剩下的归收单机构。收单机构得到多少元？',
      'A 10,000-yuan credit card sale at a merchant rate of 0.6%. The issuer takes 0.45% and the network 0.0325% (capped at 3.25 yuan); the acquirer keeps the rest. How much does the acquirer get?',
    ),
    // 1000000 fen: merchant 6000, issuer 4500, network 325 (= cap) → 6000 − 4500 − 325 = 1175
    answer: 1175,
    explanation: text(
      '商户付 10,000 × 0.6% = 60.00 元；发卡行 45.00 元，网络 3.25 元（正好达到封顶）；收单机构得到 60.00 − 45.00 − 3.25 = 11.75 元。',
      'The merchant pays 10,000 × 0.6% = 60.00 yuan; the issuer takes 45.00 and the network 3.25 (exactly the cap); the acquirer gets 60.00 − 45.00 − 3.25 = 11.75 yuan.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-fee-waived',
    module: 'fees',
    topic: 'fee-parts',
    type: 'single',
    prompt: text(
      '按 2016 年的刷卡手续费改革，哪类商户免收发卡行服务费和网络服务费？',
      'Under the 2016 card fee reform, which merchants pay no issuer fee and no network fee?',
    ),
    choices: [
      choice('a', '所有小微商户', 'All small and micro businesses'),
      choice('b', '超市和加油站', 'Supermarkets and petrol stations'),
      choice('c', '年交易额低于 100 万元的商户', 'Merchants with under 1 million yuan a year in card sales'),
      choice('d', '非营利性的医疗、教育、社会福利、养老和慈善机构', 'Non-profit hospitals, schools, and welfare, elderly-care and charity bodies'),
    ],
    answer: 'd',
    explanation: text(
      '非营利性的医院、学校、社会福利、养老和慈善机构免收这两项费用；超市、大型仓储、水电煤缴费、加油和交通票务等享受优惠，但并非全免。',
      'Non-profit hospitals, schools, welfare, elderly-care and charity bodies pay neither fee; supermarkets, warehouse stores, utility bills, fuel and transport tickets get a discount, not a waiver.',
    ),
    source: '发改价格〔2016〕557号',
  },
  {
    id: 'fe-round-small',
    module: 'fees',
    topic: 'rounding',
    type: 'amount',
    prompt: amountPrompt(
      '一笔 10 元的刷卡，商户费率 0.55%，手续费按每笔四舍五入到分。这笔手续费是多少元？',
      'A 10-yuan card sale at a merchant rate of 0.55%; fees are rounded half-up to the fen per transaction. What is the fee?',
    ),
    // 1000 fen × 55 / 10000 = 5.5 fen → half-up → 6
    answer: 6,
    explanation: text(
      '10 × 0.55% = 0.055 元，四舍五入到分得 0.06 元。每笔手续费算完后只舍入一次。',
      '10 × 0.55% = 0.055 yuan, which rounds half-up to 0.06 yuan. Each fee is rounded once, after it is computed.',
    ),
  },
  {
    id: 'fe-round-230',
    module: 'fees',
    topic: 'rounding',
    type: 'amount',
    prompt: amountPrompt(
      '一笔 230 元的刷卡，商户费率 0.55%，按每笔四舍五入到分。手续费是多少元？',
      'A 230-yuan card sale at 0.55%, rounded half-up to the fen per transaction. What is the fee?',
    ),
    // 23000 fen × 55 / 10000 = 126.5 fen → half-up → 127
    answer: 127,
    explanation: text(
      '230 × 0.55% = 1.265 元，分位之后是 5，向上进位得 1.27 元。直接用浮点数计算可能得出 1.26，所以系统用整数运算。',
      '230 × 0.55% = 1.265 yuan; the digit after the fen is 5, so it rounds up to 1.27. Floating-point arithmetic can give 1.26, which is why the system works in integers.',
    ),
  },
  {
    id: 'fe-round-qr',
    module: 'fees',
    topic: 'rounding',
    type: 'amount',
    prompt: amountPrompt(
      '一笔 10 元的扫码支付，费率 0.38%，按每笔四舍五入到分。手续费是多少元？',
      'A 10-yuan QR code payment at 0.38%, rounded half-up to the fen per transaction. What is the fee?',
    ),
    // 1000 fen × 38 / 10000 = 3.8 fen → 4
    answer: 4,
    explanation: text('10 × 0.38% = 0.038 元，四舍五入到分得 0.04 元。', '10 × 0.38% = 0.038 yuan, which rounds to 0.04 yuan.'),
  },
  {
    id: 'fe-round-per-sale',
    module: 'fees',
    topic: 'rounding',
    type: 'amount',
    prompt: amountPrompt(
      '同一天有两笔 10 元的刷卡，商户费率 0.55%，手续费按每笔四舍五入到分。两笔手续费合计多少元？',
      'Two 10-yuan card sales on the same day at 0.55%, each fee rounded half-up to the fen per transaction. What is the total fee for both?',
    ),
    // each: 1000 × 55 / 10000 = 5.5 → 6 fen; total 6 + 6 = 12 (not round(11) on the sum)
    answer: 12,
    explanation: text(
      '每笔 0.055 元，各自四舍五入为 0.06 元，合计 0.12 元。如果先把两笔加起来再算（20 × 0.55% = 0.11 元），结果就不同，所以账单要写明按笔舍入。',
      'Each fee is 0.055 yuan, rounded to 0.06, so 0.12 in total. Computing on the sum instead (20 × 0.55% = 0.11) gives a different answer, which is why the statement must say fees are rounded per transaction.',
    ),
  },
  {
    id: 'fe-why-differs',
    module: 'fees',
    topic: 'rounding',
    type: 'single',
    prompt: text(
      '商户费率是 0.55%。商户发现一笔 10 元的交易扣了 0.06 元手续费，而不是 0.055 元，怀疑被多收了。怎么解释？',
      'A merchant on 0.55% sees a fee of 0.06 yuan on a 10-yuan sale instead of 0.055 and suspects an overcharge. What is the explanation?',
    ),
    choices: [
      choice('a', '手续费按每笔四舍五入到分，0.055 元入为 0.06 元', 'Fees are rounded half-up to the fen per sale, so 0.055 becomes 0.06'),
      choice('b', '系统出错，应当申请退回', 'A system error; ask for it back'),
      choice('c', '小额交易另收 0.005 元服务费', 'Small sales carry an extra 0.005-yuan service charge'),
      choice('d', '0.55% 只是宣传费率，实际费率更高', '0.55% is only the advertised rate; the real one is higher'),
    ],
    answer: 'a',
    explanation: text(
      '钱最小到分，每笔手续费都要四舍五入到分。小额交易里舍入看起来比例较大，但每笔最多相差半分钱。',
      'Money stops at the fen, so every fee is rounded half-up to the fen. On small sales the rounding looks large as a percentage, but it is never more than half a fen per sale.',
    ),
  },
  {
    id: 'fe-t1-d0',
    module: 'fees',
    topic: 'settlement',
    type: 'single',
    prompt: text('关于 T+1 和 D0 结算，哪种说法正确？', 'Which statement about T+1 and D0 settlement is correct?'),
    choices: [
      choice('a', 'D0 和 T+1 的手续费完全一样，只是到账快', 'D0 costs exactly the same as T+1; the money just arrives sooner'),
      choice('b', 'D0 当天到账，通常由收单机构垫资，要额外收费', 'D0 pays out the same day, usually with money the acquirer advances, for an extra charge'),
      choice('c', 'T+1 是交易后的下一个自然日到账，周末也照常', 'T+1 pays on the next calendar day, weekends included'),
      choice('d', 'D0 的交易当天仍然可以撤销', 'D0 sales can still be voided on the same day'),
    ],
    answer: 'b',
    explanation: text(
      'T+1 在下一个工作日到账；D0 当天到账，相当于收单机构提前垫付，一般另收每笔固定费用或额外费率。开通 D0 后交易不能撤销，只能退货。',
      'T+1 pays on the next working day; D0 pays the same day with money the acquirer advances, usually for an extra per-sale fee or rate. On D0, sales cannot be voided, only refunded.',
    ),
  },
  {
    id: 'fe-d0-fee',
    module: 'fees',
    topic: 'settlement',
    type: 'amount',
    prompt: amountPrompt(
      '商户费率 0.6%，开通 D0 后每笔另收 2 元。一笔 1,000 元的交易走 D0 到账，手续费一共多少元？',
      'The merchant rate is 0.6%, and D0 adds 2 yuan per transaction. What is the total fee on a 1,000-yuan sale paid out on D0?',
    ),
    // 100000 fen × 60 / 10000 = 600 fen, + 200 fen D0 charge = 800
    answer: 800,
    explanation: text(
      '1,000 × 0.6% = 6.00 元，加上 D0 每笔 2.00 元，共 8.00 元。D0 的额外收费各家不同，以签约的费率方案为准。',
      '1,000 × 0.6% = 6.00 yuan, plus 2.00 yuan for D0, makes 8.00 yuan. D0 pricing varies by provider; the signed rate plan decides.',
    ),
  },
  {
    id: 'fe-void-fee',
    module: 'fees',
    topic: 'void-refund-fee',
    type: 'single',
    prompt: text('一笔交易当天被撤销了。这笔交易的手续费怎么算？', 'A sale is voided on the same day. What happens to its fee?'),
    choices: [
      choice('a', '照收原交易的手续费', 'The original fee is charged as usual'),
      choice('b', '收一半', 'Half the fee is charged'),
      choice('c', '另收一笔撤销服务费', 'A separate void charge is added'),
      choice('d', '不收手续费，交易视同没有发生', 'No fee: the sale is treated as if it never happened'),
    ],
    answer: 'd',
    explanation: text(
      '撤销在结算前取消交易，不产生手续费，冲正也一样。退货则不同，原交易的手续费退不退要看费率方案。',
      'A void cancels the sale before settlement, so no fee arises; the same goes for a reversal. A refund is different: whether the original fee comes back depends on the rate plan.',
    ),
  },
  {
    id: 'fe-refund-fee',
    module: 'fees',
    topic: 'void-refund-fee',
    type: 'true_false',
    prompt: text('做了退货之后，原交易的手续费一定会退还给商户。', 'After a refund, the fee on the original sale is always returned to the merchant.'),
    choices: trueFalse(),
    answer: 'false',
    explanation: text(
      '退货时原手续费退不退，取决于收单机构的费率方案，常见做法是不退。所以能撤销的交易应尽量撤销。',
      "Whether the original fee comes back on a refund depends on the acquirer's rate plan, and commonly it does not. That is why a sale that can still be voided should be voided.",
    ),
  },
  {
    id: 'fe-spread',
    module: 'fees',
    topic: 'profit-share',
    type: 'amount',
    prompt: amountPrompt(
      '商户费率 0.60%，代理商的成本费率 0.52%。商户刷卡 10,000 元，代理商的分润是多少元？',
      "The merchant rate is 0.60% and the agent's cost rate is 0.52%. On 10,000 yuan of card sales, what is the agent's profit share?",
    ),
    // 1000000 fen × (60 − 52) / 10000 = 800
    answer: 800,
    explanation: text(
      '分润 = 交易额 ×（商户费率 − 成本费率）= 10,000 × 0.08% = 8.00 元。这就是常说的“万八”：每一万元赚 8 元。',
      "Profit share = volume × (merchant rate − cost rate) = 10,000 × 0.08% = 8.00 yuan. That is what \"万八\" means: 8 yuan per 10,000.",
    ),
  },
  {
    id: 'fe-wan-ba',
    module: 'fees',
    topic: 'profit-share',
    type: 'single',
    prompt: text(
      '有文章称，费率差 0.08%，商户刷卡一万元，代理商就能赚 8 万元。正确的数字是多少？',
      'An article claims that with a 0.08% spread, an agent earns 80,000 yuan when a merchant takes 10,000 yuan in card sales. What is the right figure?',
    ),
    choices: [
      choice('a', '8 万元', '80,000 yuan'),
      choice('b', '800 元', '800 yuan'),
      choice('c', '80 元', '80 yuan'),
      choice('d', '8 元', '8 yuan'),
    ],
    answer: 'd',
    explanation: text(
      '10,000 × 0.08% = 8 元。“万八”的意思是每一万元交易赚 8 元，不是 8 万元。',
      '10,000 × 0.08% = 8 yuan. "万八" means 8 yuan earned per 10,000 yuan of sales, not 80,000.',
    ),
  },
  {
    id: 'fe-multi-level-top',
    module: 'fees',
    topic: 'multi-level',
    type: 'amount',
    prompt: amountPrompt(
      '级差分润：顶级代理成本 0.50%，下级代理成本 0.52%，商户费率 0.60%。商户刷卡 10,000 元，顶级代理的分润是多少元？',
      "Multi-level spread (级差): the top agent's cost is 0.50%, the sub-agent's 0.52%, and the merchant rate 0.60%. On 10,000 yuan of sales, what does the top agent earn?",
    ),
    // 1000000 fen × (52 − 50) / 10000 = 200 (sub-agent: × (60 − 52) = 800; together 1000)
    answer: 200,
    explanation: text(
      '上级赚“下级成本 − 自己成本”：10,000 ×（0.52% − 0.50%）= 2.00 元；下级赚 10,000 ×（0.60% − 0.52%）= 8.00 元，两级合计 10.00 元。',
      "An upper agent earns the sub-agent's cost minus its own: 10,000 × (0.52% − 0.50%) = 2.00 yuan; the sub-agent earns 10,000 × (0.60% − 0.52%) = 8.00 yuan; 10.00 yuan in all.",
    ),
  },
  {
    id: 'fe-multi-level-sub',
    module: 'fees',
    topic: 'multi-level',
    type: 'amount',
    prompt: amountPrompt(
      '级差分润：顶级代理成本 0.50%，下级代理成本 0.53%，商户费率 0.60%。商户刷卡 50,000 元，下级代理的分润是多少元？',
      "Multi-level spread (级差): the top agent's cost is 0.50%, the sub-agent's 0.53%, and the merchant rate 0.60%. On 50,000 yuan of sales, what does the sub-agent earn?",
    ),
    // 5000000 fen × (60 − 53) / 10000 = 3500 (top agent: × (53 − 50) = 1500)
    answer: 3500,
    explanation: text(
      '最下一级代理赚“商户费率 − 自己的成本”：50,000 ×（0.60% − 0.53%）= 35.00 元；顶级代理赚 50,000 ×（0.53% − 0.50%）= 15.00 元。',
      "The lowest agent earns the merchant rate minus its own cost: 50,000 × (0.60% − 0.53%) = 35.00 yuan; the top agent earns 50,000 × (0.53% − 0.50%) = 15.00 yuan.",
    ),
  },
  {
    id: 'fe-multi-level-rule',
    module: 'fees',
    topic: 'multi-level',
    type: 'true_false',
    prompt: text(
      '在级差分润中，越往下一级，代理的成本费率只能持平或更高。',
      "In a multi-level spread (级差), each agent's cost rate must be the same as or higher than the cost rate of the agent above it.",
    ),
    choices: trueFalse(),
    answer: 'true',
    explanation: text(
      '每一级赚的是下一级成本与自己成本之间的差，所以成本只能越往下越高或持平，否则上级的分润就成了负数。',
      "Each level earns the gap between the next level's cost and its own, so costs can only stay level or rise going down; otherwise the upper agent's share would be negative.",
    ),
  },
  {
    id: 'fe-inactive-terminal',
    module: 'fees',
    topic: 'profit-share',
    type: 'single',
    prompt: text(
      '代理商发出一台终端，商户领取后 90 天里几乎没有刷卡。通常会怎样？',
      'An agent hands out a terminal, and the merchant barely uses it in the first 90 days. What usually happens?',
    ),
    choices: [
      choice('a', '代理商照样按月拿分润', 'The agent still receives a monthly profit share'),
      choice('b', '收单机构按终端数量给代理商发固定收入', 'The acquirer pays the agent a fixed amount per terminal'),
      choice('c', '没有交易就没有分润，已发的激活奖励还可能被扣回', 'No sales means no profit share, and any activation reward may be clawed back'),
      choice('d', '商户要按天向代理商支付租机费', 'The merchant owes the agent a daily rental fee'),
    ],
    answer: 'c',
    explanation: text(
      '分润来自交易额，没有流水的终端不产生收益。激活返现通常附带考核，约定期内交易量不达标会被扣回。',
      'Profit share comes from sales volume, so an unused terminal earns nothing. Activation rewards usually carry a volume target and are clawed back if it is missed within the agreed period.',
    ),
  },
  {
    id: 'fe-one-vs-two-clearing',
    module: 'fees',
    topic: 'clearing',
    type: 'single',
    prompt: text('“一清”和“二清”的区别是什么？', 'What is the difference between 一清 and 二清?'),
    choices: [
      choice('a', '一清每天结算一次，二清每天结算两次', '一清 settles once a day, 二清 twice a day'),
      choice('b', '一清只能刷借记卡，二清能刷信用卡', '一清 takes only debit cards, 二清 also takes credit cards'),
      choice('c', '一清由持牌收单机构直接把钱结算到商户账户；二清的钱先进入无牌中间方的账户，再转给商户', "With 一清 a licensed acquirer settles straight to the merchant's account; with 二清 the money first goes to an unlicensed middleman who passes it on"),
      choice('d', '二清的费率受央行保护，更安全', '二清 rates are protected by the central bank, so it is safer'),
    ],
    answer: 'c',
    explanation: text(
      '二清让无牌机构经手商户资金，有截留、挪用和跑路的风险，也违反收单管理规定。代理商应向商户推荐一清机。',
      'With 二清 an unlicensed party handles the merchant\'s money, risking withheld funds, misuse and disappearance, and it breaks the acquiring rules. Agents should offer 一清 terminals.',
    ),
    source: '《银行卡收单业务管理办法》',
  },
]
