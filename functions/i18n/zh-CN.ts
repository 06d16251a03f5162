// 中文（默认语言）的全部消息，按功能分文件；en.ts 必须有同样的键。
import { core } from './zh-CN/core'

export const zhCN = { ...core } as const
