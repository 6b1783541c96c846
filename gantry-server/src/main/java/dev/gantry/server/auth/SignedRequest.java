package dev.gantry.server.auth;

/**
 * What SigV4 verification reads of an HTTP request: the method, the path and query exactly
 * as they arrived on the wire (still percent-encoded; the query without '?', empty when
 * there is none), the headers, and the whole body.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers, byte[] body) {}
