package dev.orderflow.paper.domain;

/** The {@code x} field of an execution report. */
public enum ExecutionType { NEW, CANCELED, REJECTED, TRADE, EXPIRED }
