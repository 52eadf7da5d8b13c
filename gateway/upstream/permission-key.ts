import type { Identity } from '../../rules/identity'

/**
 * The parts of an identity that decide what it may see: callers alike in these share upstream reads. So a
 * subgraph's answer to a read must depend on nothing else of the identity (not its subject): anything new
 * a read comes to depend on belongs in this key.
 */
export function permissionKey(identity: Identity): string {
  return JSON.stringify([[...identity.roles].sort(), identity.customerId ?? null, identity.channel])
}
