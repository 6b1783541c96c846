package dev.gantry.testkit;

/** How a `gantry` command that was meant to end ended: its exit status and everything it printed. */
public record FinishedProcess(int exitStatus, String output) {}
