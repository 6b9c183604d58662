package dev.orderflow.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionChangeTests {

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aBuyPayingCommissionInTheBaseAssetAddsWhatTheExchangeCredits() {
        // the kill-reconciler run's BTCUSDT buys: 0.0048 bought, 0.0000082 BTC commission, 0.0047918 credited
        PositionChange change = PositionChange.apply(BigDecimal.ZERO, null, Side.BUY, d("0.0048"), d("60000"), d("0.0000082"), "BTC", "BTC");

        assertThat(change.quantity()).isEqualByComparingTo("0.0047918");
        assertThat(change.averagePrice()).isEqualByComparingTo("60000");
    }

    @Test
    void aSellPayingCommissionInTheBaseAssetRemovesTheQuantityAndTheCommission() {
        PositionChange change = PositionChange.apply(d("1"), d("100"), Side.SELL, d("0.4"), d("110"), d("0.0004"), "SOL", "SOL");

        assertThat(change.quantity()).isEqualByComparingTo("0.5996");
        assertThat(change.averagePrice()).isEqualByComparingTo("100");
    }

    @Test
    void commissionInTheQuoteAssetOrBnbLeavesTheBasePositionAlone() {
        assertThat(PositionChange.apply(d("1"), d("100"), Side.SELL, d("0.4"), d("110"), d("0.044"), "USDT", "SOL").quantity())
                .isEqualByComparingTo("0.6");
        assertThat(PositionChange.apply(BigDecimal.ZERO, null, Side.BUY, d("2"), d("100"), d("0.0003"), "BNB", "SOL").quantity())
                .isEqualByComparingTo("2");
    }

    @Test
    void withoutAKnownBaseAssetOrCommissionTheFillsQuantityCounts() {
        assertThat(PositionChange.apply(BigDecimal.ZERO, null, Side.BUY, d("2"), d("100"), d("0.002"), "SOL", null).quantity())
                .isEqualByComparingTo("2");
        assertThat(PositionChange.apply(BigDecimal.ZERO, null, Side.BUY, d("2"), d("100"), null, null, "SOL").quantity())
                .isEqualByComparingTo("2");
    }

    @Test
    void theAveragePriceWeighsEachBuyByWhatItAdded() {
        PositionChange first = PositionChange.apply(BigDecimal.ZERO, null, Side.BUY, d("1"), d("100"), d("0.001"), "ETH", "ETH");
        PositionChange second = PositionChange.apply(first.quantity(), first.averagePrice(), Side.BUY, d("1"), d("200"), d("0.001"), "ETH", "ETH");

        assertThat(second.quantity()).isEqualByComparingTo("1.998");
        assertThat(second.averagePrice()).isEqualByComparingTo("150");
    }

    @Test
    void sellingEverythingHeldClearsTheAveragePrice() {
        PositionChange change = PositionChange.apply(d("0.999"), d("100"), Side.SELL, d("0.999"), d("120"), d("0.1"), "USDT", "ETH");

        assertThat(change.quantity()).isEqualByComparingTo("0");
        assertThat(change.averagePrice()).isNull();
    }
}
