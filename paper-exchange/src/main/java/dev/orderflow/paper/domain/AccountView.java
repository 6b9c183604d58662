package dev.orderflow.paper.domain;

import java.util.List;

public record AccountView(long uid, long updateTime, List<BalanceView> balances) {
}
