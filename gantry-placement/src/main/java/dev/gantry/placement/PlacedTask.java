package dev.gantry.placement;

/** A task of one group (service) that has not stopped, as scale-in sees it. */
public record PlacedTask(String taskArn, String containerInstanceArn) {}
