package dev.orderflow.paper.domain;

/** Order types the paper exchange executes (LIMIT_MAKER is a LIMIT that is rejected if it would take). */
public enum OrderType { LIMIT, MARKET, LIMIT_MAKER }
