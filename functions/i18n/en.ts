// English messages, one file per capability, mirroring zh-CN.ts key for key.
import type { zhCN } from './zh-CN'
import { core } from './en/core'

export const en: Record<keyof typeof zhCN, string> = { ...core }
