package dev.gantry.server.ops;

/**
 * Per-family bookkeeping at {@code Keys.taskDefinitionFamilyMeta(family)}: the last revision
 * handed out. Revisions are never reused, even after DeleteTaskDefinitions, as in ECS.
 */
record TaskDefinitionFamily(String family, int lastRevision) {}
