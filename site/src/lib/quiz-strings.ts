import type { ItemStrings } from './quiz-render'

/** How a quiz item's controls are explained, the same in practice and in the exam. */
export const itemStrings: Record<'zh-CN' | 'en', ItemStrings> = {
  'zh-CN': {
    multipleHint: '可多选：选出所有正确的选项。',
    orderingHint: '用每一行的“上移”“下移”按钮排出正确的先后顺序。',
    amountLabel: '金额（元）',
    amountHint: '只填数字，最多两位小数，例如 1.27。',
    moveUp: '上移',
    moveDown: '下移',
    moved: '“{text}”已移到第 {position} 位，共 {count} 位。',
  },
  en: {
    multipleHint: 'Select all that apply.',
    orderingHint: 'Use the “Move up” and “Move down” buttons on each row to put the steps in order.',
    amountLabel: 'Amount (yuan)',
    amountHint: 'Digits only, up to two decimals, e.g. 1.27.',
    moveUp: 'Move up',
    moveDown: 'Move down',
    moved: '“{text}” moved to position {position} of {count}.',
  },
}
