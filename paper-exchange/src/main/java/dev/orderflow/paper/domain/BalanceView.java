package dev.orderflow.paper.domain;

import java.math.BigDecimal;

public record BalanceView(String asset, BigDecimal free, BigDecimal locked) {
}
