// 中文（默认语言）的全部消息，按功能分文件；en.ts 必须有同样的键。
import { core } from './zh-CN/core'
import { desk } from './zh-CN/desk'
import { fees } from './zh-CN/fees'
import { incidents } from './zh-CN/incidents'
import { training } from './zh-CN/training'

export const zhCN = { ...core, ...fees, ...incidents, ...desk, ...training } as const
