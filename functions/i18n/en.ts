// English messages, one file per capability, mirroring zh-CN.ts key for key.
import type { zhCN } from './zh-CN'
import { core } from './en/core'
import { desk } from './en/desk'
import { fees } from './en/fees'
import { incidents } from './en/incidents'
import { training } from './en/training'

export const en: Record<keyof typeof zhCN, string> = { ...core, ...fees, ...incidents, ...desk, ...training }
