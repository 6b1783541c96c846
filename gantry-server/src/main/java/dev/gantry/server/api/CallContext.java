package dev.gantry.server.api;

import java.time.Instant;

/** Who called, and when the call arrived (handlers take time from here, not from a clock). */
public record CallContext(Principal principal, Instant now, String requestId) {}
