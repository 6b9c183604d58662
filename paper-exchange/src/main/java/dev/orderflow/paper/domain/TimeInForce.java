package dev.orderflow.paper.domain;

public enum TimeInForce { GTC, IOC, FOK }
