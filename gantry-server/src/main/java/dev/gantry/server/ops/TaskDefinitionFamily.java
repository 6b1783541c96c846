package dev.gantry.server.ops;

/**
 * Per-family bookkeeping at {@code Keys.taskDefinitionFamilyMeta(family)}: the last revision
 * handed out. Revisions are never reused, even after DeleteTaskDefinitions, as in ECS.
 *
 * <p>{@code activeRevisions} counts the family's ACTIVE revisions and {@code revisions} the
 * revisions still stored (any status), so that ListTaskDefinitionFamilies can filter by status
 * from this record alone. Every write that changes a revision's status updates them in the
 * same transaction.
 */
record TaskDefinitionFamily(String family, int lastRevision, int activeRevisions, int revisions) {}
