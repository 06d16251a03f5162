// The agent tree (代理层级): levels count from the top agent (no parent) = 1. A statement covers one
// agent's subtree: that agent and everyone below it, never the agents above it (whose costs it must not see).

export interface AgentNode { agent_id: string; parent_agent_id: string | null }

export class AgentTree {
  private readonly parent = new Map<string, string | null>()
  private readonly children = new Map<string, string[]>()

  constructor(agents: readonly AgentNode[]) {
    for (const a of agents) {
      this.parent.set(a.agent_id, a.parent_agent_id)
      if (a.parent_agent_id !== null) {
        const list = this.children.get(a.parent_agent_id) ?? []
        list.push(a.agent_id)
        this.children.set(a.parent_agent_id, list)
      }
    }
  }

  has(id: string): boolean {
    return this.parent.has(id)
  }

  parentOf(id: string): string | null {
    return this.parent.get(id) ?? null
  }

  /** Self first, then each ancestor up to the top. Stops on a cycle (the API refuses them, data might not). */
  lineage(id: string): string[] {
    const out: string[] = []
    const seen = new Set<string>()
    let cur: string | null = id
    while (cur !== null && this.parent.has(cur) && !seen.has(cur)) {
      out.push(cur)
      seen.add(cur)
      cur = this.parent.get(cur) ?? null
    }
    return out
  }

  /** 1 for a top agent, 2 for its children… */
  level(id: string): number {
    return this.lineage(id).length
  }

  /** `root` and everyone below it, parents before children. */
  subtree(root: string): string[] {
    const out: string[] = []
    const seen = new Set<string>()
    const queue = [root]
    while (queue.length) {
      const id = queue.shift()!
      if (seen.has(id) || !this.parent.has(id)) continue
      seen.add(id)
      out.push(id)
      queue.push(...(this.children.get(id) ?? []).slice().sort())
    }
    return out
  }

  /** Agents from `root` down to `id` inclusive, or null when `id` is not in root's subtree. */
  chain(root: string, id: string): string[] | null {
    const up = this.lineage(id)
    const i = up.indexOf(root)
    return i < 0 ? null : up.slice(0, i + 1).reverse()
  }

  /** Whether `id` is `root` or below it. */
  isWithin(root: string, id: string): boolean {
    return this.lineage(id).includes(root)
  }

  /** The plan an agent works under: its own assignment, else its nearest ancestor's. */
  planOf(id: string, assignments: ReadonlyMap<string, string>): string | null {
    for (const a of this.lineage(id)) {
      const plan = assignments.get(a)
      if (plan !== undefined) return plan
    }
    return null
  }
}
