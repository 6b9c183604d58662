package dev.orderflow.gateway.service;

import dev.orderflow.venue.ExecutionReport;

/**
 * Where the exchange adapter hands the execution reports it reads from the venue's user data stream.
 * The service layer owns it and decides what a report changes; the adapter only reads and orders them.
 */
public interface ExecutionReports {

    /**
     * One execution report, in arrival order. A report of an order whose submission this instance still
     * waits an answer for is kept until that answer is recorded; then {@code offerAgain} is run, and the
     * caller offers the report once more on the thread that keeps the reports' order.
     */
    void offer(ExecutionReport report, Runnable offerAgain);
}
