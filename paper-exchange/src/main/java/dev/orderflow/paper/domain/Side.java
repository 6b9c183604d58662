package dev.orderflow.paper.domain;

public enum Side { BUY, SELL }
