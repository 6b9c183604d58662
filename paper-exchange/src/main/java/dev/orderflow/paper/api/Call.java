package dev.orderflow.paper.api;

/** One authenticated (or public) API call: its parameters, API key (null if public) and client IP. */
public record Call(Params params, String apiKey, String ip) {
}
